"""Simulated BKT learners, for tests, golden numbers and examples."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from its.tracing.bkt.online import BKTParams
from its.tracing.log import ResponseLog


def simulate(
    params: Mapping[str, BKTParams],
    *,
    n_learners: int,
    n_answers: int,
    rng: np.random.Generator,
) -> ResponseLog:
    """Draw answers from the BKT model: every learner answers every skill `n_answers` times.

    Each learner works through the skills in the mapping's order, all answers of one
    skill before the next. Learners are named "0", "1", ...

    Args:
        params: the true parameters of each skill, by name.
        n_learners: number of learners.
        n_answers: answers per learner and skill.
        rng: the source of randomness.
    """
    skills = list(params)
    correct = np.zeros((n_learners, len(skills), n_answers), dtype=np.int8)
    for k, skill in enumerate(skills):
        p = params[skill]
        mastered = rng.random(n_learners) < p.prior
        for t in range(n_answers):
            p_correct = np.where(mastered, 1.0 - p.slip, p.guess)
            correct[:, k, t] = rng.random(n_learners) < p_correct
            learns = ~mastered & (rng.random(n_learners) < p.learn)
            forgets = mastered & (rng.random(n_learners) < p.forget)
            mastered = (mastered & ~forgets) | learns
    per_learner = len(skills) * n_answers
    return ResponseLog.from_arrays(
        learner=np.repeat(np.arange(n_learners), per_learner),
        skill=np.tile(np.repeat(np.arange(len(skills)), n_answers), n_learners),
        correct=correct.ravel(),
        learners=[str(k) for k in range(n_learners)],
        skills=skills,
    )
