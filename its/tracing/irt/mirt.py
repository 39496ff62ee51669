"""`MIRT`: multidimensional item response theory, traced by Bayes' rule.

P(right | ability theta) = guess_j + (1 - guess_j) * sigmoid(a_j . theta - b_j
                                                              + c_s * log(1 + n_s))
for item j of skill s, where n_s counts the learner's earlier answers on s (practice; zero
where every item is answered once). A learner's ability theta is unknown: its prior is a
standard normal in `dims` dimensions, represented by a fixed, evenly spread set of
`particles` (scrambled Sobol points mapped through the normal quantile). Each prediction
weighs the particles by the likelihood of the learner's earlier answers only (rows of one
answer never see each other), so predictions are causal by construction and need no
windows: whole sequences are scored, however long.

The item parameters are fitted by maximising the marginal likelihood of the training
learners (the particles integrate theta out), in mini-batches of learners with Adam; the
epoch kept is the one with the best AUC on the validation log, when one is given.
This is the model family the DKT paper used to generate synthetic-5 (Piech et al. 2015),
fitted with no knowledge of its true concepts, and a classic of psychometrics.
"""

from __future__ import annotations

import copy
import math
import os
import time
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import torch

from its.errors import DataFormatError, NotFittedError
from its.tracing.base import EpochReport, Prediction, Progress
from its.tracing.deep._sequences import Coded, code, item_names, log_hash, vocabulary
from its.tracing.irt.rotation import simple_structure
from its.tracing.live.model_file import (
    check_shapes,
    read_model_file,
    restore_vocabulary,
    vocabulary_header,
    write_model_file,
)
from its.tracing.live.settings import checked_settings
from its.tracing.log import ResponseLog
from its.tracing.metrics import auc, log_loss

FloatArray = npt.NDArray[np.float64]
_CLIP = 1e-6
_WEIGHTS = ("loading", "difficulty", "guess", "practice")
_TRACE_ANSWERS = 400
"""Answers traced at once (memory: answers x particles x a few float64 arrays)."""


