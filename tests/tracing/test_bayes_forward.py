"""The torch forward pass of Bayesian BKT equals the live BKT update, answer by answer."""

from __future__ import annotations

import numpy as np
import torch

from its.tracing.bayes._forward import PackedTensors, forward, log_likelihood
from its.tracing.bkt._layout import Chains, pack
from its.tracing.bkt.online import BKTParams, p_correct, update

PARAMS = (
    BKTParams(prior=0.3, learn=0.15, guess=0.2, slip=0.1, forget=0.05),
    BKTParams(prior=0.6, learn=0.05, guess=0.3, slip=0.2, forget=0.0),
)


def test_forward_matches_the_online_update_and_the_likelihood_sums_it() -> None:
    rng = np.random.default_rng(3)
    lengths = rng.integers(1, 8, size=12)
    skill = rng.integers(0, 2, size=12)
    obs = (rng.random(int(lengths.sum())) < 0.6).astype(np.int8)
    packed, position = pack(Chains(obs, lengths, skill))
    table = torch.tensor(
        [[p.prior, p.learn, p.guess, p.slip, p.forget] for p in PARAMS], dtype=torch.float64
    )
    data = PackedTensors.from_packed(packed, 2)
    got_correct, got_mastery = (a.numpy()[position] for a in forward(table, data))
    expected_correct, expected_mastery, total = [], [], 0.0
    start = 0
    for length, k in zip(lengths, skill, strict=True):
        mastery = PARAMS[k].prior
        for answer in obs[start : start + length]:
            p = p_correct(mastery, PARAMS[k])
            expected_correct.append(p)
            total += np.log(p if answer else 1 - p)
            mastery = update(mastery, bool(answer), PARAMS[k])
            expected_mastery.append(mastery)
        start += length
    np.testing.assert_allclose(got_correct, expected_correct, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got_mastery, expected_mastery, rtol=0, atol=1e-12)
    assert abs(float(log_likelihood(table, data)) - total) < 1e-9


def test_leading_draw_dimensions_broadcast() -> None:
    packed, _ = pack(Chains(np.array([1, 0, 1], dtype=np.int8), np.array([3]), np.array([0])))
    data = PackedTensors.from_packed(packed, 1)
    one = torch.tensor([[0.3, 0.1, 0.2, 0.1, 0.0]], dtype=torch.float64)
    two = torch.stack([one, one * 0.5])
    assert log_likelihood(two, data).shape == (2,)
    assert torch.isclose(log_likelihood(two, data)[0], log_likelihood(one, data))
