"""BKT follows the scikit-learn estimator contract."""

from __future__ import annotations

import numpy as np
import pytest

from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate
from its.tracing.log import ResponseLog

TRUTH = {
    "a": BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1),
    "b": BKTParams(prior=0.5, learn=0.05, guess=0.3, slip=0.2),
}


def _log() -> ResponseLog:
    return simulate(TRUTH, n_learners=150, n_answers=10, rng=np.random.default_rng(2))


def test_init_stores_arguments_unchanged_and_validates_nothing() -> None:
    model = BKT(n_iter=-3, tol="x", forgets=True, n_restarts=0, random_state=9)  # type: ignore[arg-type]
    assert (model.n_iter, model.tol, model.forgets, model.n_restarts, model.random_state) == (
        -3,
        "x",
        True,
        0,
        9,
    )
    with pytest.raises(ValueError, match=r"n_iter must be a positive integer.*tol must be"):
        model.fit(_log())


def test_fit_returns_self_and_sets_learned_attributes() -> None:
    model = BKT()
    assert model.fit(_log()) is model
    assert model.skills_ == ("a", "b")
    for name in ("prior_", "learn_", "guess_", "slip_", "forget_", "n_iter_"):
        assert getattr(model, name).shape == (2,)
    assert (model.forget_ == 0).all()
    assert model.log_likelihood_ < 0


def test_restarts_are_seeded_and_never_worse() -> None:
    log = _log()
    single = BKT().fit(log)
    first = BKT(n_restarts=4, random_state=11).fit(log)
    second = BKT(n_restarts=4, random_state=11).fit(log)
    np.testing.assert_array_equal(first.learn_, second.learn_)
    assert first.log_likelihood_ >= single.log_likelihood_ - 1e-9


def test_probabilities_stay_in_the_unit_interval() -> None:
    log = _log()
    prediction = BKT(forgets=True).fit(log).predict(log)
    for values in (prediction.p_correct, prediction.p_mastery):
        assert ((values >= 0) & (values <= 1)).all()
    assert prediction.p_correct.shape == (len(log),)


def test_variant_options_are_stored_and_checked_in_fit() -> None:
    model = BKT(guess_slip_by="items", learn_by="pair", prior_by="class")  # type: ignore[arg-type]
    assert model.get_params()["learn_by"] == "pair"
    assert repr(model) == "BKT(guess_slip_by='items', learn_by='pair', prior_by='class')"
    with pytest.raises(ValueError, match=r"guess_slip_by must be one of .*learn_by must be one of"):
        model.fit(_log())


def test_restarts_with_item_groups_are_seeded_and_never_worse() -> None:
    from its.tracing.bkt.simulate import simulate_items

    items = {"a": {"a1": BKTParams(0.3, 0.3, 0.1, 0.1), "a2": BKTParams(0.3, 0.05, 0.35, 0.2)}}
    log = simulate_items(items, n_learners=300, n_answers=8, rng=np.random.default_rng(1))
    single = BKT(guess_slip_by="item", learn_by="item").fit(log)
    first = BKT(guess_slip_by="item", learn_by="item", n_restarts=3, random_state=4).fit(log)
    second = BKT(guess_slip_by="item", learn_by="item", n_restarts=3, random_state=4).fit(log)
    assert first.tables_.gs == second.tables_.gs
    assert first.log_likelihood_ >= single.log_likelihood_ - 1e-9
