"""Mastery traced live by a deep model file (a DKT trained on the app's own events).

`its train its.db --format its-db --model dkt -o bank-dkt.npz` trains on the bank's
competencies; `its learn --model bank-dkt.npz` loads it with `its.tracing.live.registry.
load_live` (numpy only, no torch). The session keeps the model's state (`LiveTrace`),
updated with every answer as the trainer saw it: one step per competency the item is
tagged with, in tag order, with the stored right/wrong (the its-db reader's `correct`).
So the live state after a learner's events is the state the trained model has on the
exported log (a right answer after every hint rung, which BKT counts as wrong, is right
here, as it is in the events the model was trained on). Competencies the file does not
know are not fed to it (its "unknown skill" input was never trained) and keep BKT.

From P(correct) to P(mastered): the model predicts the next answer's chance of being right,
the tutor shows and decides on P(mastered). BKT relates the two as
P(correct) = m (1 - slip) + (1 - m) guess; the tutor inverts that relation,
m = (P(correct) - guess) / (1 - slip - guess), clipped to [0, 1], with the mean guess of the
competency's items in the bank (the answers the model learned from are on those items) and
the model's own slip: 1 - slip is the P(correct) it predicts after `RIGHT_RUN` right
answers in a row on the competency (a learner who has shown it that often is taken as
knowing it; that they still answer wrong this often is the slip). A fixed slip would not
do: a model whose prediction for a competency levels off below 1 - slip (trained on
learners who err often on it) would never let anyone master it, however many right
answers they gave. The tutor's BKT parameters of these competencies take the same guess
and slip (`LiveTracing.mastery_model`), so its other uses of the relation agree with the
model: the expected success of an item (`its.tutor.success`), computed from m with the
item's own guess, gives back the model's P(correct) for an item of average guess.

When the estimate moves: a competency's P(correct) is taken as of the learner's latest
answer on it (one never answered: as of now). The state takes every answer, so the next
answer on a competency is predicted from everything the learner did, but answers on other
competencies do not move an estimate between two answers on it: a DKT's prediction for a
competency drifts (often down) while the learner practises others, and a prerequisite
falling below the threshold that way would lock everything built on it until it is drilled
again, with no wrong answer given (a learner answering everything right was seen to cycle
between two competencies). Forgetting over time is the review model's job
(`its.tutor.review`), as on the BKT path. What a competency not yet answered is estimated
at does move with other answers: the model's inference from related competencies. Like
placement's inference, that alone never masters it: it is capped at `PLACED_MASTERY`, so
one answer on the competency itself is needed to pass the threshold.

Placement: a right placement answer is fed to the model like any answer, but what
placement infers from it (the competency and its prerequisites are known) is no answer the
model could see. A competency placement places is therefore floored at `PLACED_MASTERY`
(as on the BKT path) until the learner's next answer on it, after which the model alone
traces it (it has seen the placement answers, and learned from data how answers on one
competency bear on another).
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from its.errors import ItsError
from its.events import Attempt
from its.items.model import Bank, CompetencyId
from its.tracing.live.registry import LiveModel, load_live
from its.tutor.mastery import PLACED_MASTERY, MasteryModel, item_guess

RIGHT_RUN = 10
"""Right answers in a row from a new learner's state that define the model's slip."""

_SMALLEST_SPAN = 0.05
"""1 - slip - guess below this would make the inversion meaningless (noise amplified)."""


@dataclass(frozen=True, slots=True, eq=False)
class LiveTrace:
    """A learner's live-model state, each answered competency's P(correct) as of its latest
    answer, and the competencies placement floors (treat as immutable: every step returns
    a new one)."""

    state: Any
    latest: Mapping[CompetencyId, float] = field(default_factory=dict)
    placed: frozenset[CompetencyId] = frozenset()


@dataclass(frozen=True, slots=True, eq=False)
class LiveTracing:
    """A live model for the bank competencies it knows.

    Attributes:
        model: the loaded live model (`LiveModel` protocol).
        columns: bank competency -> its position in `model.skills` (and `p_correct`).
        guess: bank competency -> mean guess of its items.
        slip: bank competency -> the model's slip (module docstring).
    """

    model: LiveModel
    columns: Mapping[CompetencyId, int]
    guess: Mapping[CompetencyId, float]
    slip: Mapping[CompetencyId, float]

    @property
    def competencies(self) -> frozenset[CompetencyId]:
        return frozenset(self.columns)

    def mastery_model(self, base: MasteryModel) -> MasteryModel:
        """`base` with the guess and slip of the inversion for the competencies traced here."""
        params = {
            c: replace(base.for_competency(c), guess=self.guess[c], slip=self.slip[c])
            for c in self.columns
        }
        return replace(base, params={**base.params, **params})

    def start(self) -> LiveTrace:
        return LiveTrace(state=self.model.initial_state())

    def learn(
        self, trace: LiveTrace, attempt: Attempt, placed: Iterable[CompetencyId] = ()
    ) -> LiveTrace:
        """The trace after one answer; `placed` are the competencies a right placement
        answer places as known (the answer's own and their prerequisites)."""
        state = trace.state
        for competency in attempt.competencies:
            if competency in self.columns:
                skill = self.model.skills[self.columns[competency]]
                state = self.model.update(state, skill, bool(attempt.correct))
        floored = (trace.placed - set(attempt.competencies)) | (
            frozenset(placed) & self.competencies
        )
        latest = dict(trace.latest)
        tagged = [c for c in attempt.competencies if c in self.columns]
        if tagged:
            predicted = self.model.p_correct(state)
            latest.update({c: float(predicted[self.columns[c]]) for c in tagged})
        return LiveTrace(state=state, latest=latest, placed=floored)

    def p_correct(self, trace: LiveTrace) -> dict[CompetencyId, float]:
        """The model's P(the next answer is right) per known competency, from the whole
        state (what the model predicts now)."""
        predicted = self.model.p_correct(trace.state)
        return {c: float(predicted[k]) for c, k in self.columns.items()}

    def mastery(self, trace: LiveTrace) -> dict[CompetencyId, float]:
        """P(mastered) per known competency (module docstring): from P(correct) as of the
        latest answer on it (never answered: now, capped at `PLACED_MASTERY`), floored
        where placed."""
        found = {}
        for competency, now in self.p_correct(trace).items():
            p = trace.latest.get(competency, now)
            value = mastered_from_correct(p, self.guess[competency], self.slip[competency])
            if competency not in trace.latest:
                value = min(value, PLACED_MASTERY)
            if competency in trace.placed:
                value = max(value, PLACED_MASTERY)
            found[competency] = value
        return found


def mastered_from_correct(p_correct: float, guess: float, slip: float) -> float:
    """BKT's P(correct) = m (1 - slip) + (1 - m) guess solved for m, within [0, 1]."""
    span = 1.0 - slip - guess
    if span < _SMALLEST_SPAN:
        return min(max(p_correct, 0.0), 1.0)
    return min(max((p_correct - guess) / span, 0.0), 1.0)


def live_tracing(
    path: str | os.PathLike[str], bank: Bank, model: MasteryModel | None = None
) -> LiveTracing:
    """The live model file at `path` for `bank` (a competency without items takes the guess
    of `model`, default BKT's).

    Raises:
        DataFormatError: the file is not a live model file.
        ItsError: the file knows none of the bank's competencies.
    """
    live = load_live(path)
    model = model or MasteryModel()
    position = {skill: k for k, skill in enumerate(live.skills)}
    columns = {c: position[c] for c in bank.competencies if c in position}
    if not columns:
        names = ", ".join(sorted(live.skills)[:5]) or "none"
        raise ItsError(
            f"{path}: knows none of the bank's competencies (it has {names}); "
            "train it on this bank's events with `its train ... --format its-db --model dkt`"
        )
    guesses: dict[CompetencyId, list[float]] = {c: [] for c in columns}
    for item in bank.items:
        for competency in item.competencies:
            if competency in guesses:
                guesses[competency].append(item_guess(item))
    return LiveTracing(
        model=live,
        columns=columns,
        guess={
            c: statistics.fmean(g) if g else model.for_competency(c).guess
            for c, g in guesses.items()
        },
        slip={c: model_slip(live, k) for c, k in columns.items()},
    )


def model_slip(model: LiveModel, column: int) -> float:
    """1 - the P(correct) `model` predicts on skill `column` after `RIGHT_RUN` right answers
    on it from a new learner's state."""
    state = model.initial_state()
    for _ in range(RIGHT_RUN):
        state = model.update(state, model.skills[column], True)
    return 1.0 - float(model.p_correct(state)[column])
