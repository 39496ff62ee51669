"""Metrics against values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from its.tracing.metrics import accuracy, auc, evaluate, log_loss, rmse

Y = [1, 0, 1, 1, 0]
P = [0.9, 0.3, 0.3, 0.6, 0.1]


def test_auc_counts_ties_as_one_half() -> None:
    # Positive/negative pairs: (0.9 > 0.3, 0.9 > 0.1), (0.3 = 0.3 -> 1/2, 0.3 > 0.1),
    # (0.6 > 0.3, 0.6 > 0.1): 5.5 of 6.
    assert auc(Y, P) == pytest.approx(5.5 / 6, abs=1e-15)


def test_auc_extremes_and_one_class() -> None:
    assert auc([0, 1], [0.2, 0.8]) == 1.0
    assert auc([1, 0], [0.2, 0.8]) == 0.0
    assert auc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]) == 0.5
    assert math.isnan(auc([1, 1], [0.2, 0.8]))


def test_rmse_accuracy_and_log_loss_by_hand() -> None:
    squared = [0.01, 0.09, 0.49, 0.16, 0.01]
    assert rmse(Y, P) == pytest.approx(math.sqrt(sum(squared) / 5), abs=1e-15)
    assert accuracy(Y, P) == pytest.approx(4 / 5)  # 0.3 for a correct answer is wrong
    expected = -(math.log(0.9) + math.log(0.7) + math.log(0.3) + math.log(0.6) + math.log(0.9)) / 5
    assert log_loss(Y, P) == pytest.approx(expected, abs=1e-15)


def test_log_loss_is_clipped() -> None:
    # A certain wrong prediction costs -log(1e-15), not infinity.
    assert log_loss([1, 0], [0.0, 0.0]) == pytest.approx(-math.log(1e-15) / 2, rel=1e-12)


def test_accuracy_threshold_is_inclusive() -> None:
    assert accuracy([1, 0], [0.5, 0.4999]) == 1.0


def test_evaluate_has_all_keys_and_checks_lengths() -> None:
    scores = evaluate(np.array(Y), np.array(P))
    assert set(scores) == {"auc", "rmse", "accuracy", "log_loss"}
    assert scores["auc"] == auc(Y, P)
    with pytest.raises(ValueError, match="differ in length"):
        evaluate([1, 0], [0.5])
