"""A bound, not a policy: what a tutor that could see the simulator's truth would need.

The oracle skips every competency the learner knew at the start and practises each of the
others, in bank order, until the learner's true ability reaches `target` (at most
`MAX_PER_COMPETENCY` items), then optionally gives every practised competency one review
item at the end. Same learners, clock and post-test as `its.sim.runner.simulate`. No real
tutor can know this much, so the fewest items with which the oracle reaches a post-test is
a reference for what any policy could hope for (the best of this simple family of
all-knowing schedules, not a proven minimum); `benchmarks/policy_simulation.py --oracle`
prints it beside the real tutor's.

`greedy_bound` is a stronger all-knowing reference: each learner practises, one item at a
time, the competency whose practice raises that learner's own post-test score most (known
or not, prerequisites' readiness and forgetting as the simulator has them), until the best
gain in the mean score falls below `min_gain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from its.items.model import Bank, CompetencyId
from its.sim.learner import SimulatedLearner
from its.sim.runner import START, Draw, PostTest, cohort, next_time, post_test

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


GREEDY_LIMIT = 200
"""Most items a greedy learner is given."""


def _score(
    learner: SimulatedLearner, competency: CompetencyId, items: PostTest, now: datetime
) -> float:
    logits = items[competency]
    return sum(learner.p_correct((competency,), x, now) for x in logits) / len(logits)


def _greedy_run(draw: Draw, bank: Bank, min_gain: float) -> tuple[int, float]:
    learner, now, items = draw.learner, START, 0
    competencies = list(bank.competencies)
    while items < GREEDY_LIMIT:
        gains = [
            _score(learner.practise((c,), now), c, draw.post_items, now)
            - _score(learner, c, draw.post_items, now)
            for c in competencies
        ]
        best = int(np.argmax(gains))
        if gains[best] / len(competencies) < min_gain:  # the mean score's gain
            break
        learner = learner.practise((competencies[best],), now)
        items += 1
        now = next_time(now, items)
    return items, post_test(learner, draw.post_items, now)


def greedy_bound(
    bank: Bank,
    *,
    learners: int,
    seed: int,
    known_fraction: float | None = None,
    min_gains: tuple[float, ...] = (0.004, 0.002, 0.0015, 0.001, 0.0005),
) -> list[OracleRow]:
    """Items and post-test of the greedy all-knowing schedule at each `min_gain` (reported
    in `OracleRow.target`; `review` is False)."""
    draws = list(cohort(bank, learners=learners, seed=seed, known_fraction=known_fraction))
    rows = []
    for min_gain in min_gains:
        runs = np.array([_greedy_run(d, bank, min_gain) for d in draws], dtype=np.float64)
        rows.append(OracleRow(min_gain, False, float(runs[:, 0].mean()), float(runs[:, 1].mean())))
    return rows
