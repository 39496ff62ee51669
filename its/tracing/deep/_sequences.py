"""Learners' answers as windows of ids: the numpy side of the deep models (no torch here).

Index 0 of every vocabulary is "unknown" (a skill or item absent from training); known
names get 1..K. Interactions are coded `2 * skill + correct`.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from its.tracing.log import ResponseLog

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class Coded:
    """A log's rows as vocabulary indices, rows in the log's order.

    Attributes:
        skill: (n,) 0 = unknown, else 1..n_skills.
        item: (n,) 0 = unknown, else 1..n_items (the skill when the log has no items).
        correct: (n,) 0/1.
        starts: (n_learners + 1,) row offsets of each learner's answers.
        answer_start: (n,) the first row of each row's answer (the row itself unless
            the answer has several skills, see `ResponseLog.answer`): every row of an
            answer is predicted from the rows before `answer_start` only.
    """

    skill: IntArray
    item: IntArray
    correct: IntArray
    starts: IntArray
    answer_start: IntArray


@dataclass(frozen=True, slots=True)
class Window:
    """Rows `start:stop` of one learner go in; rows `score_from:stop` are scored."""

    start: int
    stop: int
    score_from: int


def vocabulary(names: Sequence[str]) -> dict[str, int]:
    """Name -> index 1..K, in the given order (0 stays "unknown")."""
    return {name: k + 1 for k, name in enumerate(names)}


def item_names(log: ResponseLog) -> tuple[str, ...]:
    """The names that play the item role: items when the log has them, else skills."""
    return log.items if log.item is not None else log.skills


def code(log: ResponseLog, skills: dict[str, int], items: dict[str, int]) -> Coded:
    """Map `log` onto the training vocabularies (unknown names -> 0)."""
    skill_map = np.array([skills.get(name, 0) for name in log.skills] or [0], dtype=np.int64)
    item_rows = log.item if log.item is not None else log.skill
    item_map = np.array([items.get(name, 0) for name in item_names(log)] or [0], dtype=np.int64)
    counts = np.bincount(log.learner, minlength=len(log.learners))
    return Coded(
        skill=skill_map[log.skill],
        item=item_map[item_rows],
        correct=log.correct.astype(np.int64),
        starts=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        answer_start=answer_starts(log),
    )


def answer_starts(log: ResponseLog) -> IntArray:
    """(n,) the first row of each row's answer (rows of one answer are consecutive)."""
    rows = np.arange(len(log), dtype=np.int64)
    if log.answer is None or len(log) == 0:
        return rows
    first = np.r_[True, log.answer[1:] != log.answer[:-1]]
    return np.maximum.accumulate(np.where(first, rows, 0))


def windows(starts: IntArray, *, length: int | None, stride: int | None = None) -> list[Window]:
    """Cover every row of every learner, each scored exactly once.

    Args:
        starts: learner row offsets, as in `Coded.starts`.
        length: most rows per window; None for whole learners (a recurrent model
            carries its state over the full length).
        stride: rows scored per window after the first; each later window keeps the
            `length - stride` rows before them as context. None: disjoint windows.

    Returns:
        Windows ordered by learner, then by position.
    """
    found: list[Window] = []
    for first, last in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        if length is None or last - first <= length:
            if last > first:
                found.append(Window(first, last, first))
            continue
        step = length if stride is None else stride
        found.append(Window(first, first + length, first))
        scored = first + length
        while scored < last:
            stop = min(scored + step, last)
            found.append(Window(max(first, stop - length), stop, scored))
            scored = stop
    return found


def training_windows(starts: IntArray, *, length: int, rng: np.random.Generator) -> list[Window]:
    """Disjoint windows of at most `length` rows covering every row once, with each long
    learner's first cut at a random place (1..length rows in).

    Drawn anew each epoch, the cuts fall at other places every time, so the model learns
    from states at every depth of a window and from every run of answers, not from the
    same fixed slices (a fixed cut always restarts the state at rows 200, 400, ...).
    """
    found: list[Window] = []
    for first, last in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        if last - first <= length:
            if last > first:
                found.append(Window(first, last, first))
            continue
        cut = first + int(rng.integers(1, length + 1))
        found.append(Window(first, cut, first))
        while cut < last:
            stop = min(cut + length, last)
            found.append(Window(cut, stop, cut))
            cut = stop
    return found


def log_hash(log: ResponseLog) -> str:
    """SHA-256 of a log's content, for model files: each learner's answers in order (skill,
    item and correctness, by name), not what the learners are called nor in which order
    they come. A 3-line file names its learners after the file, and a CSV reader orders
    them by name, so a renamed copy must still hash alike; so must the same answers in
    another format."""
    skill = _name_ranks(log.skills)[log.skill]
    item = None if log.item is None else _name_ranks(log.items)[log.item]
    # Rows of one learner are consecutive: one digest per learner, sorted below.
    starts = [0, *(np.flatnonzero(np.diff(log.learner)) + 1).tolist(), len(log)]
    learners = []
    for first, stop in itertools.pairwise(starts if len(log) else []):
        digest = hashlib.sha256()
        for array in (skill, item, log.correct):
            if array is not None:
                digest.update(np.ascontiguousarray(array[first:stop], dtype=np.int64).tobytes())
        learners.append(digest.hexdigest())
    digest = hashlib.sha256()
    for names in (log.skills, log.items):
        digest.update("\x1f".join(sorted(names)).encode("utf-8") + b"\x1e")
    digest.update("".join(sorted(learners)).encode("ascii"))
    return digest.hexdigest()


def _name_ranks(names: Sequence[str]) -> IntArray:
    """Index -> rank of its name among `names` sorted: codes that do not depend on the
    order in which a reader met the names."""
    order = sorted(range(len(names)), key=lambda k: names[k])
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[order] = np.arange(len(names))
    return ranks
