"""Bounds: guess and slip stay <= 0.5 by default, custom bounds hold, and a fit that
ends on a bound warns with BoundaryWarning."""

from __future__ import annotations

import re

import numpy as np
import pytest

from its.tracing.bkt.model import BKT, BoundaryWarning
from its.tracing.bkt.online import BKTParams, update
from its.tracing.bkt.simulate import simulate
from its.tracing.log import ResponseLog

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
    with pytest.warns(
        BoundaryWarning, match=r"1 of 1 skills .*: guess of 'a' \(bounds hit: guess <= 0\.2\)"
    ):
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


def test_the_warning_names_a_few_skills_and_counts_the_rest() -> None:
    n_skills = 7  # every answer right: each skill's guess ends on its bound 0.5
    log = ResponseLog.from_arrays(
        learner=np.repeat(np.arange(10), n_skills),
        skill=np.tile(np.arange(n_skills), 10),
        correct=np.ones(10 * n_skills, dtype=np.int8),
        learners=[f"l{k}" for k in range(10)],
        skills=[f"s{k}" for k in range(n_skills)],
    )
    expected = (
        "BKT: 7 of 7 skills have a fitted parameter on its bound: "
        "guess of 's0', 's1', 's2', 's3', 's4' and 2 more (bounds hit: guess <= 0.5, "
    )
    with pytest.warns(BoundaryWarning, match=re.escape(expected)):
        BKT().fit(log)
