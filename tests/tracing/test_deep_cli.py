"""`its train` shows progress and saves a plain-array file; `its replay --valid` picks epochs."""

from __future__ import annotations

import json
from pathlib import Path

from _small_logs import write_head
from click.testing import CliRunner

from its.cli import cli
from its.tracing.live.model_file import read_model_file


def test_train_reports_each_epoch_and_saves_settings_hash_and_metrics(
    kt_data: Path, tmp_path: Path
) -> None:
    train = write_head(kt_data, "train1", 40, tmp_path)
    valid = write_head(kt_data, "valid1", 20, tmp_path)
    out = tmp_path / "dkt.npz"
    args = ["train", str(train), "--valid", str(valid), "--test", str(valid), "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--epochs", "2", "--seed", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("epoch 1/2  loss ") and "valid AUC 0." in lines[0]
    assert "s left" in lines[1] and lines[-1].startswith(f"saved {out}")
    meta = read_model_file(out, model="dkt").meta
    assert meta["settings"]["epochs"] == 2 and meta["settings"]["random_state"] == 1
    assert len(meta["data_hash"]) == 64 and 0.0 < meta["metrics"]["valid_auc"] < 1.0
    assert 0.0 < meta["metrics"]["test_auc"] < 1.0


def test_replay_with_valid_keeps_the_metric_keys(kt_data: Path, tmp_path: Path) -> None:
    train = write_head(kt_data, "train1", 40, tmp_path)
    valid = write_head(kt_data, "valid1", 20, tmp_path)
    test = write_head(kt_data, "test", 20, tmp_path)
    args = ["replay", str(train), str(test), "--valid", str(valid), "--model", "dkt"]
    result = CliRunner().invoke(cli, [*args, "--seed", "0", "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert {"auc", "rmse", "accuracy", "log_loss", "seconds", "valid_auc", "best_epoch"} <= set(row)


def test_cuda_without_a_gpu_and_unknown_settings_are_clear_errors(
    kt_data: Path, tmp_path: Path
) -> None:
    train = write_head(kt_data, "train1", 10, tmp_path)
    out = str(tmp_path / "m.npz")
    result = CliRunner().invoke(cli, ["train", str(train), "-o", out, "--device", "cuda"])
    if result.exit_code == 0:  # a machine with a GPU: the model trained there
        assert read_model_file(out, model="dkt").meta["model"] == "dkt"
    else:
        assert result.exit_code == 1 and "no CUDA GPU" in result.stderr
    result = CliRunner().invoke(
        cli, ["train", str(train), "-o", out, "--model", "bkt", "--epochs", "2"]
    )
    assert result.exit_code == 1
    assert "Error: model 'bkt' has no setting 'epochs'" in result.stderr
