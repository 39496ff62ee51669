"""What every tracer shares: the `Tracer` protocol, `Prediction`, `EpochReport` and
`ConvergenceWarning`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, Self

import numpy as np
import numpy.typing as npt

from its.tracing.log import ResponseLog


class ConvergenceWarning(UserWarning):
    """A fit stopped at its iteration limit before it converged."""


@dataclass(frozen=True, slots=True, eq=False)
class Prediction:
    """A tracer's predictions for the rows of a log, each (n,) in the log's row order.

    Attributes:
        p_correct: P(correct) of each answer, given the learner's earlier answers.
        p_mastery: P(skill mastered) after each answer (for the learner's next one).
        unseen: True where the skill was not in the training log, so the prediction
            uses fallback parameters.
    """

    p_correct: npt.NDArray[np.float64]
    p_mastery: npt.NDArray[np.float64]
    unseen: npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class EpochReport:
    """One epoch's figures, passed to a `fit` progress callback.

    `member` names the ensemble member reporting, with its place ("dkt (1/8)"); empty
    for a model trained alone. `unit` is what `epoch` counts: "epoch", or "tree" for a
    model grown tree by tree (`best_epoch` then counts trees too).
    """

    epoch: int
    epochs: int
    loss: float
    valid_auc: float
    best_epoch: int
    seconds: float
    seconds_left: float
    member: str = ""
    unit: str = "epoch"


Progress = Callable[[EpochReport], None]
"""A `fit` progress callback: one report per epoch (or per block of trees)."""


class Tracer(Protocol):
    """A knowledge-tracing model with the scikit-learn contract."""

    def fit(self, log: ResponseLog) -> Self:
        """Learn from `log`; return self."""
        ...

    def predict(self, log: ResponseLog) -> Prediction:
        """Predict every row of `log` from the rows before it (one step ahead)."""
        ...
