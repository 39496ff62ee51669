"""`ResponseLog`: learners' answers as parallel arrays, the input of every tracer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Int8Array = npt.NDArray[np.int8]
_A = TypeVar("_A", bound=np.ndarray[Any, Any])


@dataclass(frozen=True, slots=True, eq=False)
class ResponseLog:
    """Answers of learners to skills (and optionally items), one row per answer.

    Rows are ordered by learner, then by time within each learner. Build one with
    `ResponseLog.from_arrays`, which checks the invariants below.

    Attributes:
        learner: (n,) index into `learners`, non-decreasing.
        skill: (n,) index into `skills`.
        correct: (n,) 1 for a correct answer, 0 for a wrong one.
        learners: names of the learners.
        skills: names of the skills.
        item: (n,) index into `items`, or None when the source has no items.
        items: names of the items (empty when `item` is None).
    """

    learner: IntArray
    skill: IntArray
    correct: Int8Array
    learners: tuple[str, ...]
    skills: tuple[str, ...]
    item: IntArray | None = None
    items: tuple[str, ...] = ()

    def __len__(self) -> int:
        return int(self.correct.shape[0])

    @classmethod
    def from_arrays(
        cls,
        *,
        learner: npt.ArrayLike,
        skill: npt.ArrayLike,
        correct: npt.ArrayLike,
        learners: Sequence[str],
        skills: Sequence[str],
        item: npt.ArrayLike | None = None,
        items: Sequence[str] = (),
    ) -> ResponseLog:
        """Convert, check and freeze the arrays of a log.

        Raises:
            ValueError: shapes differ, an index is out of range, `correct` is not 0/1,
                learners are not grouped in order, or names repeat.
        """
        learner_a = _index_array(learner, "learner", len(learners))
        skill_a = _index_array(skill, "skill", len(skills))
        correct_raw = np.asarray(correct)
        n = learner_a.shape[0]
        problems: list[str] = []
        if skill_a.shape[0] != n or correct_raw.shape != (n,):
            problems.append(
                f"learner, skill and correct must have one equal length; got {n}, "
                f"{skill_a.shape[0]} and shape {correct_raw.shape}"
            )
        if correct_raw.size and not np.isin(correct_raw, (0, 1)).all():
            problems.append("correct must hold only 0 and 1")
        if n > 1 and (np.diff(learner_a) < 0).any():
            problems.append("rows must be ordered by learner (learner index non-decreasing)")
        item_a: IntArray | None = None
        if item is not None:
            item_a = _index_array(item, "item", len(items))
            if item_a.shape[0] != n:
                problems.append(f"item has length {item_a.shape[0]}, expected {n}")
        elif items:
            problems.append("items given without an item array")
        for label, names in (("learners", learners), ("skills", skills), ("items", items)):
            if len(set(names)) != len(names):
                problems.append(f"{label} names repeat")
        if problems:
            raise ValueError("invalid ResponseLog: " + "; ".join(problems))
        return cls(
            learner=_frozen(learner_a),
            skill=_frozen(skill_a),
            correct=_frozen(correct_raw.astype(np.int8)),
            learners=tuple(learners),
            skills=tuple(skills),
            item=None if item_a is None else _frozen(item_a),
            items=tuple(items),
        )


def _index_array(values: npt.ArrayLike, name: str, n_names: int) -> IntArray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"invalid ResponseLog: {name} must be 1-D, got shape {array.shape}")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"invalid ResponseLog: {name} must hold integers, got {array.dtype}")
    result = array.astype(np.int64)
    if result.size and (result.min() < 0 or result.max() >= n_names):
        raise ValueError(
            f"invalid ResponseLog: {name} indices must lie in [0, {n_names}), "
            f"got [{result.min()}, {result.max()}]"
        )
    return result


def _frozen(array: _A) -> _A:
    """Own the data (copying views) and make it read-only, so a log cannot change."""
    if not array.flags.owndata:
        array = array.copy()
    array.flags.writeable = False
    return array
