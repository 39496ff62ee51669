"""ResponseLog.from_arrays checks its invariants and freezes the arrays."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from its.errors import DataFormatError
from its.tracing.log import ResponseLog

GOOD: dict[str, Any] = {
    "learner": [0, 0, 1],
    "skill": [1, 0, 1],
    "correct": [1, 0, 1],
    "learners": ["ann", "bob"],
    "skills": ["a", "b"],
}


def test_valid_log_is_typed_and_read_only() -> None:
    log = ResponseLog.from_arrays(**GOOD)
    assert len(log) == 3
    assert log.learner.dtype == np.int64 and log.correct.dtype == np.int8
    with pytest.raises(ValueError, match="read-only"):
        log.correct[0] = 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"skill": [1, 0]}, "one equal length"),
        ({"learner": [1, 0, 0]}, "ordered by learner"),
        ({"skill": [0, 2, 1]}, r"skill indices must lie in \[0, 2\)"),
        ({"learners": ["ann", "ann"]}, "learners names repeat"),
        ({"item": [0, 0, 0], "items": ()}, r"item indices must lie in \[0, 0\)"),
        ({"items": ("p1",)}, "items given without an item array"),
        ({"skill": [0.0, 1.0, 1.0]}, "skill must hold integers"),
    ],
)
def test_invalid_arrays_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ResponseLog.from_arrays(**{**GOOD, **change})


@pytest.mark.parametrize(
    ("correct", "message"),
    [
        ([1, 2, 1], "row 1 (learner 'ann') has 2"),
        ([1, 0, 0.5], "row 2 (learner 'bob') has 0.5"),
        ([-1, 0, float("nan")], "row 0 (learner 'ann') has -1.0; 2 rows like this"),
    ],
)
def test_correctness_other_than_0_1_is_a_data_error_naming_the_row(
    correct: list[float], message: str
) -> None:
    with pytest.raises(
        DataFormatError, match=re.escape(f"correct must hold only 0 and 1: {message}")
    ):
        ResponseLog.from_arrays(**{**GOOD, "correct": correct})
