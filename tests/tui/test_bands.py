"""The uncertainty bands: population draws re-centred on the tutor's parameters, a band that
narrows with answers and always holds the tutor's own estimate, and a cache that changes
nothing but the time."""

from __future__ import annotations

import statistics
from dataclasses import replace

import pytest

from its.items.model import CompetencyId
from its.tracing.bkt.online import BKTParams, update
from its.tracing.credible import mastery_interval, population_draws
from its.tui.bands import LEVEL, BandCache, band, bands, centred_draws, interval
from its.tutor.mastery import DEFAULT_PARAMS

DRAWS = population_draws()


def tutor_estimate(answers: list[bool], params: BKTParams = DEFAULT_PARAMS) -> float:
    mastery = params.prior
    for right in answers:
        mastery = update(mastery, right, params)
    return mastery


def test_centred_draws_have_the_tutors_parameters_as_medians() -> None:
    centred = centred_draws(DRAWS, DEFAULT_PARAMS)
    assert len(centred) == len(DRAWS)
    for name in ("prior", "learn", "guess", "slip"):
        median = statistics.median(getattr(d, name) for d in centred)
        assert median == pytest.approx(getattr(DEFAULT_PARAMS, name), abs=1e-3), name
        # The spread between skills is kept: the draws still differ.
        assert len({round(getattr(d, name), 6) for d in centred}) > len(DRAWS) // 2
    assert all(d.forget == DEFAULT_PARAMS.forget for d in centred)


@pytest.mark.parametrize(
    "answers",
    [[], [True], [False], [True, True, True], [False, True, True, True, True], [True] * 8],
    ids=["none", "right", "wrong", "three-right", "late-learner", "eight-right"],
)
def test_the_band_holds_the_tutors_estimate(answers: list[bool]) -> None:
    value = tutor_estimate(answers)
    shown = band(centred_draws(DRAWS, DEFAULT_PARAMS), answers, value)
    assert 0.0 <= shown.low <= value <= shown.high <= 1.0


def test_the_band_narrows_as_right_answers_come_in() -> None:
    centred = centred_draws(DRAWS, DEFAULT_PARAMS)
    widths = []
    for n in (0, 4, 8):
        answers = [True] * n
        shown = band(centred, answers, tutor_estimate(answers))
        widths.append(shown.high - shown.low)
    assert widths[0] > widths[1] > widths[2]


def test_the_cache_gives_the_same_bands() -> None:
    centred = centred_draws(DRAWS, DEFAULT_PARAMS)
    a, b = CompetencyId("a"), CompetencyId("b")
    answers = {a: [True, False, True], b: []}
    mastery = {a: tutor_estimate(answers[a]), b: DEFAULT_PARAMS.prior}
    cache = BandCache()
    first = bands(lambda _: centred, answers, mastery, cache=cache)
    again = bands(lambda _: centred, answers, mastery, cache=cache)
    plain = bands(lambda _: centred, answers, mastery)
    assert first == again == plain
    interval = mastery_interval(centred, answers[a], level=LEVEL)
    assert first[a].low == min(interval.low, mastery[a])


@pytest.mark.parametrize("guess", [0.5, 0.02], ids=["true-false", "typed"])
@pytest.mark.parametrize("answers", [[True], [True, True], [False, True, True]])
def test_the_band_traces_each_answer_with_its_items_guess(
    guess: float, answers: list[bool]
) -> None:
    """The tutor traces an answer with its item's guess; the band does too, so it holds the
    tutor's estimate by itself (no widening) after true/false or typed answers."""
    item_params = replace(DEFAULT_PARAMS, guess=guess)
    value = tutor_estimate(answers, item_params)
    found = interval(centred_draws(DRAWS, DEFAULT_PARAMS), [(a, guess) for a in answers])
    assert found.low <= value <= found.high
    plain = interval(centred_draws(DRAWS, DEFAULT_PARAMS), answers)
    assert (found.low, found.high) != (plain.low, plain.high)  # the guess is used
