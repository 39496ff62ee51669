"""The credible band keeps to the evidence-direction rule draw by draw (`held`): a wrong
answer never raises any draw's mastery, a right one never lowers it, so the band moves the
way the tutor's figure does. The tester's case: BKT fitted with a high learn rate showed 5%
(1-28%) and, after a wrong answer, 5% (5-86%): the figure was held, every draw learned."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from its.tracing.bkt.online import BKTParams
from its.tracing.credible import mastery_interval

probability = st.floats(0.001, 0.999)


@settings(max_examples=200, deadline=None)
@given(
    prior=probability,
    learn=probability,
    guess=st.floats(0.001, 0.5),
    slip=st.floats(0.001, 0.5),
    forget=st.floats(0.0, 0.5),
    answers=st.lists(st.booleans(), max_size=8),
    last=st.booleans(),
)
def test_one_draw_moves_only_the_way_the_answer_points(
    prior: float,
    learn: float,
    guess: float,
    slip: float,
    forget: float,
    answers: list[bool],
    last: bool,
) -> None:
    draw = BKTParams(prior, learn, guess, slip, forget)
    before = mastery_interval([draw], answers).mean
    after = mastery_interval([draw], [*answers, last]).mean
    assert (after >= before) if last else (after <= before)


def _high_learn_draws() -> list[BKTParams]:
    """A spread of parameters around a fitted skill that learns fast (learn 0.5) from a
    low prior, as a BKT fitted on the app's logs gave the tester."""
    grid = itertools.product(
        (0.005, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3),
        (0.3, 0.5, 0.7, 0.9),
        (0.15, 0.25, 0.35),
        (0.05, 0.1, 0.2),
    )
    return [BKTParams(prior, learn, guess, slip) for prior, learn, guess, slip in grid]


def test_a_wrong_answer_does_not_widen_the_band_upward() -> None:
    draws = _high_learn_draws()
    before = mastery_interval(draws, [])
    after = mastery_interval(draws, [False], guesses=[0.25])
    assert after.high <= before.high
    assert after.mean <= before.mean
    # Without the rule every draw would learn from the wrong answer: the band would rise.
    assert before.high < 0.5


def test_a_right_answer_does_not_lower_the_band() -> None:
    draws = [
        BKTParams(p, learn, 0.25, 0.1, forget=0.6)
        for p in (0.6, 0.8, 0.9, 0.95)
        for learn in (0.01, 0.05)
    ]
    before = mastery_interval(draws, [])
    after = mastery_interval(draws, [True], guesses=[0.25])
    assert after.low >= before.low
    assert after.mean >= before.mean
