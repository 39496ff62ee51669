"""BKT recovers the parameters of simulated learners.

With 2000 learners and 20 answers per skill, every fitted parameter lies within
0.03 of the truth (the sampling error is about 0.01). The fit runs to a tight `tol`:
the likelihood is flat along prior/learn/forget trade-offs, and the default tol
(1e-4 per answer) can stop a few hundredths away.
"""

from __future__ import annotations

import numpy as np
import pytest

from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate

TOLERANCE = 0.03
TRUE = {
    "fractions": BKTParams(prior=0.3, learn=0.15, guess=0.2, slip=0.1),
    "percent": BKTParams(prior=0.6, learn=0.05, guess=0.3, slip=0.05),
    "ratio": BKTParams(prior=0.1, learn=0.3, guess=0.15, slip=0.15),
}


@pytest.mark.parametrize("forget", [0.0, 0.05])
def test_parameters_are_recovered(forget: float) -> None:
    truth = {name: BKTParams(p.prior, p.learn, p.guess, p.slip, forget) for name, p in TRUE.items()}
    log = simulate(truth, n_learners=2000, n_answers=20, rng=np.random.default_rng(0))

    model = BKT(forgets=forget > 0, tol=1e-8, n_iter=2000).fit(log)

    for skill, expected in truth.items():
        fitted = model.skill_params(skill)
        for name in ("prior", "learn", "guess", "slip", "forget"):
            assert getattr(fitted, name) == pytest.approx(getattr(expected, name), abs=TOLERANCE), (
                skill,
                name,
            )
