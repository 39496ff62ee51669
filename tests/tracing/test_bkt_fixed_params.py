"""Fixed parameters keep their values; the others are fitted around them."""

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
LOG = simulate(TRUTH, n_learners=1500, n_answers=12, rng=np.random.default_rng(7))


def test_a_value_for_every_skill_is_kept() -> None:
    model = BKT(fixed={"guess": 0.2, "slip": 0.1}).fit(LOG)
    np.testing.assert_array_equal(model.guess_, [0.2, 0.2])
    np.testing.assert_array_equal(model.slip_, [0.1, 0.1])
    assert model.learn_[0] == pytest.approx(0.2, abs=0.03)


def test_a_value_for_one_skill_leaves_the_other_free() -> None:
    free = BKT().fit(LOG)
    model = BKT(fixed={"prior": {"b": 0.9}}, n_restarts=2, random_state=1).fit(LOG)
    assert model.prior_[1] == 0.9
    assert model.prior_[0] == pytest.approx(free.prior_[0], abs=0.02)
    assert model.log_likelihood_ < free.log_likelihood_


def test_fixed_forget_with_forgets() -> None:
    model = BKT(forgets=True, fixed={"forget": 0.05}).fit(LOG)
    np.testing.assert_array_equal(model.forget_, [0.05, 0.05])


@pytest.mark.parametrize(
    ("fixed", "message"),
    [
        ({"gues": 0.2}, "fixed: unknown parameter 'gues'"),
        ({"guess": 0.7}, "fixed['guess'] must lie within bounds 0.0..0.5, got 0.7"),
        ({"forget": 0.1}, "fixed['forget'] needs forgets=True"),
        ({"slip": {"nope": 0.1}}, "fixed names skills not in the log: 'nope'"),
    ],
)
def test_bad_fixed_values_are_refused(fixed: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        BKT(fixed=fixed).fit(LOG)  # type: ignore[arg-type]
