"""What a policy returns: the item to show and why (a catalogue key plus parameters)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from its.events import Attempt
from its.items.model import CompetencyId, ItemId


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a decision was made: a catalogue key plus its parameters, not a sentence.

    Every reason carries `competency`, `mastery` and `success`, the placeholders every
    `reason.*` template may use; some add more (`recall` for reviews).
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decision:
    item_id: ItemId
    competency: CompetencyId
    expected_success: float  # shown: follows from `competency`'s mastery (`chance_of_right`)
    reason: Reason


def last_seen_positions(history: Sequence[Attempt]) -> dict[ItemId, int]:
    """Each answered item's position of its latest answer in `history`."""
    return {a.item_id: i for i, a in enumerate(history)}
