"""Replay and train: fit a tracer on one log (choosing epochs on a validation log where
the model has them), predict another one answer at a time, score it, save the model."""

from __future__ import annotations

import inspect
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from its.errors import DataFormatError, ItsError
from its.tracing.base import Tracer
from its.tracing.datasets import read_log
from its.tracing.live.model_file import strict_json
from its.tracing.log import ResponseLog
from its.tracing.metrics import evaluate
from its.tracing.registry import TRACERS
from its.tracing.regular_file import same_file

StrPath = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """Scores of a replay, and what it cost.

    Attributes:
        model: the registry name of the tracer.
        metrics: auc, rmse, accuracy and log_loss over every test answer.
        seconds: wall time of fit plus predict (reading the files excluded).
        fit_seconds: wall time of fit alone (with the validation passes, if any).
        n_train: answers in the training log.
        n_test: answers in the test log (all scored).
        n_unseen: test answers whose skill was not in the training log.
        valid_auc: AUC on the validation log of the kept fit (None without one).
        best_epoch: the epoch the validation log chose (None for models without epochs).
    """

    model: str
    metrics: dict[str, float]
    seconds: float
    fit_seconds: float
    n_train: int
    n_test: int
    n_unseen: int
    valid_auc: float | None = None
    best_epoch: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for `--json`: the metrics sit at the top level beside the times."""
        extra = {
            key: value
            for key, value in (("valid_auc", self.valid_auc), ("best_epoch", self.best_epoch))
            if value is not None
        }
        return {
            "model": self.model,
            **self.metrics,
            "seconds": self.seconds,
            "fit_seconds": self.fit_seconds,
            "n_train": self.n_train,
            "n_test": self.n_test,
            "n_unseen": self.n_unseen,
            **extra,
        }


def make_tracer(
    model: str,
    *,
    seed: int | None = None,
    settings: Mapping[str, Any] | None = None,
    threads: int | None = None,
) -> Tracer:
    """The registered tracer `model`, with `settings` (e.g. epochs, device) set on it.

    `threads`, when given, is the number of CPU threads the model may use: set on torch
    whenever the model is a torch one (a model that does not import torch is not slowed by
    importing it), and on any model with a `threads` attribute (gbm, and the ensemble, which
    hands it to its members). Results on the CPU repeat bit for bit only at a fixed count.

    Raises:
        DataFormatError: unknown model.
        ItsError: the model has no such setting.
    """
    factory = TRACERS.get(model)
    if factory is None:
        raise DataFormatError(f"unknown model {model!r}; models are {', '.join(sorted(TRACERS))}")
    if threads is not None and not 1 <= threads <= usable_cpus():
        # torch and LightGBM crash, or crawl, on far more threads than CPUs.
        raise ItsError(f"threads {threads}: use 1 to {usable_cpus()}, the CPUs this process has")
    tracer = factory(random_state=seed)
    for name, value in (settings or {}).items():
        if not hasattr(tracer, name) or name.endswith("_"):
            hint = _SETTING_HINTS.get(name, "")
            raise ItsError(f"model {model!r} has no setting {name!r}{hint}")
        setattr(tracer, name, value)
    if threads is not None and hasattr(tracer, "threads"):
        tracer.threads = threads
    if threads is not None and "torch" in sys.modules:
        import torch

        torch.set_num_threads(threads)
    return tracer


_SETTING_HINTS = {
    "epochs": " (--epochs applies to models trained in epochs)",
    "device": " (--device applies to torch models)",
}


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fit_tracer(
    tracer: Tracer,
    train: ResponseLog,
    *,
    valid: ResponseLog | None = None,
    progress: Callable[[Any], None] | None = None,
) -> float | None:
    """Fit `tracer`; models with epochs choose one on `valid`. Returns the validation AUC."""
    accepts = inspect.signature(tracer.fit).parameters
    options: dict[str, Any] = {}
    if "valid" in accepts:
        options["valid"] = valid
    if "progress" in accepts and progress is not None:
        options["progress"] = progress
    tracer.fit(train, **options)
    if valid is None or len(valid) == 0:
        return None
    return evaluate(valid.correct, tracer.predict(valid).p_correct)["auc"]


def replay(
    train_path: StrPath,
    test_path: StrPath,
    *,
    valid_path: StrPath | None = None,
    fmt: str = "dkvmn",
    model: str = "bkt",
    seed: int | None = None,
    settings: Mapping[str, Any] | None = None,
    columns: Mapping[str, str] | None = None,
    threads: int | None = None,
) -> ReplayResult:
    """Fit `model` on `train_path`, then trace every learner of `test_path` and score it.

    Args:
        train_path: the training log.
        test_path: the test log; each answer is predicted from the same learner's
            earlier answers only.
        valid_path: a validation log; models trained in epochs keep the epoch with
            the best AUC on it (others only report it).
        fmt: the format of the logs, a key of `its.tracing.datasets.FORMATS`.
        model: a key of `TRACERS`.
        seed: `random_state` of the tracer.
        settings: hyperparameters to set on the tracer (see `make_tracer`).
        columns: field -> column map of the ``pybkt`` and ``datashop`` formats.
        threads: torch's CPU threads (see `make_tracer`).

    Raises:
        DataFormatError: unknown model or format, or a malformed log.
    """
    tracer = make_tracer(model, seed=seed, settings=settings, threads=threads)
    train = read_log(train_path, fmt, columns=columns)
    test = read_log(test_path, fmt, columns=columns)
    valid = _read_valid(valid_path, fmt, columns)
    if len(test) == 0:
        raise DataFormatError(f"{test_path}: no answers to score")
    start = time.perf_counter()
    valid_auc = fit_tracer(tracer, train, valid=valid)
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
        valid_auc=valid_auc,
        best_epoch=getattr(tracer, "best_epoch_", None),
    )


@dataclass(frozen=True, slots=True)
class TrainResult:
    """What `train` fitted and saved: validation (and test) scores and the fit time.

    `n_unseen` counts the test answers whose skill the training log lacks (0 without a
    test log). A metric that is undefined (NaN: e.g. the AUC of a one-class log) is None
    in `to_dict`, which is strict JSON.
    """

    model: str
    path: str
    fit_seconds: float
    valid_auc: float | None
    test_metrics: dict[str, float]
    best_epoch: int | None
    n_unseen: int = 0

    def to_dict(self) -> dict[str, Any]:
        row = {
            "model": self.model,
            "path": self.path,
            "fit_seconds": self.fit_seconds,
            "valid_auc": self.valid_auc,
            "best_epoch": self.best_epoch,
            "n_unseen": self.n_unseen,
            "test": self.test_metrics,
        }
        return dict(strict_json(row))


def train(
    train_path: StrPath,
    out_path: StrPath,
    *,
    valid_path: StrPath | None = None,
    test_path: StrPath | None = None,
    fmt: str = "dkvmn",
    columns: Mapping[str, str] | None = None,
    model: str = "dkt",
    seed: int | None = None,
    settings: Mapping[str, Any] | None = None,
    progress: Callable[[Any], None] | None = None,
    threads: int | None = None,
) -> TrainResult:
    """Fit `model` (epochs chosen on `valid_path`), score `test_path`, save to `out_path`.

    The saved file holds the settings, the hash of the training log's parsed answers and
    the metrics. It is written beside `out_path` and renamed over it when complete, so an
    interrupted run never leaves a half-written model file. `threads`: see `make_tracer`.

    Raises:
        DataFormatError: unknown model or format, or a malformed log.
        ItsError: the model cannot be saved, `out_path` does not end in the model's file
            suffix (`.npz` for plain-array model files, `.json` for BKT; any case), is
            one of the logs read (the same file by any path), or cannot be written (all
            checked before the fit, which may take long), or a setting is unknown. A
            link as `out_path` is followed: its target is replaced.
    """
    tracer = make_tracer(model, seed=seed, settings=settings, threads=threads)
    save = getattr(tracer, "save", None)
    if save is None:
        raise ItsError(f"model {model!r} cannot be saved to a file")
    # Models that write plain-array model files say so; the others (BKT) write JSON.
    suffix = getattr(type(tracer), "file_suffix", ".json")
    name = os.path.basename(os.fspath(out_path)).lower()
    if name == suffix:
        raise ItsError(f"{out_path}: give the model file a name before {suffix}")
    if not name.endswith(suffix):
        raise ItsError(f"{out_path}: model {model!r} writes a {suffix} file; name it *{suffix}")
    inputs = {"the training log": train_path, "the --valid log": valid_path}
    _check_not_an_input(out_path, {**inputs, "the --test log": test_path})
    target = os.path.realpath(out_path)  # a link's target is replaced, never the link
    _check_writable(target)
    train_log = read_log(train_path, fmt, columns=columns)
    valid = _read_valid(valid_path, fmt, columns)
    test = None if test_path is None else read_log(test_path, fmt, columns=columns)
    start = time.perf_counter()
    valid_auc = fit_tracer(tracer, train_log, valid=valid, progress=progress)
    fit_seconds = time.perf_counter() - start
    test_metrics, n_unseen = {}, 0
    if test is not None and len(test):
        prediction = tracer.predict(test)
        test_metrics = evaluate(test.correct, prediction.p_correct)
        n_unseen = int(prediction.unseen.sum())
    metrics = {"fit_seconds": fit_seconds, **{f"test_{k}": v for k, v in test_metrics.items()}}
    if valid_auc is not None:
        metrics["valid_auc"] = valid_auc
    _save_atomically(save, target, metrics=metrics)
    return TrainResult(
        model=model,
        path=os.fspath(out_path),
        fit_seconds=fit_seconds,
        valid_auc=valid_auc,
        test_metrics=test_metrics,
        best_epoch=getattr(tracer, "best_epoch_", None),
        n_unseen=n_unseen,
    )


def _read_valid(
    path: StrPath | None, fmt: str, columns: Mapping[str, str] | None
) -> ResponseLog | None:
    """The --valid log; one without answers is refused, as it would choose nothing."""
    if path is None:
        return None
    valid = read_log(path, fmt, columns=columns)
    if len(valid) == 0:
        raise DataFormatError(f"{path}: no answers to validate on")
    return valid


def _check_not_an_input(out_path: StrPath, inputs: Mapping[str, StrPath | None]) -> None:
    """Refuse an `out_path` that is one of the logs read (by path, link or hard link):
    the model would replace the data it was trained on."""
    for role, path in inputs.items():
        if path is not None and same_file(out_path, path):
            raise ItsError(f"{out_path}: -o is {role}; name another file for the model")


def _check_writable(out_path: StrPath) -> None:
    """Refuse `out_path` unless a file can be created beside it (and it is no folder)."""
    path = os.fspath(out_path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ItsError(f"{path}: the folder {folder} does not exist; create it first")
    if os.path.isdir(path):
        raise ItsError(f"{path}: is a folder; give a file name")
    probe = _partial_path(path)
    try:
        with open(probe, "wb"):
            pass
    except OSError as error:
        raise ItsError(f"{path}: cannot write the model file: {error.strerror}") from error
    os.remove(probe)


def _partial_path(path: str) -> str:
    """The temporary file a model is written to before it is renamed to `path`."""
    return os.path.join(
        os.path.dirname(path) or ".", f".{os.path.basename(path)}.{os.getpid()}.partial"
    )


def _save_atomically(
    save: Callable[..., None], out_path: StrPath, *, metrics: Mapping[str, float]
) -> None:
    """`save` to a temporary file in `out_path`'s folder, then rename it to `out_path`."""
    path = os.fspath(out_path)
    partial = _partial_path(path)
    try:
        if "metrics" in inspect.signature(save).parameters:
            save(partial, metrics=dict(metrics))
        else:
            save(partial)
        os.replace(partial, path)
    except OSError as error:
        raise ItsError(f"{path}: cannot write the model file: {error.strerror}") from error
    finally:
        if os.path.exists(partial):
            os.remove(partial)
