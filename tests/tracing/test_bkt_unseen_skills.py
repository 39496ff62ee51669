"""Skills missing from the training log fall back to the mean parameters, flagged."""

from __future__ import annotations

import numpy as np
import pytest

from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate
from its.tracing.log import ResponseLog


def test_unseen_skill_uses_mean_parameters_and_is_flagged() -> None:
    truth = {
        "seen-1": BKTParams(prior=0.2, learn=0.2, guess=0.2, slip=0.1),
        "seen-2": BKTParams(prior=0.6, learn=0.1, guess=0.3, slip=0.05),
    }
    model = BKT().fit(simulate(truth, n_learners=200, n_answers=8, rng=np.random.default_rng(0)))
    test = ResponseLog.from_arrays(
        learner=[0, 0, 0],
        skill=[0, 1, 0],
        correct=[1, 0, 1],
        learners=["ann"],
        skills=["new", "seen-2"],
    )

    prediction = model.predict(test)

    assert prediction.unseen.tolist() == [True, False, True]
    mean_guess, mean_slip = model.guess_.mean(), model.slip_.mean()
    mean_prior = model.prior_.mean()
    expected_first = mean_prior * (1 - mean_slip) + (1 - mean_prior) * mean_guess
    assert prediction.p_correct[0] == pytest.approx(expected_first, abs=1e-12)
    assert model.skill_params("new").prior == pytest.approx(mean_prior, abs=1e-12)
