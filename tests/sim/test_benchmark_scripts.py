"""The tutor's benchmark scripts run with tiny settings and print what they promise."""

import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _lines(script: str, *args: str) -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_next_item_speed_times_every_policy_and_placement() -> None:
    rows = _lines("next_item_speed.py", "--items", "300", "--history", "400", "--decisions", "20")
    assert [r["policy"] for r in rows] == ["adaptive", "fixed", "random", "placement"]
    assert all(float(r["ms_p99"]) >= float(r["ms_p50"]) > 0 for r in rows)  # type: ignore[arg-type]


def test_policy_simulation_gives_a_verdict() -> None:
    rows = _lines("policy_simulation.py", "--learners", "3", "--seed", "2")
    assert rows[0]["policy"] == "fixed"
    assert [r["threshold"] for r in rows[1:-1]] == [
        0.94,
        0.95,
        0.96,
        0.97,
        0.98,
        0.985,
        0.99,
        0.995,
    ]
    assert "verdict" in rows[-1]