class MIRT:
    """Multidimensional IRT with particle-posterior tracing, with the scikit-learn contract.

    Args:
        dims: dimensions of the ability.
        particles: ability particles of the fit (the marginal likelihood's integral).
        trace_particles: ability particles of the predictions (more: a finer posterior,
            slower; the fit needs fewer than tracing does).
        epochs: most passes over the training learners, in each of the two fits when
            `simple_structure` refits (progress then counts up to twice as many).
        lr: Adam's learning rate.
        batch_answers: answers per gradient step (whole learners, at least one).
        patience: epochs without a better validation score before stopping.
        l2: L2 penalty per parameter, relative to one learner's log-likelihood.
        l1: L1 penalty on the loadings (drives each item towards fewer dimensions).
        shared_guess: one guess for every item instead of one per item.
        simple_structure: after the free fit, rotate the loadings to their simplest
            structure (varimax), keep each item on its dominant dimension only and fit
            again from there; the refit is kept if the validation log scores it higher.
            Far fewer parameters when each item measures one thing (as in synthetic-5).
        random_state: seeds the initial loadings, the batch order and the particles.

    Attributes:
        skills_, items_: training vocabularies (index k + 1; 0 = unknown).
        weights_: name -> fitted array (row 0: the mean item, for unknown items).
        best_epoch_: the epoch kept (numbered on through the refit).
        structure_: "simple" when the simple-structure refit was kept, else "free".
        history_: per-epoch (loss, valid_auc), the refit's epochs after the free fit's.
        data_hash_: SHA-256 of the training log.
    """

    model_name = "mirt"
    file_suffix = ".npz"

    def __init__(
        self,
        *,
        dims: int = 5,
        particles: int = 1024,
        trace_particles: int = 8192,
        epochs: int = 30,
        lr: float = 0.05,
        batch_answers: int = 2500,
        patience: int = 3,
        l2: float = 1e-3,
        l1: float = 0.0,
        shared_guess: bool = True,
        simple_structure: bool = True,
        random_state: int | None = None,
    ) -> None:
        self.dims = dims
        self.particles = particles
        self.trace_particles = trace_particles
        self.epochs = epochs
        self.lr = lr
        self.batch_answers = batch_answers
        self.patience = patience
        self.l2 = l2
        self.l1 = l1
        self.shared_guess = shared_guess
        self.simple_structure = simple_structure
        self.random_state = random_state

    def settings(self) -> dict[str, Any]:
        names: tuple[str, ...] = ("dims", "particles", "trace_particles", "epochs", "lr")
        names += ("batch_answers", "patience", "l2", "l1", "shared_guess", "simple_structure")
        return {name: getattr(self, name) for name in (*names, "random_state")}

    def fit(
        self,
        log: ResponseLog,
        *,
        valid: ResponseLog | None = None,
        progress: Progress | None = None,
    ) -> Self:
        """Fit the item parameters on `log`; keep the epoch that `valid` scores best.

        Raises:
            DataFormatError: `log` has no answers, or a setting is out of range.
        """
        if len(log) == 0:
            raise DataFormatError("cannot fit mirt on a log without answers")
        for name in ("dims", "particles", "trace_particles", "epochs", "batch_answers"):
            if int(getattr(self, name)) < 1:
                raise DataFormatError(f"mirt: {name} must be at least 1")
        seed = 0 if self.random_state is None else int(self.random_state)
        generator = torch.Generator().manual_seed(seed)
        self.skills_, self.items_ = tuple(log.skills), tuple(item_names(log))
        self.data_hash_ = log_hash(log)
        data = _Rows(self._code(log))
        theta = self._theta(int(self.particles))
        params = {
            "loading": 0.5
            + 0.3 * torch.randn(len(self.items_) + 1, self.dims, generator=generator),
            "difficulty": torch.zeros(len(self.items_) + 1),
            # One guess for every item, or one each (`shared_guess`).
            "guess": torch.full((1 if self.shared_guess else len(self.items_) + 1,), -2.0),
            "practice": torch.zeros(len(self.skills_) + 1),
        }
        self.history_: list[tuple[float, float]] = []
        simple = bool(self.simple_structure) and int(self.dims) > 1
        run = _Run(log, valid, progress, int(self.epochs) * (2 if simple else 1))
        best, score, self.best_epoch_ = self._train(params, None, data, theta, generator, run)
        self.structure_ = "free"
        if simple:
            # Rotate to the simplest structure (the likelihood does not change), keep each
            # item on its dominant dimension only, and fit again from there.
            rotated, dominant = simple_structure(best["loading"].detach().double().numpy())
            mask = torch.zeros(len(self.items_) + 1, int(self.dims))
            mask[torch.arange(len(self.items_) + 1), torch.from_numpy(dominant)] = 1.0
            start = copy.deepcopy(best)
            start["loading"] = torch.from_numpy(rotated).float() * mask
            refit, refit_score, refit_epoch = self._train(start, mask, data, theta, generator, run)
            # Kept only if the validation log prefers it (without one: as asked).
            if not run.scored or refit_score > score:
                best, self.best_epoch_, self.structure_ = refit, refit_epoch, "simple"
                best["loading"] = (best["loading"] * mask).detach()
        self.weights_ = self._arrays(best)
        return self

    def _train(
        self,
        params: dict[str, torch.Tensor],
        mask: torch.Tensor | None,
        data: _Rows,
        theta: torch.Tensor,
        generator: torch.Generator,
        run: _Run,
    ) -> tuple[dict[str, torch.Tensor], float, int]:
        """Adam on the marginal likelihood from `params` (loadings times `mask` when
        given) until `patience` epochs bring no better validation score.

        Returns:
            (the best epoch's parameters, its score, its epoch number in the run).
        """
        for tensor in params.values():
            tensor.requires_grad_(True)
        optimizer = torch.optim.Adam(list(params.values()), lr=self.lr)
        best_score, best, best_epoch, waited = -math.inf, copy.deepcopy(params), run.epoch, 0
        learners = len(data.starts) - 1
        for _ in range(int(self.epochs)):
            run.epoch += 1
            order = torch.randperm(learners, generator=generator).numpy()
            total = 0.0
            for chosen in _groups(data.starts, order, int(self.batch_answers)):
                batch = data.learners(np.sort(chosen))
                optimizer.zero_grad()
                marginal = _marginal_loglik(self._expanded(params, mask), batch, theta)
                # Each batch carries its share of the penalties: an epoch carries them once.
                share = len(chosen) / learners
                penalty = self.l2 * sum((v**2).sum() for v in params.values())
                penalty = penalty + self.l1 * params["loading"].abs().sum()
                loss = -(marginal.sum() - share * penalty) / learners
                loss.backward()  # type: ignore[no-untyped-call]
                optimizer.step()
                total += float(-marginal.sum().detach())
            self.weights_ = self._arrays(params, mask)
            valid_auc, score = math.nan, math.nan
            if run.scored and run.valid is not None:
                p_valid = self.predict(run.valid).p_correct
                valid_auc = auc(run.valid.correct, p_valid)
                # One-class validation answers: AUC is undefined, log-loss still ranks epochs.
                score = (
                    valid_auc if valid_auc == valid_auc else -log_loss(run.valid.correct, p_valid)
                )
            loss_per_answer = total / len(run.log)
            self.history_.append((loss_per_answer, valid_auc))
            if not run.scored or score > best_score:
                best_score, best, best_epoch, waited = score, copy.deepcopy(params), run.epoch, 0
            else:
                waited += 1
            if not run.scored or score > run.best_score:
                run.best_score, run.best_epoch = score, run.epoch
            if run.progress is not None:
                spent = time.perf_counter() - run.started
                left = spent / run.epoch * (run.epochs - run.epoch)
                report = EpochReport(
                    run.epoch, run.epochs, loss_per_answer, valid_auc, run.best_epoch, spent, left
                )
                run.progress(report)
            if run.scored and waited >= int(self.patience):
                break
        return best, best_score, best_epoch

    def predict(self, log: ResponseLog) -> Prediction:
        """P(correct) of every answer from the learner's earlier answers.

        `p_mastery` is P(correct) on the row's item right after its answer.

        Raises:
            NotFittedError: the model has not been fitted or loaded.
        """
        if not hasattr(self, "weights_"):
            raise NotFittedError("mirt: call fit (or load) before predict or save")
        coded = self._code(log)
        data = _Rows(coded)
        weights = {k: torch.from_numpy(v) for k, v in self.weights_.items()}
        theta = self._theta(int(self.trace_particles)).double()
        before = np.empty(len(log))
        after = np.empty(len(log))
        learners = len(data.starts) - 1
        with torch.no_grad():
            for chosen in _groups(data.starts, np.arange(learners), _TRACE_ANSWERS):
                batch = data.learners(chosen)
                rows = slice(int(data.starts[chosen[0]]), int(data.starts[chosen[-1] + 1]))
                b, a = _trace(weights, batch, theta)
                before[rows], after[rows] = b, a
        return Prediction(
            p_correct=np.clip(before, _CLIP, 1 - _CLIP),
            p_mastery=np.clip(after, _CLIP, 1 - _CLIP),
            unseen=coded.skill == 0,
        )

    def save(
        self, path: str | os.PathLike[str], *, metrics: dict[str, float] | None = None
    ) -> None:
        """Write the item parameters as plain arrays + JSON."""
        if not hasattr(self, "weights_"):
            raise NotFittedError("mirt: call fit (or load) before predict or save")
        meta: dict[str, Any] = {
            **vocabulary_header(self),
            "settings": self.settings(),
            "best_epoch": self.best_epoch_,
            "metrics": metrics or {},
        }
        write_model_file(path, meta, self.weights_)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> MIRT:
        """Read a file written by `save`.

        Raises:
            DataFormatError: the file is unreadable, holds another model, was made by
                another version (an unknown setting), or its arrays do not have the
                shapes its header implies.
        """
        stored = read_model_file(path, model=cls.model_name)
        try:
            model = cls(**checked_settings(path, cls.model_name, stored.meta.get("settings")))
            restore_vocabulary(model, stored.meta)
            model.best_epoch_ = int(stored.meta["best_epoch"])
            items, skills = len(model.items_) + 1, len(model.skills_) + 1
            shapes = {
                "loading": (items, int(model.dims)),
                "difficulty": (items,),
                "guess": (items,),
                "practice": (skills,),
            }
            check_shapes(path, stored.arrays, shapes)
            model.weights_ = {k: stored.arrays[k].astype(np.float64) for k in _WEIGHTS}
        except KeyError as error:
            raise DataFormatError(f"{path}: header field {error.args[0]!r} is missing") from error
        except (TypeError, ValueError) as error:
            raise DataFormatError(f"{path}: invalid mirt model file: {error}") from error
        return model

    def _expanded(
        self, params: dict[str, torch.Tensor], mask: torch.Tensor | None = None
    ) -> dict[str, torch.Tensor]:
        """The parameters with a shared guess spread over every item (and the loadings
        times `mask`, when given)."""
        loading = params["loading"] if mask is None else params["loading"] * mask
        return params | {"guess": params["guess"].expand(len(self.items_) + 1), "loading": loading}

    def _arrays(
        self, params: dict[str, torch.Tensor], mask: torch.Tensor | None = None
    ) -> dict[str, FloatArray]:
        expanded = self._expanded(params, mask)
        return _mean_item_row({k: v.detach().double().numpy() for k, v in expanded.items()})

    def _theta(self, count: int) -> torch.Tensor:
        """(count, dims) ability particles: evenly spread standard normal draws."""
        seed = 0 if self.random_state is None else int(self.random_state)
        engine = torch.quasirandom.SobolEngine(int(self.dims), scramble=True, seed=seed)  # type: ignore[no-untyped-call]
        uniform = engine.draw(count, dtype=torch.float64).clamp(1e-6, 1 - 1e-6)
        # The normal quantile of evenly spread points: an even cover of the prior.
        theta: torch.Tensor = torch.special.ndtri(uniform).float()
        return theta

    def _code(self, log: ResponseLog) -> Coded:
        return code(log, vocabulary(self.skills_), vocabulary(self.items_))


