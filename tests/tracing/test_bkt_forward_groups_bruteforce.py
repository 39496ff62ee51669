"""With parameter groups (the variants), the forward pass and E-step still equal
brute-force enumeration of hidden paths, to 1e-9."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from its.tracing.bkt import _kernels
from its.tracing.bkt._layout import Chains, pack

N_SKILLS, N_GS, N_LEARN, N_PRIOR = 2, 3, 4, 5


def _case(seed: int, forgets: bool) -> tuple[Chains, _kernels.Params]:
    rng = np.random.default_rng(seed)
    lengths = np.array([5, 1, 3, 5, 2, 4, 1, 3, 6], dtype=np.int64)
    n = int(lengths.sum())
    chains = Chains(
        obs=rng.integers(0, 2, n).astype(np.int8),
        lengths=lengths,
        skill=rng.integers(0, N_SKILLS, lengths.size).astype(np.int64),
        gs=rng.integers(0, N_GS, n).astype(np.int64),
        learn=rng.integers(0, N_LEARN, n).astype(np.int64),
        prior=rng.integers(0, N_PRIOR, lengths.size).astype(np.int64),
    )
    params = _kernels.Params(
        prior=rng.uniform(0.05, 0.95, N_PRIOR),
        learn=rng.uniform(0.05, 0.5, N_LEARN),
        guess=rng.uniform(0.05, 0.5, N_GS),
        slip=rng.uniform(0.05, 0.5, N_GS),
        forget=rng.uniform(0.05, 0.3, N_LEARN) if forgets else np.zeros(N_LEARN),
    )
    return chains, params


def _path_weight(
    path: tuple[int, ...], obs: list[int], prior: float, steps: list[dict[str, float]]
) -> float:
    """P(path, first len(obs) answers); steps[t] holds the parameters of position t."""
    prob = prior if path[0] else 1 - prior
    for t in range(1, len(path)):
        p = steps[t - 1]  # the transition after position t - 1 uses its learn group
        if path[t - 1]:
            prob *= p["forget"] if path[t] == 0 else 1 - p["forget"]
        else:
            prob *= p["learn"] if path[t] else 1 - p["learn"]
    for t, answer in enumerate(obs):
        right = 1 - steps[t]["slip"] if path[t] else steps[t]["guess"]
        prob *= right if answer else 1 - right
    return prob


@pytest.mark.parametrize("forgets", [False, True])
@pytest.mark.parametrize("seed", [0, 1])
def test_grouped_e_step_equals_enumeration(forgets: bool, seed: int) -> None:
    chains, params = _case(seed, forgets)
    assert chains.gs is not None and chains.learn is not None and chains.prior is not None
    packed, position = pack(chains)
    pred = _kernels.forward(params, packed)
    stats = _kernels.e_step(params, packed, N_SKILLS)

    sizes = {"log_likelihood": N_SKILLS, "first_mastered": N_PRIOR, "mastered": N_GS}
    sizes |= {"mastered_correct": N_GS, "from_mastered": N_LEARN, "learned": N_LEARN}
    sizes |= {"forgot": N_LEARN}
    expected = {name: np.zeros(size) for name, size in sizes.items()}
    start = 0
    for c, length in enumerate(chains.lengths.tolist()):
        rows = range(start, start + length)
        obs = [int(chains.obs[r]) for r in rows]
        steps = [
            {
                "guess": float(params.guess[chains.gs[r]]),
                "slip": float(params.slip[chains.gs[r]]),
                "learn": float(params.learn[chains.learn[r]]),
                "forget": float(params.forget[chains.learn[r]]),
            }
            for r in rows
        ]
        prior = float(params.prior[chains.prior[c]])
        for t in range(length):
            prefixes = list(itertools.product((0, 1), repeat=t + 1))
            w = [_path_weight(p, obs[:t], prior, steps) for p in prefixes]
            truth = sum(wi * p[t] for wi, p in zip(w, prefixes, strict=True)) / sum(w)
            assert pred[position[start + t]] == pytest.approx(truth, abs=1e-9)
        paths = list(itertools.product((0, 1), repeat=length))
        weights = [_path_weight(p, obs, prior, steps) for p in paths]
        total = sum(weights)
        expected["log_likelihood"][chains.skill[c]] += math.log(total)
        for path, w in zip(paths, weights, strict=True):
            share = w / total
            expected["first_mastered"][chains.prior[c]] += share * path[0]
            for t, r in enumerate(rows):
                expected["mastered"][chains.gs[r]] += share * path[t]
                expected["mastered_correct"][chains.gs[r]] += share * path[t] * obs[t]
                if t + 1 < length:
                    g = chains.learn[r]
                    expected["from_mastered"][g] += share * path[t]
                    expected["learned"][g] += share * (path[t] < path[t + 1])
                    expected["forgot"][g] += share * (path[t] > path[t + 1])
        start += length

    for name, values in expected.items():
        np.testing.assert_allclose(getattr(stats, name), values, rtol=0, atol=1e-9, err_msg=name)
