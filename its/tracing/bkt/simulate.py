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


def simulate_items(
    items: Mapping[str, Mapping[str, BKTParams]],
    *,
    n_learners: int,
    n_answers: int,
    rng: np.random.Generator,
    learner_prior: Mapping[int, float] | None = None,
) -> ResponseLog:
    """Draw answers from BKT with item-level parameters (the item variants' truth).

    Each answer goes to an item of the skill drawn uniformly; its guess and slip are
    the item's, and so are the learn and forget of the transition after it (pyBKT's
    convention, as in `BKT(learn_by="item")`). The skill's prior is the prior of its
    first item, unless `learner_prior` gives learner k's prior for every skill.

    Args:
        items: skill name -> item name -> that item's parameters; item names must
            differ across skills.
        n_learners: number of learners.
        n_answers: answers per learner and skill.
        rng: the source of randomness.
        learner_prior: learner index -> P(L0), for some learners.
    """
    skills = list(items)
    names = [item for skill in skills for item in items[skill]]
    item_index = {item: k for k, item in enumerate(names)}
    rows_item, rows_correct = [], []
    for k in range(n_learners):
        for skill in skills:
            table = list(items[skill].items())
            prior = table[0][1].prior
            if learner_prior is not None and k in learner_prior:
                prior = learner_prior[k]
            mastered = rng.random() < prior
            for pick in rng.integers(0, len(table), n_answers).tolist():
                name, p = table[pick]
                rows_item.append(item_index[name])
                rows_correct.append(rng.random() < (1.0 - p.slip if mastered else p.guess))
                stays = rng.random()
                mastered = stays >= p.forget if mastered else stays < p.learn
    per_learner = len(skills) * n_answers
    return ResponseLog.from_arrays(
        learner=np.repeat(np.arange(n_learners), per_learner),
        skill=np.tile(np.repeat(np.arange(len(skills)), n_answers), n_learners),
        correct=np.array(rows_correct, dtype=np.int8),
        learners=[str(k) for k in range(n_learners)],
        skills=skills,
        item=np.array(rows_item, dtype=np.int64),
        items=names,
    )