class _Run:
    """What the fit's stages share: the logs, the progress callback and the epoch count."""

    def __init__(
        self,
        log: ResponseLog,
        valid: ResponseLog | None,
        progress: Progress | None,
        epochs: int,
    ) -> None:
        self.log, self.valid, self.progress, self.epochs = log, valid, progress, epochs
        self.scored = valid is not None and len(valid) > 0
        self.epoch = 0
        self.started = time.perf_counter()
        # The best so far over both stages: what progress reports as the epoch kept.
        self.best_score, self.best_epoch = -math.inf, 0


class _Rows:
    """Coded rows plus what tracing needs per row: the practice count and, for the rows
    of a learner batch, where the batch's learners start."""

    def __init__(self, coded: Coded) -> None:
        self.coded = coded
        self.starts = coded.starts
        self.practice = _earlier_on_skill(coded)

    def learners(self, chosen: npt.NDArray[np.int64]) -> _Batch:
        """The rows of the learners `chosen` (ascending), as tensors."""
        spans = [np.arange(self.starts[k], self.starts[k + 1]) for k in chosen]
        rows = np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)
        lengths = np.array([len(s) for s in spans], dtype=np.int64)
        owner = np.repeat(np.arange(len(spans)), lengths)
        local_start = np.concatenate([[0], np.cumsum(lengths)])[:-1]
        # answer_start, as an offset within the batch's rows
        shift = np.repeat(self.starts[chosen] - local_start, lengths)
        c = self.coded
        return _Batch(
            item=torch.from_numpy(c.item[rows]),
            skill=torch.from_numpy(c.skill[rows]),
            correct=torch.from_numpy(c.correct[rows]),
            practice=torch.from_numpy(np.log1p(self.practice[rows])),
            owner=torch.from_numpy(owner),
            learners=len(spans),
            answer_start=torch.from_numpy(c.answer_start[rows] - shift),
            learner_start=torch.from_numpy(local_start[owner]),
        )


