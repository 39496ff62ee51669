"""load_bank raises one BankError that lists every problem, sorted by file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.errors import BankError, ItsError
from its.items import load_bank, validate_bank


def break_bank(bank: Path) -> None:
    """Put three mistakes in two files of a copy of the valid bank."""
    competencies = bank / "competencies.yaml"
    competencies.write_text(
        competencies.read_text().replace(
            "prerequisites: [digital-literacy]\n", "prerequisites: [x]\n"
        )
    )
    items = bank / "items" / "01-digital-literacy.yaml"
    text = items.read_text().replace("  answer: b\n", "  answer: c\n", 1)
    items.write_text(text.replace("  difficulty: 0.2\n", "  difficulty: 2\n"))


def test_bank_error_lists_all_problems_sorted(bank_ok_copy: Path) -> None:
    break_bank(bank_ok_copy)
    with pytest.raises(BankError) as raised:
        load_bank(bank_ok_copy)
    lines = str(raised.value).splitlines()
    items = bank_ok_copy / "items" / "01-digital-literacy.yaml"
    assert lines == [
        f'{bank_ok_copy / "competencies.yaml"}:14:19: E102 unknown competency "x"; '
        "known competencies: ai-basics, digital-literacy, information",
        f'{items}:15:11: E103 answer "c" is not one of the choices a, b',
        f"{items}:46:15: E105 difficulty must be between 0 and 1, got 2",
    ]
    assert lines == [str(problem) for problem in validate_bank(bank_ok_copy)]


def test_bank_error_is_an_its_error(bank_ok_copy: Path) -> None:
    break_bank(bank_ok_copy)
    with pytest.raises(ItsError, match=re.escape('E103 answer "c" is not one of the choices a, b')):
        load_bank(bank_ok_copy)


def test_missing_folder_is_one_problem(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(
        BankError, match=re.escape(f"{missing}: E107 the bank folder does not exist")
    ):
        load_bank(missing)


def test_a_file_is_not_a_bank(tmp_path: Path) -> None:
    file = tmp_path / "bank.yaml"
    file.write_text("[]")
    assert [str(p) for p in validate_bank(file)] == [
        f"{file}: E107 the bank folder is not a folder"
    ]


def test_paths_in_messages_keep_the_folder_as_given(
    bank_ok_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_bank(bank_ok_copy)
    monkeypatch.chdir(bank_ok_copy.parent)
    problems = validate_bank("bank/")
    assert {problem.path for problem in problems} == {
        "bank/competencies.yaml",
        "bank/items/01-digital-literacy.yaml",
    }
