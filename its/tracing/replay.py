"""Replay: fit a tracer on one log, predict another one answer at a time, and score it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from its.errors import DataFormatError
from its.tracing.datasets import read_log
from its.tracing.metrics import evaluate
from its.tracing.registry import TRACERS


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """Scores of a replay, and what it cost.

    Attributes:
        model: the registry name of the tracer.
        metrics: auc, rmse, accuracy and log_loss over every test answer.
        seconds: wall time of fit plus predict (reading the files excluded).
        fit_seconds: wall time of fit alone.
        n_train: answers in the training log.
        n_test: answers in the test log (all scored).
        n_unseen: test answers whose skill was not in the training log.
    """

    model: str
    metrics: dict[str, float]
    seconds: float
    fit_seconds: float
    n_train: int
    n_test: int
    n_unseen: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for `--json`: the metrics sit at the top level beside the times."""
        return {
            "model": self.model,
            **self.metrics,
            "seconds": self.seconds,
            "fit_seconds": self.fit_seconds,
            "n_train": self.n_train,
            "n_test": self.n_test,
            "n_unseen": self.n_unseen,
        }


def replay(
    train_path: str | os.PathLike[str],
    test_path: str | os.PathLike[str],
    *,
    fmt: str = "dkvmn",
    model: str = "bkt",
    seed: int | None = None,
) -> ReplayResult:
    """Fit `model` on `train_path`, then trace every learner of `test_path` and score it.

    Args:
        train_path: the training log.
        test_path: the test log; each answer is predicted from the same learner's
            earlier answers only.
        fmt: the format of both logs, a key of `its.tracing.datasets.FORMATS`.
        model: a key of `TRACERS`.
        seed: `random_state` of the tracer.

    Raises:
        DataFormatError: unknown model or format, or a malformed log.
    """
    factory = TRACERS.get(model)
    if factory is None:
        raise DataFormatError(f"unknown model {model!r}; models are {', '.join(sorted(TRACERS))}")
    train = read_log(train_path, fmt)
    test = read_log(test_path, fmt)
    if len(test) == 0:
        raise DataFormatError(f"{test_path}: no answers to score")
    tracer = factory(random_state=seed)
    start = time.perf_counter()
    tracer.fit(train)
    fitted = time.perf_counter()
    prediction = tracer.predict(test)
    done = time.perf_counter()
    return ReplayResult(
        model=model,
        metrics=evaluate(test.correct, prediction.p_correct),
        seconds=done - start,
        fit_seconds=fitted - start,
        n_train=len(train),
        n_test=len(test),
        n_unseen=int(prediction.unseen.sum()),
    )
