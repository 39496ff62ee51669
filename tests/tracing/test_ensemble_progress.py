"""An ensemble forwards each member's epoch reports, marked with the member's name and
place, so `its train --model ensemble` shows progress."""

from __future__ import annotations

from pathlib import Path

from _small_logs import small_log

from its.tracing.deep._tracer import EpochReport
from its.tracing.ensemble import Ensemble
from its.tracing.replay import fit_tracer, make_tracer


def test_an_ensemble_shows_each_member_s_epochs(kt_data: Path, tmp_path: Path) -> None:
    reports: list[EpochReport] = []
    settings = {"members": ("dkt", "best-lr", "dkt"), "epochs": 1}
    ensemble = make_tracer("ensemble", seed=0, settings=settings, threads=1)  # as its train
    assert isinstance(ensemble, Ensemble)
    fit_tracer(
        ensemble,
        small_log(kt_data, "train1", 10),
        valid=small_log(kt_data, "valid1", 10),
        progress=reports.append,
    )
    assert [r.member for r in reports] == ["dkt (1/3)", "dkt (3/3)"]
    assert [(r.epoch, r.epochs) for r in reports] == [(1, 1), (1, 1)]
