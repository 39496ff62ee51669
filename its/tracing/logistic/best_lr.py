"""`BestLR`: logistic regression on earlier-answer counts (Gervet et al. 2020, "Best-LR").

logit P(correct) = bias + item intercept + skill intercept
                 + (shared + per-skill weights) . log(1 + earlier right, wrong on the skill)
                 + shared weights . log(1 + earlier right, wrong overall).
Every feature counts the learner's earlier answers only, so predictions are causal by
construction and need no windows: whole sequences are scored.
"""

from __future__ import annotations

import os
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import torch

from its.errors import DataFormatError, NotFittedError
from its.tracing.base import Prediction
from its.tracing.deep._sequences import Coded, code, item_names, log_hash, vocabulary
from its.tracing.live.model_file import (
    check_shapes,
    read_model_file,
    restore_vocabulary,
    vocabulary_header,
    write_model_file,
)
from its.tracing.live.settings import check_estimator_settings, checked_settings
from its.tracing.log import ResponseLog
from its.tracing.logistic._features import count_features

_WEIGHTS = ("bias", "item", "skill", "skill_counts", "counts", "per_skill_counts")


class BestLR:
    """Best-LR with the scikit-learn contract.

    Args:
        l2: L2 penalty per parameter, relative to one answer's log-loss.
        n_iter: most L-BFGS iterations.
        random_state: unused (the fit is deterministic); kept for the registry.

    Attributes:
        skills_, items_: training vocabularies (index k + 1; 0 = unknown).
        weights_: name -> fitted array.
        data_hash_: SHA-256 of the training log.
    """

    model_name = "best-lr"
    file_suffix = ".npz"

    def __init__(self, *, l2: float = 1e-5, n_iter: int = 200, random_state: int | None = None):
        self.l2 = l2
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, log: ResponseLog) -> Self:
        """Fit by L-BFGS on the full log.

        Raises:
            DataFormatError: `log` has no answers.
            ItsError: a setting is out of range or of the wrong type.
        """
        check_estimator_settings(self.model_name, self._settings())
        if len(log) == 0:
            raise DataFormatError("cannot fit Best-LR on a log without answers")
        self.skills_, self.items_ = tuple(log.skills), tuple(item_names(log))
        self.data_hash_ = log_hash(log)
        data = self._code(log)
        torch.manual_seed(0)
        params = {
            "bias": torch.zeros(1),
            "item": torch.zeros(len(self.items_) + 1),
            "skill": torch.zeros(len(self.skills_) + 1),
            "skill_counts": torch.zeros(2),
            "counts": torch.zeros(2),
            "per_skill_counts": torch.zeros(len(self.skills_) + 1, 2),
        }
        for tensor in params.values():
            tensor.requires_grad_(True)
        features = torch.from_numpy(data.features())
        skill, item = torch.from_numpy(data.skill), torch.from_numpy(data.item)
        target = torch.from_numpy(data.correct).double()
        optimizer = torch.optim.LBFGS(
            list(params.values()), max_iter=self.n_iter, line_search_fn="strong_wolfe"
        )

        def closure() -> torch.Tensor:
            optimizer.zero_grad()
            logits = _logits({k: v.double() for k, v in params.items()}, features, skill, item)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, target)
            loss = loss + self.l2 * sum((v.double() ** 2).sum() for v in params.values())
            loss.backward()  # type: ignore[no-untyped-call]
            return loss

        optimizer.step(closure)  # type: ignore[no-untyped-call]
        self.weights_ = {k: v.detach().numpy().astype(np.float64) for k, v in params.items()}
        return self

    def predict(self, log: ResponseLog) -> Prediction:
        """P(correct) of every answer from the learner's earlier answers.

        `p_mastery` is P(correct) on the row's item right after its answer.

        Raises:
            NotFittedError: the model has not been fitted or loaded.
        """
        if not hasattr(self, "weights_"):
            raise NotFittedError("best-lr: call fit (or load) before predict or save")
        data = self._code(log)
        features = data.features()
        weights = {k: torch.from_numpy(v) for k, v in self.weights_.items()}
        skill, item = torch.from_numpy(data.skill), torch.from_numpy(data.item)
        before = torch.sigmoid(_logits(weights, torch.from_numpy(features), skill, item)).numpy()
        # The row's own answer added to its counts: right -> columns 0, 2; wrong -> 1, 3.
        own = np.where(data.correct[:, None] == 1, [[1, 0, 1, 0]], [[0, 1, 0, 1]])
        counts_after = np.log1p(np.expm1(features) + own)
        after = torch.sigmoid(_logits(weights, torch.from_numpy(counts_after), skill, item)).numpy()
        return Prediction(
            p_correct=before.astype(np.float64),
            p_mastery=after.astype(np.float64),
            unseen=data.skill == 0,
        )

    def save(
        self, path: str | os.PathLike[str], *, metrics: dict[str, float] | None = None
    ) -> None:
        """Write the weights as plain arrays + JSON."""
        if not hasattr(self, "weights_"):
            raise NotFittedError("best-lr: call fit (or load) before predict or save")
        meta = {**vocabulary_header(self), "settings": self._settings(), "metrics": metrics or {}}
        write_model_file(path, meta, self.weights_)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> BestLR:
        """Read a file written by `save`.

        Raises:
            DataFormatError: the file is unreadable, holds another model, was made by
                another version (an unknown setting), or its weights do not have the
                shapes its header implies.
        """
        stored = read_model_file(path, model=cls.model_name)
        try:
            model = cls(**checked_settings(path, cls.model_name, stored.meta.get("settings")))
            restore_vocabulary(model, stored.meta)
            skills, items = len(model.skills_) + 1, len(model.items_) + 1
            shapes: dict[str, tuple[int, ...]] = {"bias": (1,), "item": (items,)}
            shapes |= {"skill": (skills,), "skill_counts": (2,), "counts": (2,)}
            check_shapes(path, stored.arrays, {**shapes, "per_skill_counts": (skills, 2)})
            model.weights_ = {k: stored.arrays[k].astype(np.float64) for k in _WEIGHTS}
        except KeyError as error:
            raise DataFormatError(f"{path}: header field {error.args[0]!r} is missing") from error
        except TypeError as error:
            raise DataFormatError(f"{path}: invalid best-lr model file: {error}") from error
        return model

    def _settings(self) -> dict[str, Any]:
        return {"l2": self.l2, "n_iter": self.n_iter, "random_state": self.random_state}

    def _code(self, log: ResponseLog) -> _Rows:
        return _Rows(code(log, vocabulary(self.skills_), vocabulary(self.items_)), log)


class _Rows:
    """Coded rows plus each row's learner index (what the count features group by)."""

    def __init__(self, coded: Coded, log: ResponseLog) -> None:
        self.skill = coded.skill
        self.item = coded.item
        self.correct = coded.correct
        self.starts_learner: npt.NDArray[np.int64] = log.learner.astype(np.int64)
        self.answer_start = coded.answer_start

    def features(self) -> npt.NDArray[np.float64]:
        """Best-LR's count features; every row of an answer counts only earlier answers."""
        return count_features(
            self.starts_learner, self.skill, self.correct, answer=self.answer_start
        )


def _logits(
    w: dict[str, torch.Tensor], features: torch.Tensor, skill: torch.Tensor, item: torch.Tensor
) -> torch.Tensor:
    skill_counts = features[:, :2]
    per_skill = (skill_counts * (w["skill_counts"] + w["per_skill_counts"][skill])).sum(1)
    overall = features[:, 2:] @ w["counts"]
    return w["bias"] + w["item"][item] + w["skill"][skill] + per_skill + overall
