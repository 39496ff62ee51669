"""replay fits on one split, scores the other and reports sizes and times."""

from __future__ import annotations

from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.registry import TRACERS
from its.tracing.replay import replay


def test_replay_on_synthetic_5(kt_data: Path) -> None:
    folder = kt_data / "synthetic"
    result = replay(
        folder / "naive_c5_q50_s4000_v0_train.csv",
        folder / "naive_c5_q50_s4000_v0_test.csv",
        fmt="dkvmn",
        model="bkt",
        seed=0,
    )
    assert set(result.metrics) == {"auc", "rmse", "accuracy", "log_loss"}
    assert (result.n_train, result.n_test, result.n_unseen) == (100_000, 100_000, 0)
    assert 0.62 < result.metrics["auc"] < 0.65  # pyBKT: 0.632
    assert 0 < result.fit_seconds <= result.seconds
    row = result.to_dict()
    assert {key: row[key] for key in result.metrics} == result.metrics
    assert {"auc", "rmse", "accuracy", "log_loss", "seconds"} <= set(row)


def test_unknown_model_is_refused(tmp_path: Path) -> None:
    known = ", ".join(sorted(TRACERS))
    with pytest.raises(DataFormatError, match=f"unknown model 'no-such'; models are {known}"):
        replay(tmp_path / "a.csv", tmp_path / "b.csv", model="no-such")
