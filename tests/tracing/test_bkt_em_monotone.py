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


@st.composite
def grouped_case(
    draw: st.DrawFn,
) -> tuple[Chains, _kernels.Params, bool, dict[str, tuple[float, float]], _em.Fixed]:
    """Chains with guess/slip, learn and prior groups, random bounds and fixed values."""
    seed = draw(st.integers(0, 2**32 - 1))
    forgets = draw(st.booleans())
    rng = np.random.default_rng(seed)
    n_chains = draw(st.integers(1, 30))
    lengths = rng.integers(1, 12, n_chains).astype(np.int64)
    n = int(lengths.sum())
    chains = Chains(
        (rng.random(n) < rng.uniform(0.1, 0.9)).astype(np.int8),
        lengths,
        rng.integers(0, N_SKILLS, n_chains).astype(np.int64),
        gs=rng.integers(0, 4, n).astype(np.int64),
        learn=rng.integers(0, 5, n).astype(np.int64),
        prior=rng.integers(0, 6, n_chains).astype(np.int64),
    )
    start = _kernels.Params(
        prior=rng.uniform(0.01, 0.99, 6),
        learn=rng.uniform(0.01, 0.99, 5),
        guess=rng.uniform(0.01, 0.99, 4),
        slip=rng.uniform(0.01, 0.99, 4),
        forget=rng.uniform(0.01, 0.5, 5),
    )
    low = float(rng.uniform(0.0, 0.2))
    bounds = {"guess": (low, 0.3), "learn": (0.0, 0.6)}
    fixed_guess = np.full(4, np.nan)
    fixed_guess[0] = 0.25
    nan = np.full(6, np.nan)
    fixed = _em.Fixed(_kernels.Params(nan, nan[:5], fixed_guess, nan[:4], nan[:5]))
    return chains, start, forgets, bounds, fixed


@settings(max_examples=40, deadline=None)
@given(grouped_case())
def test_grouped_bounded_fixed_em_never_decreases(
    case: tuple[Chains, _kernels.Params, bool, dict[str, tuple[float, float]], _em.Fixed],
) -> None:
    chains, start, forgets, bounds, fixed = case
    packed, _ = pack(chains)
    groups = _kernels.Groups(
        prior=np.zeros(6, dtype=np.int64),
        learn=np.zeros(5, dtype=np.int64),
        gs=np.zeros(4, dtype=np.int64),
    )
    counts = _em.Counts.of(packed, N_SKILLS, groups)
    params = fixed.apply(_kernels.clip(start, forgets=forgets, bounds=bounds))
    previous = _kernels.e_step(params, packed, N_SKILLS)
    for _ in range(20):
        params = _em.m_step(previous, counts, params, forgets=forgets, bounds=bounds, fixed=fixed)
        stats = _kernels.e_step(params, packed, N_SKILLS)
        # Groups here span skills, so only the total is sure to rise (per skill it
        # is in the estimator, whose groups never span skills).
        total, before = stats.log_likelihood.sum(), previous.log_likelihood.sum()
        assert total >= before - 1e-9 * (1 + abs(before))
        assert params.guess[0] == 0.25
        assert (params.guess[1:] >= bounds["guess"][0] - 1e-12).all()
        assert (params.guess <= 0.3).all() and (params.learn <= 0.6).all()
        previous = stats


@settings(max_examples=25, deadline=None)
@given(data_and_start())
def test_em_never_lowers_a_skill_with_more_iterations(
    case: tuple[Chains, _kernels.Params, bool],
) -> None:
    """The whole `em` loop (deduplication, repacking, per-skill stopping): each skill's
    log-likelihood never falls as the iteration budget grows."""
    chains, start, forgets = case
    previous = None
    for n_iter in range(1, 13):
        result = _em.em(start, chains, N_SKILLS, n_iter=n_iter, tol=0.0, forgets=forgets)
        if previous is not None:
            slack = 1e-9 * (1 + np.abs(previous))
            assert (result.log_likelihood >= previous - slack).all(), n_iter
        previous = result.log_likelihood
