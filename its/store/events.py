"""Appending and reading learner events."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from its.events import Attempt, AttemptDict, Event, HintShown, HintShownDict
from its.store._sqlite import sqlite_utils
from its.store.db import writing

_TABLES: dict[type, str] = {Attempt: "attempts", HintShown: "hints_shown"}


def _row(event: Event) -> dict[str, Any]:
    row: dict[str, Any] = dict(event.to_dict())
    row["competencies"] = json.dumps(row["competencies"])
    if isinstance(event, Attempt):
        row["correct"] = int(event.correct)
    return row


def append_event(db: sqlite_utils.Database, event: Event) -> None:
    """Insert one event and commit before returning (durable once this returns).

    Raises:
        StoreError: the database cannot be written (disk full, read-only, locked).
    """
    with writing(db, "the answer" if isinstance(event, Attempt) else "the hint"):
        db.table(_TABLES[type(event)]).insert(_row(event))


def merge_events(db: sqlite_utils.Database, events: Iterable[Event]) -> int:
    """Insert events from another log, skipping ids already present. Returns how many were new."""
    added = 0
    with writing(db, "the merged events"):
        for event in events:
            table = db.table(_TABLES[type(event)])
            before = table.count
            table.insert(_row(event), ignore=True)
            added += table.count - before
    return added


def events_for(db: sqlite_utils.Database, learner_id: str) -> list[Event]:
    """All events of one learner, oldest first (hints before the attempt they preceded)."""
    events: list[tuple[str, int, Event]] = []
    for row in db.table("attempts").rows_where("learner_id = ?", [learner_id]):
        row["competencies"] = json.loads(row["competencies"])
        row["correct"] = bool(row["correct"])
        attempt = Attempt.from_dict(AttemptDict(**row))  # type: ignore[typeddict-item]
        events.append((row["at"], 1, attempt))
    for row in db.table("hints_shown").rows_where("learner_id = ?", [learner_id]):
        row["competencies"] = json.loads(row["competencies"])
        hint = HintShown.from_dict(HintShownDict(**row))  # type: ignore[typeddict-item]
        events.append((row["at"], 0, hint))
    events.sort(key=lambda e: (e[0], e[1]))
    return [e[2] for e in events]
