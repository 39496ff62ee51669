"""`its replay` reads every format, takes a column map, and prints reader faults plainly."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from its.cli import cli
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate


def _datashop(path: Path, learners: int, *, kc: str = "KC (Default)", seed: int = 0) -> Path:
    """Simulated BKT learners written as a DataShop export (two skills per step)."""
    params = BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    log = simulate({"k": params}, n_learners=learners, n_answers=8, rng=np.random.default_rng(seed))
    lines = [f"Anon Student Id\tTime\tOutcome\t{kc}"]
    for k in range(len(log)):
        outcome = "CORRECT" if log.correct[k] else "INCORRECT"
        lines.append(f"s{log.learner[k]}\t{k}\t{outcome}\tk~~k [copy]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_replay_reads_datashop_with_a_column_map(tmp_path: Path) -> None:
    train = _datashop(tmp_path / "train.txt", 200, kc="KC (Steps)")
    test = _datashop(tmp_path / "test.txt", 50, kc="KC (Steps)", seed=1)
    result = CliRunner().invoke(
        cli,
        [
            "replay", str(train), str(test), "--format", "datashop",
            "--columns", "skill=KC (Steps),learner=Anon Student Id", "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    row = json.loads(result.output.strip().splitlines()[-1])
    assert row["n_test"] == 800  # 400 answers, two skills each
    assert row["auc"] > 0.6


def test_reader_faults_print_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("Anon Student Id\tTime\tOutcome\tKC (A)\ns\tsoon\tCORRECT\tk\n", "utf-8")
    result = CliRunner().invoke(cli, ["replay", str(path), str(path), "--format", "datashop"])
    assert result.exit_code == 1
    assert f"Error: {path}:2: column `Time`: expected a time" in result.output
    assert "Traceback" not in result.output


def test_a_malformed_column_map_is_refused(tmp_path: Path) -> None:
    path = _datashop(tmp_path / "log.txt", 10)
    result = CliRunner().invoke(
        cli, ["replay", str(path), str(path), "--format", "datashop", "--columns", "skill"]
    )
    assert result.exit_code == 1
    assert "Error: --columns: expected FIELD=COLUMN pairs" in result.output
