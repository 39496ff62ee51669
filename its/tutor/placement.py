"""Placement: a short adaptive check at the start, so what a learner knows is not drilled.

It walks the prerequisite graph. Each step tests the undecided competency that splits the
undecided rest most evenly (as many undecided prerequisites below it as undecided
competencies above it; the deeper one on a tie), with one item. A right answer decides the
competency and all its prerequisites as known (`its.tutor.mastery` places them at
`PLACED_MASTERY`); a wrong one decides it and everything built on it as still to learn (they
keep their ordinary mastery). It stops after `PLACEMENT_ITEMS` items or when nothing is
undecided. Placement answers are ordinary attempts in a session whose id says so, so
mastery replays from events like everything else, and a check that was stopped partway
resumes where it stopped (`unfinished`): its count goes on, and answered items are not asked
again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

import numpy as np

from its.events import Attempt, SessionId
from its.items.model import Bank, CompetencyId, Item, ItemId
from its.tutor.decision import Decision, Reason
from its.tutor.index import BankIndex, build_index
from its.tutor.mastery import (
    PLACEMENT_PREFIX,
    Mastery,
    MasteryModel,
    counts_as_correct,
    gated,
    is_mastered,
    is_placement,
)
from its.tutor.success import chance_of_right

PLACEMENT_ITEMS = 10
"""At most this many items in a placement check."""


def new_placement_session_id() -> SessionId:
    return SessionId(f"{PLACEMENT_PREFIX}{uuid.uuid4().hex}")


def decided(
    history: Sequence[Attempt], index: BankIndex
) -> tuple[frozenset[CompetencyId], frozenset[CompetencyId], int]:
    """Competencies placed as known, those placed as still to learn, and how many
    placement items were answered."""
    known: set[CompetencyId] = set()
    to_learn: set[CompetencyId] = set()
    answered = 0
    for attempt in history:
        if not is_placement(attempt.session_id):
            continue
        answered += 1
        right = counts_as_correct(attempt, index.items.get(attempt.item_id))
        for competency in attempt.competencies:
            if right:
                known |= {competency, *index.ancestors.get(competency, ())}
            else:
                to_learn |= {competency, *index.descendants.get(competency, ())}
    return frozenset(known), frozenset(to_learn - known), answered


def _probe(items: Sequence[Item], competency: CompetencyId, seen: Mapping[ItemId, int]) -> Item:
    """An unseen item on this competency alone if there is one, of middling difficulty."""
    pool = [it for it in items if it.id not in seen] or list(items)
    return min(pool, key=lambda it: (it.competencies != (competency,), abs(it.difficulty - 0.5)))


def undecided(
    bank: Bank,
    mastery: Mastery,
    history: Sequence[Attempt],
    *,
    model: MasteryModel,
    index: BankIndex,
    supported: Mastery | None = None,
) -> set[CompetencyId]:
    """The competencies placement may still test; empty once `PLACEMENT_ITEMS` were answered.
    One counts as already mastered only as far as `supported` allows (`its.tutor.policy`)."""
    known, to_learn, answered = decided(history, index)
    if answered >= PLACEMENT_ITEMS:
        return set()
    gate = mastery if supported is None else gated(mastery, supported)
    return {
        c
        for c in bank.competencies
        if c not in known
        and c not in to_learn
        and index.by_competency[c]
        and not is_mastered(gate, c, model)
    }


def unfinished(
    bank: Bank,
    mastery: Mastery,
    history: Sequence[Attempt],
    *,
    model: MasteryModel,
    index: BankIndex,
    supported: Mastery | None = None,
) -> bool:
    """True while the learner has practised nothing outside placement and the check still
    has something to test (never started, or stopped partway)."""
    if any(not is_placement(a.session_id) for a in history):
        return False
    return bool(undecided(bank, mastery, history, model=model, index=index, supported=supported))


def next_item_placement(
    bank: Bank,
    mastery: Mastery,
    history: Sequence[Attempt],
    *,
    model: MasteryModel,
    rng: np.random.Generator,
    now: datetime,
    index: BankIndex | None = None,
    last_seen: Mapping[ItemId, int] | None = None,
    supported: Mastery | None = None,
    **_: object,
) -> Decision | None:
    """The next placement item; None when placement is over."""
    index = index or build_index(bank)
    open_ = undecided(bank, mastery, history, model=model, index=index, supported=supported)
    if not open_:
        return None
    answered = sum(is_placement(a.session_id) for a in history)
    order = {c: k for k, c in enumerate(bank.competencies)}

    def split(c: CompetencyId) -> tuple[int, int, int]:
        below = len(index.ancestors[c] & open_)
        above = len(index.descendants[c] & open_)
        return (-min(below, above), -below, order[c])

    competency = min(open_, key=split)
    item = _probe(index.by_competency[competency], competency, last_seen or {})
    success = chance_of_right(item, competency, mastery, model)
    params = {
        "competency": competency,
        "mastery": mastery[competency],
        "success": success,
        "step": answered + 1,
        "steps": PLACEMENT_ITEMS,
    }
    return Decision(item.id, competency, success, Reason("reason.placement", params))


def placed_unanswered(history: Sequence[Attempt], index: BankIndex) -> frozenset[CompetencyId]:
    """Competencies a right placement answer placed as known (prerequisites of what it
    answered) that the learner has not answered since: their estimate rests on placement's
    inference alone."""
    placed: set[CompetencyId] = set()
    for attempt in history:
        placed -= set(attempt.competencies)
        if is_placement(attempt.session_id) and counts_as_correct(
            attempt, index.items.get(attempt.item_id)
        ):
            for competency in attempt.competencies:
                placed |= index.ancestors.get(competency, frozenset())
            placed -= set(attempt.competencies)
    return frozenset(placed)
