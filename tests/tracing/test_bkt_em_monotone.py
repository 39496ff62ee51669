"""EM never lowers any skill's log-likelihood (bounded M-steps included)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from its.tracing.bkt import _em, _kernels
from its.tracing.bkt._layout import Chains, deduplicate, pack

N_SKILLS = 3


@st.composite
def data_and_start(draw: st.DrawFn) -> tuple[Chains, _kernels.Params, bool]:
    seed = draw(st.integers(0, 2**32 - 1))
    forgets = draw(st.booleans())
    rng = np.random.default_rng(seed)
    n_chains = draw(st.integers(1, 30))
    lengths = rng.integers(1, 12, n_chains).astype(np.int64)
    skill = rng.integers(0, N_SKILLS, n_chains).astype(np.int64)
    bias = rng.uniform(0.1, 0.9)
    obs = (rng.random(lengths.sum()) < bias).astype(np.int8)
    start = _kernels.Params(
        *(rng.uniform(0.01, 0.99, N_SKILLS) for _ in range(4)),
        forget=rng.uniform(0.01, 0.5, N_SKILLS),
    )
    return Chains(obs, lengths, skill), start, forgets


@settings(max_examples=60, deadline=None)
@given(data_and_start())
def test_log_likelihood_never_decreases(case: tuple[Chains, _kernels.Params, bool]) -> None:
    chains, start, forgets = case
    packed, _ = pack(deduplicate(chains))
    counts = _em.Counts.of(packed, N_SKILLS)
    params = _kernels.clip(start, forgets=forgets)
    previous = _kernels.e_step(params, packed, N_SKILLS)
    for _ in range(25):
        params = _em.m_step(previous, counts, params, forgets=forgets)
        stats = _kernels.e_step(params, packed, N_SKILLS)
        slack = 1e-9 * (1 + np.abs(previous.log_likelihood))
        assert (stats.log_likelihood >= previous.log_likelihood - slack).all()
        for name in ("prior", "learn", "guess", "slip", "forget"):
            value = getattr(params, name)
            assert ((value >= 0) & (value <= 1)).all()
        assert (params.guess <= _kernels.MAX_GUESS).all()
        assert (params.slip <= _kernels.MAX_SLIP).all()
        previous = stats
