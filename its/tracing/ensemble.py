"""`Ensemble`: registered tracers trained side by side, their predictions stacked.

Every member is fitted on the training log (those with epochs choose theirs on the
validation log). A logistic regression over the members' logits, fitted on the
validation log only, then weighs them; without a validation log the logits are
averaged. Each member predicts from the learner's earlier answers only, so the stack
does too.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError, NotFittedError
from its.tracing.base import Prediction, Tracer
from its.tracing.log import ResponseLog

FloatArray = npt.NDArray[np.float64]

_CLIP = 1e-6
_SEED_STEP = 1000


class Ensemble:
    """A logistic stack of registered tracers, with the scikit-learn contract.

    Args:
        members: registry names of the members.
        epochs: cap on the epochs of members trained in epochs (None: their defaults).
        device: device of the torch members.
        l2: L2 penalty of the stack's weights, relative to one answer's log-loss.
        random_state: seed of the first member; member k gets `random_state + 1000 k`.

    Attributes:
        members_: the fitted members, in `members` order.
        weights_: (len(members),) stack weight of each member's logit.
        bias_: the stack's intercept.
    """

    model_name = "ensemble"

    def __init__(
        self,
        *,
        members: tuple[str, ...] = ("dkt", "attention", "best-lr", "pairwise-lr"),
        epochs: int | None = None,
        device: str = "cpu",
        l2: float = 1e-4,
        random_state: int | None = None,
    ) -> None:
        self.members = members
        self.epochs = epochs
        self.device = device
        self.l2 = l2
        self.random_state = random_state

    def fit(self, log: ResponseLog, *, valid: ResponseLog | None = None) -> Self:
        """Fit every member on `log`, then the stack on `valid` (when given).

        Raises:
            DataFormatError: no members, an unknown member, or a log without answers.
        """
        from its.tracing.replay import fit_tracer, make_tracer  # the registry imports us

        if not self.members:
            raise DataFormatError("ensemble: give at least one member")
        if "ensemble" in self.members:
            raise DataFormatError("ensemble: a member cannot be an ensemble")
        fitted: list[Tracer] = []
        seed = 0 if self.random_state is None else self.random_state
        for k, name in enumerate(self.members):
            # A model named twice is trained from another seed, so it adds variety.
            member_seed = seed + _SEED_STEP * k
            member = make_tracer(name, seed=member_seed, settings=self._settings_for(name))
            fit_tracer(member, log, valid=valid)
            fitted.append(member)
        self.members_ = fitted
        count = len(fitted)
        self.weights_, self.bias_ = np.full(count, 1.0 / count), 0.0
        if valid is not None and len(valid):
            logits = np.stack([_logit(m.predict(valid).p_correct) for m in fitted], axis=1)
            self.weights_, self.bias_ = stack_weights(logits, valid.correct, l2=self.l2)
        return self

    def predict(self, log: ResponseLog) -> Prediction:
        """Stacked P(correct) and P(mastery) of every answer of `log`.

        Raises:
            NotFittedError: the ensemble has not been fitted.
        """
        if not hasattr(self, "members_"):
            raise NotFittedError("ensemble: call fit before predict")
        predictions = [member.predict(log) for member in self.members_]
        return Prediction(
            p_correct=self._combine([p.p_correct for p in predictions]),
            p_mastery=self._combine([p.p_mastery for p in predictions]),
            unseen=np.logical_or.reduce([p.unseen for p in predictions]),
        )

    def _settings_for(self, name: str) -> dict[str, Any]:
        from its.tracing.replay import make_tracer

        probe = make_tracer(name)
        settings: dict[str, Any] = {}
        if self.epochs is not None and hasattr(probe, "epochs"):
            settings["epochs"] = self.epochs
        if hasattr(probe, "device"):
            settings["device"] = self.device
        return settings

    def _combine(self, probabilities: list[FloatArray]) -> FloatArray:
        logits = np.stack([_logit(p) for p in probabilities], axis=1)
        combined: FloatArray = 1.0 / (1.0 + np.exp(-(logits @ self.weights_ + self.bias_)))
        return combined


def stack_weights(
    logits: FloatArray, correct: npt.NDArray[np.integer[Any]], *, l2: float, n_iter: int = 50
) -> tuple[FloatArray, float]:
    """Logistic regression of `correct` on `logits` (n, m) by Newton steps.

    Returns:
        (weights (m,), bias); the bias is not penalised.
    """
    n, m = logits.shape
    design = np.hstack([logits, np.ones((n, 1))])
    target = correct.astype(np.float64)
    penalty = np.diag([l2 * n] * m + [0.0])
    theta = np.zeros(m + 1)
    theta[:m] = 1.0 / m
    for _ in range(n_iter):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (p - target) + penalty @ theta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(m + 1), gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[:m], float(theta[m])


def _logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, _CLIP, 1 - _CLIP)
    result: FloatArray = np.log(q) - np.log1p(-q)
    return result
