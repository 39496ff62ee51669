"""`benchmarks/dkt_live_speed.py` smoke-runs with tiny settings, removes the model file it
trained, and refuses --answers below 1 with a usage message (no traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "dkt_live_speed.py"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env
    )


def test_a_tiny_run_times_answers_and_leaves_no_temporary_folder(tmp_path: Path) -> None:
    tiny = ["--dataset", "synthetic5", "--epochs", "1", "--hidden", "8", "--answers", "5"]
    result = _run(tmp_path, *tiny)
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)
    assert row["answers"] == 5 and row["hidden"] == 8 and row["p99_ms"] >= row["median_ms"] > 0
    left = [p.name for p in tmp_path.iterdir() if not p.name.startswith("torchinductor")]
    assert left == []  # torch's own compile cache aside


def test_zero_answers_is_a_usage_error(tmp_path: Path) -> None:
    result = _run(tmp_path, "--answers", "0")
    assert result.returncode == 2
    assert "--answers: 0: give at least 1 answer to time" in result.stderr
    assert "Traceback" not in result.stderr
