"""`Ensemble`: registered tracers trained side by side, their predictions stacked.

Every member is fitted on the training log (those with epochs choose theirs on the
validation log). A logistic regression over the members' logits, fitted on the
validation log only, then weighs them; without a validation log (or with one whose
answers are all right or all wrong) the logits are averaged. Each member predicts
from the learner's earlier answers only, so the stack does too.

`save` writes one `.npz` model file: each member's own file contents (written and read
back by the member's `save` and `load`) with its arrays under `member<k>/` and its header
in the `members` header field, plus the stack (`stack.weights`, `stack.bias`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError, ItsError, NotFittedError
from its.tracing.base import Prediction, Tracer
from its.tracing.deep._sequences import log_hash
from its.tracing.live.model_file import (
    check_shapes,
    read_model_file,
    write_model_file,
)
from its.tracing.live.settings import checked_settings
from its.tracing.log import ResponseLog

FloatArray = npt.NDArray[np.float64]

_CLIP = 1e-6
_SEED_STEP = 1000


class Ensemble:
    """A logistic stack of registered tracers, with the scikit-learn contract.

    Args:
        members: registry names of the members. A name given twice or more is trained
            again from another seed: the default bags three DKTs, whose errors differ
            from seed to seed (on ASSISTments 2009 one DKT in the stack gave test AUC
            0.8198, two 0.8206, three 0.8215).
        epochs: cap on the epochs of members trained in epochs (None: their defaults).
        device: device of the torch members.
        l2: L2 penalty of the stack's weights, relative to one answer's log-loss.
        threads: CPU threads of every member (see `make_tracer`); not saved.
        random_state: seed of the first member; member k gets `random_state + 1000 k`.

    Attributes:
        members_: the fitted members, in `members` order.
        weights_: (len(members),) stack weight of each member's logit.
        bias_: the stack's intercept.
        skills_: the training log's skills.
        data_hash_: SHA-256 of the training log.
    """

    model_name = "ensemble"
    file_suffix = ".npz"

    def __init__(
        self,
        *,
        members: tuple[str, ...] = (
            "dkt",
            "dkt",
            "dkt",
            "attention",
            "best-lr",
            "pairwise-lr",
            "mirt",
            "gbm",
        ),
        epochs: int | None = None,
        device: str = "cpu",
        l2: float = 1e-4,
        threads: int | None = None,
        random_state: int | None = None,
    ) -> None:
        self.members = members
        self.epochs = epochs
        self.device = device
        self.l2 = l2
        self.threads = threads
        self.random_state = random_state

    def fit(
        self,
        log: ResponseLog,
        *,
        valid: ResponseLog | None = None,
        progress: Callable[[Any], None] | None = None,
    ) -> Self:
        """Fit every member on `log`, then the stack on `valid` (when given).

        `progress` gets each member's epoch reports (members with epochs), each with
        `member` set to the member's name and place, e.g. "dkt (1/8)".

        Raises:
            DataFormatError: no members, an unknown member, or a log without answers.
        """
        from its.tracing.replay import fit_tracer, make_tracer  # the registry imports us

        if not self.members:
            raise DataFormatError("ensemble: give at least one member")
        if "ensemble" in self.members:
            raise DataFormatError("ensemble: a member cannot be an ensemble")
        seed = 0 if self.random_state is None else self.random_state
        # A model named twice is trained from another seed, so it adds variety.
        fitted: list[Tracer] = [
            make_tracer(
                name,
                seed=seed + _SEED_STEP * k,
                settings=self._settings_for(name),
                threads=self.threads,
            )
            for k, name in enumerate(self.members)
        ]
        for member in fitted:  # what a member would refuse, before any member trains
            check = getattr(member, "check_fit", None)
            if check is not None:
                check(log, valid=valid)
        for k, (name, member) in enumerate(zip(self.members, fitted, strict=True)):
            fit_tracer(member, log, valid=valid, progress=_labelled(progress, name, k, self))
        self.members_ = fitted
        self.skills_, self.data_hash_ = tuple(log.skills), log_hash(log)
        count = len(fitted)
        self.weights_, self.bias_ = np.full(count, 1.0 / count), 0.0
        # A stack needs both kinds of answer: on all-right (or all-wrong) validation
        # answers its bias would run off to infinity, so the logits are averaged instead.
        if valid is not None and 0 < int(valid.correct.sum()) < len(valid):
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

    def save(
        self, path: str | os.PathLike[str], *, metrics: dict[str, float] | None = None
    ) -> None:
        """Write every member and the stack to one `.npz` model file (no pickle).

        Raises:
            NotFittedError: the ensemble has not been fitted.
            ItsError: a member's model cannot be saved to a file or loaded from one.
        """
        if not hasattr(self, "members_"):
            raise NotFittedError("ensemble: call fit (or load) before predict or save")
        headers: list[dict[str, Any]] = []
        arrays: dict[str, npt.NDArray[Any]] = {
            "stack.weights": np.asarray(self.weights_, dtype=np.float64),
            "stack.bias": np.array([self.bias_], dtype=np.float64),
        }
        with tempfile.TemporaryDirectory() as folder:
            for k, (name, member) in enumerate(zip(self.members, self.members_, strict=True)):
                kind, header, member_arrays = _member_contents(member, name, Path(folder), k)
                headers.append({"name": name, "file": kind, "header": header})
                arrays |= {f"{_prefix(k)}{key}": value for key, value in member_arrays.items()}
        meta = {
            "model": self.model_name,
            "settings": self.settings(),
            "skills": list(self.skills_),
            "data_hash": self.data_hash_,
            "members": headers,
            "metrics": metrics or {},
        }
        write_model_file(path, meta, arrays)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Ensemble:
        """Read a file written by `save`: each member by its own `load`, then the stack.

        Raises:
            DataFormatError: the file is unreadable, holds another model, was made by
                another version, its `members` field does not match its settings, or a
                member's part is invalid (the message names the member).
        """
        stored = read_model_file(path, model=cls.model_name)
        meta = stored.meta
        settings = dict(checked_settings(path, cls.model_name, meta.get("settings")))
        names = settings.get("members")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise DataFormatError(f"{path}: setting 'members' must be a non-empty list of names")
        settings["members"] = tuple(names)
        entries = _member_entries(path, meta.get("members"), names)
        stack = {k: v for k, v in stored.arrays.items() if not k.startswith("member")}
        check_shapes(path, stack, {"stack.weights": (len(names),), "stack.bias": (1,)})
        model = cls(**settings)
        model.skills_ = tuple(meta["skills"])
        model.data_hash_ = str(meta.get("data_hash", ""))
        model.weights_ = stack["stack.weights"].astype(np.float64)
        model.bias_ = float(stack["stack.bias"][0])
        parts = [
            {
                key.removeprefix(_prefix(k)): value
                for key, value in stored.arrays.items()
                if key.startswith(_prefix(k))
            }
            for k in range(len(names))
        ]
        claimed = len(stack) + sum(len(part) for part in parts)
        if claimed != len(stored.arrays):
            stray = sorted(
                key
                for key in stored.arrays
                if key not in stack
                and not any(key.startswith(_prefix(k)) for k in range(len(names)))
            )
            raise DataFormatError(f"{path}: invalid model file: unexpected weight {stray[0]!r}")
        with tempfile.TemporaryDirectory() as folder:
            model.members_ = [
                _load_member(path, Path(folder), k, entry, part)
                for k, (entry, part) in enumerate(zip(entries, parts, strict=True))
            ]
        for k, (entry, member) in enumerate(zip(entries, model.members_, strict=True)):
            # Every member is fitted on the ensemble's training log, and each plain-array
            # member lists that log's skills as they are (BKT lists the skills it fitted).
            skills = getattr(member, "skills_", None)
            name = entry["name"]
            if entry["file"] == "npz" and skills is not None and tuple(skills) != model.skills_:
                raise DataFormatError(
                    f"{path}: member {k} ({name}) lists other skills than header field "
                    "'skills'; the members were not trained together"
                )
        return model

    def settings(self) -> dict[str, Any]:
        """The constructor arguments that shape the ensemble (saved in the model file)."""
        return {
            "members": list(self.members),
            "epochs": self.epochs,
            "l2": self.l2,
            "random_state": self.random_state,
        }

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


def _prefix(k: int) -> str:
    return f"member{k}/"


def _labelled(
    progress: Callable[[Any], None] | None, name: str, k: int, ensemble: Ensemble
) -> Callable[[Any], None] | None:
    """`progress` with each report marked as member `k`'s (`EpochReport.member`)."""
    if progress is None:
        return None
    label = f"{name} ({k + 1}/{len(ensemble.members)})"
    forward = progress
    return lambda report: forward(dataclasses.replace(report, member=label))


