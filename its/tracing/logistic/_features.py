"""Counts of each learner's earlier answers: the features of Best-LR (numpy only)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def earlier_counts(group: IntArray, correct: IntArray) -> tuple[IntArray, IntArray]:
    """Right and wrong answers before each row within its group (rows in time order).

    Args:
        group: (n,) a key per row (e.g. learner, or learner and skill); rows of one
            group are in time order.
        correct: (n,) 0/1.

    Returns:
        (wins, fails), each (n,): counts over the group's earlier rows only.
    """
    n = group.shape[0]
    order = np.argsort(group, kind="stable")
    key, right = group[order], correct[order]
    first = np.r_[True, key[1:] != key[:-1]] if n else np.zeros(0, dtype=bool)
    start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    right_before = np.cumsum(right) - right
    wins_sorted = right_before - right_before[start]
    fails_sorted = np.arange(n) - start - wins_sorted
    wins, fails = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    wins[order], fails[order] = wins_sorted, fails_sorted
    return wins, fails


def count_features(learner: IntArray, skill: IntArray, correct: IntArray) -> FloatArray:
    """(n, 4) log(1 + count) of earlier right/wrong answers on the row's skill, then overall."""
    per_skill = earlier_counts(learner * (int(skill.max(initial=0)) + 1) + skill, correct)
    overall = earlier_counts(learner, correct)
    return np.log1p(np.stack([*per_skill, *overall], axis=1).astype(np.float64))
