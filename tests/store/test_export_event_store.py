"""The app's own answers as a ResponseLog: attempts in time order, read-only, clear errors."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.events import Attempt, LearnerId, SessionId, new_event_id
from its.items.model import CompetencyId, ItemId
from its.store import append_event, create_learner, open_store
from its.store.export import attempts_log
from its.tracing.datasets import read_log

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _attempt(learner: str, minutes: int, item: str, tags: tuple[str, ...], ok: bool) -> Attempt:
    return Attempt(
        event_id=new_event_id(),
        learner_id=LearnerId(learner),
        session_id=SessionId("s1"),
        item_id=ItemId(item),
        item_version="v1",
        competencies=tuple(CompetencyId(c) for c in tags),
        response="a",
        correct=ok,
        hints_used=0,
        seconds=5.0,
        at=NOW + timedelta(minutes=minutes),
    )


def _store(path: Path) -> tuple[str, str]:
    db = open_store(path)
    sari = create_learner(db, "Sari", language="id", now=NOW).id
    budi = create_learner(db, "Budi", language="en", now=NOW).id
    for attempt in (
        _attempt(sari, 5, "dl-02", ("digital-literacy",), True),
        _attempt(sari, 1, "dl-01", ("digital-literacy", "data-literacy"), False),
        _attempt(budi, 2, "dd-01", ("data-driven-decisions",), True),
    ):
        append_event(db, attempt)
    db.conn.close()
    return sari, budi


def test_attempts_become_a_log_in_time_order(tmp_path: Path) -> None:
    path = tmp_path / "its.db"
    sari, budi = _store(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    log = read_log(path, "its-db")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # opened read-only
    rows = [
        (log.learners[learner], log.skills[skill], log.items[item], int(correct))
        for learner, skill, item, correct in zip(
            log.learner, log.skill, log.item if log.item is not None else [], log.correct,
            strict=True,
        )
    ]  # fmt: skip
    first, second = sorted([sari, budi])
    expected = {
        sari: [
            (sari, "digital-literacy", "dl-01", 0),
            (sari, "data-literacy", "dl-01", 0),
            (sari, "digital-literacy", "dl-02", 1),
        ],
        budi: [(budi, "data-driven-decisions", "dd-01", 1)],
    }
    assert rows == expected[first] + expected[second]
    assert log.answer is not None and len(set(log.answer.tolist())) == 3


def test_an_in_memory_store_can_be_exported() -> None:
    db = open_store(":memory:")
    learner = create_learner(db, "Sari", language="id", now=NOW).id
    append_event(db, _attempt(learner, 0, "x", ("c",), True))
    assert len(attempts_log(db)) == 1


def test_missing_file_empty_store_and_non_store(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match=re.escape(f"{tmp_path / 'no.db'}: no such event")):
        read_log(tmp_path / "no.db", "its-db")
    empty = tmp_path / "empty.db"
    open_store(empty).conn.close()
    with pytest.raises(DataFormatError, match=re.escape(f"{empty}: the event store has no")):
        read_log(empty, "its-db")
    text = tmp_path / "notes.db"
    text.write_text("not sqlite at all, just some text " * 20, encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{text}: not an its event store")):
        read_log(text, "its-db")
