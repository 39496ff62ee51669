"""Every path a command is given is checked one way: a missing file, a folder, a FIFO or an
unreadable file is told as `Error: <path>: <what is wrong>` with exit status 1, never as
click's usage text with exit status 2, and before any work starts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from its.cli import cli

SYNTHETIC = "synthetic/naive_c5_q50_s4000_v0"

# {bad}: the path under test; {log}: a real log; {out}: a model file to write.
INPUT_FILES = {
    "train TRAIN": ["train", "{bad}", "-o", "{out}"],
    "train --valid": ["train", "{log}", "--valid", "{bad}", "-o", "{out}"],
    "train --test": ["train", "{log}", "--test", "{bad}", "-o", "{out}"],
    "replay TRAIN": ["replay", "{bad}", "{log}"],
    "replay TEST": ["replay", "{log}", "{bad}"],
    "replay --valid": ["replay", "{log}", "{log}", "--valid", "{bad}"],
    "learn --model": ["learn", "--model", "{bad}"],
}
FOLDERS = {"learn --bank": ["learn", "--bank", "{bad}"]}


def _run(template: list[str], bad: Path, kt_data: Path, tmp_path: Path) -> tuple[int, str]:
    values = {"bad": str(bad), "log": str(kt_data / f"{SYNTHETIC}_test.csv")}
    values["out"] = str(tmp_path / "model.npz")
    args = [part.format(**values) for part in template]
    result = CliRunner().invoke(cli, args, env={"ITS_DB": str(tmp_path / "its.db")})
    return result.exit_code, result.stderr


def _assert_our_form(code: int, stderr: str, bad: Path, what: str) -> None:
    assert code == 1, stderr
    assert stderr.startswith(f"Error: {bad}: {what}"), stderr
    assert "Usage:" not in stderr and "Invalid value" not in stderr and "Traceback" not in stderr


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "fifo.csv"
    os.mkfifo(path)
    yield path


@pytest.mark.parametrize("template", INPUT_FILES.values(), ids=INPUT_FILES.keys())
def test_an_input_file_that_is_missing_a_folder_or_a_fifo_gets_our_form(
    kt_data: Path, tmp_path: Path, fifo: Path, template: list[str]
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = {
        tmp_path / "missing.csv": "does not exist; give an existing ",
        folder: "is a folder, not a ",
        fifo: "is a FIFO (named pipe), not a regular file",
    }
    for bad, what in cases.items():
        _assert_our_form(*_run(template, bad, kt_data, tmp_path), bad, what)
    assert not (tmp_path / "model.npz").exists() and not (tmp_path / "its.db").exists()


@pytest.mark.parametrize("template", INPUT_FILES.values(), ids=INPUT_FILES.keys())
def test_an_unreadable_input_file_gets_our_form(
    kt_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: list[str]
) -> None:
    bad = tmp_path / "secret.csv"
    bad.write_text("1\n1\n1\n", encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: p != bad and real_access(p, mode))
    _assert_our_form(*_run(template, bad, kt_data, tmp_path), bad, "cannot read the ")


@pytest.mark.parametrize("template", FOLDERS.values(), ids=FOLDERS.keys())
def test_a_folder_that_is_missing_or_a_file_gets_our_form(
    kt_data: Path, tmp_path: Path, template: list[str]
) -> None:
    file = tmp_path / "bank.yaml"
    file.write_text("x: 1\n", encoding="utf-8")
    cases = {
        tmp_path / "no-bank": "does not exist; give an existing item bank folder",
        file: "is a file, not a folder",
    }
    for bad, what in cases.items():
        _assert_our_form(*_run(template, bad, kt_data, tmp_path), bad, what)


def test_o_that_is_a_folder_or_in_a_missing_folder_gets_our_form(
    kt_data: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    log = str(kt_data / f"{SYNTHETIC}_test.csv")
    result = CliRunner().invoke(cli, ["train", log, "-o", str(folder)])
    _assert_our_form(result.exit_code, result.stderr, folder, "is a folder; give a file name")
    inside = tmp_path / "nowhere" / "m.npz"
    result = CliRunner().invoke(cli, ["train", log, "-o", str(inside)])
    _assert_our_form(
        result.exit_code, result.stderr, inside, f"the folder {inside.parent} does not exist"
    )


@pytest.mark.parametrize("how", ["--db", "ITS_DB"])
def test_a_db_that_is_a_folder_or_a_fifo_gets_our_form(
    tmp_path: Path, fifo: Path, how: str
) -> None:
    for bad, what in {tmp_path: "is a folder; ", fifo: "is a FIFO (named pipe)"}.items():
        args, env = (["learn", "--db", str(bad)], {}) if how == "--db" else (["learn"], {})
        if how == "ITS_DB":
            env = {"ITS_DB": str(bad)}
        result = CliRunner().invoke(cli, args, env=env)
        _assert_our_form(result.exit_code, result.stderr, bad, what)


def test_an_empty_path_names_the_option() -> None:
    result = CliRunner().invoke(cli, ["learn", "--model", ""])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: '--model': the path is empty")


def test_train_on_dev_stdin_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    """The tester's case: `its train /dev/stdin` with a pipe on stdin blocked forever."""
    its = "import sys; from its.cli import main; sys.argv[0] = 'its'; main()"
    done = subprocess.run(
        [sys.executable, "-c", its, "train", "/dev/stdin", "-o", str(tmp_path / "m.npz")],
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: /dev/stdin: is a FIFO (named pipe), not a regular file")


def _commands(group: click.Group, prefix: str = "its") -> Iterator[tuple[str, click.Command]]:
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


def test_no_command_takes_a_path_with_clicks_own_checks() -> None:
    """click.Path's checks answer with usage text and exit 2: every path goes through ours,
    apart from `its items validate PATH`, whose missing folder is one of its problems."""
    unchecked = [
        f"{name} {param.name}"
        for name, command in _commands(cli)
        for param in command.params
        if isinstance(param.type, click.Path) and name != "its items validate"
    ]
    assert unchecked == []
