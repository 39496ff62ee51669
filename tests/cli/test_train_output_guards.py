"""`its train -o` never replaces a log it reads (by any path), writes through a link, takes
the suffix in any case and needs a name before it; an ensemble shows each member's epochs;
an SQLite file read as a text log suggests --format its-db."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from its.cli import cli
from its.tracing.live.model_file import read_model_file

SYNTHETIC = "synthetic/naive_c5_q50_s4000_v0"


def _log(kt_data: Path, split: str, folder: Path, name: str, learners: int = 10) -> Path:
    """The first `learners` learners of a synthetic-5 split, as a 3-line file `name`."""
    lines = (kt_data / f"{SYNTHETIC}_{split}.csv").read_text(encoding="utf-8").splitlines()
    path = folder / name
    path.write_text("\n".join(lines[: 3 * learners]) + "\n", encoding="utf-8")
    return path


def _train(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["train", *args])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("role", "text"),
    [("train", "the training log"), ("valid", "the --valid log"), ("test", "the --test log")],
)
def test_o_naming_a_log_it_reads_is_refused_and_the_log_kept(
    kt_data: Path, tmp_path: Path, role: str, text: str
) -> None:
    logs = {r: _log(kt_data, "train1", tmp_path, f"{r}.json") for r in ("train", "valid", "test")}
    before = logs[role].read_bytes()
    code, stderr = _train(
        str(logs["train"]),
        *("--valid", str(logs["valid"]), "--test", str(logs["test"])),
        *("--model", "bkt", "-o", str(logs[role])),
    )
    assert code == 1
    assert stderr.startswith(f"Error: {logs[role]}: -o is {text}")
    assert logs[role].read_bytes() == before


@pytest.mark.parametrize("kind", ["symlink", "hard link", "other spelling"])
def test_o_naming_the_training_log_by_another_path_is_refused(
    kt_data: Path, tmp_path: Path, kind: str
) -> None:
    train = _log(kt_data, "train1", tmp_path, "log.json")
    other = tmp_path / "other.json"
    if kind == "symlink":
        other.symlink_to(train)
    elif kind == "hard link":
        os.link(train, other)
    else:
        other = tmp_path / "sub" / ".." / "log.json"
        (tmp_path / "sub").mkdir()
    before = train.read_bytes()
    code, stderr = _train(str(train), "--model", "bkt", "-o", str(other))
    assert code == 1 and "-o is the training log" in stderr
    assert train.read_bytes() == before


def test_o_through_a_symlink_replaces_the_target_and_keeps_the_link(
    kt_data: Path, tmp_path: Path
) -> None:
    train = _log(kt_data, "train1", tmp_path, "train.csv")
    (tmp_path / "models").mkdir()
    target = tmp_path / "models" / "bkt.json"
    target.write_text("{}", encoding="utf-8")
    link = tmp_path / "current.json"
    link.symlink_to(target)
    code, stderr = _train(str(train), "--model", "bkt", "-o", str(link))
    assert code == 0, stderr
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert '"model": "bkt"' in target.read_text(encoding="utf-8")


def test_an_upper_case_suffix_is_accepted(kt_data: Path, tmp_path: Path) -> None:
    train = _log(kt_data, "train1", tmp_path, "train.csv")
    out = tmp_path / "M.NPZ"
    code, stderr = _train(str(train), "--model", "best-lr", "-o", str(out))
    assert code == 0, stderr
    assert read_model_file(out).meta["model"] == "best-lr"


@pytest.mark.parametrize(("model", "name"), [("best-lr", ".npz"), ("bkt", ".JSON")])
def test_a_suffix_without_a_name_is_refused(tmp_path: Path, model: str, name: str) -> None:
    log = tmp_path / "log.csv"
    log.write_text("1\n1\n1\n", encoding="utf-8")
    code, stderr = _train(str(log), "--model", model, "-o", str(tmp_path / name))
    assert code == 1 and f"give the model file a name before {name.lower()}" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]


def test_the_train_command_prints_the_member_before_each_epoch(
    kt_data: Path, tmp_path: Path
) -> None:
    train = _log(kt_data, "train1", tmp_path, "train.csv")
    valid = _log(kt_data, "valid1", tmp_path, "valid.csv")
    out = tmp_path / "e.npz"
    code, stderr = _train(
        *(str(train), "--valid", str(valid), "--model", "ensemble", "--epochs", "1"),
        *("-o", str(out)),
    )
    assert code == 0, stderr
    assert "dkt (1/8): epoch 1/1  loss " in stderr
    assert re.search(r"^gbm \(8/8\): tree \d+/2000  loss ", stderr, re.M)
    assert "valid AUC" in stderr and "s left" in stderr


def test_an_sqlite_file_read_as_a_text_log_suggests_its_db(tmp_path: Path) -> None:
    database = tmp_path / "ev.db"
    with sqlite3.connect(database) as connection:
        connection.execute("create table events (id integer)")
    connection.close()
    shutil.copy(database, tmp_path / "learners.csv")
    for path in (database, tmp_path / "learners.csv"):
        code, stderr = _train(str(path), "--model", "bkt", "-o", str(tmp_path / "m.json"))
        assert code == 1
        assert stderr.startswith(f"Error: {path}: an SQLite database, not a text log")
        assert "--format its-db" in stderr and "NUL" not in stderr
