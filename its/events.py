"""Learner facts, defined once. Events are append-only: never updated, never deleted.

Each event has a unique id (a UUID4 hex string) so logs from several machines merge
without duplicates. Times are tz-aware UTC.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import NewType, TypedDict

from its.items.model import CompetencyId, ItemId

LearnerId = NewType("LearnerId", str)
SessionId = NewType("SessionId", str)


def new_event_id() -> str:
    return uuid.uuid4().hex


class AttemptDict(TypedDict):
    event_id: str
    learner_id: str
    session_id: str
    item_id: str
    item_version: str
    competencies: list[str]
    response: str
    correct: bool
    hints_used: int
    seconds: float
    at: str


@dataclass(frozen=True, slots=True)
class Attempt:
    """A learner answered an item (once; a retry is a new attempt)."""

    event_id: str
    learner_id: LearnerId
    session_id: SessionId
    item_id: ItemId
    item_version: str
    competencies: tuple[CompetencyId, ...]
    response: str
    correct: bool
    hints_used: int
    seconds: float
    at: datetime

    def to_dict(self) -> AttemptDict:
        return AttemptDict(
            event_id=self.event_id,
            learner_id=self.learner_id,
            session_id=self.session_id,
            item_id=self.item_id,
            item_version=self.item_version,
            competencies=list(self.competencies),
            response=self.response,
            correct=self.correct,
            hints_used=self.hints_used,
            seconds=self.seconds,
            at=self.at.isoformat(timespec="microseconds"),
        )

    @staticmethod
    def from_dict(d: AttemptDict) -> Attempt:
        return Attempt(
            event_id=d["event_id"],
            learner_id=LearnerId(d["learner_id"]),
            session_id=SessionId(d["session_id"]),
            item_id=ItemId(d["item_id"]),
            item_version=d["item_version"],
            competencies=tuple(CompetencyId(c) for c in d["competencies"]),
            response=d["response"],
            correct=bool(d["correct"]),
            hints_used=int(d["hints_used"]),
            seconds=float(d["seconds"]),
            at=datetime.fromisoformat(d["at"]),
        )


class HintShownDict(TypedDict):
    event_id: str
    learner_id: str
    session_id: str
    item_id: str
    item_version: str
    competencies: list[str]
    rung: int
    at: str


@dataclass(frozen=True, slots=True)
class HintShown:
    """A learner asked for a hint and saw rung `rung` (1-based) of the item's hint ladder."""

    event_id: str
    learner_id: LearnerId
    session_id: SessionId
    item_id: ItemId
    item_version: str
    competencies: tuple[CompetencyId, ...]
    rung: int
    at: datetime

    def to_dict(self) -> HintShownDict:
        return HintShownDict(
            event_id=self.event_id,
            learner_id=self.learner_id,
            session_id=self.session_id,
            item_id=self.item_id,
            item_version=self.item_version,
            competencies=list(self.competencies),
            rung=self.rung,
            at=self.at.isoformat(timespec="microseconds"),
        )

    @staticmethod
    def from_dict(d: HintShownDict) -> HintShown:
        return HintShown(
            event_id=d["event_id"],
            learner_id=LearnerId(d["learner_id"]),
            session_id=SessionId(d["session_id"]),
            item_id=ItemId(d["item_id"]),
            item_version=d["item_version"],
            competencies=tuple(CompetencyId(c) for c in d["competencies"]),
            rung=int(d["rung"]),
            at=datetime.fromisoformat(d["at"]),
        )


Event = Attempt | HintShown
