"""DKT follows the estimator contract, saves without pickle, and is repeatable."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from _small_logs import small_log

from its.errors import NotFittedError
from its.tracing.deep._tracer import EpochReport
from its.tracing.deep.dkt import DKT
from its.tracing.live.model_file import read_model_file

TINY = {"hidden": 8, "embedding": 8, "batch_size": 16, "random_state": 3}


def test_predict_before_fit_raises(kt_data: Path) -> None:
    with pytest.raises(NotFittedError, match="call fit"):
        DKT().predict(small_log(kt_data, "test", 3))


def test_validation_chooses_the_epoch_and_progress_reports_each(kt_data: Path) -> None:
    reports: list[EpochReport] = []
    model = DKT(epochs=3, patience=3, **TINY)
    model.fit(
        small_log(kt_data, "train1", 60),
        valid=small_log(kt_data, "valid1", 30),
        progress=reports.append,
    )
    assert [r.epoch for r in reports] == [1, 2, 3]
    best = max(range(3), key=lambda k: reports[k].valid_auc) + 1
    assert model.best_epoch_ == best
    assert all(r.seconds_left >= 0 and 0.0 < r.valid_auc < 1.0 for r in reports)


def test_same_seed_same_model_and_file_roundtrip(kt_data: Path, tmp_path: Path) -> None:
    train, test = small_log(kt_data, "train1", 40), small_log(kt_data, "test", 10)
    first = DKT(epochs=1, **TINY).fit(train)
    second = DKT(epochs=1, **TINY).fit(train)
    p = first.predict(test).p_correct
    np.testing.assert_allclose(second.predict(test).p_correct, p, atol=1e-6)
    path = tmp_path / "m.npz"
    first.save(path, metrics={"valid_auc": 0.5})
    with zipfile.ZipFile(path) as archive:  # plain .npy arrays only: nothing to unpickle
        assert all(name.endswith(".npy") for name in archive.namelist())
    stored = read_model_file(path, model="dkt")
    assert stored.meta["settings"]["hidden"] == 8 and stored.meta["metrics"]["valid_auc"] == 0.5
    assert len(stored.meta["data_hash"]) == 64
    np.testing.assert_allclose(DKT.load(path).predict(test).p_correct, p, atol=1e-7)
    assert np.all((p > 0) & (p < 1))
