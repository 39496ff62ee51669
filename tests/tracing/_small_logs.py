"""Small slices of the real logs, so that the deep-model tests stay fast."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from its.tracing.datasets import read_log
from its.tracing.log import ResponseLog

SYNTHETIC = "synthetic/naive_c5_q50_s4000_v0"
ASSIST = "assist2009_updated/assist2009_updated"


def head(log: ResponseLog, n_learners: int) -> ResponseLog:
    """The first `n_learners` learners of `log` (all their answers)."""
    keep = log.learner < n_learners
    return ResponseLog.from_arrays(
        learner=log.learner[keep],
        skill=log.skill[keep],
        correct=log.correct[keep],
        learners=log.learners[:n_learners],
        skills=log.skills,
    )


@lru_cache(maxsize=8)
def _read(path: Path) -> ResponseLog:
    return read_log(path, "dkvmn")


def small_log(kt_data: Path, split: str, n_learners: int, dataset: str = SYNTHETIC) -> ResponseLog:
    """The first `n_learners` learners of a split (`train1`, `valid1`, `test`) of `dataset`."""
    return head(_read(kt_data / f"{dataset}_{split}.csv"), n_learners)


def with_changed_answers(log: ResponseLog, learner: int, after: int) -> ResponseLog:
    """`log` with the answers of `learner` from its `after`-th answer on flipped."""
    rows = np.flatnonzero(log.learner == learner)[after:]
    correct = log.correct.copy()
    correct[rows] = 1 - correct[rows]
    return ResponseLog.from_arrays(
        learner=log.learner,
        skill=log.skill,
        correct=correct,
        learners=log.learners,
        skills=log.skills,
    )


def write_head(kt_data: Path, split: str, n_learners: int, folder: Path) -> Path:
    """The first `n_learners` learners of a synthetic-5 split, as a 3-line file in `folder`."""
    source = (kt_data / f"{SYNTHETIC}_{split}.csv").read_text(encoding="utf-8").splitlines()
    path = folder / f"{split}.csv"
    path.write_text("\n".join(source[: 3 * n_learners]) + "\n", encoding="utf-8")
    return path


def two_skill_answers(log: ResponseLog) -> ResponseLog:
    """`log` with every answer tagged with a second skill (the next one by index), as a
    reader expands `a~~b`: two consecutive rows, same learner and correctness, one answer."""
    n_skills = len(log.skills)
    return ResponseLog.from_arrays(
        learner=np.repeat(log.learner, 2),
        skill=np.stack([log.skill, (log.skill + 1) % n_skills], axis=1).reshape(-1),
        correct=np.repeat(log.correct, 2),
        learners=log.learners,
        skills=log.skills,
        answer=np.repeat(np.arange(len(log)), 2),
    )


def with_flipped_answer(log: ResponseLog, answer: int) -> ResponseLog:
    """`log` with every row of one answer (all its skills) flipped."""
    assert log.answer is not None
    correct = log.correct.copy()
    rows = log.answer == answer
    correct[rows] = 1 - correct[rows]
    return ResponseLog.from_arrays(
        learner=log.learner,
        skill=log.skill,
        correct=correct,
        learners=log.learners,
        skills=log.skills,
        answer=log.answer,
    )
