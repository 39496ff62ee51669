"""partial_fit continues EM from the current parameters instead of starting over."""

from __future__ import annotations

import numpy as np
import pytest

from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate

TRUTH = {
    "a": BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1),
    "b": BKTParams(prior=0.5, learn=0.05, guess=0.3, slip=0.2),
}


def test_more_iterations_from_where_fit_stopped() -> None:
    log = simulate(TRUTH, n_learners=500, n_answers=10, rng=np.random.default_rng(0))
    short = BKT(n_iter=3, tol=0.0)
    with pytest.warns(match="had not converged"):
        short.fit(log)
        first = short.log_likelihood_
        short.partial_fit(log)
    # Three more iterations from there equal six from the start.
    with pytest.warns(match="had not converged"):
        six = BKT(n_iter=6, tol=0.0).fit(log)
    assert short.log_likelihood_ >= first
    np.testing.assert_allclose(short.learn_, six.learn_, atol=1e-12)
    assert short.log_likelihood_ == pytest.approx(six.log_likelihood_, abs=1e-8)


def test_new_skills_are_added_and_absent_ones_kept() -> None:
    rng = np.random.default_rng(1)
    model = BKT().fit(simulate({"a": TRUTH["a"]}, n_learners=300, n_answers=8, rng=rng))
    kept = model.skill_params("a")
    model.partial_fit(simulate({"b": TRUTH["b"]}, n_learners=300, n_answers=8, rng=rng))
    assert model.skills_ == ("a", "b")
    assert model.skill_params("a") == kept
    assert model.learn_.shape == (2,)
    again = BKT.from_dict(model.to_dict())
    assert again.skill_params("b") == model.skill_params("b")


def test_partial_fit_of_an_unfitted_model_fits_it() -> None:
    log = simulate(TRUTH, n_learners=200, n_answers=8, rng=np.random.default_rng(2))
    np.testing.assert_array_equal(BKT().partial_fit(log).learn_, BKT().fit(log).learn_)
