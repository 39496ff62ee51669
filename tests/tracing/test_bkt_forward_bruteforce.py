"""The packed forward pass and E-step equal brute-force enumeration of hidden paths."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from its.tracing.bkt import _kernels
from its.tracing.bkt._layout import Chains, deduplicate, pack

N_SKILLS = 2


def _params(rng: np.random.Generator, forgets: bool) -> _kernels.Params:
    return _kernels.Params(
        prior=rng.uniform(0.05, 0.95, N_SKILLS),
        learn=rng.uniform(0.05, 0.5, N_SKILLS),
        guess=rng.uniform(0.05, 0.5, N_SKILLS),
        slip=rng.uniform(0.05, 0.5, N_SKILLS),
        forget=rng.uniform(0.05, 0.3, N_SKILLS) if forgets else np.zeros(N_SKILLS),
    )


def _chains(rng: np.random.Generator) -> Chains:
    """Ten random chains of both skills, then exact copies of the first two."""
    lengths = np.array([5, 1, 3, 5, 2, 4, 1, 3, 3, 5], dtype=np.int64)
    skill = np.array([0, 1, 1, 0, 0, 1, 0, 1, 1, 0], dtype=np.int64)
    obs = rng.integers(0, 2, lengths.sum()).astype(np.int8)
    copies = obs[: lengths[0] + lengths[1]]
    return Chains(
        np.r_[obs, copies].astype(np.int8), np.r_[lengths, lengths[:2]], np.r_[skill, skill[:2]]
    )


def _weight(path: tuple[int, ...], obs: list[int], p: dict[str, float]) -> float:
    """P(hidden path, the answers of its first len(obs) steps)."""
    prob = p["prior"] if path[0] else 1 - p["prior"]
    for t in range(1, len(path)):
        if path[t - 1]:
            prob *= p["forget"] if path[t] == 0 else 1 - p["forget"]
        else:
            prob *= p["learn"] if path[t] else 1 - p["learn"]
    for t, answer in enumerate(obs):
        p_right = 1 - p["slip"] if path[t] else p["guess"]
        prob *= p_right if answer else 1 - p_right
    return prob


def _enumerate(obs: list[int], p: dict[str, float]) -> dict[str, Any]:
    """Everything about one chain, by summing over all 2^T hidden paths."""
    n = len(obs)
    pred = []
    for t in range(n):
        # P(L_t = 1 | answers before t): paths of t + 1 steps, t answers observed.
        prefixes = list(itertools.product((0, 1), repeat=t + 1))
        weights = [_weight(path, obs[:t], p) for path in prefixes]
        pred.append(
            sum(w * path[t] for w, path in zip(weights, prefixes, strict=True)) / sum(weights)
        )
    paths = list(itertools.product((0, 1), repeat=n))
    weights = [_weight(path, obs, p) for path in paths]
    total = sum(weights)

    def expect(count: Callable[[tuple[int, ...]], float]) -> float:
        return sum(w * count(path) for w, path in zip(weights, paths, strict=True)) / total

    return {
        "loglik": math.log(total),
        "pred": pred,
        "post": [expect(lambda path, t=t: path[t]) for t in range(n)],
        "learned": expect(lambda path: sum(a < b for a, b in itertools.pairwise(path))),
        "forgot": expect(lambda path: sum(a > b for a, b in itertools.pairwise(path))),
    }


@pytest.mark.parametrize("forgets", [False, True])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forward_and_e_step_equal_enumeration(forgets: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    params = _params(rng, forgets)
    chains = _chains(rng)
    packed, position = pack(chains)
    pred = _kernels.forward(params, packed)
    stats = _kernels.e_step(params, packed, N_SKILLS)

    expected = {
        name: np.zeros(N_SKILLS)
        for name in (
            "log_likelihood",
            "first_mastered",
            "mastered",
            "mastered_correct",
            "from_mastered",
            "learned",
            "forgot",
        )
    }
    start = 0
    for length, skill in zip(chains.lengths.tolist(), chains.skill.tolist(), strict=True):
        obs = chains.obs[start : start + length].tolist()
        p = {
            name: float(getattr(params, name)[skill])
            for name in ("prior", "learn", "guess", "slip", "forget")
        }
        truth = _enumerate(obs, p)
        got = pred[position[start : start + length]]
        np.testing.assert_allclose(got, truth["pred"], rtol=0, atol=1e-9)
        post = truth["post"]
        expected["log_likelihood"][skill] += truth["loglik"]
        expected["first_mastered"][skill] += post[0]
        expected["mastered"][skill] += sum(post)
        expected["mastered_correct"][skill] += sum(q for q, o in zip(post, obs, strict=True) if o)
        expected["from_mastered"][skill] += sum(post[:-1])
        expected["learned"][skill] += truth["learned"]
        expected["forgot"][skill] += truth["forgot"]
        start += length

    for name, values in expected.items():
        np.testing.assert_allclose(getattr(stats, name), values, rtol=0, atol=1e-9, err_msg=name)

    merged = deduplicate(chains)
    assert merged.weight is not None and merged.lengths.size < chains.lengths.size
    weighted = _kernels.e_step(params, pack(merged)[0], N_SKILLS)
    for name, values in expected.items():
        np.testing.assert_allclose(getattr(weighted, name), values, rtol=0, atol=1e-9)
