"""`its learn --model bank-dkt.npz`: the tutor traces with a live DKT trained on the app's own
events (simulated learners written with the store, read back with the its-db reader, trained
with the real trainer), without torch; BKT files still work and bad files are refused."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from live_dkt_support import TrainedDKT

from its.cli import cli
from its.errors import DataFormatError, ItsError
from its.events import Attempt, LearnerId, SessionId
from its.items.load import load_bank, starter_bank_path
from its.items.model import Bank, Competency, CompetencyId, Item, ItemId, Text
from its.sim.learner import respond
from its.store import events_for, open_store
from its.store.export import read_event_store
from its.tracing.bkt.online import p_correct
from its.tracing.live.dkt import LiveDKT
from its.tracing.live.model_file import read_model_file, write_model_file
from its.tracing.log import ResponseLog
from its.tutor import MasteryModel, Session, Tutor
from its.tutor.fitted import tracing_from_file
from its.tutor.live import (
    MIN_SEPARATION,
    RIGHT_RUN,
    LiveTracing,
    live_tracing,
    mastered_from_correct,
)
from its.tutor.mastery import (
    DEFAULT_PARAMS,
    PLACED_MASTERY,
    is_mastered,
    item_guess,
    replay_mastery,
)
from its.tutor.placement import new_placement_session_id


@pytest.fixture(scope="module")
def live(trained: TrainedDKT, starter: Bank) -> LiveTracing:
    return live_tracing(trained.model, starter)


def _mastery_by_hand(
    live: LiveTracing, model: LiveDKT, log: ResponseLog, learner: int, answers_used: int
) -> dict:
    """The expected mastery: the file's LiveDKT fed the learner's first `answers_used`
    answers of the exported log in order; each traced competency's P(correct) after each
    answer on it turned into P(mastered) by inverting BKT's guess/slip relation, kept on the
    side of the previous value the answer points to (never answered: the tutor's prior)."""
    state = model.initial_state()
    found = {c: DEFAULT_PARAMS.prior for c in live.competencies}
    rows = np.flatnonzero(log.learner == learner)
    answers = log.answer[rows] if log.answer is not None else rows
    for answer in list(dict.fromkeys(answers.tolist()))[:answers_used]:
        skills = [log.skills[log.skill[k]] for k in rows[answers == answer]]
        correct = int(log.correct[rows[answers == answer][0]])
        for skill in skills:
            state = model.update(state, skill, correct)
        for skill in skills:
            if skill in live.competencies:
                p = float(model.p_correct(state)[model.skills.index(skill)])
                now = mastered_from_correct(p, live.guess[skill], live.slip[skill])
                before = found[skill]
                found[skill] = max(before, now) if correct else min(before, now)
    return found


def _separates(model: LiveDKT, skill: str, guess: float) -> bool:
    """The model's P(correct) after RIGHT_RUN right answers from a new state is at least
    MIN_SEPARATION above the guess and above its P(correct) after as many wrong ones."""
    column = model.skills.index(skill)
    after = {}
    for correct in (1, 0):
        state = model.initial_state()
        for _ in range(RIGHT_RUN):
            state = model.update(state, skill, correct)
        after[correct] = float(model.p_correct(state)[column])
    return after[1] - max(after[0], guess) >= MIN_SEPARATION


def _mean_guess(bank: Bank, competency: str) -> float:
    return float(np.mean([item_guess(it) for it in bank.items if competency in it.competencies]))


def test_start_rebuilds_mastery_from_the_dkt_on_the_exported_events(
    trained: TrainedDKT, starter: Bank, live: LiveTracing, now: datetime
) -> None:
    log = read_event_store(trained.events)  # the trainer's view of the same events
    learner = log.learners[3]
    assert np.count_nonzero(log.learner == 3) > 20
    events = events_for(open_store(trained.events), learner)
    dkt = LiveDKT.load(trained.model)
    guess = live_tracing(trained.model, starter).guess  # the same file, traced or not
    traced = {c for c in starter.competencies if _separates(dkt, c, _mean_guess(starter, c))}
    assert set(live.competencies) == traced
    assert 0 < len(traced) < len(starter.competencies)  # the rest keep BKT
    assert guess == {c: _mean_guess(starter, c) for c in traced}
    telling = 0  # prefixes where the check says something: mid-range values, unlike BKT's
    for cut in range(4, min(len(events), 40)):
        past = events[:cut]
        session = Tutor(starter, live=live).start(
            LearnerId(learner), past, session_id=SessionId("s"), now=now
        )
        expected = _mastery_by_hand(live, dkt, log, 3, len(past))
        for competency, value in expected.items():
            assert session.mastery[competency] == pytest.approx(value, abs=1e-12)
        attempts = [e for e in past if isinstance(e, Attempt)]
        bkt = replay_mastery(starter, attempts, MasteryModel())
        telling += any(0.05 < v < 0.9 for v in expected.values()) and any(
            abs(bkt[c] - session.mastery[c]) > 0.05 for c in starter.competencies
        )
    assert telling > 0


def test_the_live_prediction_is_the_trained_models_own(
    trained: TrainedDKT, starter: Bank, live: LiveTracing, now: datetime
) -> None:
    """Before a learner's last answer, the tutor's live P(correct) on its competency is what
    the trained torch DKT predicts for that answer of the exported log."""
    from its.tracing.deep.dkt import DKT

    log = read_event_store(trained.events)
    learner = log.learners[5]
    rows = np.flatnonzero(log.learner == 5)
    own = ResponseLog.from_arrays(
        learner=np.zeros(rows.size, dtype=np.int64),
        skill=log.skill[rows],
        correct=log.correct[rows],
        learners=[learner],
        skills=log.skills,
        answer=None if log.answer is None else log.answer[rows],
    )
    predicted = DKT.load(trained.model).predict(own).p_correct
    past = events_for(open_store(trained.events), learner)
    attempts = [e for e in past if isinstance(e, Attempt)]
    before = [e for e in past if not (isinstance(e, Attempt) and e is attempts[-1])]
    session = Tutor(starter, live=live).start(
        LearnerId(learner), before, session_id=SessionId("s"), now=now
    )
    assert session.live is not None
    # The last answer's rows (one per competency it is tagged with), all from that state.
    last = len(attempts[-1].competencies)
    for row in range(rows.size - last, rows.size):
        skill = CompetencyId(log.skills[own.skill[row]])
        assert live.p_correct(session.live)[skill] == pytest.approx(predicted[row], abs=1e-5)


def test_an_answer_moves_the_mastery_the_dkt_gives(
    starter: Bank, live: LiveTracing, now: datetime
) -> None:
    tutor = Tutor(starter, live=live)
    rng = np.random.default_rng(0)
    session = tutor.start(LearnerId("new"), [], session_id=SessionId("s"), now=now)
    assert session.live is not None
    assert session.mastery == {**session.mastery, **live.mastery(session.live)}
    session = tutor.next_question(session, rng=rng, now=now)
    item = tutor.item(session)
    right, attempt, feedback = tutor.answer(session, respond(item, True, rng), now=now)
    wrong, _, _ = tutor.answer(session, respond(item, False, rng), now=now)
    assert right.live is not None
    competency = item.competencies[0]
    assert competency in live.competencies
    assert session.mastery[competency] == DEFAULT_PARAMS.prior  # not answered yet
    assert feedback.mastery_after[competency] == right.mastery[competency]
    assert right.mastery[competency] > session.mastery[competency]
    assert right.mastery[competency] > wrong.mastery[competency]
    assert right.mastery == {**right.mastery, **live.mastery(right.live)}
    # The tutor's BKT relation for this competency gives back the model's P(correct).
    assert 0.0 < right.mastery[competency] < 1.0
    assert p_correct(right.mastery[competency], tutor.model.for_competency(competency)) == (
        pytest.approx(live.p_correct(right.live)[competency], abs=1e-9)
    )
    # The same answer replayed from the store's events gives the same state.
    again = tutor.start(LearnerId("new"), [attempt], session_id=SessionId("t"), now=now)
    assert again.mastery == pytest.approx(right.mastery, abs=1e-12)


def test_a_learner_who_answers_right_masters_each_competency_by_its_own_answers(
    starter: Bank, live: LiveTracing, now: datetime
) -> None:
    """The model's own slip makes the threshold reachable, and inference from other
    competencies alone never masters one (each needs an answer of its own)."""
    tutor = Tutor(starter, live=live)
    rng = np.random.default_rng(0)
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    for _ in range(200):
        session = tutor.next_question(session, rng=rng, now=now)
        if session.current is None:
            break
        item = tutor.item(session)
        session, _, _ = tutor.answer(session, respond(item, True, rng), now=now)
    assert session.current is None
    assert all(is_mastered(session.mastery, c, tutor.model) for c in starter.competencies)
    answered = {c for a in session.history for c in a.competencies}
    assert answered == set(starter.competencies)
    assert len(session.history) < 100


def test_competencies_the_file_does_not_know_keep_bkt(
    trained: TrainedDKT, starter: Bank, now: datetime
) -> None:
    extra = CompetencyId("spreadsheets")
    text = Text(id="Lembar kerja", en="Spreadsheets")
    first = starter.items[0]
    item = replace(first, id=ItemId("sheet-1"), competencies=(extra,), version="v-sheet-1")
    bank = Bank(
        competencies={**starter.competencies, extra: Competency(extra, text, text)},
        items=(*starter.items, item),
    )
    live = live_tracing(trained.model, bank)
    assert extra not in live.competencies
    tutor = Tutor(bank, live=live)
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    assert session.mastery[extra] == DEFAULT_PARAMS.prior
    session = _showing(session, item)
    after, _, _ = tutor.answer(session, respond(item, True, np.random.default_rng(0)), now=now)
    plain = Tutor(bank)
    bkt, _, _ = plain.answer(
        _showing(plain.start(LearnerId("l"), [], session_id=SessionId("s"), now=now), item),
        respond(item, True, np.random.default_rng(0)),
        now=now,
    )
    assert after.mastery[extra] == bkt.mastery[extra] > DEFAULT_PARAMS.prior


def test_placement_floors_what_it_infers_until_the_next_answer_on_it(
    starter: Bank, live: LiveTracing, now: datetime
) -> None:
    tutor = Tutor(starter, live=live)
    rng = np.random.default_rng(0)
    session = tutor.start(LearnerId("l"), [], session_id=new_placement_session_id(), now=now)
    session = tutor.next_question(session, rng=rng, now=now)
    assert session.current is not None
    first = session.current.competency
    prerequisites = tutor.index.ancestors[first]
    assert prerequisites
    item = tutor.item(session)
    placed, _, _ = tutor.answer(session, respond(item, True, rng), now=now)
    assert placed.live is not None
    for competency in {first, *prerequisites}:
        assert placed.mastery[competency] >= PLACED_MASTERY
    for competency in item.competencies:
        if competency in live.competencies:
            assert placed.live.latest[competency] >= PLACED_MASTERY
    # Practice on a placed prerequisite: from then on the DKT alone traces it.
    prerequisite = sorted(prerequisites)[0]
    practice = tutor.start(LearnerId("l"), placed.history, session_id=SessionId("p"), now=now)
    assert practice.mastery[prerequisite] == placed.mastery[prerequisite]
    probe = tutor.index.by_competency[prerequisite][0]
    practice = _showing(practice, probe)
    after, _, _ = tutor.answer(practice, respond(probe, False, rng), now=now)
    assert after.live is not None
    if prerequisite in live.competencies:
        raw = mastered_from_correct(
            live.p_correct(after.live)[prerequisite],
            live.guess[prerequisite],
            live.slip[prerequisite],
        )
        assert after.mastery[prerequisite] == min(raw, practice.mastery[prerequisite])
    assert after.mastery[prerequisite] < PLACED_MASTERY


def _showing(session: Session, item: Item) -> Session:
    from its.tutor import Decision, Reason

    decision = Decision(item.id, item.competencies[0], 0.5, Reason("reason.weakest"))
    return replace(session, current=decision)


def test_without_a_live_file_the_tutor_traces_with_bkt_as_before(
    starter: Bank, now: datetime
) -> None:
    session = Tutor(starter).start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    assert session.live is None
    assert dict(session.mastery) == {c: DEFAULT_PARAMS.prior for c in starter.competencies}


def test_a_bkt_file_fitted_on_the_same_events_still_works(
    trained: TrainedDKT, starter: Bank, tmp_path: Path
) -> None:
    from its.tracing.replay import train

    path = tmp_path / "bank-bkt.json"
    train(trained.events, path, fmt="its-db", model="bkt", seed=0)
    model, live = tracing_from_file(path, starter)
    assert live is None
    assert any(model.for_competency(c) != DEFAULT_PARAMS for c in starter.competencies)


def test_a_dkt_on_other_skills_is_refused(
    trained: TrainedDKT, starter: Bank, tmp_path: Path
) -> None:
    stored = read_model_file(trained.model)
    other = tmp_path / "fractions-dkt.npz"
    skills = [f"fractions-{k}" for k in range(len(stored.meta["skills"]))]
    write_model_file(other, {**stored.meta, "skills": skills}, stored.arrays)
    with pytest.raises(
        ItsError, match=r"knows none of the bank's competencies \(it has fractions-0"
    ):
        tracing_from_file(other, starter)
    result = CliRunner().invoke(
        cli, ["learn", "--db", str(tmp_path / "a.db"), "--model", str(other)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {other}: knows none of the bank's competencies")


def _no_header(path: Path) -> None:
    np.savez(path, weights=np.zeros(3))  # plain arrays, but no model header


@pytest.mark.parametrize(
    "write",
    [
        lambda path: path.write_bytes(b""),
        lambda path: path.write_text('{"skills": ["digital-literacy"]}', encoding="utf-8"),
        _no_header,
    ],
    ids=["empty", "json", "no-header"],
)
def test_a_broken_live_file_is_an_error_not_a_traceback(tmp_path: Path, write: Any) -> None:
    bad = tmp_path / "bank-dkt.npz"
    write(bad)
    result = CliRunner().invoke(cli, ["learn", "--db", str(tmp_path / "a.db"), "--model", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: ")
    assert "Traceback" not in result.output
    with pytest.raises(DataFormatError):
        tracing_from_file(bad, load_bank(starter_bank_path()))


def test_the_command_hands_either_kind_of_file_to_the_app(
    trained: TrainedDKT, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from its.tracing.replay import train
    from its.tui.app import ItsApp

    started: list[ItsApp] = []
    monkeypatch.setattr(ItsApp, "run", lambda self, **_: started.append(self))
    bkt = tmp_path / "bank-bkt.json"
    train(trained.events, bkt, fmt="its-db", model="bkt", seed=0)
    for path in (trained.model, bkt):
        result = CliRunner().invoke(
            cli, ["learn", "--db", str(tmp_path / "a.db"), "--model", str(path)]
        )
        assert result.exit_code == 0, result.output
    live_app, bkt_app = started
    assert live_app.tutor.live is not None
    assert live_app.tutor.live.competencies < set(live_app.bank.competencies)
    assert (
        live_app.tutor.live.competencies == live_tracing(trained.model, live_app.bank).competencies
    )
    assert bkt_app.tutor.live is None
    assert bkt_app.tutor.model == tracing_from_file(bkt, bkt_app.bank)[0] != MasteryModel()


def test_the_live_path_imports_no_torch(trained: TrainedDKT) -> None:
    """Load the file, trace a learner's stored events and answer once, in a fresh process."""
    code = f"""
import sys
from datetime import UTC, datetime
import numpy as np
from its.items.load import load_bank, starter_bank_path
from its.store import events_for, open_store
from its.tutor import Tutor
from its.tutor.fitted import tracing_from_file
bank = load_bank(starter_bank_path())
model, live = tracing_from_file({str(trained.model)!r}, bank)
db = open_store({str(trained.events)!r})
learner = db.execute("select learner_id from attempts limit 1").fetchone()[0]
tutor = Tutor(bank, model=model, live=live)
now = datetime.now(UTC)
session = tutor.start(learner, events_for(db, learner), session_id="s", now=now)
session = tutor.next_question(session, rng=np.random.default_rng(0), now=now)
if session.current is not None:
    tutor.answer(session, "a", now=now)
print(",".join(m for m in ("torch", "pyro", "pandas") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_p_correct_maps_to_mastery_by_inverting_guess_and_slip() -> None:
    guess, slip = 0.25, 0.15
    for m in (0.0, 0.3, 0.5, 1.0):
        assert mastered_from_correct(m * (1 - slip) + (1 - m) * guess, guess, slip) == (
            pytest.approx(m)
        )
    assert mastered_from_correct(0.1, guess, slip) == 0.0  # below guessing
    assert mastered_from_correct(0.95, guess, slip) == 1.0  # above the model's ceiling
