"""`SequenceTracer`: what DKT and the attention model share (fit with epoch choice on a
validation log, windowed prediction, progress reports, plain-array model files).

A subclass gives its settings and builds a `torch.nn.Module` whose
`forward(skill, item, correct, first, after=False)` maps (B, T) int64 tensors to (B, T)
logits: logit t predicts row t from rows 0..first[t]-1 of the window only, where first[t]
is the window position of the first row of row t's answer (t itself unless the answer has
several skills: no row of an answer sees another row of it). after=True: the same item
right after row t, used as `p_mastery`.
"""

from __future__ import annotations

import copy
import math
import os
import time
from collections.abc import Sequence
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt
import torch
from torch import nn

from its.errors import DataFormatError, NotFittedError
from its.tracing.base import EpochReport, Prediction, Progress
from its.tracing.deep._sequences import (
    Coded,
    Window,
    code,
    item_names,
    log_hash,
    training_windows,
    vocabulary,
)
from its.tracing.deep._sequences import windows as make_windows
from its.tracing.live.model_file import (
    check_shapes,
    read_model_file,
    restore_vocabulary,
    vocabulary_header,
    write_model_file,
)
from its.tracing.live.settings import check_estimator_settings, checked_settings
from its.tracing.log import ResponseLog
from its.tracing.metrics import auc, log_loss
from its.tracing.torch_device import torch_device