class _Batch:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)

    item: torch.Tensor
    skill: torch.Tensor
    correct: torch.Tensor
    practice: torch.Tensor
    owner: torch.Tensor
    learners: int
    answer_start: torch.Tensor
    learner_start: torch.Tensor


def _groups(
    starts: npt.NDArray[np.int64], order: npt.NDArray[np.int64], budget: int
) -> list[npt.NDArray[np.int64]]:
    """Learners in `order`, grouped so each group holds about `budget` answers (a learner
    with more answers than that is a group alone)."""
    sizes = np.diff(starts)[order]
    groups: list[npt.NDArray[np.int64]] = []
    current: list[int] = []
    held = 0
    for learner, size in zip(order.tolist(), sizes.tolist(), strict=True):
        if current and held + size > budget:
            groups.append(np.array(current, dtype=np.int64))
            current, held = [], 0
        current.append(learner)
        held += size
    if current:
        groups.append(np.array(current, dtype=np.int64))
    return groups


def _earlier_on_skill(coded: Coded) -> npt.NDArray[np.float64]:
    """(n,) the learner's answers on the row's skill before the row's answer."""
    counts = np.zeros(len(coded.skill))
    seen: dict[tuple[int, int], int] = {}
    learner = np.repeat(np.arange(len(coded.starts) - 1), np.diff(coded.starts))
    pending: list[tuple[int, int]] = []
    for row in range(len(coded.skill)):
        if coded.answer_start[row] == row:  # a new answer: the previous one now counts
            for key in pending:
                seen[key] = seen.get(key, 0) + 1
            pending = []
        key = (int(learner[row]), int(coded.skill[row]))
        counts[row] = seen.get(key, 0)
        pending.append(key)
    return counts


