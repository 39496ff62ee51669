"""Many answers never pile the weights onto one draw: the band rests on at least
`MIN_EFFECTIVE_DRAWS` of the draws, so it neither claims mastery for a learner with half
their answers right nor collapses to zero width."""

from __future__ import annotations

import math

import pytest

from its.tracing.bkt.online import BKTParams
from its.tracing.credible import (
    MIN_EFFECTIVE_DRAWS,
    _tempered_weights,
    _trace,
    mastery_interval,
    population_draws,
)
from its.tutor import MASTERY_THRESHOLD

DRAWS = population_draws()


@pytest.mark.parametrize("n_pairs", [50, 500])
def test_a_learner_with_half_the_answers_right_is_not_shown_as_mastered(n_pairs: int) -> None:
    result = mastery_interval(DRAWS, [True, False] * n_pairs)
    assert result.mean < MASTERY_THRESHOLD
    assert result.low < 0.5 < result.high


@pytest.mark.parametrize(
    "answers",
    [[False] * 3000, [True, False] * 500, [False, False, True] * 300],
    ids=["3000-wrong", "half-right", "third-right"],
)
def test_bands_keep_a_width_with_thousands_of_answers(answers: list[bool]) -> None:
    result = mastery_interval(DRAWS, answers)
    assert result.high - result.low > 0.05
    assert 0.0 <= result.low <= result.mean <= result.high <= 1.0


def test_the_weights_rest_on_the_required_share_of_the_draws() -> None:
    log_likelihoods = [_trace(params, [False] * 1000)[1] for params in DRAWS]
    floor = MIN_EFFECTIVE_DRAWS * len(DRAWS)
    plain = _tempered_weights(log_likelihoods, 1.0)
    assert _effective(plain) < 2  # untempered, one draw holds nearly all the weight
    weights = _tempered_weights(log_likelihoods, floor)
    assert floor <= _effective(weights) <= floor * 1.001
    # One factor t scales every log-likelihood: w = exp(t * (ll - max ll)).
    top = max(log_likelihoods)
    factors = {
        round(math.log(w) / (ll - top), 9)
        for w, ll in zip(weights, log_likelihoods, strict=True)
        if ll < top and w > 0
    }
    assert len(factors) == 1 and 0.0 < factors.pop() < 1.0


def _effective(weights: list[float]) -> float:
    return math.fsum(weights) ** 2 / math.fsum(w * w for w in weights)


def test_weights_that_are_spread_enough_are_not_tempered() -> None:
    draws = [BKTParams(prior=0.1 + 0.02 * k, learn=0.1, guess=0.2, slip=0.1) for k in range(20)]
    answers = [True, False, True]
    traced = [_trace(params, answers) for params in draws]
    weights = [math.exp(ll) for _, ll in traced]
    expected = math.fsum(w * m for w, (m, _) in zip(weights, traced, strict=True)) / sum(weights)
    assert mastery_interval(draws, answers).mean == pytest.approx(expected, rel=1e-12)
