"""A store that cannot be written, or is not ours, gives a StoreError and keeps what it had."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from its.errors import StoreError
from its.events import Attempt, LearnerId, SessionId, new_event_id
from its.items.model import CompetencyId, ItemId
from its.store import append_event, create_learner, events_for, open_store

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _attempt(learner: str) -> Attempt:
    return Attempt(
        event_id=new_event_id(),
        learner_id=LearnerId(learner),
        session_id=SessionId("s1"),
        item_id=ItemId("dl-01"),
        item_version="abc123",
        competencies=(CompetencyId("digital-literacy"),),
        response="b",
        correct=True,
        hints_used=0,
        seconds=3.0,
        at=NOW,
    )


def test_a_locked_database_refuses_the_answer_with_a_message(tmp_path: Path) -> None:
    file = tmp_path / "its.db"
    db = open_store(file)
    ani = create_learner(db, "Ani", language="id", now=NOW).id
    append_event(db, _attempt(ani))
    db.conn.execute("PRAGMA busy_timeout=0")
    other = sqlite3.connect(file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match=r"its\.db: could not save the answer, nothing was"):
            append_event(db, _attempt(ani))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(events_for(db, ani)) == 1
    append_event(db, _attempt(ani))
    assert len(events_for(db, ani)) == 2


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    file = tmp_path / "shop.db"
    foreign = sqlite3.connect(file)
    foreign.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    foreign.commit()
    foreign.close()
    with pytest.raises(StoreError, match=r"shop\.db: is not an its event store .*customers"):
        open_store(file)
    tables = sqlite3.connect(file).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("customers",)]


def test_an_empty_path_is_refused() -> None:
    with pytest.raises(StoreError, match="the event store path is empty"):
        open_store("")
