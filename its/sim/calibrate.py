"""Fit the tutor's BKT on a pilot cohort, as a deployment would before going live.

The pilot learners are drawn like any others (from their own seed, so they are never the
learners later measured) and take the fixed course; BKT (`its.tracing.bkt`) is fitted on
their answers, one row per competency an item is tagged with.
"""

from __future__ import annotations

import warnings

import numpy as np

from its.items.model import Bank, CompetencyId
from its.sim.runner import LearnerRun, simulate
from its.tracing.bkt.model import BKT
from its.tracing.log import ResponseLog
from its.tutor import MasteryModel

PILOT_SEED_OFFSET = 1_000_003
"""Pilot seeds are the measured seed plus this, so the two cohorts never coincide."""


def pilot_log(bank: Bank, runs: list[LearnerRun]) -> ResponseLog:
    skills = list(bank.competencies)
    column = {c: k for k, c in enumerate(skills)}
    learner, skill, correct = [], [], []
    for number, run in enumerate(runs):
        for attempt in run.attempts:
            for competency in attempt.competencies:
                learner.append(number)
                skill.append(column[competency])
                correct.append(int(attempt.correct))
    return ResponseLog.from_arrays(
        learner=np.array(learner),
        skill=np.array(skill),
        correct=np.array(correct),
        learners=[str(n) for n in range(len(runs))],
        skills=skills,
    )


def calibrated_model(
    bank: Bank, *, seed: int, learners: int = 300
) -> tuple[MasteryModel, list[str]]:
    """BKT parameters per competency, fitted on `learners` pilot learners, and what the
    fit warned about (a parameter on its bound, no convergence), for the caller to show."""
    runs = simulate(bank, policy="fixed", learners=learners, seed=seed + PILOT_SEED_OFFSET)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fitted = BKT(n_iter=300, random_state=seed).fit(pilot_log(bank, runs))
    params = {CompetencyId(c): fitted.skill_params(c) for c in fitted.skills_}
    return MasteryModel(params=params), [str(w.message) for w in caught]
