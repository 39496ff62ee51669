"""MIRT: the fit recovers a known item bank; tracing is Bayes' rule over the particles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from _small_logs import small_log

from its.errors import DataFormatError
from its.tracing.irt.mirt import MIRT
from its.tracing.log import ResponseLog
from its.tracing.metrics import auc


def _irt_log(learners: int, difficulty: np.ndarray, seed: int) -> tuple[ResponseLog, np.ndarray]:
    """Every learner answers every item once, in order, by a 1-dimensional 3PL model with
    guess 0.2; returns the log and the true P(right) of each row."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=learners)
    p = 0.2 + 0.8 / (1 + np.exp(-(theta[:, None] - difficulty[None, :])))
    correct = (rng.random(p.shape) < p).astype(int)
    n_items = len(difficulty)
    log = ResponseLog.from_arrays(
        learner=np.repeat(np.arange(learners), n_items),
        skill=np.tile(np.arange(n_items), learners),
        correct=correct.ravel(),
        learners=[f"l{k}" for k in range(learners)],
        skills=[f"q{j}" for j in range(n_items)],
    )
    return log, p.ravel()


def _small(**settings: object) -> MIRT:
    defaults: dict[str, object] = {"dims": 1, "particles": 256, "trace_particles": 1024}
    return MIRT(random_state=0, **(defaults | settings))


def test_the_fit_recovers_difficulties_and_ranks_nearly_as_well_as_the_truth() -> None:
    difficulty = np.linspace(-1.5, 1.5, 12)
    train, _ = _irt_log(600, difficulty, seed=1)
    test, _ = _irt_log(300, difficulty, seed=2)
    model = _small(epochs=40, lr=0.1).fit(train)
    fitted = model.weights_["difficulty"][1:] / np.abs(model.weights_["loading"][1:, 0])
    assert np.corrcoef(fitted, difficulty)[0, 1] > 0.95
    predicted = model.predict(test).p_correct
    # The ceiling: Bayes' rule with the true item bank (on a fine grid of abilities).
    assert auc(test.correct, predicted) > auc(test.correct, _bayes(test, difficulty)) - 0.01


def _bayes(log: ResponseLog, difficulty: np.ndarray) -> np.ndarray:
    grid = np.linspace(-5, 5, 2001)
    p_grid = 0.2 + 0.8 / (1 + np.exp(-(grid[None, :] - difficulty[:, None])))
    out = np.empty(len(log))
    for learner in np.unique(log.learner):
        log_weight = -0.5 * grid**2
        for row in np.flatnonzero(log.learner == learner):
            p = p_grid[log.skill[row]]
            weight = np.exp(log_weight - log_weight.max())
            out[row] = (weight * p).sum() / weight.sum()
            log_weight = log_weight + np.log(p if log.correct[row] else 1 - p)
    return out


def test_a_prediction_weighs_the_particles_by_the_earlier_answers_only() -> None:
    train, _ = _irt_log(100, np.linspace(-1, 1, 6), seed=3)
    model = _small(epochs=3).fit(train)
    predicted = model.predict(train).p_correct
    w = model.weights_
    theta = model._theta(model.trace_particles).double().numpy()[:, 0]
    for learner in (0, 57):
        rows = np.flatnonzero(train.learner == learner)
        log_weight = np.zeros_like(theta)
        for row in rows:
            j = train.skill[row] + 1
            guess = 1 / (1 + np.exp(-w["guess"][j]))
            p = guess + (1 - guess) / (
                1 + np.exp(-(w["loading"][j, 0] * theta - w["difficulty"][j]))
            )
            weight = np.exp(log_weight - log_weight.max())
            assert predicted[row] == pytest.approx((weight * p).sum() / weight.sum(), abs=1e-9)
            log_weight += np.log(p if train.correct[row] else 1 - p)


def test_practice_counts_earlier_answers_on_the_skill(kt_data: Path) -> None:
    from its.tracing.irt.mirt import _earlier_on_skill, _Rows

    log = small_log(kt_data, "train1", 5, "assist2009_updated/assist2009_updated")
    rows = _Rows(_code(log))
    expected = []
    for learner in range(5):
        seen: dict[int, int] = {}
        for skill in log.skill[log.learner == learner]:
            expected.append(seen.get(int(skill), 0))
            seen[int(skill)] = seen.get(int(skill), 0) + 1
    np.testing.assert_array_equal(_earlier_on_skill(rows.coded), expected)


def _code(log: ResponseLog):  # type: ignore[no-untyped-def]
    from its.tracing.deep._sequences import code, vocabulary

    return code(log, vocabulary(log.skills), vocabulary(log.skills))


def test_a_saved_model_predicts_the_same_and_a_bad_file_is_refused(tmp_path: Path) -> None:
    train, _ = _irt_log(80, np.linspace(-1, 1, 5), seed=4)
    model = _small(epochs=2).fit(train)
    path = tmp_path / "mirt.npz"
    model.save(path)
    again = MIRT.load(path)
    np.testing.assert_array_equal(again.predict(train).p_correct, model.predict(train).p_correct)
    wrong = _small(epochs=1, dims=2).fit(train)
    wrong.weights_["loading"] = wrong.weights_["loading"][:, :1]
    wrong.save(tmp_path / "bad.npz")
    with pytest.raises(DataFormatError, match=r"bad\.npz"):
        MIRT.load(tmp_path / "bad.npz")


def test_settings_out_of_range_are_refused() -> None:
    train, _ = _irt_log(10, np.zeros(3), seed=5)
    with pytest.raises(DataFormatError, match="particles must be at least 1"):
        _small(particles=0).fit(train)
