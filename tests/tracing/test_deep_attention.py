"""The attention model: a fitted one round-trips its plain-array file and windows cover all."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from _small_logs import ASSIST, small_log

from its.tracing.deep._sequences import windows
from its.tracing.deep.attention import AttentionKT


def test_prediction_windows_score_every_answer_once_with_context() -> None:
    starts = np.array([0, 5, 5, 130], dtype=np.int64)
    found = windows(starts, length=50, stride=25)
    scored = np.concatenate([np.arange(w.score_from, w.stop) for w in found])
    np.testing.assert_array_equal(scored, np.arange(130))
    assert all(w.stop - w.start <= 50 for w in found)
    assert all(w.score_from - w.start >= 25 for w in found if w.score_from > 5)


def test_fit_save_load_predicts_the_same(kt_data: Path, tmp_path: Path) -> None:
    model = AttentionKT(size=8, heads=2, epochs=1, window=40, random_state=0)
    model.fit(small_log(kt_data, "train1", 40, ASSIST))
    test = small_log(kt_data, "test", 15, ASSIST)
    prediction = model.predict(test)
    assert np.all((prediction.p_correct > 0) & (prediction.p_correct < 1))
    path = tmp_path / "attention.npz"
    model.save(path)
    again = AttentionKT.load(path).predict(test)
    np.testing.assert_allclose(again.p_correct, prediction.p_correct, atol=1e-7)
    np.testing.assert_allclose(again.p_mastery, prediction.p_mastery, atol=1e-7)
