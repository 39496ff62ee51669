"""The app's own answers as a `ResponseLog`, for `its replay --format its-db` and research.

Each attempt is one answer of its learner, ordered by its time (``at``), ties by the
order of insertion. Learners are named by their profile id (not their name), skills by
competency id and items by item id. An item tagged with several competencies gives an
answer with several skills: one row per competency (see `its.tracing.readers._common`).
The store is opened read-only, so reading never migrates or changes it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

import numpy as np

from its.errors import DataFormatError
from its.store._sqlite import Database
from its.tracing.log import ResponseLog
from its.tracing.readers._common import Faults, Rows, clip, expand_answers, printable


def attempts_log(db: Database, *, source: str = "event store") -> ResponseLog:
    """Every attempt in `db` as a log, one row per (attempt, competency).

    Raises:
        DataFormatError: the store has no attempts, or attempt rows are malformed
            (`correct` not 0 or 1, `competencies` not a JSON list of non-empty strings,
            `at` not an ISO time); every bad row is named by row id, event id and column.
    """
    if "attempts" not in db.table_names():
        raise DataFormatError(f"{source}: not an its event store (no `attempts` table)")
    learner: list[str] = []
    skills: list[tuple[str, ...]] = []
    correct: list[int] = []
    orders: list[float] = []
    lines: list[int] = []
    items: list[str] = []
    faults = Faults()
    query = "select rowid, event_id, learner_id, item_id, competencies, correct, at from attempts"
    for rowid, event_id, learner_id, item_id, competencies, is_correct, at in db.execute(
        query
    ).fetchall():
        where = f"{source}: table `attempts`, row {rowid} (event {printable(str(event_id))})"
        tags = _competencies(competencies)
        if tags is None:
            faults.add(
                f"{where}, column `competencies`: expected a JSON list of competency ids "
                f"(non-empty strings), got {clip(str(competencies))!r}"
            )
        if type(is_correct) is not int or is_correct not in (0, 1):
            faults.add(f"{where}, column `correct`: expected 0 or 1, got {is_correct!r}")
        try:
            moment = datetime.fromisoformat(at).timestamp()
        except (TypeError, ValueError):
            faults.add(f"{where}, column `at`: expected an ISO time, got {clip(str(at))!r}")
            continue
        if not tags or is_correct not in (0, 1):
            continue
        learner.append(str(learner_id))
        skills.append(tags)
        correct.append(int(is_correct))
        orders.append(moment)
        lines.append(int(rowid))
        items.append(str(item_id))
    faults.raise_if_any()
    if not correct:
        raise DataFormatError(f"{source}: the event store has no attempts yet")
    rows = Rows(source, learner, skills, correct, np.array(orders), lines, items)
    return expand_answers(rows, same_order_is_one_answer=False)


def _competencies(text: object) -> tuple[str, ...] | None:
    """The distinct ids of a `competencies` cell, or None unless a JSON list of strings."""
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(value, list) or not all(isinstance(c, str) and c.strip() for c in value):
        return None
    return tuple(dict.fromkeys(value))


def read_event_store(path: str | os.PathLike[str]) -> ResponseLog:
    """Open the event store file at `path` read-only and return its attempts as a log.

    Raises:
        DataFormatError: the file is missing or not an its event store.
    """
    file = Path(path)
    if not file.exists():
        raise DataFormatError(f"{path}: no such event store file (its.db)")
    if not file.is_file():
        raise DataFormatError(f"{path}: is not a regular file; expected an event store (its.db)")
    try:
        connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return attempts_log(Database(connection), source=str(path))
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DataFormatError(f"{path}: not an its event store ({error})") from error
