"""A row repeating an earlier one (same learner, order, skill) is merged, with a warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.tracing.datasets import read_log
from its.tracing.readers._common import ReaderWarning


def test_repeated_rows_are_merged_with_their_count_and_first_line(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("order_id,user_id,skill_name,correct\n1,u1,A,0\n1,u1,A,0\n1,u1,A,0\n", "utf-8")
    message = f"{path}:3: 2 duplicate rows (the same learner, order and skill"
    with pytest.warns(ReaderWarning, match=re.escape(message)):
        log = read_log(path, "pybkt")
    assert len(log) == 1 and log.correct.tolist() == [0]
