"""Real data: BKT trained on ASSISTments 2009 scores test AUC >= 0.70 (pyBKT: 0.711)."""

from __future__ import annotations

from pathlib import Path

from its.tracing.bkt.model import BKT
from its.tracing.datasets import read_three_line
from its.tracing.metrics import evaluate


def test_assist2009_test_auc(kt_data: Path) -> None:
    folder = kt_data / "assist2009_updated"
    train = read_three_line(folder / "assist2009_updated_train.csv")
    test = read_three_line(folder / "assist2009_updated_test.csv")

    prediction = BKT().fit(train).predict(test)

    scores = evaluate(test.correct, prediction.p_correct)
    assert scores["auc"] >= 0.70
    assert scores["rmse"] <= 0.45
    assert not prediction.unseen.any()
