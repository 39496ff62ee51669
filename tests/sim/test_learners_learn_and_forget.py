"""Simulated learners learn, forget and differ exactly as configured."""

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from its.items.load import load_bank, starter_bank_path
from its.items.model import Bank, CompetencyId
from its.items.scoring import is_correct
from its.sim.learner import CEILING, SimulatedLearner, Traits, draw_learner, known_set, respond

NOW = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
A, B = CompetencyId("a"), CompetencyId("b")


def _learner(*, rate: float = 0.3, forget_days: float = 10.0, start_b: float = -2.0):
    traits = Traits({A: -1.0, B: start_b}, rate, guess=0.2, slip=0.1, forget_days=forget_days)
    return SimulatedLearner(traits, prerequisites={A: (), B: (A,)})


@pytest.fixture(scope="module")
def starter() -> Bank:
    return load_bank(starter_bank_path())


def test_practice_closes_the_configured_share_of_the_gap_to_the_ceiling() -> None:
    learner = _learner(rate=0.3)
    after = learner.practise((A,), NOW)
    assert after.ability(A, NOW) == pytest.approx(-1.0 + 0.3 * (CEILING + 1.0))
    assert after.p_correct((A,), 0.0, NOW) > learner.p_correct((A,), 0.0, NOW)


def test_faster_learners_gain_more_from_the_same_practice() -> None:
    slow, fast = _learner(rate=0.1), _learner(rate=0.5)
    for _ in range(3):
        slow, fast = slow.practise((A,), NOW), fast.practise((A,), NOW)
    assert fast.ability(A, NOW) > slow.ability(A, NOW) > -1.0


def test_what_was_learned_fades_exponentially_with_the_configured_time() -> None:
    learner = _learner(forget_days=4.0).practise((A,), NOW)
    gain = learner.ability(A, NOW) + 1.0
    later = NOW + timedelta(days=4)
    assert learner.ability(A, later) == pytest.approx(-1.0 + gain * math.exp(-1.0))
    assert learner.ability(A, NOW + timedelta(days=400)) == pytest.approx(-1.0, abs=1e-6)


def test_quick_forgetters_forget_faster() -> None:
    quick = _learner(forget_days=1.0).practise((A,), NOW)
    slow = _learner(forget_days=30.0).practise((A,), NOW)
    week = NOW + timedelta(days=7)
    assert quick.ability(A, week) < slow.ability(A, week)


def test_unknown_prerequisites_slow_learning() -> None:
    unready = _learner().practise((B,), NOW)
    ready = _learner()
    for _ in range(6):
        ready = ready.practise((A,), NOW)
    ready = ready.practise((B,), NOW)
    assert ready.ability(B, NOW) - -2.0 > 2 * (unready.ability(B, NOW) - -2.0)


def test_guessing_and_slipping_bound_the_chance_of_a_right_answer() -> None:
    learner = _learner()
    assert learner.p_correct((A,), 50.0, NOW) == pytest.approx(0.2)
    assert learner.p_correct((A,), -50.0, NOW) == pytest.approx(0.9)


def test_known_competencies_are_closed_under_prerequisites(starter: Bank) -> None:
    rng = np.random.default_rng(0)
    for size in range(len(starter.competencies) + 1):
        known = known_set(starter, size, rng)
        assert len(known) == size
        for c in known:
            assert set(starter.competencies[c].prerequisites) <= known


def test_drawn_learners_differ_and_know_what_they_are_said_to_know(starter: Bank) -> None:
    rng = np.random.default_rng(3)
    drawn = [draw_learner(starter, rng, known_fraction=0.5) for _ in range(30)]
    assert len({round(learner.traits.learn_rate, 6) for learner, _ in drawn}) == 30
    assert len({round(learner.traits.forget_days, 6) for learner, _ in drawn}) == 30
    assert all(len(known) == 5 for _, known in drawn)
    knows = [
        learner.knows(c, NOW) == (c in known)
        for learner, known in drawn
        for c in starter.competencies
    ]
    assert sum(knows) >= 0.95 * len(knows)  # abilities are drawn: a rare one falls short


def test_responses_score_as_intended_on_every_starter_item(starter: Bank) -> None:
    rng = np.random.default_rng(0)
    for item in starter.items:
        assert is_correct(item, respond(item, True, rng)), item.id
        assert not is_correct(item, respond(item, False, rng)), item.id
