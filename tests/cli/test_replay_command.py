"""`its replay`: a table by default, one JSON object with --json, clear errors otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from its.cli import cli

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "assist2009_sample.csv"


def test_json_has_the_metrics_and_time_at_the_top(kt_data: Path) -> None:
    folder = kt_data / "synthetic"
    train, test = (str(folder / f"naive_c5_q50_s4000_v0_{s}.csv") for s in ("train", "test"))
    result = CliRunner().invoke(cli, ["replay", train, test, "--format", "dkvmn", "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert {"auc", "rmse", "accuracy", "log_loss", "seconds"} <= set(row)
    assert 0.6 < row["auc"] < 0.7 and row["seconds"] > 0


def test_table_on_a_pybkt_csv() -> None:
    result = CliRunner().invoke(cli, ["replay", str(SAMPLE), str(SAMPLE), "--format", "pybkt"])
    assert result.exit_code == 0, result.output
    header, values = result.stdout.splitlines()
    assert header.split()[:6] == ["model", "auc", "rmse", "accuracy", "log_loss", "seconds"]
    assert values.split()[0] == "bkt"


def test_a_file_of_the_wrong_format_names_the_file_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "log.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["replay", str(bad), str(bad), "--format", "pybkt"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:1: missing columns")
    assert "Traceback" not in result.output


def test_an_unknown_model_exits_1() -> None:
    result = CliRunner().invoke(cli, ["replay", str(SAMPLE), str(SAMPLE), "--model", "nope"])
    assert result.exit_code == 1
    assert "unknown model 'nope'" in result.stderr


def test_an_undefined_auc_is_null_in_strict_json(tmp_path: Path) -> None:
    log = tmp_path / "all_right.csv"
    log.write_text("user_id,skill_name,correct,order_id\nu,s,1,1\nu,s,1,2\nv,s,1,3\n", "utf-8")
    result = CliRunner().invoke(cli, ["replay", str(log), str(log), "--format", "pybkt", "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    assert row["auc"] is None and row["accuracy"] == 1.0
    assert "auc undefined: every test answer has the same correctness" in result.stderr