def _member_contents(
    member: Tracer, name: str, folder: Path, k: int
) -> tuple[str, dict[str, Any], dict[str, npt.NDArray[Any]]]:
    """(file kind, header, arrays) of `member`'s own model file, written by its `save`."""
    if not callable(getattr(member, "save", None)) or not callable(getattr(member, "load", None)):
        raise ItsError(f"ensemble member {name!r} cannot be saved to a file and loaded back")
    if getattr(type(member), "file_suffix", ".json") == ".npz":
        target = folder / f"member{k}.npz"
        member.save(target)  # type: ignore[attr-defined]
        stored = read_model_file(target)
        return "npz", stored.meta, stored.arrays
    target = folder / f"member{k}.json"  # BKT: a JSON document, kept whole in the header
    member.save(target)  # type: ignore[attr-defined]
    return "json", json.loads(target.read_text(encoding="utf-8")), {}


def _member_entries(
    path: str | os.PathLike[str], entries: Any, names: list[str]
) -> list[dict[str, Any]]:
    """The header's `members` field, refused unless it has one well-formed entry per name."""
    if not isinstance(entries, list) or len(entries) != len(names):
        raise DataFormatError(
            f"{path}: header field 'members' must be a list of {len(names)} members"
        )
    for k, (entry, name) in enumerate(zip(entries, names, strict=True)):
        if (
            not isinstance(entry, dict)
            or entry.get("name") != name
            or entry.get("file") not in ("npz", "json")
            or not isinstance(entry.get("header"), dict)
        ):
            raise DataFormatError(
                f"{path}: header field 'members' entry {k} must be an object with name "
                f"{name!r}, file 'npz' or 'json' and a header object"
            )
    return entries


