"""Each folder in tests/data/bank_bad/ breaks one rule; its expected.txt lists every problem.

A folder is named `<CODE>_<what>`; `{bank}` in expected.txt stands for the folder's path.
Comparing the whole list also pins that one mistake is reported once, without follow-ups.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.errors import BankError
from its.items import load_bank, validate_bank

BAD = Path(__file__).resolve().parents[1] / "data" / "bank_bad"
CASES = sorted(path for path in BAD.iterdir() if path.is_dir())


def expected_lines(bank: Path) -> list[str]:
    text = (bank / "expected.txt").read_text(encoding="utf-8")
    return [line.replace("{bank}", str(bank)) for line in text.splitlines()]


def test_every_error_code_has_a_bad_bank() -> None:
    codes = {case.name[:4] for case in CASES}
    assert codes == {"E001", "E002", "E003", "E004", "E005"} | {f"E10{n}" for n in range(1, 8)}


@pytest.mark.parametrize("bank", CASES, ids=[case.name for case in CASES])
def test_bad_bank_reports_exactly_the_expected_problems(bank: Path) -> None:
    problems = validate_bank(bank)
    assert [str(problem) for problem in problems] == expected_lines(bank)
    assert bank.name[:4] in {problem.code for problem in problems}


@pytest.mark.parametrize("bank", CASES, ids=[case.name for case in CASES])
def test_load_bank_raises_with_the_expected_line(bank: Path) -> None:
    first = next(line for line in expected_lines(bank) if f" {bank.name[:4]} " in line)
    with pytest.raises(BankError, match=re.escape(first)):
        load_bank(bank)
