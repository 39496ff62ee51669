"""Counts of each learner's earlier answers: the features of Best-LR (numpy only)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def earlier_counts(
    group: IntArray, correct: IntArray, answer: IntArray | None = None
) -> tuple[IntArray, IntArray]:
    """Right and wrong answers before each row within its group (rows in time order).

    Args:
        group: (n,) a key per row (e.g. learner, or learner and skill); rows of one
            group are in time order.
        correct: (n,) 0/1.
        answer: (n,) a key per answer (rows of one answer are consecutive), or None
            when each row is an answer: rows of one answer share the counts of the rows
            before that answer, so none sees another skill of the same answer.

    Returns:
        (wins, fails), each (n,): counts over the group's earlier answers only.
    """
    n = group.shape[0]
    order = np.argsort(group, kind="stable")
    key, right = group[order], correct[order]
    first = np.r_[True, key[1:] != key[:-1]] if n else np.zeros(0, dtype=bool)
    start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    right_before = np.cumsum(right) - right
    wins_sorted = right_before - right_before[start]
    fails_sorted = np.arange(n) - start - wins_sorted
    if answer is not None and n:
        same = answer[order]
        opens = first | np.r_[True, same[1:] != same[:-1]]  # an answer's first row in the group
        run = np.maximum.accumulate(np.where(opens, np.arange(n), 0))
        wins_sorted, fails_sorted = wins_sorted[run], fails_sorted[run]
    wins, fails = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    wins[order], fails[order] = wins_sorted, fails_sorted
    return wins, fails


def count_features(
    learner: IntArray, skill: IntArray, correct: IntArray, answer: IntArray | None = None
) -> FloatArray:
    """(n, 4) log(1 + count) of earlier right/wrong answers on the row's skill, then overall.

    `answer`: see `earlier_counts` (rows of one answer count only the answers before it).
    """
    per_skill = earlier_counts(learner * (int(skill.max(initial=0)) + 1) + skill, correct, answer)
    overall = earlier_counts(learner, correct, answer)
    return np.log1p(np.stack([*per_skill, *overall], axis=1).astype(np.float64))
