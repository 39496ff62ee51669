"""The adaptive policy: prerequisites first, no repeats, mastered competencies left alone."""

import itertools
from dataclasses import replace
from datetime import datetime

import numpy as np

from its.events import LearnerId, SessionId
from its.items.model import Bank
from its.tutor import MasteryModel, Tutor
from its.tutor.mastery import initial_mastery
from its.tutor.policy import next_item_adaptive


def _answer_all_right(tutor: Tutor, n: int, now: datetime, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    served = []
    for _ in range(n):
        session = tutor.next_question(session, rng=rng, now=now)
        if session.current is None:
            break
        served.append(session.current.item_id)
        session, _, _ = tutor.answer(session, "a", now=now)
    return served


def test_a_new_learner_starts_where_no_prerequisite_is_missing(bank: Bank, now: datetime) -> None:
    model = MasteryModel()
    decision = next_item_adaptive(
        bank, initial_mastery(bank, model), [], model=model, rng=np.random.default_rng(0), now=now
    )
    assert decision is not None
    assert decision.competency == "basics"
    assert decision.reason.key == "reason.weakest"


def test_locked_competencies_wait_for_their_prerequisites(bank: Bank, now: datetime) -> None:
    served = _answer_all_right(Tutor(bank), 30, now)
    competencies = [s.split("-")[0] for s in served]
    first_data = competencies.index("data")
    first_analytics = competencies.index("analytics")
    assert set(competencies[:first_data]) == {"basics"}
    assert "basics" not in competencies[first_data:]  # mastered: left alone
    assert first_data < first_analytics


def test_everything_mastered_ends_practice(bank: Bank, now: datetime) -> None:
    served = _answer_all_right(Tutor(bank), 100, now)
    assert len(served) < 100  # the policy stopped by itself
    assert len(served) == len(set(served))  # and never repeated an item on the way


def test_items_near_the_target_success_come_first(bank: Bank, now: datetime) -> None:
    model = MasteryModel()
    mastery = dict(initial_mastery(bank, model))
    low = next_item_adaptive(bank, mastery, [], model=model, rng=np.random.default_rng(0), now=now)
    mastery["basics"] = 0.9
    high = next_item_adaptive(bank, mastery, [], model=model, rng=np.random.default_rng(0), now=now)
    assert low is not None and high is not None
    assert bank.item(low.item_id).difficulty < bank.item(high.item_id).difficulty


def test_a_learner_who_keeps_failing_sees_repeats_but_never_twice_in_a_row(
    bank: Bank, now: datetime
) -> None:
    small = replace(bank, items=bank.items[:2] + bank.items[4:])  # basics has two items
    tutor = Tutor(small)
    rng = np.random.default_rng(1)
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    served = []
    for _ in range(6):
        session = tutor.next_question(session, rng=rng, now=now)
        assert session.current is not None
        served.append(session.current.item_id)
        session, _, _ = tutor.answer(session, "b", now=now)
    assert all(a != b for a, b in itertools.pairwise(served))
    assert session.current is None
