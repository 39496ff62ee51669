"""`scripts/fit_population_draws.py` smoke-runs with tiny settings and writes a usable file."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

from its.tracing.credible import load_draws, population_draws

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fit_population_draws.py"


def test_script_writes_population_draws(
    kt_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "draws.json"
    train = kt_data / "assist2009_updated" / "assist2009_updated_train.csv"
    argv = [str(SCRIPT), str(train), str(out), "--n-steps", "3", "--n-draws", "7"]
    monkeypatch.setattr(sys, "argv", [*argv, "--max-learners", "15"])
    runpy.run_path(str(SCRIPT), run_name="__main__")
    assert len(population_draws(out)) == 7
    assert load_draws(out) == {}
