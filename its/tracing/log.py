"""`ResponseLog`: learners' answers as parallel arrays, the input of every tracer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError

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
        answer: (n,) index of the answer each row comes from, non-decreasing, or None
            when every row is an answer of its own. An answer tagged with several
            skills becomes consecutive rows, one per skill, sharing this index (see
            `its.tracing.datasets`); a tracer must predict all of them from the state
            before that answer, and metrics count each row.
    """

    learner: IntArray
    skill: IntArray
    correct: Int8Array
    learners: tuple[str, ...]
    skills: tuple[str, ...]
    item: IntArray | None = None
    items: tuple[str, ...] = ()
    answer: IntArray | None = None

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
        answer: npt.ArrayLike | None = None,
    ) -> ResponseLog:
        """Convert, check and freeze the arrays of a log.

        Raises:
            DataFormatError: `correct` holds a value other than 0 and 1 (the data's
                fault: the message names the first such row and its learner, and lists
                any other problem too).
            ValueError: shapes differ, an index is out of range, learners are not
                grouped in order, or names repeat.
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
        bad_correct = _bad_correct(correct_raw, learner_a, learners)
        if bad_correct:
            problems.insert(0, bad_correct)
        if n > 1 and (np.diff(learner_a) < 0).any():
            problems.append("rows must be ordered by learner (learner index non-decreasing)")
        item_a: IntArray | None = None
        if item is not None:
            item_a = _index_array(item, "item", len(items))
            if item_a.shape[0] != n:
                problems.append(f"item has length {item_a.shape[0]}, expected {n}")
        elif items:
            problems.append("items given without an item array")
        answer_a = None if answer is None else _answer_array(answer, learner_a, correct_raw)
        if isinstance(answer_a, str):
            problems.append(answer_a)
        for label, names in (("learners", learners), ("skills", skills), ("items", items)):
            if len(set(names)) != len(names):
                problems.append(f"{label} names repeat")
        if problems:
            error = DataFormatError if bad_correct else ValueError
            raise error("invalid ResponseLog: " + "; ".join(problems))
        return cls(
            learner=_frozen(learner_a),
            skill=_frozen(skill_a),
            correct=_frozen(correct_raw.astype(np.int8)),
            learners=tuple(learners),
            skills=tuple(skills),
            item=None if item_a is None else _frozen(item_a),
            items=tuple(items),
            answer=None if answer_a is None or isinstance(answer_a, str) else _frozen(answer_a),
        )


def _bad_correct(correct: npt.NDArray[Any], learner: IntArray, learners: Sequence[str]) -> str:
    """What is wrong with `correct` (values other than 0 and 1), naming the first such
    row and its learner; "" when nothing is."""
    flat = correct.reshape(-1)
    bad = np.flatnonzero(~np.isin(flat, (0, 1)))
    if not bad.size:
        return ""
    row = int(bad[0])
    whose = f" (learner {learners[int(learner[row])]!r})" if row < learner.shape[0] else ""
    more = f"; {bad.size} rows like this" if bad.size > 1 else ""
    return f"correct must hold only 0 and 1: row {row}{whose} has {flat[row].item()!r}{more}"


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


def _answer_array(
    values: npt.ArrayLike, learner: IntArray, correct: npt.NDArray[Any]
) -> IntArray | str:
    """The answer index as an array, or what is wrong with it."""
    array = np.asarray(values)
    if array.shape != learner.shape or (array.size and not np.issubdtype(array.dtype, np.integer)):
        return f"answer must be {learner.shape[0]} integers, got shape {array.shape}"
    result = array.astype(np.int64)
    if result.size > 1:
        same = np.diff(result) == 0
        if (np.diff(result) < 0).any():
            return "answer indices must be non-decreasing"
        if correct.shape == learner.shape and (
            (np.diff(learner)[same] != 0).any() or (np.diff(correct)[same] != 0).any()
        ):
            return "rows of one answer must share the learner and the correctness"
    return result


def _frozen(array: _A) -> _A:
    """Own the data (copying views) and make it read-only, so a log cannot change."""
    if not array.flags.owndata:
        array = array.copy()
    array.flags.writeable = False
    return array
