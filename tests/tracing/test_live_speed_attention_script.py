"""`benchmarks/dkt_live_speed.py --kind attention` smoke-runs with tiny settings and reports
the steps after `--history` answers apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "dkt_live_speed.py"


def test_a_tiny_attention_run_times_answers_at_a_history(tmp_path: Path) -> None:
    tiny = ["--dataset", "synthetic5", "--kind", "attention", "--epochs", "1", "--size", "8"]
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *tiny, "--answers", "60", "--history", "30"],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)
    assert row["model"] == "LiveAttention" and row["size"] == 8 and row["answers"] == 60
    assert row["answers_at_history"] == 20  # synthetic-5 learners answer 50 items each
    assert row["p99_ms_at_history"] >= row["median_ms_at_history"] > 0
    left = [p.name for p in tmp_path.iterdir() if not p.name.startswith("torchinductor")]
    assert left == []  # torch's own compile cache aside
