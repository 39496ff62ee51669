"""Each malformed DataShop export raises DataFormatError naming file:line and the column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.datasets import read_log

HEAD = "Anon Student Id\tTime\tOutcome\tKC (Default)\n"
CASES = {
    "empty_file": ("", ": empty file; expected a tab-delimited DataShop export"),
    "no_kc_column": (
        "Anon Student Id\tTime\tOutcome\ns\t1\tCORRECT\n",
        ":1: missing column `KC (Default)` (skill); columns are Anon Student Id, Time, Outcome;"
        " map fields to columns with --columns FIELD=COLUMN,... (fields: learner, skill,"
        " correct, order, item), e.g. --columns skill=KC(x)",
    ),
    "no_student_column": (
        "Student\tTime\tOutcome\tKC (A)\ns\t1\tCORRECT\tk\n",
        ":1: missing column `Anon Student Id` (learner)",
    ),
    "bad_outcome": (HEAD + "s\t1\tCORRECT\tk\ns\t2\tMAYBE\tk\n", ":3: column `Outcome`: "),
    "bad_time": (
        HEAD + "s\t15/09/2010\tCORRECT\tk\n",
        ":2: column `Time`: expected a time like 2010-09-15 10:23:45 or a number, got '15/09/2010'",
    ),
    "not_finite_time": (HEAD + "s\tnan\tCORRECT\tk\n", ":2: column `Time`: expected a time"),
    "short_row": (HEAD + "s\t1\tCORRECT\n", ":2: expected 4 tab-separated fields"),
    "empty_student": (HEAD + " \t1\tCORRECT\tk\n", ":2: column `Anon Student Id`: empty"),
    "no_kc_anywhere": (HEAD + "s\t1\tCORRECT\t\n", ": no answers with a skill in column"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_export_names_the_place(tmp_path: Path, case: str) -> None:
    text, message = CASES[case]
    path = tmp_path / f"{case}.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}{message}")):
        read_log(path, "datashop")


def test_unknown_field_in_the_column_map(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(HEAD + "s\t1\tCORRECT\tk\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="unknown field kc in the column map"):
        read_log(path, "datashop", columns={"kc": "KC (Default)"})
