"""Every --seed is checked by click (0..2**32-1): a usage error, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from its.cli import cli

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "assist2009_sample.csv"


@pytest.mark.parametrize(
    "arguments",
    [
        ["replay", str(SAMPLE), str(SAMPLE), "--model", "bkt", "--seed", "-5"],
        ["replay", str(SAMPLE), str(SAMPLE), "--model", "dkt", "--seed", "-5"],
        ["replay", str(SAMPLE), str(SAMPLE), "--model", "bkt-bayes", "--seed", "-1"],
        ["replay", str(SAMPLE), str(SAMPLE), "--model", "bkt-bayes", "--seed", "4294967296"],
        ["train", str(SAMPLE), "--model", "bkt", "--seed", "-5", "-o", "m.json"],
        ["simulate", "--seed", "-1"],
        ["learn", "--seed", "4294967296"],
    ],
)
def test_a_seed_out_of_range_is_a_usage_error(arguments: list[str]) -> None:
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2
    assert "Invalid value for '--seed'" in result.output and "0<=x<=4294967295" in result.output
    assert "Traceback" not in result.output