def _load_member(
    path: str | os.PathLike[str],
    folder: Path,
    k: int,
    entry: dict[str, Any],
    arrays: dict[str, npt.NDArray[Any]],
) -> Tracer:
    """Member `k`, read back by its own class's `load` from a file of its own contents."""
    from its.tracing.replay import make_tracer  # the registry imports us

    name = entry["name"]
    try:
        factory = type(make_tracer(name))
    except DataFormatError as error:
        raise DataFormatError(f"{path}: member {k}: {error}") from error
    if name == "ensemble" or not callable(getattr(factory, "load", None)):
        raise DataFormatError(f"{path}: member {k}: model {name!r} cannot be a saved member")
    target = folder / f"member{k}.{entry['file']}"
    if entry["file"] == "npz":
        write_model_file(target, entry["header"], arrays)
    elif arrays:
        raise DataFormatError(f"{path}: member {k} ({name}) is JSON but the file has its weights")
    else:
        target.write_text(json.dumps(entry["header"], ensure_ascii=False), encoding="utf-8")
    try:
        member: Tracer = factory.load(target)  # type: ignore[attr-defined]
    except DataFormatError as error:
        # The member's message names the temporary file; name the ensemble's part instead.
        text = str(error).replace(os.fspath(target), f"{path}: member {k} ({name})")
        raise DataFormatError(text) from error
    return member


def _logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, _CLIP, 1 - _CLIP)
    result: FloatArray = np.log(q) - np.log1p(-q)
    return result
