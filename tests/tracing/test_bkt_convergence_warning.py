"""A fit cut short by n_iter warns with ConvergenceWarning (and never prints)."""

from __future__ import annotations

import numpy as np
import pytest

from its.tracing.base import ConvergenceWarning
from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate


def test_hitting_n_iter_warns(capsys: pytest.CaptureFixture[str]) -> None:
    truth = {"a": BKTParams(prior=0.2, learn=0.3, guess=0.25, slip=0.1)}
    log = simulate(truth, n_learners=100, n_answers=10, rng=np.random.default_rng(0))

    with pytest.warns(ConvergenceWarning, match=r"1 of 1 skills had not converged.*n_iter=1"):
        model = BKT(n_iter=1, tol=0.0).fit(log)

    assert model.n_iter_.tolist() == [1]
    assert capsys.readouterr() == ("", "")
