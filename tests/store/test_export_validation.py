"""The event store reader checks every attempt row: `correct` is 0 or 1, `competencies` a
JSON list of non-empty strings; a fault names the table, row id, event id and column."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.events import Attempt, LearnerId, SessionId
from its.items.model import CompetencyId, ItemId
from its.store import append_event, create_learner, open_store
from its.tracing.datasets import read_log

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _store(path: Path, column: str, value: object) -> None:
    db = open_store(path)
    learner = create_learner(db, "Sari", language="id", now=NOW).id
    attempt = Attempt(
        event_id="e-1",
        learner_id=LearnerId(learner),
        session_id=SessionId("s1"),
        item_id=ItemId("dl-01"),
        item_version="v1",
        competencies=(CompetencyId("digital-literacy"),),
        response="a",
        correct=True,
        hints_used=0,
        seconds=5.0,
        at=NOW,
    )
    append_event(db, attempt)
    db.conn.close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"update attempts set {column} = ?", (value,))
    connection.close()


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("correct", 0.5, "0.5"),
        ("correct", 2, "2"),
        ("correct", -1, "-1"),
        ("competencies", '"abc"', "'\"abc\"'"),
        ("competencies", '{"a":1}', "'{\"a\":1}'"),
        ("competencies", '["a", ""]', '\'["a", ""]\''),
    ],
)
def test_a_bad_value_names_table_row_event_and_column(
    tmp_path: Path, column: str, value: object, shown: str
) -> None:
    path = tmp_path / "its.db"
    _store(path, column, value)
    where = f"{path}: table `attempts`, row 1 (event e-1), column `{column}`: expected"
    with pytest.raises(DataFormatError, match=re.escape(where)) as caught:
        read_log(path, "its-db")
    assert str(caught.value).endswith(f"got {shown}")


def test_a_device_is_not_a_regular_file() -> None:
    with pytest.raises(DataFormatError, match=r"^/dev/null: is not a regular file"):
        read_log("/dev/null", "its-db")
