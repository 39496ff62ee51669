"""Live BKT for the learner's app: one skill, one answer at a time, plain floats.

Imports nothing beyond the standard library, so the app starts fast and never loads
numpy-heavy research code. `BKT.skill_params` gives the `BKTParams` of a fitted skill.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def p_correct(p_mastery: float, params: BKTParams) -> float:
    """P(the next answer is correct) when the skill is mastered with `p_mastery`."""
    return p_mastery * (1.0 - params.slip) + (1.0 - p_mastery) * params.guess


def update(p_mastery: float, correct: bool, params: BKTParams) -> float:
    """P(mastered) for the next answer, after observing this one.

    Bayes' rule given the answer, then one learning/forgetting transition. Start a
    learner at `params.prior`.
    """
    if correct:
        mastered = p_mastery * (1.0 - params.slip)
        evidence = mastered + (1.0 - p_mastery) * params.guess
    else:
        mastered = p_mastery * params.slip
        evidence = mastered + (1.0 - p_mastery) * (1.0 - params.guess)
    posterior = mastered / evidence
    return posterior * (1.0 - params.forget) + (1.0 - posterior) * params.learn
