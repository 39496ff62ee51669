"""Placement: a short top-down check that places what a new learner already knows."""

from datetime import datetime

import numpy as np
import pytest

from its.events import LearnerId, SessionId
from its.items.model import Bank, CompetencyId
from its.sim.learner import respond
from its.tutor import Session, Tutor
from its.tutor.mastery import PLACED_MASTERY, is_mastered, replay_mastery
from its.tutor.placement import PLACEMENT_ITEMS, new_placement_session_id


def _place(tutor: Tutor, knows: set[str], now: datetime) -> Session:
    """Placement for a learner who answers right exactly on the competencies in `knows`."""
    rng = np.random.default_rng(0)
    session = tutor.start(LearnerId("l"), [], session_id=new_placement_session_id(), now=now)
    assert session.placing
    while True:
        session = tutor.next_question(session, rng=rng, now=now)
        if session.current is None:
            return session
        assert session.current.reason.key == "reason.placement"
        item = tutor.item(session)
        right = all(c in knows for c in item.competencies)
        session, _, _ = tutor.answer(session, respond(item, right, rng), now=now)


def test_a_right_answer_on_an_advanced_competency_places_its_prerequisites(
    starter: Bank, now: datetime
) -> None:
    tutor = Tutor(starter)
    session = tutor.start(LearnerId("l"), [], session_id=new_placement_session_id(), now=now)
    session = tutor.next_question(session, rng=np.random.default_rng(0), now=now)
    assert session.current is not None
    first = session.current.competency
    prerequisites = tutor.index.ancestors[first]
    assert prerequisites  # top-down: the first probe builds on something
    item = tutor.item(session)
    after, _, _ = tutor.answer(session, respond(item, True, np.random.default_rng(0)), now=now)
    for competency in {first, *prerequisites}:
        assert after.mastery[competency] == pytest.approx(PLACED_MASTERY)
    others = set(starter.competencies) - {first, *prerequisites, *item.competencies}
    assert all(after.mastery[c] == session.mastery[c] for c in others)


def test_placement_is_short_and_places_what_the_learner_knows(starter: Bank, now: datetime) -> None:
    tutor = Tutor(starter)
    knows = {"digital-literacy", "information-verification", "data-literacy"}
    placed = _place(tutor, knows, now)
    assert 0 < len(placed.history) <= PLACEMENT_ITEMS
    for competency in starter.competencies:
        if competency in knows:
            assert placed.mastery[competency] >= PLACED_MASTERY, competency
        else:
            assert placed.mastery[competency] < 0.5, competency


def test_placed_competencies_are_confirmed_with_one_right_answer(
    starter: Bank, now: datetime
) -> None:
    tutor = Tutor(starter)
    placed = _place(tutor, {"digital-literacy"}, now)
    practice = tutor.start(LearnerId("l"), placed.history, session_id=SessionId("p"), now=now)
    assert not practice.placing
    practice = tutor.next_question(practice, rng=np.random.default_rng(0), now=now)
    assert practice.current is not None
    assert practice.current.competency == CompetencyId("digital-literacy")
    item = tutor.item(practice)
    after, _, _ = tutor.answer(practice, respond(item, True, np.random.default_rng(0)), now=now)
    assert is_mastered(after.mastery, CompetencyId("digital-literacy"), tutor.model)


def test_a_learner_who_knows_nothing_is_placed_quickly(starter: Bank, now: datetime) -> None:
    placed = _place(Tutor(starter), set(), now)
    assert len(placed.history) < PLACEMENT_ITEMS  # a wrong answer rules out what builds on it
    assert all(m < 0.5 for m in placed.mastery.values())


def test_placement_replays_from_events(starter: Bank, now: datetime) -> None:
    tutor = Tutor(starter)
    placed = _place(tutor, {"digital-literacy", "personal-data-protection"}, now)
    assert replay_mastery(starter, placed.history, tutor.model) == placed.mastery
    assert tutor.needs_placement([]) and not tutor.needs_placement(placed.history)


def test_each_right_answer_built_on_a_prerequisite_is_evidence_for_it(
    starter: Bank, now: datetime
) -> None:
    tutor = Tutor(starter)
    knows = set(starter.competencies)
    once = _place(tutor, knows, now)
    root = CompetencyId("digital-literacy")
    built_on_root = [
        a for a in once.history if a.correct and root in tutor.index.ancestors[a.competencies[0]]
    ]
    assert len(built_on_root) >= 2  # a learner who knows everything is probed more than once
    assert once.mastery[root] > PLACED_MASTERY
    assert is_mastered(once.mastery, root, tutor.model)
