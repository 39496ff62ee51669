"""Replaying a learner through `online.update` gives batch `predict`'s numbers."""

from __future__ import annotations

import numpy as np
import pytest

from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams, p_correct, update
from its.tracing.bkt.simulate import simulate

TRUTH = {
    "a": BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1, forget=0.05),
    "b": BKTParams(prior=0.5, learn=0.1, guess=0.25, slip=0.15, forget=0.02),
}


@pytest.mark.parametrize("forgets", [False, True])
def test_online_replay_equals_batch_predict(forgets: bool) -> None:
    rng = np.random.default_rng(3)
    train = simulate(TRUTH, n_learners=300, n_answers=12, rng=rng)
    test = simulate(TRUTH, n_learners=40, n_answers=9, rng=rng)
    model = BKT(forgets=forgets).fit(train)

    batch = model.predict(test)

    params = {skill: model.skill_params(skill) for skill in test.skills}
    mastery: dict[tuple[int, int], float] = {}
    for row in range(len(test)):
        learner, skill = int(test.learner[row]), int(test.skill[row])
        skill_params = params[test.skills[skill]]
        before = mastery.get((learner, skill), skill_params.prior)
        assert p_correct(before, skill_params) == pytest.approx(batch.p_correct[row], abs=1e-9)
        after = update(before, bool(test.correct[row]), skill_params)
        assert after == pytest.approx(batch.p_mastery[row], abs=1e-9)
        mastery[(learner, skill)] = after
