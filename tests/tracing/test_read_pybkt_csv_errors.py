"""Each malformed pyBKT CSV raises DataFormatError naming file:line, column and expectation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.datasets import read_pybkt_csv

HEADER = "user_id,skill_name,correct,order_id\n"
CASES = {
    "empty_file": ("", ": empty file; expected a CSV header with columns user_id, skill_name"),
    "header_only": (HEADER, ": no answers after the header"),
    "missing_column": (
        "user,skill_name,correct,order_id\n1,a,1,1\n",
        ":1: missing column `user_id` (learner); columns are user, skill_name, correct, "
        "order_id; map fields to columns with --columns FIELD=COLUMN,... (fields: learner, "
        "skill, correct, order, item), or try --format dkvmn",
    ),
    "missing_columns": (
        "1,2,3\n",
        ":1: missing columns `user_id` (learner), `skill_name` (skill), `correct` (correct), "
        "`order_id` (order); columns are 1, 2, 3",
    ),
    "non_integer_order": (
        HEADER + "1,a,1,first\n",
        ":2: column `order_id`: expected an integer order (64-bit), got 'first'",
    ),
    "order_too_large": (
        HEADER + "1,a,1,99999999999999999999\n",
        ":2: column `order_id`: expected an integer order (64-bit), got '99999999999999999999'",
    ),
    "not_zero_one": (
        HEADER + "1,a,1,1\n1,a,0.5,2\n",
        ":3: column `correct`: expected 0 or 1, got '0.5'",
    ),
    "unquoted_comma": (
        HEADER + "1,Addition, Subtraction,1,1\n",
        ":2: expected 4 fields as in the header, found 5; quote values that contain commas",
    ),
    "empty_skill": (HEADER + "1,,1,1\n", ":2: column `skill_name`: empty skill name"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_csv_names_the_place(tmp_path: Path, case: str) -> None:
    text, message = CASES[case]
    path = tmp_path / f"{case}.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}{message}")):
        read_pybkt_csv(path)


def test_many_faults_are_collected_and_capped(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text(HEADER + "".join(f"1,a,yes,{k}\n" for k in range(25)), encoding="utf-8")
    with pytest.raises(DataFormatError) as caught:
        read_pybkt_csv(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == 21
    assert lines[0] == f"{path}:2: column `correct`: expected 0 or 1, got 'yes'"
    assert lines[-1] == "... and 5 more problems"
