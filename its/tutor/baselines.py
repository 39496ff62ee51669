"""Baseline policies to measure the adaptive one against (`its simulate`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import numpy as np

from its.events import Attempt
from its.items.model import Bank, ItemId
from its.tutor.decision import Decision, Reason, last_seen_positions
from its.tutor.mastery import Mastery, MasteryModel, gated, is_mastered
from its.tutor.success import chance_of_right


def _decision(
    bank: Bank, item_index: int, mastery: Mastery, model: MasteryModel, key: str
) -> Decision:
    item = bank.items[item_index]
    competency = item.competencies[0]
    success = chance_of_right(item, competency, mastery, model)
    params = {
        "competency": competency,
        "mastery": mastery.get(competency, 0.0),
        "success": success,
        "position": item_index + 1,
        "total": len(bank.items),
    }
    return Decision(item.id, competency, success, Reason(key, params))


def next_item_fixed(
    bank: Bank,
    mastery: Mastery,
    history: Sequence[Attempt],
    *,
    model: MasteryModel,
    rng: np.random.Generator,
    now: datetime,
    last_seen: Mapping[ItemId, int] | None = None,
    **_: object,
) -> Decision | None:
    """A classic course, one for everyone: every item of the bank once, in bank order
    (competency by competency); None at the end of the course."""
    seen = last_seen if last_seen is not None else last_seen_positions(history)
    for position, item in enumerate(bank.items):
        if item.id not in seen:
            return _decision(bank, position, mastery, model, "reason.course")
    return None


def next_item_random(
    bank: Bank,
    mastery: Mastery,
    history: Sequence[Attempt],
    *,
    model: MasteryModel,
    rng: np.random.Generator,
    now: datetime,
    last_seen: Mapping[ItemId, int] | None = None,
    supported: Mastery | None = None,
    **_: object,
) -> Decision | None:
    """Any item not answered yet, uniformly at random (then any but the last one),
    prerequisites ignored; None once every competency is mastered (capped by `supported`,
    as in `its.tutor.policy`)."""
    gate = mastery if supported is None else gated(mastery, supported)
    if all(is_mastered(gate, c, model) for c in bank.competencies):
        return None
    seen = last_seen if last_seen is not None else last_seen_positions(history)
    pool = [i for i, it in enumerate(bank.items) if it.id not in seen]
    if not pool:
        last = history[-1].item_id if history else None
        pool = [i for i, it in enumerate(bank.items) if it.id != last] or [0]
    return _decision(bank, int(pool[rng.integers(len(pool))]), mastery, model, "reason.random")
