"""Mastery that rests on a fitted prior alone does not end practice: the tutor asks until
the learner's own answers support it. The tester's case: BKT fitted on 6 learners had priors
of 0.98-1.0, and a new learner was told "You have mastered every competency" after 4 answers.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from live_dkt_support import write_simulated_events

from its.cli import cli
from its.events import LearnerId, SessionId
from its.items.load import load_bank, starter_bank_path
from its.items.model import Bank
from its.sim.learner import respond
from its.tracing.bkt.online import BKTParams
from its.tutor import MasteryModel, Tutor, new_placement_session_id
from its.tutor.fitted import tracing_from_file
from its.tutor.mastery import DEFAULT_PARAMS, evidence_model

FITTED = BKTParams(prior=0.99, learn=0.2, guess=0.25, slip=0.1)
"""As a BKT fitted on a tiny log gave: every learner knows everything before answering."""


def _tutor(bank: Bank) -> Tutor:
    return Tutor(bank, model=MasteryModel(params={c: FITTED for c in bank.competencies}))


def test_a_new_learner_is_asked_although_the_prior_says_mastered(bank: Bank, now: datetime) -> None:
    tutor = _tutor(bank)
    session = tutor.start(LearnerId("new"), [], session_id=SessionId("s"), now=now)
    assert all(value >= 0.95 for value in session.mastery.values())  # the estimate shown
    assert tutor.mastered(session) == frozenset()
    session = tutor.next_question(session, rng=np.random.default_rng(0), now=now)
    assert session.current is not None


def test_practice_ends_only_once_every_competency_has_its_own_right_answers(
    bank: Bank, now: datetime
) -> None:
    tutor = _tutor(bank)
    rng = np.random.default_rng(1)
    session = tutor.start(LearnerId("new"), [], session_id=SessionId("s"), now=now)
    answered: Counter[str] = Counter()
    for n in range(60):
        session = tutor.next_question(session, rng=rng, now=now)
        if session.current is None:
            break
        item = tutor.item(session)
        session, _, feedback = tutor.answer(session, respond(item, True, rng), now=now)
        answered.update(item.competencies)
        if n < 4:  # the tester's "after 4 answers"
            assert set(feedback.newly_mastered) <= set(tutor.mastered(session))
    assert session.current is None
    assert tutor.mastered(session) == frozenset(bank.competencies)
    # From the capped prior (0.2) three right answers are needed to reach 0.95 here.
    assert all(answered[c] >= 3 for c in bank.competencies), answered
    summary = tutor.summary(session)
    assert set(summary.newly_mastered) == set(bank.competencies)


def test_wrong_answers_never_end_practice_under_a_high_prior(bank: Bank, now: datetime) -> None:
    tutor = _tutor(bank)
    rng = np.random.default_rng(2)
    session = tutor.start(LearnerId("new"), [], session_id=SessionId("s"), now=now)
    for _ in range(12):
        session = tutor.next_question(session, rng=rng, now=now)
        assert session.current is not None
        session, _, feedback = tutor.answer(
            session, respond(tutor.item(session), False, rng), now=now
        )
        assert feedback.newly_mastered == ()


def test_placement_tests_what_only_the_prior_says_is_known(bank: Bank, now: datetime) -> None:
    tutor = _tutor(bank)
    assert tutor.needs_placement([])
    session = tutor.start(LearnerId("new"), [], session_id=new_placement_session_id(), now=now)
    session = tutor.next_question(session, rng=np.random.default_rng(0), now=now)
    assert session.current is not None


def test_with_the_default_priors_both_traces_are_one() -> None:
    model = MasteryModel()
    assert evidence_model(model) == model
    low = MasteryModel(params={"x": DEFAULT_PARAMS})  # type: ignore[dict-item]
    assert evidence_model(low) == low


def test_the_round_trip_on_six_learners(tmp_path: Path, now: datetime) -> None:
    """Six simulated learners' events, `its train --model bkt` on them (it warns, exit 0),
    and the tutor with that file: a prior fitted near 1 shows, but is not mastery."""
    events, out = tmp_path / "its.db", tmp_path / "bank-bkt.json"
    write_simulated_events(events, learners=6, policy="adaptive", seed=7)
    args = ["train", str(events), "--format", "its-db", "--model", "bkt", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "fewer than 20 learners" in result.stderr
    assert "prior of 0.95 or more" in result.stderr
    starter = load_bank(starter_bank_path())
    model, live = tracing_from_file(out, starter)
    assert live is None
    tutor = Tutor(starter, model=model)
    session = tutor.start(LearnerId("new"), [], session_id=SessionId("s"), now=now)
    near_one = [c for c, value in session.mastery.items() if value >= 0.95]
    assert near_one  # the fitted file starts a new learner as knowing these
    assert not tutor.mastered(session) & set(near_one)
