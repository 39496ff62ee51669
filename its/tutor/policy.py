"""Choosing the next item. Pure: (bank, mastery, history) in, a decision with its reason out.

Policies are registered by name in `POLICIES` and share one signature:
`policy(bank, mastery, history, *, model, rng, now, **derived) -> Decision | None`, where
`derived` may hand over look-ups the caller keeps up to date (`index`, `last_seen`, `memory`,
`review`) so a decision does not rescan a long history; a policy rebuilds any it is not
given. `supported` (the mastery the learner's own answers support, `its.tutor.mastery.gated`)
caps what counts as mastered; without it the estimate alone decides. The app, replays and
simulations call the same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

import numpy as np

from its.events import Attempt
from its.items.model import Bank, CompetencyId, Item, ItemId
from its.tutor.baselines import next_item_fixed, next_item_random
from its.tutor.decision import Decision, Reason, last_seen_positions
from its.tutor.index import BankIndex, build_index
from its.tutor.mastery import Mastery, MasteryModel, counts_as_correct, gated, is_mastered
from its.tutor.review import Memory, ReviewModel, due_for_review, replay_memory
from its.tutor.success import (
    DIFFICULTY_SPREAD,
    TARGET_SUCCESS,
    chance_of_right,
    expected_success,
)

__all__ = [
    "DIFFICULTY_SPREAD",
    "POLICIES",
    "TARGET_SUCCESS",
    "Decision",
    "Policy",
    "Reason",
    "chance_of_right",
    "expected_success",
    "next_item_adaptive",
    "unlocked",
]


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


def _pick(
    items: Sequence[Item],
    bank: Bank,
    mastery: Mastery,
    history: Sequence[Attempt],
    last_seen: Mapping[ItemId, int],
    model: MasteryModel,
    rng: np.random.Generator,
    gate: Mastery,
) -> tuple[Item, bool]:
    """Prefer items never answered, then those answered longest ago (never the one just
    answered), and among those the one whose expected success (with the author's
    difficulty, `its.tutor.success.expected_success`) is nearest `TARGET_SUCCESS`;
    ties are broken by `rng`. Also says whether the item is fresh. `gate` says which
    prerequisites are mastered."""
    last = history[-1].item_id if history else None
    candidates = [it for it in items if it.id != last and _practisable(it, bank, gate, model)]
    if not candidates:  # a one-item competency: repeating it is all we can do
        candidates = list(items)
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
    return min(scored, key=lambda s: s[:3])[3], bool(fresh)


def next_item_adaptive(
    bank: Bank,
    mastery: Mastery,
    history: Sequence[Attempt],
    *,
    model: MasteryModel,
    rng: np.random.Generator,
    now: datetime,
    index: BankIndex | None = None,
    last_seen: Mapping[ItemId, int] | None = None,
    memory: Mapping[CompetencyId, Memory] | None = None,
    review: ReviewModel | None = None,
    previous: Decision | None = None,
    supported: Mastery | None = None,
    **_: object,
) -> Decision | None:
    """Mastery- and prerequisite-aware choice with review mixed in; None when every
    competency is mastered and none is due for review.

    Open competencies (not mastered, prerequisites mastered) are practised one at a time.
    A mastered competency whose predicted recall has dropped (`its.tutor.review`) comes
    back: alone when nothing is open, else alternating with new practice (`previous` is
    the decision answered last, if known).
    """
    index = index or build_index(bank)
    review = review or ReviewModel()
    if last_seen is None:
        last_seen = last_seen_positions(history)
    if memory is None:
        items = index.items
        memory = replay_memory(
            ((a, counts_as_correct(a, items.get(a.item_id))) for a in history),
            review,
            ancestors=index.ancestors,
        )
    gate = mastery if supported is None else gated(mastery, supported)
    open_competencies = [c for c in unlocked(bank, gate, model) if index.by_competency[c]]
    mastered = [c for c in bank.competencies if is_mastered(gate, c, model)]
    due = due_for_review(mastered, memory, review, now)
    just_reviewed = previous is not None and previous.reason.key == "reason.review"
    if due and not (open_competencies and just_reviewed):
        competency, recalled = due[0]
        faded = {**mastery, competency: mastery[competency] * recalled}
        item, _fresh = _pick(
            index.by_competency[competency], bank, faded, history, last_seen, model, rng, gate
        )
        success = chance_of_right(item, competency, faded, model)
        params = {
            "competency": competency,
            "mastery": mastery[competency],
            "success": success,
            "recall": recalled,
        }
        return Decision(item.id, competency, success, Reason("reason.review", params))
    if not open_competencies:
        return None
    competency, continuing = _focus(open_competencies, history, mastery)
    item, fresh = _pick(
        index.by_competency[competency], bank, mastery, history, last_seen, model, rng, gate
    )
    success = chance_of_right(item, competency, mastery, model)
    key = "reason.continue" if continuing else "reason.weakest"
    if not fresh:
        key = "reason.repeat"
    params = {"competency": competency, "mastery": mastery[competency], "success": success}
    return Decision(item.id, competency, success, Reason(key, params))


Policy = Callable[..., Decision | None]
POLICIES: dict[str, Policy] = {
    "adaptive": next_item_adaptive,
    "fixed": next_item_fixed,
    "random": next_item_random,
}
