"""CSV structure faults name the line where they start: an unclosed quote, a field over
the csv size limit, a repeated header column, a row longer than the header."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.datasets import read_log

HEADER = "order_id,user_id,skill_name,correct\n"
DATASHOP = "Anon Student Id\tOutcome\tKC (A)\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + '1,u1,A,1\n2,u1,"A,1\n3,u1,B,0\n4,u1,B,1\n')
    with pytest.raises(DataFormatError, match=re.escape(f"{path}:3: unclosed quote")):
        read_log(path, "pybkt")


@pytest.mark.parametrize(("fmt", "header", "row"), [
    ("pybkt", HEADER, "2,u1,{},1\n"),
    ("datashop", DATASHOP, "s\tCORRECT\t{}\n"),
])  # fmt: skip
def test_a_field_over_the_csv_limit_is_a_line_fault(
    tmp_path: Path, fmt: str, header: str, row: str
) -> None:
    first = "1,u1,A,1\n" if fmt == "pybkt" else "s\tCORRECT\tk\n"
    path = _write(tmp_path, header + first + row.format("x" * 140_000))
    with pytest.raises(DataFormatError, match=re.escape(f"{path}:3: a field longer than 131,072")):
        read_log(path, fmt)


def test_a_repeated_header_column_names_both_positions(tmp_path: Path) -> None:
    path = _write(tmp_path, "order_id,user_id,correct,skill_name,correct\n1,u1,1,A,0\n")
    message = f"{path}:1: the header repeats a column: `correct` (correct) is columns 3 and 5"
    with pytest.raises(DataFormatError, match=re.escape(message)):
        read_log(path, "pybkt")


def test_a_datashop_row_longer_than_the_header_is_a_fault(tmp_path: Path) -> None:
    path = _write(tmp_path, DATASHOP + "s\tCORRECT\tk\ns\tCORRECT\tk\textra\n")
    message = f"{path}:3: expected 3 tab-separated fields as in the header, found 4"
    with pytest.raises(DataFormatError, match=re.escape(message)):
        read_log(path, "datashop")


def test_a_tab_delimited_file_read_as_pybkt_suggests_datashop(tmp_path: Path) -> None:
    path = _write(tmp_path, "user_id\tskill_name\tcorrect\torder_id\nu1\tA\t1\t1\n")
    with pytest.raises(DataFormatError, match="tab-delimited: try --format datashop"):
        read_log(path, "pybkt")
