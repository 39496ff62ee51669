"""The forgetting curve, and mastered competencies coming back for review."""

from datetime import datetime, timedelta

import numpy as np
import pytest

from its.events import LearnerId, SessionId
from its.items.model import Bank, CompetencyId
from its.tutor import Tutor
from its.tutor.review import Memory, ReviewModel, due_for_review, practised, recall

C = CompetencyId("basics")


def test_recall_halves_every_half_life(now: datetime) -> None:
    memory = Memory(now, half_life_days=3.0)
    assert recall(memory, now) == 1.0
    assert recall(memory, now + timedelta(days=3)) == pytest.approx(0.5)
    assert recall(memory, now + timedelta(days=6)) == pytest.approx(0.25)


def test_spaced_right_answers_lengthen_the_half_life_and_massed_ones_do_not(
    now: datetime,
) -> None:
    review = ReviewModel(initial_half_life_days=2.0, growth=3.0)
    first = practised(None, C, evidence=True, at=now, review=review)
    massed = practised(first, C, evidence=True, at=now + timedelta(hours=1), review=review)
    spaced = practised(first, C, evidence=True, at=now + timedelta(days=2), review=review)
    assert first.half_life_days == 2.0
    assert massed.half_life_days == 2.0
    assert spaced.half_life_days == 6.0 and spaced.reviews == 1


def test_a_wrong_answer_halves_the_half_life_but_not_below_the_start(now: datetime) -> None:
    review = ReviewModel(half_life_days={C: 4.0})
    long = Memory(now, half_life_days=32.0, reviews=3)
    assert practised(long, C, evidence=False, at=now, review=review).half_life_days == 16.0
    short = Memory(now, half_life_days=5.0)
    assert practised(short, C, evidence=False, at=now, review=review).half_life_days == 4.0


def test_due_for_review_lists_the_most_forgotten_mastered_first(now: datetime) -> None:
    other = CompetencyId("data")
    memory = {C: Memory(now, 1.0), other: Memory(now, 2.0)}
    later = now + timedelta(days=2)
    due = due_for_review([C, other], memory, ReviewModel(due_below=0.6), later)
    assert [c for c, _ in due] == [C, other]
    assert due[0][1] == pytest.approx(0.25)
    assert due_for_review([other], memory, ReviewModel(due_below=0.6), later)[0][0] == other
    assert due_for_review([], memory, ReviewModel(), later) == []


def _master_basics(tutor: Tutor, now: datetime):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    while not tutor.model.threshold <= session.mastery[C]:
        session = tutor.next_question(session, rng=rng, now=now)
        session, _, _ = tutor.answer(session, "a", now=now)
    return session


def test_a_mastered_competency_comes_back_when_recall_drops(bank: Bank, now: datetime) -> None:
    tutor = Tutor(bank, review=ReviewModel(initial_half_life_days=1.0, due_below=0.7))
    session = _master_basics(tutor, now)
    rng = np.random.default_rng(0)
    soon = tutor.next_question(session, rng=rng, now=now + timedelta(hours=1))
    assert soon.current is not None and soon.current.competency == "data"
    later = now + timedelta(days=2)
    assert [c for c, _ in tutor.due_for_review(session, now=later)] == [C]
    back = tutor.next_question(session, rng=rng, now=later)
    assert back.current is not None and back.current.competency == C
    assert back.current.reason.key == "reason.review"
    assert back.current.reason.params["recall"] == pytest.approx(0.25)
    # a review alternates with new practice while competencies are still open
    reviewed, _, _ = tutor.answer(back, "a", now=later)
    after = tutor.next_question(reviewed, rng=rng, now=later)
    assert after.current is not None and after.current.competency == "data"


def test_a_right_review_pushes_the_next_review_further_out(bank: Bank, now: datetime) -> None:
    tutor = Tutor(bank, review=ReviewModel(initial_half_life_days=1.0, growth=2.0))
    session = _master_basics(tutor, now)
    later = now + timedelta(days=2)
    back = tutor.next_question(session, rng=np.random.default_rng(0), now=later)
    reviewed, _, _ = tutor.answer(back, "a", now=later)
    assert reviewed.memory[C].half_life_days == 2.0
    assert tutor.due_for_review(reviewed, now=later + timedelta(days=1)) == []


def test_memories_replay_from_events_as_they_were_built_live(bank: Bank, now: datetime) -> None:
    tutor = Tutor(bank)
    live = _master_basics(tutor, now)
    replayed = tutor.start(LearnerId("l"), live.history, session_id=SessionId("s2"), now=now)
    assert replayed.memory == live.memory
    assert replayed.last_seen == live.last_seen
    assert replayed.mastery == live.mastery


def test_by_default_what_was_mastered_today_comes_back_tomorrow(bank: Bank, now: datetime) -> None:
    tutor = Tutor(bank)
    session = _master_basics(tutor, now)
    assert tutor.due_for_review(session, now=now + timedelta(hours=8)) == []
    tomorrow = now + timedelta(days=1)
    assert [c for c, _ in tutor.due_for_review(session, now=tomorrow)] == [C]
