"""An answer moves mastery only the way its evidence points, on the live path and on BKT's:
a wrong answer (or a right one after every hint) never raises a competency's mastery, a right
one never lowers it, and "newly mastered" never follows a wrong answer. And a live model
that does not tell a learner who knows a competency from one who does not (a small DKT
trained on a few learners' events, as a tester found: 0.50 new, 0.51 after a wrong answer)
traces nothing: such a file is refused, instead of turning wrong answers into mastery."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from live_dkt_support import TrainedDKT, write_simulated_events

from its.cli import cli
from its.errors import ItsError
from its.events import LearnerId, SessionId
from its.items.load import load_bank, starter_bank_path
from its.items.model import Bank
from its.sim.learner import respond
from its.tracing.bkt.online import update
from its.tutor import MasteryModel, Tutor
from its.tutor.fitted import tracing_from_file
from its.tutor.live import LiveTracing, live_tracing, mastered_from_correct
from its.tutor.mastery import DEFAULT_PARAMS, counts_as_correct


def _walk(tutor: Tutor, now: datetime, *, answers: int, seed: int) -> list[tuple]:
    """A learner answering at random (half right, some right only after every hint):
    each step's session before, session after, attempt and feedback."""
    rng = np.random.default_rng(seed)
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    steps = []
    for _ in range(answers):
        session = tutor.next_question(session, rng=rng, now=now)
        if session.current is None:
            break
        item = tutor.item(session)
        right = bool(rng.random() < 0.5)
        if right and item.hints and rng.random() < 0.2:
            for _ in item.hints:
                session, _ = tutor.hint(session, now=now)
        after, attempt, feedback = tutor.answer(session, respond(item, right, rng), now=now)
        steps.append((session, after, attempt, feedback))
        session = after
    return steps


def _holds_direction(tutor: Tutor, steps: list[tuple]) -> None:
    for before, after, attempt, feedback in steps:
        evidence = counts_as_correct(attempt, tutor.index.items[attempt.item_id])
        for competency in attempt.competencies:
            if evidence:
                assert after.mastery[competency] >= before.mastery[competency]
            else:
                assert after.mastery[competency] <= before.mastery[competency]
        if not evidence:
            assert feedback.newly_mastered == ()


def test_a_live_model_never_moves_mastery_against_the_answer(
    trained: TrainedDKT, starter: Bank, now: datetime
) -> None:
    live = live_tracing(trained.model, starter)
    tutor = Tutor(starter, live=live)
    steps = _walk(tutor, now, answers=120, seed=3)
    _holds_direction(tutor, steps)
    # The model alone would have raised mastery after some wrong answers: the rule matters.
    raised = [
        c
        for before, after, attempt, _ in steps
        if not attempt.correct and after.live is not None
        for c in attempt.competencies
        if c in live.competencies
        and mastered_from_correct(live.p_correct(after.live)[c], live.guess[c], live.slip[c])
        > before.mastery[c]
    ]
    assert raised


def test_wrong_answers_from_the_start_never_master_under_a_live_model(
    trained: TrainedDKT, starter: Bank, now: datetime
) -> None:
    """The tester's case: a new learner answers five items wrong (it showed 90% -> 99% and
    "newly mastered"); here the first competency stays at or below where it started."""
    live = live_tracing(trained.model, starter)
    tutor = Tutor(starter, live=live)
    rng = np.random.default_rng(0)
    session = tutor.start(LearnerId("k"), [], session_id=SessionId("s"), now=now)
    for _ in range(5):
        session = tutor.next_question(session, rng=rng, now=now)
        item = tutor.item(session)
        competency = item.competencies[0]
        assert competency in live.competencies
        before = session.mastery[competency]
        session, _, feedback = tutor.answer(session, respond(item, False, rng), now=now)
        assert session.mastery[competency] <= before <= DEFAULT_PARAMS.prior
        assert feedback.newly_mastered == ()


def test_bkt_never_moves_mastery_against_the_answer(
    trained: TrainedDKT, starter: Bank, tmp_path: Path, now: datetime
) -> None:
    """With the defaults and with BKT fitted on the app's events (`its learn --model
    bank-bkt.json`); BKT's learning step alone would raise mastery after some wrong
    answers (below what one practice step teaches, or with a high fitted learn rate)."""
    from its.tracing.replay import train

    path = tmp_path / "bank-bkt.json"
    train(trained.events, path, fmt="its-db", model="bkt", seed=0)
    fitted, _ = tracing_from_file(path, starter)
    raised = 0
    for model in (MasteryModel(), fitted):
        tutor = Tutor(starter, model=model)
        steps = _walk(tutor, now, answers=120, seed=5)
        _holds_direction(tutor, steps)
        for before, _, attempt, _ in steps:
            item = tutor.index.items[attempt.item_id]
            if not counts_as_correct(attempt, item):
                for c in attempt.competencies:
                    step = update(before.mastery[c], False, model.for_item(c, item))
                    raised += step > before.mastery[c]
    assert raised


def test_a_small_data_dkt_that_does_not_separate_is_refused(tmp_path: Path) -> None:
    from its.tracing.replay import train

    events = tmp_path / "its.db"
    write_simulated_events(events, learners=6, policy="adaptive", seed=11)
    model = tmp_path / "bank-dkt.npz"
    train(events, model, fmt="its-db", model="dkt", seed=0, settings={"epochs": 2})
    message = r"does not tell a learner who knows a competency from one who does not"
    with pytest.raises(ItsError, match=message):
        tracing_from_file(model, load_bank(starter_bank_path()))
    result = CliRunner().invoke(
        cli, ["learn", "--db", str(tmp_path / "a.db"), "--model", str(model)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {model}: does not tell a learner")
    assert "after 10 right answers in a row" in result.stderr


def test_competencies_the_model_does_not_separate_keep_bkt(
    trained: TrainedDKT, starter: Bank, now: datetime
) -> None:
    live: LiveTracing = live_tracing(trained.model, starter)
    untraced = [c for c in starter.competencies if c not in live.competencies]
    assert untraced and set(live.known) == set(starter.competencies)
    tutor, plain = Tutor(starter, live=live), Tutor(starter)
    steps = _walk(tutor, now, answers=60, seed=8)
    history = steps[-1][1].history
    bkt = plain.start(LearnerId("l"), history, session_id=SessionId("t"), now=now)
    for competency in untraced:
        assert steps[-1][1].mastery[competency] == bkt.mastery[competency]
    assert any(bkt.mastery[c] != DEFAULT_PARAMS.prior for c in untraced)
