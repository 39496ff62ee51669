"""Tracers by name, for `its train --model NAME` and `replay`. Later models register here."""

from __future__ import annotations

from functools import partial
from typing import Protocol

from its.tracing.base import Tracer
from its.tracing.bkt.model import BKT


class TracerFactory(Protocol):
    """Makes an unfitted tracer; every registered model accepts `random_state`."""

    def __call__(self, *, random_state: int | None = None) -> Tracer: ...


def _dkt(*, random_state: int | None = None) -> Tracer:
    from its.tracing.deep.dkt import DKT  # torch: imported only when the model is asked for

    return DKT(random_state=random_state)


def _attention(*, random_state: int | None = None) -> Tracer:
    from its.tracing.deep.attention import AttentionKT  # torch: only when asked for

    return AttentionKT(random_state=random_state)


def _best_lr(*, random_state: int | None = None) -> Tracer:
    from its.tracing.logistic.best_lr import BestLR  # torch (L-BFGS): only when asked for

    return BestLR(random_state=random_state)


def _pairwise_lr(*, random_state: int | None = None) -> Tracer:
    from its.tracing.deep.pairwise import PairwiseLR  # torch: only when asked for

    return PairwiseLR(random_state=random_state)


def _mirt(*, random_state: int | None = None) -> Tracer:
    from its.tracing.irt.mirt import MIRT  # torch: only when asked for

    return MIRT(random_state=random_state)


def _gbm(*, random_state: int | None = None) -> Tracer:
    from its.tracing.gbm.model import GBM  # lightgbm: imported only when the model is asked for

    return GBM(random_state=random_state)


def _ensemble(*, random_state: int | None = None) -> Tracer:
    from its.tracing.ensemble import Ensemble  # members import torch: only when asked for

    return Ensemble(random_state=random_state)


def _bkt_bayes(*, random_state: int | None = None) -> Tracer:
    from its.tracing.bayes.model import BayesianBKT  # torch, pyro: only when asked for

    return BayesianBKT(random_state=random_state)


TRACERS: dict[str, TracerFactory] = {
    "bkt": BKT,
    "bkt-forgets": partial(BKT, forgets=True),
    "bkt-bayes": _bkt_bayes,
    "dkt": _dkt,
    "best-lr": _best_lr,
    "attention": _attention,
    "pairwise-lr": _pairwise_lr,
    "mirt": _mirt,
    "gbm": _gbm,
    "ensemble": _ensemble,
}
