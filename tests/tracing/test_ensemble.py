"""The ensemble stacks its members on the validation log only, with a correct logistic fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from _small_logs import ASSIST, small_log

from its.errors import DataFormatError, NotFittedError
from its.tracing.ensemble import Ensemble, stack_weights


def test_stack_weights_recover_a_known_logistic_model() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(20_000, 2))
    truth = 1.0 / (1.0 + np.exp(-(logits @ np.array([1.5, -0.5]) + 0.3)))
    correct = (rng.random(20_000) < truth).astype(np.int64)
    weights, bias = stack_weights(logits, correct, l2=0.0)
    np.testing.assert_allclose(weights, [1.5, -0.5], atol=0.06)
    assert bias == pytest.approx(0.3, abs=0.06)


@pytest.mark.filterwarnings("ignore::UserWarning")  # BKT bounds on a tiny log
def test_without_validation_the_members_logits_are_averaged(kt_data: Path) -> None:
    train, test = small_log(kt_data, "train1", 40, ASSIST), small_log(kt_data, "test", 10, ASSIST)
    model = Ensemble(members=("bkt", "best-lr"), random_state=0).fit(train)
    members = [m.predict(test).p_correct for m in model.members_]
    mean_logit = np.mean([np.log(p / (1 - p)) for p in members], axis=0)
    expected = 1.0 / (1.0 + np.exp(-mean_logit))
    np.testing.assert_allclose(model.predict(test).p_correct, expected, rtol=0, atol=1e-9)


@pytest.mark.filterwarnings("ignore::UserWarning")  # BKT bounds on a tiny log
def test_validation_fits_the_stack_and_it_fits_validation_no_worse(kt_data: Path) -> None:
    train = small_log(kt_data, "train1", 80, ASSIST)
    valid = small_log(kt_data, "valid1", 40, ASSIST)
    model = Ensemble(members=("bkt", "best-lr"), random_state=0).fit(train, valid=valid)
    assert model.weights_.shape == (2,) and np.all(np.isfinite(model.weights_))

    def log_loss(p: np.ndarray) -> float:
        y = valid.correct
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    stacked = log_loss(model.predict(valid).p_correct)
    assert all(stacked <= log_loss(m.predict(valid).p_correct) + 1e-9 for m in model.members_)


def test_bad_members_and_predict_before_fit_are_clear_errors(kt_data: Path) -> None:
    train = small_log(kt_data, "train1", 5, ASSIST)
    with pytest.raises(DataFormatError, match="at least one member"):
        Ensemble(members=()).fit(train)
    with pytest.raises(DataFormatError, match="cannot be an ensemble"):
        Ensemble(members=("ensemble",)).fit(train)
    with pytest.raises(NotFittedError, match="call fit"):
        Ensemble().predict(train)
