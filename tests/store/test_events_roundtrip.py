from datetime import UTC, datetime, timedelta

from its.events import Attempt, HintShown, LearnerId, SessionId, new_event_id
from its.items.model import CompetencyId, ItemId
from its.store import append_event, create_learner, events_for, merge_events, open_store

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _attempt(learner: str, at: datetime, *, correct: bool = True) -> Attempt:
    return Attempt(
        event_id=new_event_id(),
        learner_id=LearnerId(learner),
        session_id=SessionId("s1"),
        item_id=ItemId("dl-01"),
        item_version="abc123",
        competencies=(CompetencyId("digital-literacy"), CompetencyId("data-literacy")),
        response="b",
        correct=correct,
        hints_used=1,
        seconds=12.5,
        at=at,
    )


def _hint(learner: str, at: datetime) -> HintShown:
    return HintShown(
        event_id=new_event_id(),
        learner_id=LearnerId(learner),
        session_id=SessionId("s1"),
        item_id=ItemId("dl-01"),
        item_version="abc123",
        competencies=(CompetencyId("digital-literacy"),),
        rung=1,
        at=at,
    )


def test_events_come_back_equal_and_in_time_order() -> None:
    db = open_store(":memory:")
    learner = create_learner(db, "Sari", language="id", now=NOW)
    hint = _hint(learner.id, NOW)
    attempt = _attempt(learner.id, NOW + timedelta(seconds=30))
    append_event(db, attempt)
    append_event(db, hint)
    assert events_for(db, learner.id) == [hint, attempt]


def test_events_of_other_learners_are_not_returned() -> None:
    db = open_store(":memory:")
    a = create_learner(db, "Sari", language="id", now=NOW)
    b = create_learner(db, "Budi", language="en", now=NOW)
    append_event(db, _attempt(a.id, NOW))
    assert events_for(db, b.id) == []


def test_merge_skips_events_already_present() -> None:
    db = open_store(":memory:")
    learner = create_learner(db, "Sari", language="id", now=NOW)
    first = _attempt(learner.id, NOW)
    append_event(db, first)
    second = _attempt(learner.id, NOW + timedelta(minutes=1), correct=False)
    assert merge_events(db, [first, second, second]) == 1
    assert events_for(db, learner.id) == [first, second]


def test_attempt_dict_round_trip() -> None:
    attempt = _attempt("x", NOW)
    assert Attempt.from_dict(attempt.to_dict()) == attempt
    hint = _hint("x", NOW)
    assert HintShown.from_dict(hint.to_dict()) == hint
