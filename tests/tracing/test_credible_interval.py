"""`mastery_interval`: posterior mean and credible interval of mastery over parameter draws."""

from __future__ import annotations

import pytest

from its.tracing.bkt.online import BKTParams, update
from its.tracing.credible import MasteryInterval, mastery_interval

PARAMS = BKTParams(prior=0.3, learn=0.1, guess=0.2, slip=0.1)
SPREAD = tuple(
    BKTParams(prior=0.1 + 0.02 * k, learn=0.05 + 0.005 * k, guess=0.15, slip=0.1) for k in range(40)
)


def _online(answers: list[bool], params: BKTParams) -> float:
    mastery = params.prior
    for correct in answers:
        mastery = update(mastery, correct, params)
    return mastery


def test_one_repeated_draw_gives_the_online_mastery_and_no_width() -> None:
    answers = [True, False, True, True]
    result = mastery_interval([PARAMS] * 5, answers)
    expected = _online(answers, PARAMS)
    assert result == MasteryInterval(mean=pytest.approx(expected), low=expected, high=expected)


def test_no_answers_gives_the_spread_of_the_priors() -> None:
    result = mastery_interval(SPREAD, [], level=0.9)
    priors = sorted(p.prior for p in SPREAD)
    assert result.mean == pytest.approx(sum(priors) / len(priors))
    assert result.low == pytest.approx(priors[1])
    assert result.high == pytest.approx(priors[-3])


def test_correct_answers_raise_mastery_and_the_bounds_stay_ordered() -> None:
    before = mastery_interval(SPREAD, [True])
    after = mastery_interval(SPREAD, [True] * 6)
    assert after.mean > before.mean
    for result in (before, after):
        assert 0.0 <= result.low <= result.mean <= result.high <= 1.0


def test_a_wider_level_gives_a_wider_interval() -> None:
    narrow = mastery_interval(SPREAD, [True, False], level=0.5)
    wide = mastery_interval(SPREAD, [True, False], level=0.95)
    assert wide.low <= narrow.low and narrow.high <= wide.high
    assert wide.high - wide.low > narrow.high - narrow.low


def test_draws_that_explain_the_answers_better_weigh_more() -> None:
    guesser = BKTParams(prior=0.1, learn=0.01, guess=0.45, slip=0.05)
    honest = BKTParams(prior=0.1, learn=0.01, guess=0.05, slip=0.05)
    answers = [False, False, False, False, False, False]
    result = mastery_interval([guesser, honest], answers)
    unweighted = (_online(answers, guesser) + _online(answers, honest)) / 2
    # All wrong answers are far likelier without guessing; its (lower) mastery dominates.
    assert result.mean == pytest.approx(_online(answers, honest), rel=0.05)
    assert result.mean < unweighted


@pytest.mark.parametrize("level", [0.0, 1.0, -0.1, 1.5])
def test_level_outside_zero_one_is_refused(level: float) -> None:
    with pytest.raises(ValueError, match="level must lie strictly between 0 and 1"):
        mastery_interval([PARAMS], [True], level=level)


def test_no_draws_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one parameter draw"):
        mastery_interval([], [True])
