""" "Why this item" shows a chance of a right answer that follows from the mastery shown,
with the guess and slip the tutor traces the item with (`MasteryModel.for_item`, one
function for both). The tester's cases: under a BKT file with guess 0.5 and under a live
model file, the chance shown did not follow from the mastery beside it (the author's
difficulty shifted it, and under a live model the item's guess replaced the one the model's
P(correct) was inverted with)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from live_dkt_support import TrainedDKT

from its.events import LearnerId, SessionId
from its.items.model import Bank
from its.sim.learner import respond
from its.tracing.bkt.online import BKTParams, held, p_correct, update
from its.tutor import MasteryModel, Tutor
from its.tutor.live import live_tracing, mastered_from_correct
from its.tutor.mastery import counts_as_correct
from its.tutor.success import expected_success


def _steps(tutor: Tutor, now: datetime, *, answers: int, seed: int) -> list[tuple]:
    """(session with its decision, session after the answer, item) for a learner who is
    right two times in three."""
    rng = np.random.default_rng(seed)
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    steps = []
    for n in range(answers):
        session = tutor.next_question(session, rng=rng, now=now)
        if session.current is None:
            break
        item = tutor.item(session)
        after, _, _ = tutor.answer(session, respond(item, n % 3 != 2, rng), now=now)
        steps.append((session, after, item))
        session = after
    return steps


def test_under_a_bkt_file_with_guess_half_the_chance_follows_from_the_mastery_shown(
    starter: Bank, now: datetime
) -> None:
    fitted = BKTParams(prior=0.3, learn=0.2, guess=0.5, slip=0.1)
    model = MasteryModel(params={c: fitted for c in starter.competencies})
    tutor = Tutor(starter, model=model)
    steps = _steps(tutor, now, answers=30, seed=0)
    shifted = 0
    for before, after, item in steps:
        decision = before.current
        competency = decision.competency
        params = tutor.model.for_item(competency, item)
        shown = decision.reason.params["mastery"]
        assert shown == before.mastery[competency]
        assert decision.reason.params["success"] == decision.expected_success
        assert decision.expected_success == pytest.approx(p_correct(shown, params))
        # The same guess and slip move the mastery after the answer (held by its direction).
        right = counts_as_correct(after.history[-1], item)
        step = update(shown, right, params)
        assert after.mastery[competency] == pytest.approx(held(shown, step, right))
        shifted += (
            abs(expected_success(item, before.mastery, tutor.model) - p_correct(shown, params))
            > 0.02
        )
    assert shifted  # the author's difficulty moved the old figure on these items


def test_under_a_live_model_the_chance_is_what_the_model_predicts(
    trained: TrainedDKT, starter: Bank, now: datetime
) -> None:
    live = live_tracing(trained.model, starter)
    tutor = Tutor(starter, live=live)
    steps = _steps(tutor, now, answers=60, seed=4)
    predicted = 0
    for before, _after, item in steps:
        decision = before.current
        competency = decision.competency
        if competency not in live.competencies:
            continue
        shown = before.mastery[competency]
        guess, slip = live.guess[competency], live.slip[competency]
        assert tutor.model.for_item(competency, item).guess == guess  # not the item's own
        assert decision.expected_success == pytest.approx(shown * (1 - slip) + (1 - shown) * guess)
        previous = before.history[-1] if before.history else None
        if previous is None or competency not in previous.competencies or before.live is None:
            continue  # the model's prediction has moved since its latest answer on it
        now_predicted = live.p_correct(before.live)[competency]
        if (
            shown == pytest.approx(mastered_from_correct(now_predicted, guess, slip))
            and 0 < shown < 1
        ):
            assert decision.expected_success == pytest.approx(now_predicted)
            predicted += 1
    assert predicted
