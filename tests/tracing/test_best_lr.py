"""Best-LR: its count features match a direct count, and the model round-trips a file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from _small_logs import ASSIST, small_log

from its.tracing.logistic._features import count_features
from its.tracing.logistic.best_lr import BestLR


def test_count_features_count_only_earlier_answers(kt_data: Path) -> None:
    log = small_log(kt_data, "test", 15, ASSIST)
    features = count_features(log.learner, log.skill, log.correct)
    for row in range(0, len(log), 7):
        earlier = (log.learner == log.learner[row]) & (np.arange(len(log)) < row)
        same = earlier & (log.skill == log.skill[row])
        expected = [
            (log.correct[same] == 1).sum(),
            (log.correct[same] == 0).sum(),
            (log.correct[earlier] == 1).sum(),
            (log.correct[earlier] == 0).sum(),
        ]
        np.testing.assert_allclose(np.expm1(features[row]), expected, atol=1e-9)


def test_fit_beats_chance_and_the_file_round_trips(kt_data: Path, tmp_path: Path) -> None:
    model = BestLR(n_iter=20).fit(small_log(kt_data, "train1", 150, ASSIST))
    test = small_log(kt_data, "test", 100, ASSIST)
    p = model.predict(test).p_correct
    right, wrong = p[test.correct == 1].mean(), p[test.correct == 0].mean()
    assert right > wrong + 0.05
    path = tmp_path / "lr.npz"
    model.save(path, metrics={"auc": 0.7})
    np.testing.assert_allclose(BestLR.load(path).predict(test).p_correct, p, atol=1e-12)
