"""Scoring a tracer on a log, pooled and per skill, and cross-validation by learner."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError
from its.tracing import metrics
from its.tracing.base import Tracer
from its.tracing.log import ResponseLog


@dataclass(frozen=True, slots=True)
class Scores:
    """The scores of some answers.

    Attributes:
        auc: area under the ROC curve, or None when the answers are all correct or all
            wrong (AUC is then undefined).
        rmse, accuracy, log_loss: see `its.tracing.metrics`.
        n: number of answers scored.
    """

    auc: float | None
    rmse: float
    accuracy: float
    log_loss: float
    n: int

    @classmethod
    def of(cls, y: npt.ArrayLike, p: npt.ArrayLike) -> Scores:
        values = metrics.evaluate(y, p)
        auc = values["auc"]
        return cls(
            auc=None if math.isnan(auc) else auc,
            rmse=values["rmse"],
            accuracy=values["accuracy"],
            log_loss=values["log_loss"],
            n=int(np.asarray(y).size),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "auc": self.auc,
            "rmse": self.rmse,
            "accuracy": self.accuracy,
            "log_loss": self.log_loss,
            "n": self.n,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores of a tracer's predictions on one log.

    Attributes:
        pooled: over every answer.
        per_skill: by skill name, for the skills with answers in the log.
        n_unseen: answers predicted with fallback parameters (`Prediction.unseen`).
    """

    pooled: Scores
    per_skill: dict[str, Scores]
    n_unseen: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the pooled scores at the top level, then ``per_skill``."""
        return {
            **self.pooled.to_dict(),
            "n_unseen": self.n_unseen,
            "per_skill": {skill: s.to_dict() for skill, s in self.per_skill.items()},
        }


def score(log: ResponseLog, p_correct: npt.ArrayLike, unseen: npt.ArrayLike) -> Evaluation:
    """Score predictions `p_correct` (n,) of the rows of `log`.

    Raises:
        DataFormatError: `log` has no answers.
        ValueError: some prediction is NaN or outside [0, 1] (a tracer's bug: refused,
            so that it never yields a NaN rmse beside a finite auc).
    """
    if len(log) == 0:
        raise DataFormatError("no answers to score: the log is empty")
    p = np.asarray(p_correct, dtype=np.float64)
    bad = np.flatnonzero(~((p >= 0.0) & (p <= 1.0)))
    if bad.size:
        raise ValueError(
            f"p_correct of row {int(bad[0])} is {float(p[bad[0]])!r}, not a probability "
            f"({bad.size} rows like this)"
        )
    y = log.correct
    order = np.argsort(log.skill, kind="stable")
    skills, starts = np.unique(log.skill[order], return_index=True)
    ends = np.r_[starts[1:], order.size]
    per_skill = {
        log.skills[int(k)]: Scores.of(y[order[a:b]], p[order[a:b]])
        for k, a, b in zip(skills.tolist(), starts.tolist(), ends.tolist(), strict=True)
    }
    return Evaluation(Scores.of(y, p), per_skill, int(np.asarray(unseen).sum()))


def evaluate_tracer(tracer: Tracer, log: ResponseLog) -> Evaluation:
    """Predict every row of `log` with a fitted `tracer` and score it."""
    prediction = tracer.predict(log)
    return score(log, prediction.p_correct, prediction.unseen)


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Outcome of `crossvalidate`.

    Attributes:
        folds: the evaluation of each held-out fold.
        pooled: the evaluation of every out-of-fold prediction together.
        fold_of_learner: fold of each learner (by name) that has answers.
    """

    folds: tuple[Evaluation, ...]
    pooled: Evaluation
    fold_of_learner: dict[str, int]

    def mean(self, metric: str) -> float | None:
        """Mean of `metric` over the folds (None if a fold has it undefined)."""
        values = [getattr(fold.pooled, metric) for fold in self.folds]
        return None if any(v is None for v in values) else float(np.mean(values))

    def to_dict(self) -> dict[str, Any]:
        return {
            "pooled": self.pooled.to_dict(),
            "folds": [fold.pooled.to_dict() for fold in self.folds],
        }


def crossvalidate(
    make: Callable[[], Tracer],
    log: ResponseLog,
    *,
    n_folds: int = 5,
    random_state: int | None = 0,
) -> CrossValidation:
    """K-fold cross-validation with folds of whole learners.

    The learners with answers are shuffled (seeded by `random_state`) and dealt into
    `n_folds` folds of near-equal size; each fold is scored by a tracer from `make()`
    fitted on the other folds. A learner's answers are never split across folds.

    Raises:
        ValueError: `n_folds` is not an integer >= 2.
        DataFormatError: the log has fewer learners with answers than `n_folds`.
    """
    if not isinstance(n_folds, int) or isinstance(n_folds, bool) or n_folds < 2:
        raise ValueError(f"n_folds must be an integer >= 2, got {n_folds!r}")
    present = np.unique(log.learner)
    if present.size < n_folds:
        raise DataFormatError(
            f"cannot make {n_folds} folds by learner: the log has {present.size} learners "
            "with answers"
        )
    rng = np.random.default_rng(random_state)
    fold_of = np.full(len(log.learners), -1, dtype=np.int64)
    fold_of[rng.permutation(present)] = np.arange(present.size) % n_folds
    row_fold = fold_of[log.learner]
    p_all = np.empty(len(log))
    unseen_all = np.zeros(len(log), dtype=bool)
    folds = []
    for fold in range(n_folds):
        test_rows = row_fold == fold
        model = make().fit(_rows(log, ~test_rows))
        test = _rows(log, test_rows)
        prediction = model.predict(test)
        p_all[test_rows] = prediction.p_correct
        unseen_all[test_rows] = prediction.unseen
        folds.append(score(test, prediction.p_correct, prediction.unseen))
    return CrossValidation(
        folds=tuple(folds),
        pooled=score(log, p_all, unseen_all),
        fold_of_learner={log.learners[int(k)]: int(fold_of[k]) for k in present.tolist()},
    )


def _rows(log: ResponseLog, keep: npt.NDArray[np.bool_]) -> ResponseLog:
    """The rows of `log` where `keep` is true (names kept, so indices stay valid)."""
    answer = getattr(log, "answer", None)  # multi-skill answers, where the reader sets them
    extra: dict[str, Any] = {} if answer is None else {"answer": answer[keep]}
    return ResponseLog.from_arrays(
        learner=log.learner[keep],
        skill=log.skill[keep],
        correct=log.correct[keep],
        learners=log.learners,
        skills=log.skills,
        item=None if log.item is None else log.item[keep],
        items=log.items,
        **extra,
    )
