"""Tracers by name, for `its train --model NAME` and `replay`. Later models register here."""

from __future__ import annotations

import importlib
from functools import partial
from typing import Protocol

from its.errors import ItsError
from its.tracing.base import Tracer
from its.tracing.bkt.model import BKT


class TracerFactory(Protocol):
    """Makes an unfitted tracer; every registered model accepts `random_state`."""

    def __call__(self, *, random_state: int | None = None) -> Tracer: ...


def _lazy(model: str, module: str, name: str) -> TracerFactory:
    """The factory of class `name` of `module`, imported only when the model is asked for
    (torch, pyro and lightgbm stay off the learner's path). An import that fails (a package
    missing, or a library that will not load, e.g. LightGBM without libgomp) is one line,
    not a traceback."""

    def factory(*, random_state: int | None = None) -> Tracer:
        try:
            tracer_class = getattr(importlib.import_module(module), name)
        except (ImportError, OSError) as error:
            raise ItsError(
                f"model {model!r} cannot be loaded here ({error}); it needs the research "
                "extra: pip install -c constraints.txt -e '.[research]'"
            ) from error
        tracer: Tracer = tracer_class(random_state=random_state)
        return tracer

    return factory


TRACERS: dict[str, TracerFactory] = {
    "bkt": BKT,
    "bkt-forgets": partial(BKT, forgets=True),
    "bkt-bayes": _lazy("bkt-bayes", "its.tracing.bayes.model", "BayesianBKT"),
    "dkt": _lazy("dkt", "its.tracing.deep.dkt", "DKT"),
    "best-lr": _lazy("best-lr", "its.tracing.logistic.best_lr", "BestLR"),
    "attention": _lazy("attention", "its.tracing.deep.attention", "AttentionKT"),
    "pairwise-lr": _lazy("pairwise-lr", "its.tracing.deep.pairwise", "PairwiseLR"),
    "mirt": _lazy("mirt", "its.tracing.irt.mirt", "MIRT"),
    "gbm": _lazy("gbm", "its.tracing.gbm.model", "GBM"),
    "ensemble": _lazy("ensemble", "its.tracing.ensemble", "Ensemble"),
}
