"""Bounds: guess and slip stay <= 0.5 by default, custom bounds hold, and a fit that
ends on a bound warns with BoundaryWarning."""

from __future__ import annotations

import numpy as np
import pytest

from its.tracing.bkt.model import BKT, BoundaryWarning
from its.tracing.bkt.online import BKTParams, update
from its.tracing.bkt.simulate import simulate

LOG = simulate(
    {"a": BKTParams(prior=0.3, learn=0.2, guess=0.35, slip=0.1)},
    n_learners=800,
    n_answers=10,
    rng=np.random.default_rng(5),
)


def test_default_bounds_keep_mastery_rising_after_a_correct_answer() -> None:
    model = BKT(n_restarts=3, random_state=0).fit(LOG)
    assert model.guess_[0] <= 0.5 and model.slip_[0] <= 0.5
    params = model.skill_params("a")
    for p in np.linspace(0.01, 0.99, 9):
        assert update(float(p), True, params) >= p


def test_a_custom_bound_is_respected_and_warns_when_hit() -> None:
    with pytest.warns(BoundaryWarning, match=r"1 of 1 skills .* guess of 'a' = 0\.2"):
        model = BKT(bounds={"guess": (0.0, 0.2)}).fit(LOG)
    assert model.guess_[0] == pytest.approx(0.2)


def test_a_fit_inside_the_bounds_does_not_warn() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", BoundaryWarning)
        BKT().fit(LOG)


def test_fixed_values_on_a_bound_do_not_warn() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", BoundaryWarning)
        BKT(bounds={"guess": (0.0, 0.2)}, fixed={"guess": 0.2}).fit(LOG)


@pytest.mark.parametrize(
    "bounds",
    [{"guess": (0.4, 0.3)}, {"slip": (0.0, 1.5)}, {"learnn": (0.0, 0.5)}, {"prior": 0.5}],
)
def test_bad_bounds_are_refused(bounds: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="bounds"):
        BKT(bounds=bounds).fit(LOG)  # type: ignore[arg-type]
