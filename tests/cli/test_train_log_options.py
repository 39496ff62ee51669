"""`its train` reads logs as `its replay` does (one --format/--columns definition), says
plainly when the output folder is missing, and replaces the model file only when complete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from its.cli import cli
from its.tracing.bkt.model import BKT
from its.tracing.replay import train

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "assist2009_sample.csv"


def _options(command: str) -> dict[str, object]:
    params = {p.name: p for p in cli.commands[command].params}  # type: ignore[attr-defined]
    return {name: (params[name].type, params[name].help) for name in ("fmt", "columns")}


def test_train_and_replay_share_the_format_and_column_options() -> None:
    train, replay = _options("train"), _options("replay")
    assert repr(train) == repr(replay)
    assert list(train["fmt"][0].choices) == ["dkvmn", "pybkt", "datashop", "its-db"]  # type: ignore[index]


def test_train_reads_datashop_with_a_column_map(tmp_path: Path) -> None:
    log = tmp_path / "steps.txt"
    rows = [f"s{k % 7}\t{k}\t{'CORRECT' if k % 3 else 'INCORRECT'}\tk{k % 2}" for k in range(60)]
    log.write_text("Anon Student Id\tTime\tOutcome\tKC (Steps)\n" + "\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "bkt.json"
    result = CliRunner().invoke(
        cli,
        [
            "train", str(log), "--model", "bkt", "--format", "datashop",
            "--columns", "skill=KC (Steps)", "-o", str(out), "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["path"] == str(out)
    assert sorted(json.loads(out.read_text("utf-8"))["skills"]) == ["k0", "k1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bkt.json", "steps.txt"]


def test_a_missing_output_folder_is_an_error_before_the_fit(tmp_path: Path) -> None:
    out = tmp_path / "nodir" / "b.json"
    result = CliRunner().invoke(
        cli, ["train", str(SAMPLE), "--model", "bkt", "--format", "pybkt", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert f"Error: {out}: the folder {out.parent} does not exist" in result.output
    assert "Traceback" not in result.output


def test_an_interrupted_save_keeps_the_old_file_and_no_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "bkt.json"
    out.write_text("the previous model\n", encoding="utf-8")

    def half_then_ctrl_c(self: BKT, path: str) -> None:
        Path(path).write_text('{"half": ', encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(BKT, "save", half_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        train(SAMPLE, out, fmt="pybkt", model="bkt")
    assert out.read_text("utf-8") == "the previous model\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bkt.json"]


def test_one_column_given_for_two_fields_is_refused(tmp_path: Path) -> None:
    args = ["train", str(SAMPLE), "--model", "bkt", "--format", "pybkt"]
    args += ["--columns", "learner=user_id,skill=user_id", "-o", str(tmp_path / "b.json")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --columns: column 'user_id' is given for both learner and skill; "
        "map each field to its own column\n"
    )