class SequenceTracer:
    """Base of the torch tracers; see the module docstring for what a subclass provides.

    Common args (keyword-only, stored unchanged): `epochs`, `batch_size`, `lr`,
    `window` (training window length; longer learners are cut into windows, at other
    places each epoch),
    `patience` (epochs without a better validation score before stopping: the AUC, or
    the log-loss when the validation answers are all right or all wrong, as AUC is then
    undefined),
    `weight_decay` (L2 penalty of Adam), `device` ("cpu" or "cuda"), `random_state`.

    Attributes:
        skills_, items_: training vocabularies (names; index k + 1 in the model).
        best_epoch_: the epoch kept (by validation AUC, or log-loss where AUC is
            undefined; the last without validation).
        history_: per-epoch (loss, valid_auc).
        data_hash_: SHA-256 of the training log.
        net_: the trained module (on the CPU after `fit`).
    """

    model_name: ClassVar[str]
    shape_settings: ClassVar[tuple[str, ...]] = ()
    """The settings that fix the weights' shapes: a model file must state them (a default
    could silently differ from what the file was trained with)."""
    file_suffix: ClassVar[str] = ".npz"
    """What `save` writes: a `.npz` model file (see `its.tracing.live.model_file`)."""

    epochs: int
    batch_size: int
    lr: float
    window: int
    patience: int
    weight_decay: float
    device: str
    random_state: int | None

    def settings(self) -> dict[str, Any]:
        """The constructor arguments that shape the model (saved in the model file)."""
        raise NotImplementedError

    def _make_net(self, n_skills: int, n_items: int) -> nn.Module:
        raise NotImplementedError

    def _eval_span(self) -> tuple[int | None, int | None]:
        """(length, stride) of the prediction windows; (None, None): whole learners."""
        return None, None

    def fit(
        self,
        log: ResponseLog,
        *,
        valid: ResponseLog | None = None,
        progress: Progress | None = None,
    ) -> Self:
        """Train on `log`; keep the epoch with the best AUC on `valid` when given (the
        lowest log-loss when `valid`'s answers are all right or all wrong).

        Raises:
            DataFormatError: `log` has no answers.
            ItsError: `device` is "cuda" and no GPU is present, or a setting is out of
                range or of the wrong type (`its.tracing.live.settings.SETTINGS`).
        """
        check_estimator_settings(self.model_name, self.settings())
        if len(log) == 0:
            raise DataFormatError(f"cannot fit {self.model_name} on a log without answers")
        device = torch_device(self.device)
        seed = 0 if self.random_state is None else self.random_state
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        self.skills_ = tuple(log.skills)
        self.items_ = tuple(item_names(log))
        self.data_hash_ = log_hash(log)
        train = self._code(log)
        net = self._make_net(len(self.skills_) + 1, len(self.items_) + 1).to(device)
        optimizer = torch.optim.Adam(net.parameters(), lr=self.lr, weight_decay=self.weight_decay)
        best_score, best_state, self.best_epoch_ = -math.inf, None, 0
        scored = valid is not None and len(valid) > 0
        self.history_: list[tuple[float, float]] = []
        began = time.perf_counter()
        for epoch in range(1, self.epochs + 1):
            train_windows = training_windows(train.starts, length=self.window, rng=rng)
            loss = self._train_epoch(net, optimizer, train, train_windows, rng, device)
            valid_auc, score = math.nan, math.nan
            if scored and valid is not None:
                self.net_ = net
                p_valid = self._predict(valid, device)[0]
                valid_auc = auc(valid.correct, p_valid)
                # One-class validation answers: AUC is undefined, log-loss still ranks epochs.
                score = valid_auc if valid_auc == valid_auc else -log_loss(valid.correct, p_valid)
            self.history_.append((loss, valid_auc))
            if not scored or score > best_score:  # without validation: the last epoch
                best_score, self.best_epoch_ = score, epoch
                best_state = copy.deepcopy(net.state_dict())
            spent = time.perf_counter() - began
            if progress is not None:
                left = spent / epoch * (self.epochs - epoch)
                progress(
                    EpochReport(epoch, self.epochs, loss, valid_auc, self.best_epoch_, spent, left)
                )
            if epoch - self.best_epoch_ >= self.patience:
                break
        assert best_state is not None
        net.load_state_dict(best_state)
        self.net_ = net.cpu().eval()
        return self

    def predict(self, log: ResponseLog) -> Prediction:
        """Predict every answer of `log` from the same learner's earlier answers.

        Raises:
            NotFittedError: the model has not been fitted or loaded.
        """
        p_correct, p_after, unseen = self._predict(log, torch.device("cpu"))
        return Prediction(p_correct=p_correct, p_mastery=p_after, unseen=unseen)

    def save(
        self, path: str | os.PathLike[str], *, metrics: dict[str, float] | None = None
    ) -> None:
        """Write the model as plain arrays + JSON (see `its.tracing.live.model_file`)."""
        self._check_fitted()
        meta = {
            **vocabulary_header(self),
            "settings": self.settings(),
            "best_epoch": self.best_epoch_,
            "history": [list(row) for row in self.history_],
            "metrics": metrics or {},
        }
        arrays = {name: t.detach().cpu().numpy() for name, t in self.net_.state_dict().items()}
        write_model_file(path, meta, arrays)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Self:
        """Read a model written by `save` (no pickle involved).

        Raises:
            DataFormatError: the file is unreadable, holds another model, was made by
                another version (a setting this one does not know), or its weights do
                not have the shapes its header implies.
        """
        stored = read_model_file(path, model=cls.model_name)
        meta = stored.meta
        try:
            settings = checked_settings(
                path, cls.model_name, meta.get("settings"), required=cls.shape_settings
            )
            model = cls(**settings)
            restore_vocabulary(model, meta)
            model.best_epoch_ = meta["best_epoch"]
            model.history_ = [tuple(row) for row in meta["history"]]
            net = model._make_net(len(model.skills_) + 1, len(model.items_) + 1)
            expected = {name: tuple(t.shape) for name, t in net.state_dict().items()}
            check_shapes(path, stored.arrays, expected)
            net.load_state_dict({k: torch.from_numpy(v) for k, v in stored.arrays.items()})
        except KeyError as error:
            raise DataFormatError(f"{path}: header field {error.args[0]!r} is missing") from error
        except (TypeError, ValueError, RuntimeError) as error:
            raise DataFormatError(
                f"{path}: invalid {cls.model_name} model file: {error}"
            ) from error
        model.net_ = net.eval()
        return model

    def _code(self, log: ResponseLog) -> Coded:
        return code(log, vocabulary(self.skills_), vocabulary(self.items_))

    def _check_fitted(self) -> None:
        if not hasattr(self, "net_"):
            raise NotFittedError(f"{self.model_name}: call fit (or load) before predict or save")

    def _train_epoch(
        self,
        net: nn.Module,
        optimizer: torch.optim.Optimizer,
        data: Coded,
        windows: Sequence[Window],
        rng: np.random.Generator,
        device: torch.device,
    ) -> float:
        net.train()
        total, count = 0.0, 0
        for batch in _batches(windows, self.batch_size, rng):
            skill, item, correct, first, mask = (t.to(device) for t in _tensors(data, batch))
            logits = net(skill, item, correct, first)
            loss = nn.functional.binary_cross_entropy_with_logits(
                logits[mask], correct[mask].float()
            )
            optimizer.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            total += loss.item() * int(mask.sum())
            count += int(mask.sum())
        return total / max(count, 1)

    def _predict(
        self, log: ResponseLog, device: torch.device
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        self._check_fitted()
        net = self.net_.to(device).eval()
        data = self._code(log)
        p_correct = np.full(len(log), np.nan)
        p_after = np.full(len(log), np.nan)
        length, stride = self._eval_span()
        scored = make_windows(data.starts, length=length, stride=stride)
        with torch.no_grad():
            for batch in _batches(scored, self.batch_size, None):
                skill, item, correct, first, _ = (t.to(device) for t in _tensors(data, batch))
                before = torch.sigmoid(net(skill, item, correct, first)).double().cpu().numpy()
                after = net(skill, item, correct, first, after=True)
                after = torch.sigmoid(after).double().cpu().numpy()
                for row, window in enumerate(batch):
                    skip = window.score_from - window.start
                    span = slice(window.score_from, window.stop)
                    p_correct[span] = before[row, skip : window.stop - window.start]
                    p_after[span] = after[row, skip : window.stop - window.start]
        return p_correct, p_after, data.skill == 0


def _batches(
    windows: Sequence[Window], size: int, rng: np.random.Generator | None
) -> list[list[Window]]:
    """Batches of windows of similar length (little padding); shuffled when `rng` is given."""
    order = np.arange(len(windows))
    if rng is not None:
        rng.shuffle(order)
    lengths = np.array([w.stop - w.start for w in windows])
    pool = size * 16
    batches: list[list[Window]] = []
    for start in range(0, len(order), pool):
        chunk = order[start : start + pool]
        chunk = chunk[np.argsort(-lengths[chunk], kind="stable")]
        batches += [[windows[k] for k in chunk[i : i + size]] for i in range(0, len(chunk), size)]
    if rng is not None:
        rng.shuffle(batches)
    return batches


def _tensors(data: Coded, batch: Sequence[Window]) -> tuple[torch.Tensor, ...]:
    """(B, T) skill, item, correct (0 where padded), first (each row's answer start in the
    window; an answer begun before the window starts at 0) and the mask of real answers."""
    width = max(w.stop - w.start for w in batch)
    arrays = np.zeros((4, len(batch), width), dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=bool)
    for row, w in enumerate(batch):
        n = w.stop - w.start
        arrays[0, row, :n] = data.skill[w.start : w.stop]
        arrays[1, row, :n] = data.item[w.start : w.stop]
        arrays[2, row, :n] = data.correct[w.start : w.stop]
        arrays[3, row, :n] = np.maximum(data.answer_start[w.start : w.stop] - w.start, 0)
        mask[row, :n] = True
    skill, item, correct, first = (torch.from_numpy(a) for a in arrays)
    return skill, item, correct, first, torch.from_numpy(mask)
