"""A session as values: hints one rung at a time, answers update mastery, resume works."""

from datetime import timedelta

import numpy as np

from its.events import LearnerId, SessionId
from its.tutor import Tutor


def _started(bank, now):  # type: ignore[no-untyped-def]
    tutor = Tutor(bank)
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s1"), now=now)
    return tutor, tutor.next_question(session, rng=np.random.default_rng(0), now=now)


def test_hints_come_one_rung_at_a_time_and_run_out(bank, now) -> None:  # type: ignore[no-untyped-def]
    tutor, session = _started(bank, now)
    session, first = tutor.hint(session, now=now)
    session, second = tutor.hint(session, now=now)
    session, third = tutor.hint(session, now=now)
    assert first is not None and first.rung == 1
    assert second is not None and second.rung == 2
    assert third is None
    assert session.hints_shown == 2


def test_answer_records_everything_and_raises_mastery(bank, now) -> None:  # type: ignore[no-untyped-def]
    tutor, session = _started(bank, now)
    item_id = session.current.item_id
    session, _ = tutor.hint(session, now=now)
    later = now + timedelta(seconds=42)
    after, attempt, feedback = tutor.answer(session, "a", now=later)
    assert attempt.correct and attempt.hints_used == 1 and attempt.seconds == 42
    assert attempt.item_id == item_id and attempt.item_version == f"v-{item_id}"
    assert feedback.correct and feedback.message is not None and feedback.message.en == "yes"
    assert feedback.mastery_after["basics"] > feedback.mastery_before["basics"]
    assert after.mastery["basics"] == feedback.mastery_after["basics"]
    assert after.current is None


def test_a_wrong_answer_lowers_mastery_and_gets_that_choices_feedback(bank, now) -> None:  # type: ignore[no-untyped-def]
    tutor, session = _started(bank, now)
    _, attempt, feedback = tutor.answer(session, "b", now=now)
    assert not attempt.correct
    assert feedback.message is not None and feedback.message.en == "no"
    assert feedback.mastery_after["basics"] < feedback.mastery_before["basics"]


def test_an_answer_after_every_hint_is_not_evidence_of_knowing(bank, now) -> None:  # type: ignore[no-untyped-def]
    tutor, session = _started(bank, now)
    session, _ = tutor.hint(session, now=now)
    session, _ = tutor.hint(session, now=now)
    _, attempt, feedback = tutor.answer(session, "a", now=now)
    assert attempt.correct  # scored right...
    assert (
        feedback.mastery_after["basics"] < feedback.mastery_before["basics"]
    )  # ...but not credited


def test_resume_rebuilds_mastery_and_reopens_a_hinted_item(bank, now) -> None:  # type: ignore[no-untyped-def]
    tutor, session = _started(bank, now)
    session, attempt, _ = tutor.answer(session, "a", now=now)
    session = tutor.next_question(session, rng=np.random.default_rng(0), now=now)
    session, hint = tutor.hint(session, now=now)
    resumed = tutor.start(LearnerId("l"), [attempt, hint], session_id=SessionId("s2"), now=now)
    assert resumed.mastery == session.mastery
    assert resumed.current is not None and resumed.current.item_id == hint.item_id
    assert resumed.current.reason.key == "reason.resume"
    assert resumed.hints_shown == 1


def test_summary_counts_this_session_only(bank, now) -> None:  # type: ignore[no-untyped-def]
    tutor, session = _started(bank, now)
    session, old, _ = tutor.answer(session, "a", now=now)
    resumed = tutor.start(LearnerId("l"), [old], session_id=SessionId("s2"), now=now)
    resumed = tutor.next_question(resumed, rng=np.random.default_rng(0), now=now)
    resumed, _ = tutor.hint(resumed, now=now)
    resumed, _, _ = tutor.answer(resumed, "b", now=now)
    summary = tutor.summary(resumed)
    assert (summary.answered, summary.correct, summary.hints) == (1, 0, 1)
    before, after = summary.changes["basics"]
    assert after < before
