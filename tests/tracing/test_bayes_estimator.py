"""`BayesianBKT`: the estimator contract, prediction, shrinkage and exported draws (tiny fits)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pyro
import pytest

from its.errors import DataFormatError, NotFittedError
from its.tracing.bayes import _model
from its.tracing.bayes._forward import PackedTensors
from its.tracing.bayes.model import BayesianBKT
from its.tracing.bkt._layout import Chains, pack
from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate
from its.tracing.credible import load_draws, mastery_interval, population_draws
from its.tracing.datasets import read_log
from its.tracing.log import ResponseLog
from its.tracing.metrics import auc
from its.tracing.registry import TRACERS


def _first_learners(log: ResponseLog, n: int) -> ResponseLog:
    keep = log.learner < n
    return ResponseLog.from_arrays(
        learner=log.learner[keep],
        skill=log.skill[keep],
        correct=log.correct[keep],
        learners=log.learners[:n],
        skills=log.skills,
    )


_FITS: dict[Path, tuple[BayesianBKT, ResponseLog]] = {}


@pytest.fixture
def statics_fit(kt_data: Path) -> tuple[BayesianBKT, ResponseLog]:
    """A small fit on the first 25 learners of Statics 2011, made once per session."""
    if kt_data not in _FITS:
        log = _first_learners(read_log(kt_data / "STATICS" / "STATICS_train.csv"), 25)
        _FITS[kt_data] = BayesianBKT(n_steps=100, random_state=0).fit(log), log
    return _FITS[kt_data]


def test_is_registered_as_bkt_bayes() -> None:
    assert isinstance(TRACERS["bkt-bayes"](random_state=3), BayesianBKT)


def test_init_stores_arguments_and_predict_before_fit_raises() -> None:
    model = BayesianBKT(n_steps=5, learning_rate=0.1, forgets=True, random_state=2)
    assert (model.n_steps, model.learning_rate, model.forgets, model.random_state) == (
        5,
        0.1,
        True,
        2,
    )
    log = read_log_tiny()
    with pytest.raises(NotFittedError, match="call fit"):
        model.predict(log)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"n_steps": 0}, "n_steps must be a positive integer"),
        ({"learning_rate": -1.0}, "learning_rate must be a number > 0"),
        ({"forgets": "yes"}, "forgets must be True or False"),
    ],
)
def test_bad_settings_are_refused_in_fit(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BayesianBKT(**settings).fit(read_log_tiny())  # type: ignore[arg-type]


def test_empty_log_is_refused() -> None:
    empty = ResponseLog.from_arrays(learner=[], skill=[], correct=[], learners=[], skills=["a"])
    with pytest.raises(DataFormatError, match="without answers"):
        BayesianBKT(n_steps=2).fit(empty)


def test_predicts_real_data_and_flags_unseen_skills(
    statics_fit: tuple[BayesianBKT, ResponseLog],
) -> None:
    model, log = statics_fit
    prediction = model.predict(log)
    assert np.all((prediction.p_correct > 0) & (prediction.p_correct < 1))
    assert np.all((prediction.p_mastery >= 0) & (prediction.p_mastery <= 1))
    assert auc(log.correct, prediction.p_correct) > 0.7
    assert not prediction.unseen.any()
    renamed = ResponseLog.from_arrays(
        learner=log.learner,
        skill=log.skill,
        correct=log.correct,
        learners=log.learners,
        skills=[f"new {s}" if s == log.skills[log.skill[0]] else s for s in log.skills],
    )
    flagged = model.predict(renamed).unseen
    assert flagged.any() and np.array_equal(flagged, log.skill == log.skill[0])


def test_same_seed_same_fit(statics_fit: tuple[BayesianBKT, ResponseLog]) -> None:
    model, log = statics_fit
    again = BayesianBKT(n_steps=100, random_state=0).fit(log)
    np.testing.assert_array_equal(model.skill_loc_, again.skill_loc_)


def test_a_skill_with_few_answers_is_pulled_toward_the_population() -> None:
    true = BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    many = simulate(
        {f"s{k}": true for k in range(6)}, n_learners=40, n_answers=6, rng=np.random.default_rng(0)
    )
    # One more skill with one learner who got both answers wrong.
    log = ResponseLog.from_arrays(
        learner=np.r_[many.learner, 40, 40],
        skill=np.r_[many.skill, 6, 6],
        correct=np.r_[many.correct, 0, 0],
        learners=[*many.learners, "40"],
        skills=[*many.skills, "sparse"],
    )
    bayes = BayesianBKT(n_steps=200, random_state=0).fit(log)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EM puts the sparse skill on a bound: the point here
        em = BKT(n_iter=200).fit(log)
    sparse = bayes.skills_.index("sparse")
    others = np.delete(np.arange(7), sparse)
    for name in ("prior", "guess"):
        bayes_gap = abs(
            getattr(bayes, f"{name}_")[sparse] - getattr(bayes, f"{name}_")[others].mean()
        )
        em_gap = abs(getattr(em, f"{name}_")[sparse] - getattr(em, f"{name}_")[others].mean())
        assert bayes_gap < em_gap, name


def test_exported_draws_load_and_give_intervals(
    statics_fit: tuple[BayesianBKT, ResponseLog], tmp_path: Path
) -> None:
    model, _ = statics_fit
    path = tmp_path / "draws.json"
    model.export_draws(path, n_draws=50)
    draws = load_draws(path)
    assert set(draws) == set(model.skills_)
    assert all(len(d) == 50 for d in draws.values())
    skill = model.skills_[0]
    assert all(p.guess < 0.5 and p.slip < 0.5 and p.forget == 0.0 for p in draws[skill])
    interval = mastery_interval(draws[skill], [True, True, False, True])
    assert interval.low <= interval.mean <= interval.high
    population = population_draws(path)
    assert len(population) == 50
    spread = np.std([p.prior for p in population])
    assert spread > np.std([p.prior for p in draws[skill]])


def test_its_train_saves_the_draws_file(tmp_path: Path) -> None:
    model = BayesianBKT(n_steps=10, random_state=0).fit(read_log_tiny())
    model.save(tmp_path / "model.json")
    draws = load_draws(tmp_path / "model.json")
    assert list(draws) == ["s"] and len(draws["s"]) == 200


def test_model_and_guide_have_the_same_sample_sites() -> None:
    packed, _ = pack(Chains(np.array([1, 0], dtype=np.int8), np.array([2]), np.array([0])))
    data = PackedTensors.from_packed(packed, 1)
    pyro.clear_param_store()
    model_sites = {
        name
        for name, site in pyro.poutine.trace(_model.model).get_trace(data, False).nodes.items()
        if site["type"] == "sample" and not site["is_observed"] and _is_random(site)
    }
    guide_sites = {
        name
        for name, site in pyro.poutine.trace(_model.guide).get_trace(data, False).nodes.items()
        if site["type"] == "sample" and _is_random(site)
    }
    assert model_sites == guide_sites == {"population_mean", "population_scale", "skill_logit"}


def _is_random(site: dict[str, object]) -> bool:
    """Not a plate's subsample site."""
    return type(site["fn"]).__name__ != "_Subsample"


def read_log_tiny() -> ResponseLog:
    return ResponseLog.from_arrays(
        learner=[0, 0, 1], skill=[0, 0, 0], correct=[1, 0, 1], learners=["a", "b"], skills=["s"]
    )


def test_degenerate_logs_give_numbers_not_nan() -> None:
    one = ResponseLog.from_arrays(learner=[0], skill=[0], correct=[1], learners=["a"], skills=["s"])
    all_right = ResponseLog.from_arrays(
        learner=[0, 0, 0, 1], skill=[0, 0, 1, 1], correct=[1, 1, 1, 1],
        learners=["a", "b"], skills=["s", "t"],
    )  # fmt: skip
    for log in (one, all_right):
        model = BayesianBKT(n_steps=30, forgets=True, random_state=0).fit(log)
        prediction = model.predict(log)
        assert np.isfinite(prediction.p_correct).all() and np.isfinite(model.elbo_)
        assert np.all((model.forget_ > 0) & (model.guess_ < 0.5) & (model.slip_ < 0.5))
