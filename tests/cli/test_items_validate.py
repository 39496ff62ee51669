"""`its items validate`: text and JSON reports, exit status, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from its.cli import cli

BANK_BAD = Path(__file__).resolve().parents[1] / "data" / "bank_bad"


def test_the_bundled_bank_is_valid_and_counted() -> None:
    result = CliRunner().invoke(cli, ["items", "validate", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["problems"] == []
    assert report["competencies"] >= 8 and report["items"] >= 60


def test_a_broken_bank_lists_file_line_messages_and_exits_1() -> None:
    bank = BANK_BAD / "E104_prerequisite_cycle"
    result = CliRunner().invoke(cli, ["items", "validate", str(bank)])
    assert result.exit_code == 1
    expected = (bank / "expected.txt").read_text(encoding="utf-8").strip()
    assert expected.replace("{bank}", str(bank)) in result.stderr.splitlines()
    assert "Traceback" not in result.output


def test_json_report_of_a_broken_bank() -> None:
    bank = BANK_BAD / "E103_answer_not_in_choices"
    result = CliRunner().invoke(cli, ["items", "validate", str(bank), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["competencies"] == 2 and report["items"] == 1
    [problem] = report["problems"]
    assert problem["code"] == "E103" and problem["line"] is not None


def test_a_missing_folder_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["items", "validate", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "E107 the bank folder does not exist" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
