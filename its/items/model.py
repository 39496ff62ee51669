"""The content domain, defined once: competencies, items, choices, hints and the bank.

Every other module imports these types; nothing keeps a parallel dict of items.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NewType

CompetencyId = NewType("CompetencyId", str)
ItemId = NewType("ItemId", str)

LANGUAGES: tuple[str, ...] = ("id", "en")
"""Languages every learner-visible text is written in; Indonesian first (the default)."""


class ItemType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_RESPONSE = "multiple_response"
    TRUE_FALSE = "true_false"
    NUMERIC = "numeric"
    SHORT_TEXT = "short_text"

    @property
    def has_choices(self) -> bool:
        return self in (ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE, ItemType.TRUE_FALSE)


@dataclass(frozen=True, slots=True)
class Text:
    """One piece of learner-visible text in every supported language."""

    id: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.id


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where something was written: used in error messages (`path:line`)."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Competency:
    id: CompetencyId
    name: Text
    description: Text
    prerequisites: tuple[CompetencyId, ...] = ()
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    text: Text
    feedback: Text | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One quiz item.

    The answer lives in the field that fits the type: `answer_keys` for choice types
    (true/false items have the choices `true` and `false`), `numeric_answer` with
    `tolerance` for numeric items, and `accepted` for short text.
    `version` is a content hash of everything a learner sees or is scored on, so an
    edited item gets a new version and old answers stay attributable.
    """

    id: ItemId
    type: ItemType
    competencies: tuple[CompetencyId, ...]
    stem: Text
    hints: tuple[Text, ...]
    choices: tuple[Choice, ...] = ()
    answer_keys: frozenset[str] = frozenset()
    numeric_answer: float | None = None
    tolerance: float = 0.0
    accepted: tuple[str, ...] = ()
    feedback_correct: Text | None = None
    feedback_incorrect: Text | None = None
    difficulty: float = 0.5
    version: str = ""
    source: SourceRef | None = field(default=None, compare=False)

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


class JobKind(StrEnum):
    """The two kinds of civil-service position (jabatan struktural / fungsional)."""

    STRUCTURAL = "structural"
    FUNCTIONAL = "functional"


@dataclass(frozen=True, slots=True)
class JobLevel:
    """One level of a job family (e.g. ahli muda) and the mastery it needs per competency.

    `targets` maps a competency to the P(mastered) to reach, in the order the author wrote
    them (the most important first).
    """

    id: str
    name: Text
    targets: Mapping[CompetencyId, float]


@dataclass(frozen=True, slots=True)
class JobFamily:
    """A job family (e.g. pranata komputer) with its levels, from the bank's targets.yaml."""

    id: str
    kind: JobKind
    name: Text
    levels: tuple[JobLevel, ...]

    def level(self, level_id: str) -> JobLevel | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)


@dataclass(frozen=True, slots=True)
class Bank:
    """A validated item bank. Items keep the order in which they were written."""

    competencies: Mapping[CompetencyId, Competency]
    items: tuple[Item, ...]
    path: str = ""
    jobs: tuple[JobFamily, ...] = ()

    def job(self, family_id: str) -> JobFamily | None:
        return next((family for family in self.jobs if family.id == family_id), None)

    def targets_for(
        self, family_id: str | None, level_id: str | None
    ) -> Mapping[CompetencyId, float]:
        """The target mastery per competency of a job level; empty for an unknown job."""
        family = self.job(family_id) if family_id else None
        level = family.level(level_id) if family is not None and level_id else None
        return level.targets if level is not None else {}

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def items_for(self, competency: CompetencyId) -> tuple[Item, ...]:
        return tuple(it for it in self.items if competency in it.competencies)
