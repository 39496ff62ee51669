"""A bound, not a policy: what a tutor that could see the simulator's truth would need.

The oracle skips every competency the learner knew at the start and practises each of the
others, in bank order, until the learner's true ability reaches `target` (at most
`MAX_PER_COMPETENCY` items), then optionally gives every practised competency one review
item at the end. Same learners, clock and post-test as `its.sim.runner.simulate`. No real
tutor can know this much, so the fewest items with which the oracle reaches a post-test is
a reference for what any policy could hope for (the best of this simple family of
all-knowing schedules, not a proven minimum); `benchmarks/policy_simulation.py --oracle`
prints it beside the real tutor's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from its.items.model import Bank, CompetencyId
from its.sim.runner import START, Draw, cohort, next_time, post_test

MAX_PER_COMPETENCY = 20


@dataclass(frozen=True, slots=True)
class OracleRow:
    target: float
    review: bool
    items_mean: float
    post_test_mean: float


def _run(draw: Draw, bank: Bank, target: float, review: bool) -> tuple[int, float]:
    learner, now, items = draw.learner, START, 0
    practised: list[CompetencyId] = []
    for competency in bank.competencies:
        if competency in draw.known:
            continue
        practised.append(competency)
        for _ in range(MAX_PER_COMPETENCY):
            if learner.ability(competency, now) >= target:
                break
            learner = learner.practise((competency,), now)
            items += 1
            now = next_time(now, items)
    for competency in practised if review else ():
        learner = learner.practise((competency,), now)
        items += 1
        now = next_time(now, items)
    return items, post_test(learner, draw.post_items, now)


def oracle_bound(
    bank: Bank,
    *,
    learners: int,
    seed: int,
    known_fraction: float | None = None,
    targets: tuple[float, ...] = (2.2, 2.5, 2.8, 3.0),
) -> list[OracleRow]:
    """Items and post-test of the oracle at each target ability, without and with the
    final review round."""
    draws = list(cohort(bank, learners=learners, seed=seed, known_fraction=known_fraction))
    rows = []
    for target in targets:
        for review in (False, True):
            runs = np.array([_run(d, bank, target, review) for d in draws], dtype=np.float64)
            rows.append(
                OracleRow(target, review, float(runs[:, 0].mean()), float(runs[:, 1].mean()))
            )
    return rows
