"""Uncertainty bands for the screens: a credible interval of each competency's mastery.

The interval comes from `its.tracing.credible.mastery_interval`: the learner's own answers on a
competency traced through draws of BKT parameters. No competency of a bank has fitted
parameters yet, so the draws are the shipped population draws (how BKT parameters vary between
skills, fitted on ASSISTments 2009), re-centred on the tutor's own parameters for the
competency: each parameter keeps its spread on the logit scale but its centre moves to the
tutor's value. Without that, the band would describe another population (ASSISTments skills
start at a median prior of about 0.69; the tutor assumes 0.2) and contradict the number beside
it. The band traces the same evidence as the tutor's estimate (`its.tutor.mastery.apply_attempt`):
each answer on the competency, each right placement answer that built on it (as a right
answer), and each placement that floored it at `PLACED_MASTERY` (`PLACED`, a step of its
own), so a competency placed as known has a band up where its estimate is.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from its.events import Attempt
from its.items.model import Bank, CompetencyId
from its.tracing.bkt.online import BKTParams, held, update
from its.tracing.credible import MasteryInterval, mastery_interval
from its.tutor.index import build_index
from its.tutor.mastery import PLACED_MASTERY, counts_as_correct, is_placement, item_guess

LEVEL = 0.9
"""The probability mass of the band shown (a 90% credible interval)."""


@dataclass(frozen=True, slots=True)
class Band:
    """The tutor's estimate and the interval it likely lies in, all P(mastered)."""

    value: float
    low: float
    high: float


def whole(value: float) -> int:
    """A probability as a whole number of percent, for `30-58%` (one % sign per band)."""
    return round(100 * value)


PLACED = None
"""An evidence step: the placement check floored the competency at `PLACED_MASTERY`."""

Step = bool | tuple[bool, float] | None
"""An answer (right or not, optionally with the item's own guess probability, which the tutor
traces with), or `PLACED`."""


def _correct(step: Step) -> bool:
    return step[0] if isinstance(step, tuple) else bool(step)


def _guess(step: Step) -> float | None:
    return step[1] if isinstance(step, tuple) else None


def answers_by_competency(
    bank: Bank, attempts: Iterable[Attempt]
) -> dict[CompetencyId, list[Step]]:
    """Each competency's evidence, oldest first, as the tutor counts it: its own answers (a
    right answer after every hint rung counts as wrong), and for a right placement answer a
    right answer on each prerequisite it built on, then `PLACED` on all of them."""
    index = build_index(bank)
    answers: dict[CompetencyId, list[Step]] = {c: [] for c in bank.competencies}
    for attempt in attempts:
        item = index.items.get(attempt.item_id)
        right = counts_as_correct(attempt, item)
        tagged = set(attempt.competencies)
        own: Step = right if item is None else (right, item_guess(item))
        for competency in attempt.competencies:
            answers.setdefault(competency, []).append(own)
        if not (right and is_placement(attempt.session_id)):
            continue
        below: set[CompetencyId] = set()
        for competency in attempt.competencies:
            below |= index.ancestors.get(competency, frozenset())
        for competency in sorted(below - tagged):
            answers.setdefault(competency, []).append(True)
        for competency in sorted(below | tagged):
            answers.setdefault(competency, []).append(PLACED)
    return answers


def interval(draws: Sequence[BKTParams], answers: Sequence[Step]) -> MasteryInterval:
    """`mastery_interval` over evidence that may hold `PLACED` steps: each draw is traced to
    the last one and starts from there (at least `PLACED_MASTERY`), and the answers after it
    weigh the draws as usual."""
    placed = [n for n, a in enumerate(answers) if a is PLACED]
    if not placed:
        return _interval(draws, answers)
    last = placed[-1]
    started = []
    for draw in draws:
        mastery = draw.prior
        for step in answers[:last]:
            if step is PLACED:
                mastery = max(mastery, PLACED_MASTERY)
            else:
                guess = _guess(step)
                params = draw if guess is None else replace(draw, guess=guess)
                right = _correct(step)
                mastery = held(mastery, update(mastery, right, params), right)
        started.append(replace(draw, prior=max(mastery, PLACED_MASTERY)))
    return _interval(started, answers[last + 1 :])


def _interval(draws: Sequence[BKTParams], answers: Sequence[Step]) -> MasteryInterval:
    return mastery_interval(
        draws,
        [_correct(a) for a in answers],
        level=LEVEL,
        guesses=[_guess(a) for a in answers],
    )


_CENTRED = ("prior", "learn", "guess", "slip")
_EDGE = 1e-4


def _logit(p: float) -> float:
    p = min(max(p, _EDGE), 1.0 - _EDGE)
    return math.log(p / (1.0 - p))


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def centred_draws(draws: Sequence[BKTParams], centre: BKTParams) -> tuple[BKTParams, ...]:
    """`draws` moved on the logit scale so that each parameter's median is `centre`'s value
    (forgetting is taken from `centre` as it is: the population draws have none)."""
    shifts = {
        name: _logit(getattr(centre, name))
        - statistics.median(_logit(getattr(d, name)) for d in draws)
        for name in _CENTRED
    }

    def moved(draw: BKTParams, name: str) -> float:
        return _expit(_logit(getattr(draw, name)) + shifts[name])

    return tuple(
        BKTParams(
            prior=moved(d, "prior"),
            learn=moved(d, "learn"),
            guess=moved(d, "guess"),
            slip=moved(d, "slip"),
            forget=centre.forget,
        )
        for d in draws
    )


def band(draws: Sequence[BKTParams], answers: Sequence[Step], value: float) -> Band:
    """The band around the tutor's estimate `value` after `answers` (widened to hold it only
    in the rare case it falls just outside the draws' interval)."""
    found = interval(draws, answers)
    return Band(value=value, low=min(found.low, value), high=max(found.high, value))


class BandCache:
    """Intervals already computed, by (draws, answers): tracing every answer through every
    draw costs draws x answers updates, and most competencies' answers do not change between
    two renderings of the home screen."""

    def __init__(self) -> None:
        self._intervals: dict[tuple[int, tuple[Step, ...]], tuple[float, float]] = {}

    def band(self, draws: Sequence[BKTParams], answers: Sequence[Step], value: float) -> Band:
        key = (id(draws), tuple(answers))
        if key not in self._intervals:
            found = interval(draws, answers)
            self._intervals[key] = (found.low, found.high)
        low, high = self._intervals[key]
        return Band(value=value, low=min(low, value), high=max(high, value))


def bands(
    draws_for: Callable[[CompetencyId], Sequence[BKTParams]],
    answers: Mapping[CompetencyId, Sequence[Step]],
    mastery: Mapping[CompetencyId, float],
    *,
    cache: BandCache | None = None,
) -> dict[CompetencyId, Band]:
    """A band for every competency the tutor has an estimate of; `draws_for` gives each
    competency's draws (the same object for the same draws, as `cache` keys on it)."""
    compute = cache.band if cache is not None else band
    return {c: compute(draws_for(c), answers.get(c, ()), value) for c, value in mastery.items()}
