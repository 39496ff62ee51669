"""Each malformed 3-line file raises DataFormatError naming file:line and what was expected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.datasets import read_three_line

CASES = {
    "count_mismatch": (
        "3\n1,2,3,\n1,0,1,\n2\n4,5\n1\n",
        ":6: expected 2 correctness values (0/1) (the count on line 4), found 1",
    ),
    "ids_mismatch": ("2\n1,2,3\n1,0\n", ":2: expected 2 ids (the count on line 1), found 3"),
    "not_zero_one": ("2\n1,2\n1,2\n", ":3:3: expected 0 or 1 (answer 2), got '2'"),
    "empty_file": ("", ": empty file; expected the 3-line format"),
    "blank_file": ("\n \n", ": empty file; expected the 3-line format"),
    "bad_count": ("x\n1,2\n1,1\n", ":1: expected the number of answers (an integer), got 'x'"),
    "csv_header": (
        "user_id,skill_name,correct,order_id\n1,a,1,1\n",
        ":1: expected the number of answers (an integer), got 'user_id,skill_name,correct,"
        "order_id'; is this a CSV with a header? try --format pybkt",
    ),
    "datashop_header": (
        "Anon Student Id\tOutcome\tKC (Default)\ns1\tCORRECT\tk\n",
        ":1: expected the number of answers (an integer), got 'Anon Student Id\\tOutcome\\tKC "
        "(Default)'; is this a DataShop export? try --format datashop",
    ),
    "truncated": ("2\n1,2\n", ":1: the file ends inside a learner"),
    "non_integer_id": (
        "2\n1, q\n1,1\n",
        ":2:4: expected an integer id of at most 18 digits, got 'q'",
    ),
    "id_too_large": (
        "1\n99999999999999999999\n1\n",
        ":2:1: expected an integer id of at most 18 digits, got '99999999999999999999'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_file_names_the_place(tmp_path: Path, case: str) -> None:
    text, message = CASES[case]
    path = tmp_path / f"{case}.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}{message}")):
        read_three_line(path)


def test_all_faults_are_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "two_faults.csv"
    path.write_text("1\n1\n7\n1\n1\n1,1\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as caught:
        read_three_line(path)
    assert str(caught.value).splitlines() == [
        f"{path}:3:1: expected 0 or 1 (answer 1), got '7'",
        f"{path}:6: expected 1 correctness values (0/1) (the count on line 4), found 2",
    ]


def test_missing_file_is_a_data_format_error(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match=r"nope\.csv: does not exist; give an existing log"):
        read_three_line(tmp_path / "nope.csv")
