"""Mastery per competency, traced live with BKT (pure functions over plain floats).

A learner's mastery is derived from their events; nothing here reads or writes a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from its.events import Attempt
from its.items.model import Bank, CompetencyId, Item
from its.tracing.bkt.online import BKTParams, update

MASTERY_THRESHOLD = 0.95
"""P(mastered) at which a competency counts as mastered."""

# Priors for a bank with no fitted parameters yet: a new learner is assumed not to know a
# competency (0.2), learns it with probability 0.1 per practised item, guesses a quarter of
# the time (four-choice items) and slips one time in ten. With a learn rate below the prior, a
# wrong answer never raises mastery above where the learner started; four right answers in a
# row reach the mastery threshold.
DEFAULT_PARAMS = BKTParams(prior=0.2, learn=0.1, guess=0.25, slip=0.1, forget=0.0)

Mastery = Mapping[CompetencyId, float]


@dataclass(frozen=True, slots=True)
class MasteryModel:
    """BKT parameters per competency, with a default for competencies not fitted."""

    params: Mapping[CompetencyId, BKTParams] = field(default_factory=dict)
    default: BKTParams = DEFAULT_PARAMS
    threshold: float = MASTERY_THRESHOLD

    def for_competency(self, competency: CompetencyId) -> BKTParams:
        return self.params.get(competency, self.default)


def initial_mastery(bank: Bank, model: MasteryModel) -> dict[CompetencyId, float]:
    return {c: model.for_competency(c).prior for c in bank.competencies}


def counts_as_correct(attempt: Attempt, item: Item | None) -> bool:
    """Evidence of knowing: a right answer, unless every hint rung (which may give the answer
    away) was seen first."""
    if not attempt.correct:
        return False
    rungs = len(item.hints) if item is not None else 0
    return not (rungs > 0 and attempt.hints_used >= rungs)


def apply_attempt(
    mastery: Mastery, attempt: Attempt, item: Item | None, model: MasteryModel
) -> dict[CompetencyId, float]:
    """Mastery after one answer; every competency the item is tagged with is updated."""
    evidence = counts_as_correct(attempt, item)
    after = dict(mastery)
    for competency in attempt.competencies:
        if competency in after:
            after[competency] = update(
                after[competency], evidence, model.for_competency(competency)
            )
    return after


def replay_mastery(
    bank: Bank, attempts: Iterable[Attempt], model: MasteryModel
) -> dict[CompetencyId, float]:
    """Mastery after a learner's whole history (items no longer in the bank still count)."""
    items = {it.id: it for it in bank.items}
    mastery = initial_mastery(bank, model)
    for attempt in attempts:
        mastery = apply_attempt(mastery, attempt, items.get(attempt.item_id), model)
    return mastery


def is_mastered(mastery: Mastery, competency: CompetencyId, model: MasteryModel) -> bool:
    return mastery.get(competency, 0.0) >= model.threshold
