"""Live BKT for the learner's app: one skill, one answer at a time, plain floats.

Imports nothing beyond the standard library (and `its.errors`), so the app starts fast
and never loads numpy-heavy research code. `BKT.skill_params` gives the `BKTParams` of
a fitted skill; `LiveBKT` reads a saved model and traces learners with every variant.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from its.errors import DataFormatError
from its.tracing.bkt import _schema

EPS = 1e-6
"""Every kernel (batch, online, credible) uses prior, learn, guess and slip within
[EPS, 1 - EPS] and forget within [0, 1 - EPS]: then every answer has a probability of at
least EPS under the model, so no trace divides by zero or takes log(0), whatever the
parameters (a fixed slip of 0 acts as 1e-6)."""
_NAMES = ("prior", "learn", "guess", "slip", "forget")


@dataclass(frozen=True, slots=True)
class BKTParams:
    """The BKT parameters of one skill.

    Attributes:
        prior: P(L0), the probability that the skill is mastered before any answer.
        learn: P(T), from not mastered to mastered between two answers.
        guess: P(G), correct although not mastered.
        slip: P(S), wrong although mastered.
        forget: P(F), from mastered to not mastered between two answers.
    """

    prior: float
    learn: float
    guess: float
    slip: float
    forget: float = 0.0

    def __post_init__(self) -> None:
        """Raise ValueError naming the first value that is not a probability."""
        for name in _NAMES:
            value = getattr(self, name)
            real = isinstance(value, numbers.Real) and not isinstance(value, bool)
            if not real or not (math.isfinite(value) and 0.0 <= value <= 1.0):
                raise ValueError(
                    f"BKTParams: {name} must be a probability in [0, 1], got {value!r}"
                )

    def bounded(self) -> BKTParams:
        """These parameters as the kernels use them (see `EPS`)."""
        return BKTParams(
            _within(self.prior),
            _within(self.learn),
            _within(self.guess),
            _within(self.slip),
            min(self.forget, 1.0 - EPS),
        )


def _within(value: float) -> float:
    return min(max(value, EPS), 1.0 - EPS)


def p_correct(p_mastery: float, params: BKTParams) -> float:
    """P(the next answer is correct) when the skill is mastered with `p_mastery`
    (guess and slip within [EPS, 1 - EPS])."""
    return p_mastery * (1.0 - _within(params.slip)) + (1.0 - p_mastery) * _within(params.guess)


def update(p_mastery: float, correct: bool, params: BKTParams) -> float:
    """P(mastered) for the next answer, after observing this one.

    Bayes' rule given the answer, then one learning/forgetting transition, with the
    parameters within the limits of `EPS` (so the evidence is never 0). Start a learner
    at `params.bounded().prior`.
    """
    return observe(p_mastery, correct, params)[0]


def observe(p_mastery: float, correct: bool, params: BKTParams) -> tuple[float, float]:
    """`update`'s P(mastered) for the next answer, and the probability of this answer
    (at least `EPS`), in one step."""
    guess, slip = _within(params.guess), _within(params.slip)
    if correct:
        mastered = p_mastery * (1.0 - slip)
        evidence = mastered + (1.0 - p_mastery) * guess
    else:
        mastered = p_mastery * slip
        evidence = mastered + (1.0 - p_mastery) * (1.0 - guess)
    posterior = mastered / evidence
    forget = min(params.forget, 1.0 - EPS)
    return posterior * (1.0 - forget) + (1.0 - posterior) * _within(params.learn), evidence


def held(before: float, after: float, evidence: bool) -> float:
    """The estimate `after` an answer, kept on the side of `before` its evidence points to:
    a wrong answer never raises mastery and a right one never lowers it. BKT's learning step
    can break that (a wrong answer at a mastery below what one practice step teaches, or
    with a fitted learn rate above it; forgetting after a right one), and so can a live
    model's prediction. The tutor's estimate (`its.tutor.mastery`) and every draw of its
    credible band (`its.tracing.credible`) keep to it."""
    return max(before, after) if evidence else min(before, after)


@dataclass(frozen=True, slots=True)
class SkillState:
    """A learner's live state on one skill.

    Attributes:
        p_mastery: P(mastered) before the learner's next answer.
        last_item: the item of the last answer, for the item-order model.
        n_answers: answers so far.
    """

    p_mastery: float
    last_item: str | None = None
    n_answers: int = 0


class LiveBKT:
    """A fitted BKT for the app, read from `BKT.save`'s JSON: plain Python, O(1) per answer.

    Gives the same numbers as `BKT.predict` replayed over a learner's history, for
    standard BKT, forgetting and every variant (item guess/slip, item learn, item
    order, learner prior), with the same fallbacks for unseen skills, items and
    learners.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Index `data` (a `BKT.to_dict()` mapping).

        Raises:
            DataFormatError: `data` is not a BKT model this code reads.
        """
        found = _schema.problems(data)
        if found:
            raise DataFormatError(_schema.message(found))
        hyper = data["hyperparameters"]
        self._groups: Mapping[str, str] = hyper.get("item_groups") or {}
        self._item_order = hyper.get("learn_by", "skill") == "item_order"
        self._skills: dict[str, BKTParams] = {}
        self._gs: dict[str, dict[str, tuple[float, float]]] = {}
        self._learn: dict[str, dict[object, tuple[float, float]]] = {}
        self._prior: dict[str, dict[str, float]] = {}
        for skill, entry in data["skills"].items():
            self._skills[skill] = BKTParams(
                *(float(entry[name]) for name in ("prior", "learn", "guess", "slip", "forget"))
            )
            if "guess_slip" in entry:
                self._gs[skill] = {
                    g["item"]: (float(g["guess"]), float(g["slip"])) for g in entry["guess_slip"]
                }
            if "learn_groups" in entry:
                self._learn[skill] = {
                    self._learn_key(g["previous_item"], g["item"]): (
                        float(g["learn"]),
                        float(g["forget"]),
                    )
                    for g in entry["learn_groups"]
                }
            if "priors" in entry:
                self._prior[skill] = {k: float(v) for k, v in entry["priors"].items()}
        names = ("prior", "learn", "guess", "slip", "forget")
        n = max(len(self._skills), 1)
        self._mean = BKTParams(
            *(sum(getattr(p, name) for p in self._skills.values()) / n for name in names)
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> LiveBKT:
        """Read a model file written by `BKT.save`.

        Raises:
            DataFormatError: the file cannot be read or is not a BKT model.
        """
        data = _schema.read_json(path)
        try:
            return cls(data)
        except DataFormatError as error:
            raise DataFormatError(f"{path}: {error}") from error

    @property
    def skills(self) -> frozenset[str]:
        """The names of the fitted skills (others take the fallback parameters)."""
        return frozenset(self._skills)

    def _learn_key(self, previous: str | None, item: str | None) -> object:
        if not self._item_order:
            return item
        return None if previous is None or item is None else (previous, item)

    def params(
        self,
        skill: str,
        *,
        item: str | None = None,
        previous_item: str | None = None,
        learner: str | None = None,
    ) -> BKTParams:
        """The parameters of one answer (as `BKT.skill_params`, within `EPS`'s limits)."""
        base = self._skills.get(skill)
        if base is None:
            return self._mean
        prior, learn, guess, slip, forget = (
            base.prior,
            base.learn,
            base.guess,
            base.slip,
            base.forget,
        )
        key = None if item is None else self._groups.get(item, item)
        if key is not None:
            guess, slip = self._gs.get(skill, {}).get(key, (guess, slip))
            previous = (
                None if previous_item is None else self._groups.get(previous_item, previous_item)
            )
            if skill in self._learn:
                found = self._learn[skill].get(self._learn_key(previous, key))
                learn, forget = found if found is not None else (learn, forget)
        if learner is not None:
            prior = self._prior.get(skill, {}).get(learner, prior)
        return BKTParams(prior, learn, guess, slip, forget).bounded()

    def start(self, skill: str, *, learner: str | None = None) -> SkillState:
        """A learner's state before their first answer of `skill`."""
        return SkillState(self.params(skill, learner=learner).prior)

    def answer(
        self,
        state: SkillState,
        skill: str,
        correct: bool,
        *,
        item: str | None = None,
        learner: str | None = None,
    ) -> tuple[SkillState, float]:
        """The state after one answer, and the P(correct) predicted before it."""
        params = self.params(skill, item=item, previous_item=state.last_item, learner=learner)
        before = p_correct(state.p_mastery, params)
        after = SkillState(update(state.p_mastery, correct, params), item, state.n_answers + 1)
        return after, before
