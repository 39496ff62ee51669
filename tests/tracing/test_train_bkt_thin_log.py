"""`its train --model bkt` on a log too small for the app: it still saves the file (exit 0)
but says on stderr what the fit means for learners. The tester's case: 6 learners gave
priors of 0.98-1.0, and a new learner then looked as if they knew everything."""

from __future__ import annotations

import json
from pathlib import Path

from _small_logs import ASSIST, write_head
from click.testing import CliRunner

from its.cli import cli


def _six_learners(kt_data: Path, folder: Path) -> Path:
    source = (kt_data / f"{ASSIST}_train1.csv").read_text(encoding="utf-8").splitlines()
    path = folder / "six.csv"
    path.write_text("\n".join(source[:18]) + "\n", encoding="utf-8")
    return path


def test_six_learners_warn_about_few_learners_and_priors_near_one(
    kt_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "six-bkt.json"
    args = ["train", str(_six_learners(kt_data, tmp_path)), "--model", "bkt", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert out.exists()
    priors = [s["prior"] for s in json.loads(out.read_text("utf-8"))["skills"].values()]
    assert max(priors) > 0.98  # the fault is real on this log
    lines = result.stderr.splitlines()
    few = [line for line in lines if "fewer than 20 learners" in line]
    near_one = [line for line in lines if "prior of 0.95 or more" in line]
    assert len(few) == 1 and few[0].startswith("warning: BKT: ")
    assert "fewest: 1" in few[0]
    assert len(near_one) == 1
    assert "starts every new learner as already knowing them" in near_one[0]
    assert "saved" in result.stderr + result.stdout


def test_a_log_with_many_learners_per_skill_gives_no_such_warning(
    kt_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bkt.json"
    train = write_head(kt_data, "train1", 200, tmp_path)  # synthetic-5: every learner, every skill
    result = CliRunner().invoke(cli, ["train", str(train), "--model", "bkt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    priors = [s["prior"] for s in json.loads(out.read_text("utf-8"))["skills"].values()]
    assert max(priors) < 0.95
    assert "learners each" not in result.stderr
    assert "prior of 0.95" not in result.stderr
