"""Choosing the next item. Pure: (bank, mastery, history) in, a decision with its reason out.

Policies are registered by name in `POLICIES`; the app, replays and simulations call the same
functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from its.events import Attempt
from its.items.model import Bank, CompetencyId, Item, ItemId
from its.tracing.bkt.online import p_correct
from its.tutor.mastery import Mastery, MasteryModel, is_mastered

TARGET_SUCCESS = 0.7
"""Items the learner will probably answer right this often are hard enough to teach, easy
enough not to discourage."""

# How many logits the author's difficulty (0..1) moves the predicted chance of success.
DIFFICULTY_SPREAD = 3.0


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a decision was made: a catalogue key plus its parameters, not a sentence."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decision:
    item_id: ItemId
    competency: CompetencyId
    expected_success: float
    reason: Reason


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def expected_success(item: Item, mastery: Mastery, model: MasteryModel) -> float:
    """P(right) for this item: BKT's prediction for its weakest competency, shifted by the
    author's difficulty (0.5 = no shift)."""
    base = min(
        p_correct(mastery.get(c, model.for_competency(c).prior), model.for_competency(c))
        for c in item.competencies
    )
    shifted = _logit(base) + DIFFICULTY_SPREAD * (0.5 - item.difficulty)
    return 1.0 / (1.0 + math.exp(-shifted))


def unlocked(bank: Bank, mastery: Mastery, model: MasteryModel) -> list[CompetencyId]:
    """Competencies not yet mastered whose prerequisites all are, in bank order."""
    return [
        c.id
        for c in bank.competencies.values()
        if not is_mastered(mastery, c.id, model)
        and all(is_mastered(mastery, p, model) for p in c.prerequisites)
    ]


def _practisable(item: Item, bank: Bank, mastery: Mastery, model: MasteryModel) -> bool:
    """An item may be served once none of its competencies is still locked."""
    return all(
        all(is_mastered(mastery, p, model) for p in bank.competencies[c].prerequisites)
        for c in item.competencies
        if c in bank.competencies
    )


def _focus(
    open_competencies: list[CompetencyId], history: Sequence[Attempt], mastery: Mastery
) -> tuple[CompetencyId, bool]:
    """Stay with the competency last practised while it is open; else the weakest open one."""
    if history:
        for competency in history[-1].competencies:
            if competency in open_competencies:
                return competency, True
    return min(open_competencies, key=lambda c: (mastery[c], open_competencies.index(c))), False


def next_item_adaptive(
    bank: Bank,
    mastery: Mastery,
    history: Sequence[Attempt],
    *,
    model: MasteryModel,
    rng: np.random.Generator,
    now: datetime,
) -> Decision | None:
    """Mastery- and prerequisite-aware choice; None when every competency is mastered.

    Within the focused competency it prefers items never answered, then those answered
    longest ago (never the one just answered), and among those the item whose expected
    success is nearest `TARGET_SUCCESS`; ties are broken by `rng`.
    """
    open_competencies = unlocked(bank, mastery, model)
    if not open_competencies:
        return None
    competency, continuing = _focus(open_competencies, history, mastery)
    last_seen: dict[ItemId, int] = {a.item_id: i for i, a in enumerate(history)}
    candidates = [
        it
        for it in bank.items_for(competency)
        if _practisable(it, bank, mastery, model) and not (history and it.id == history[-1].item_id)
    ]
    if not candidates:  # a one-item competency: repeating it is all we can do
        candidates = list(bank.items_for(competency))
    fresh = [it for it in candidates if it.id not in last_seen]
    pool = fresh or candidates
    scored = [
        (
            0 if fresh else last_seen[it.id],
            abs(expected_success(it, mastery, model) - TARGET_SUCCESS),
            rng.random(),
            it,
        )
        for it in pool
    ]
    _, _, _, chosen = min(scored, key=lambda s: s[:3])
    success = expected_success(chosen, mastery, model)
    key = "reason.continue" if continuing else "reason.weakest"
    if not fresh:
        key = "reason.repeat"
    return Decision(
        item_id=chosen.id,
        competency=competency,
        expected_success=success,
        reason=Reason(
            key, {"competency": competency, "mastery": mastery[competency], "success": success}
        ),
    )


Policy = Callable[..., Decision | None]
POLICIES: dict[str, Policy] = {"adaptive": next_item_adaptive}
