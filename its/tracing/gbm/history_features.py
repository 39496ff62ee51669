"""What a learner's earlier answers say, as one row of numbers per answer (numpy only).

The features of the gradient-boosted tracer (`its.tracing.gbm.model`). Every row is
built from the answers before its own answer only (rows of one multi-skill answer share
that history), so a model over them is causal by construction.

Skill and item columns hold vocabulary codes (0 = unknown, NaN = no such earlier row,
which LightGBM reads as missing): the model treats them as categories, so it can learn
pairs such as (skill answered just before, skill asked), which on ASSISTments 2009 mark
the rows of one multi-skill problem. Other columns say "no such earlier answer" with -1.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]

NAMES: tuple[str, ...] = (
    "skill",
    "previous_skill",
    "previous_correct",
    "second_previous_skill",
    "second_previous_correct",
    "skill_answers",
    "skill_rights",
    "skill_rate",
    "skill_streak",
    "skill_last",
    "skill_second_last",
    "skill_third_last",
    "rows_since_skill",
    "position",
    "overall_rate",
    "rate_last_5",
    "rate_last_10",
    "rate_last_20",
    "skill_run",
    "skills_seen",
)
"""The columns without items, in order; a log with items adds `ITEM` last."""

ITEM = "item"
CATEGORICAL = ("skill", "previous_skill", "second_previous_skill", ITEM)
"""Columns that are codes, not quantities."""

_RECENT = (5, 10, 20)
_NONE = float("nan")  # a category column's "no such row" (LightGBM: missing)


def column_names(*, items: bool) -> tuple[str, ...]:
    """The feature columns, with the item column when the log has items."""
    return (*NAMES, ITEM) if items else NAMES


def history_features(
    starts: IntArray,
    skill: IntArray,
    correct: IntArray,
    answer_start: IntArray,
    item: IntArray | None = None,
    *,
    after: bool = False,
) -> FloatArray:
    """(n, columns) features of each row from the learner's earlier answers.

    Args:
        starts: (learners + 1,) row offsets of each learner's rows (rows in time order).
        skill: (n,) skill codes.
        correct: (n,) 0/1.
        answer_start: (n,) the first row of each row's answer; every row of an answer
            sees the rows before that one only.
        item: (n,) item codes, or None when the log has no items.
        after: describe instead the learner right after each row's answer, as asked
            the row's skill (and item) again next: what P(mastery) is predicted from.
    """
    names = column_names(items=item is not None)
    out = np.empty((skill.shape[0], len(names)), dtype=np.float32)
    for first, stop in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        _learner_rows(first, stop, skill, correct, answer_start, item, out, after=after)
    return out


class _History:
    """One learner's answers so far, as the features need them."""

    def __init__(self) -> None:
        self.skills: list[int] = []
        self.rights: list[int] = []
        self.rights_sum = [0]  # running totals, for the recent rates
        self.by_skill: dict[int, list[int]] = {}
        self.last_row: dict[int, int] = {}
        self.run = 0  # answers in a row on the last skill

    def add(self, skill: int, right: int) -> None:
        self.run = self.run + 1 if self.skills and self.skills[-1] == skill else 1
        self.last_row[skill] = len(self.skills)
        self.skills.append(skill)
        self.rights.append(right)
        self.rights_sum.append(self.rights_sum[-1] + right)
        self.by_skill.setdefault(skill, []).append(right)

    def row(self, skill: int) -> list[float]:
        """The features of asking `skill` now (the item column is added by the caller)."""
        seen = len(self.skills)
        on_skill = self.by_skill.get(skill, [])
        answers, rights = len(on_skill), sum(on_skill)
        return [
            skill,
            self.skills[-1] if seen else _NONE,
            self.rights[-1] if seen else -1,
            self.skills[-2] if seen > 1 else _NONE,
            self.rights[-2] if seen > 1 else -1,
            answers,
            rights,
            (rights + 1) / (answers + 2),
            _streak(on_skill),
            on_skill[-1] if answers else -1,
            on_skill[-2] if answers > 1 else -1,
            on_skill[-3] if answers > 2 else -1,
            seen - self.last_row[skill] if skill in self.last_row else -1,
            seen,
            (self.rights_sum[-1] + 1) / (seen + 2),
            *(self._recent_rate(size) for size in _RECENT),
            self.run if seen and self.skills[-1] == skill else 0,
            len(self.by_skill),
        ]

    def _recent_rate(self, size: int) -> float:
        seen = len(self.skills)
        if not seen:
            return -1.0
        window = min(size, seen)
        return (self.rights_sum[-1] - self.rights_sum[-1 - window]) / window


def _streak(answers: list[int]) -> int:
    """Length of the last run of equal answers: positive if right, negative if wrong."""
    if not answers:
        return 0
    last, length = answers[-1], 0
    for value in reversed(answers):
        if value != last:
            break
        length += 1
    return length if last else -length


def _learner_rows(
    first: int,
    stop: int,
    skill: IntArray,
    correct: IntArray,
    answer_start: IntArray,
    item: IntArray | None,
    out: FloatArray,
    *,
    after: bool,
) -> None:
    """Fill `out[first:stop]` for one learner, answer by answer."""
    history = _History()
    skills, rights = skill[first:stop].tolist(), correct[first:stop].tolist()
    items = None if item is None else item[first:stop].tolist()
    opens = answer_start[first:stop].tolist()
    row = 0
    while row < len(skills):
        end = row + 1
        while end < len(skills) and opens[end] == opens[row]:
            end += 1
        if after:
            for k in range(row, end):
                history.add(skills[k], rights[k])
        for k in range(row, end):
            values = history.row(skills[k])
            out[first + k, : len(values)] = values
            if items is not None:
                out[first + k, -1] = items[k]
        if not after:
            for k in range(row, end):
                history.add(skills[k], rights[k])
        row = end
