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
from its.tracing.readers._common import Rows, expand_answers


def attempts_log(db: Database, *, source: str = "event store") -> ResponseLog:
    """Every attempt in `db` as a log, one row per (attempt, competency).

    Raises:
        DataFormatError: the store has no attempts, or an attempt row is malformed.
    """
    if "attempts" not in db.table_names():
        raise DataFormatError(f"{source}: not an its event store (no `attempts` table)")
    learner: list[str] = []
    skills: list[tuple[str, ...]] = []
    correct: list[int] = []
    orders: list[float] = []
    lines: list[int] = []
    items: list[str] = []
    query = "select rowid, learner_id, item_id, competencies, correct, at from attempts"
    for rowid, learner_id, item_id, competencies, is_correct, at in db.execute(query).fetchall():
        try:
            tags = tuple(dict.fromkeys(str(c) for c in json.loads(competencies)))
            moment = datetime.fromisoformat(at).timestamp()
        except (TypeError, ValueError) as error:
            raise DataFormatError(
                f"{source}: attempt at row {rowid} is malformed ({error}); "
                "competencies must be a JSON list and `at` an ISO time"
            ) from error
        if not tags:
            continue
        learner.append(str(learner_id))
        skills.append(tags)
        correct.append(1 if is_correct else 0)
        orders.append(moment)
        lines.append(int(rowid))
        items.append(str(item_id))
    if not correct:
        raise DataFormatError(f"{source}: the event store has no attempts yet")
    rows = Rows(source, learner, skills, correct, np.array(orders), lines, items)
    return expand_answers(rows, same_order_is_one_answer=False)


def read_event_store(path: str | os.PathLike[str]) -> ResponseLog:
    """Open the event store file at `path` read-only and return its attempts as a log.

    Raises:
        DataFormatError: the file is missing or not an its event store.
    """
    file = Path(path)
    if not file.is_file():
        raise DataFormatError(f"{path}: no such event store file (its.db)")
    try:
        connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return attempts_log(Database(connection), source=str(path))
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DataFormatError(f"{path}: not an its event store ({error})") from error
