"""Counts, ids, orders and times are ASCII numbers: ``²``, ``٣`` and ``1_000`` are refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.datasets import read_log


def _write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("count", ["²", "٣", "1" * 5000])
def test_a_three_line_count_must_be_ascii_digits(tmp_path: Path, count: str) -> None:
    path = _write(tmp_path, f"{count}\n1\n1\n")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}:1: expected the number of")):
        read_log(path, "dkvmn")


@pytest.mark.parametrize("order", ["1_000", "٣", " +", "1" * 5000])
def test_a_csv_order_must_be_a_plain_integer(tmp_path: Path, order: str) -> None:
    path = _write(tmp_path, f"order_id,user_id,skill_name,correct\n{order},u1,A,1\n")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}:2: column `order_id`: expected")):
        read_log(path, "pybkt")


@pytest.mark.parametrize("time", ["1_000", "٣", "nan", "inf"])
def test_a_datashop_time_must_be_a_plain_number_or_time(tmp_path: Path, time: str) -> None:
    path = _write(tmp_path, f"Anon Student Id\tTime\tOutcome\tKC (A)\ns\t{time}\tCORRECT\tk\n")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}:2: column `Time`: expected")):
        read_log(path, "datashop")


def test_long_numeric_names_sort_without_converting(tmp_path: Path) -> None:
    big = "9" * 5000
    path = _write(tmp_path, f"order_id,user_id,skill_name,correct\n1,{big},10,1\n2,{big},9,0\n")
    log = read_log(path, "pybkt")
    assert log.skills == ("9", "10") and log.learners == (big,)