def _p_right(w: dict[str, torch.Tensor], batch: _Batch, theta: torch.Tensor) -> torch.Tensor:
    """(rows, particles) P(right) of each row under each ability particle."""
    logit = w["loading"][batch.item].to(theta.dtype) @ theta.T
    shift = w["practice"][batch.skill] * batch.practice - w["difficulty"][batch.item]
    logit = logit + shift.to(theta.dtype)[:, None]
    guess = torch.sigmoid(w["guess"][batch.item]).to(theta.dtype)[:, None]
    return (guess + (1 - guess) * torch.sigmoid(logit)).clamp(_CLIP, 1 - _CLIP)


def _row_loglik(p: torch.Tensor, correct: torch.Tensor) -> torch.Tensor:
    return torch.where(correct[:, None] == 1, p.log(), (1 - p).log())


def _marginal_loglik(
    w: dict[str, torch.Tensor], batch: _Batch, theta: torch.Tensor
) -> torch.Tensor:
    """(learners,) log of each learner's likelihood, ability integrated over the particles."""
    ll = _row_loglik(_p_right(w, batch, theta), batch.correct)
    per_learner = torch.zeros(batch.learners, theta.shape[0], dtype=ll.dtype)
    per_learner.index_add_(0, batch.owner, ll)
    return torch.logsumexp(per_learner, dim=1) - math.log(theta.shape[0])


def _trace(
    w: dict[str, torch.Tensor], batch: _Batch, theta: torch.Tensor
) -> tuple[FloatArray, FloatArray]:
    """P(right) of each row from the answers before its answer, and right after its own."""
    p = _p_right(w, batch, theta)
    ll = _row_loglik(p, batch.correct)
    prefix = torch.cat([torch.zeros(1, ll.shape[1], dtype=ll.dtype), torch.cumsum(ll, 0)])
    base = prefix[batch.learner_start]
    before = torch.softmax(prefix[batch.answer_start] - base, dim=1)
    rows = torch.arange(len(batch.item))
    after = torch.softmax(prefix[rows + 1] - base, dim=1)
    return (before * p).sum(1).numpy(), (after * p).sum(1).numpy()


def _mean_item_row(weights: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Row 0 (unknown item or skill) becomes the mean of the trained rows."""
    out = {k: v.copy() for k, v in weights.items()}
    for value in out.values():
        if len(value) > 1:
            value[0] = value[1:].mean(axis=0)
    return out
