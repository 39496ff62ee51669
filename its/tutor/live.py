"""Mastery traced live by a deep model file (a DKT trained on the app's own events).

`its train its.db --format its-db --model dkt -o bank-dkt.npz` trains on the bank's
competencies; `its learn --model bank-dkt.npz` loads it with `its.tracing.live.registry.
load_live` (numpy only, no torch). The session keeps the model's state (`LiveTrace`),
updated with every answer as the trainer saw it: one step per competency the item is
tagged with, in tag order, with the stored right/wrong (the its-db reader's `correct`).
So the live state after a learner's events is the state the trained model has on the
exported log (a right answer after every hint rung, which BKT counts as wrong, is right
here, as it is in the events the model was trained on; answers on competencies it knows
but does not trace are fed too). Competencies the file does not know are not fed to it
(its "unknown skill" input was never trained) and keep BKT.

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
and slip, on every item (`LiveTracing.mastery_model`, `MasteryModel.own_guess`), so its
other uses of the relation agree with the model: the chance of a right answer shown beside
the mastery (`its.tutor.success.chance_of_right`), computed from m, is the model's
P(correct) (where m was not clipped at 0 or 1, or held by the evidence rule).

Which competencies the model traces: only those it tells apart a learner who knows them
from one who does not. From a new learner's state, its P(correct) after `RIGHT_RUN` right
answers in a row must be at least `MIN_SEPARATION` above the items' guess and above its
P(correct) after as many wrong answers. A model trained on too few events predicts about the
same whatever the answers (a small DKT was seen at 0.50 new, 0.51 after one wrong and 0.52
after ten right); its slip is then near 1 - guess and the inversion turns any prediction
into mastery near 100%. And one right answer must not already reach the mastery threshold:
an attention model was seen to predict after one right answer exactly what it predicts after
ten, so one lucky answer would have declared mastery. Such competencies keep BKT, and a file
that leaves none is refused.

When the estimate moves: a competency the learner has not answered yet starts where BKT
starts it (the tutor's prior) and moves with placement, as on the BKT path: the model's
prediction there is a base rate over the learners it was trained on (or its inference from
other competencies), not evidence about this learner. From the first answer on it, the
model takes over: its P(correct) as of the latest answer on it, inverted as above. Answers on
other competencies do not move that estimate between two answers on it (a DKT's prediction
drifts, often down, while others are practised; forgetting over time is the review model's
job, `its.tutor.review`). Each answer moves the estimate only in the direction of its
evidence (`its.tracing.bkt.online.held`): a wrong answer (or a right one after every hint) never
raises it and a right one never lowers it, whatever the model predicts.

Placement: a right placement answer is fed to the model like any answer; what placement
infers from it (the competency and its prerequisites are known) is floored at
`PLACED_MASTERY` (as on the BKT path) until the learner's next answer on it.
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
from its.tracing.bkt.online import held
from its.tracing.live.registry import LiveModel, load_live
from its.tutor.mastery import PLACED_MASTERY, MasteryModel, item_guess

RIGHT_RUN = 10
"""Right (or wrong) answers in a row from a new learner's state that probe the model."""

MIN_SEPARATION = 0.2
"""How far the model's P(correct) after `RIGHT_RUN` right answers must lie above the guess
and above its P(correct) after as many wrong ones for it to trace a competency."""


@dataclass(frozen=True, slots=True, eq=False)
class LiveTrace:
    """A learner's live-model state and each answered competency's P(mastered) as of its
    latest answer (treat as immutable: every step returns a new one)."""

    state: Any
    latest: Mapping[CompetencyId, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Probe:
    """A model's P(correct) on a competency after `RIGHT_RUN` right, and as many wrong,
    answers from a new learner's state, and the items' mean guess."""

    right: float
    wrong: float
    guess: float
    first: float = 0.0  # after the first right answer

    @property
    def separates(self) -> bool:
        return self.right - max(self.guess, self.wrong) >= MIN_SEPARATION

    def traces(self, threshold: float) -> bool:
        """Separates, and one right answer alone stays below the mastery threshold."""
        one_right = mastered_from_correct(self.first, self.guess, 1.0 - self.right)
        return self.separates and one_right < threshold


@dataclass(frozen=True, slots=True, eq=False)
class LiveTracing:
    """A live model for the bank competencies it separates (module docstring).

    Attributes:
        model: the loaded live model (`LiveModel` protocol).
        known: every bank competency the model knows -> its position in `model.skills`
            (the state takes answers on all of them, as in training).
        columns: the competencies it traces -> their position (and in `p_correct`).
        guess: bank competency -> mean guess of its items.
        slip: bank competency -> the model's slip (module docstring).
    """

    model: LiveModel
    known: Mapping[CompetencyId, int]
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
        own = base.own_guess | self.competencies  # every item: the inversion's guess
        return replace(base, params={**base.params, **params}, own_guess=own)

    def start(self) -> LiveTrace:
        return LiveTrace(state=self.model.initial_state())

    def learn(
        self,
        trace: LiveTrace,
        attempt: Attempt,
        before: Mapping[CompetencyId, float],
        *,
        evidence: bool,
        placed: Iterable[CompetencyId] = (),
    ) -> LiveTrace:
        """The trace after one answer. `before` is the mastery shown before it (BKT's where
        the model has no estimate yet), `evidence` whether the tutor counts the answer as
        right (`its.tutor.mastery.counts_as_correct`), and `placed` the competencies a right
        placement answer places as known (the answer's own and their prerequisites)."""
        state = trace.state
        for competency in attempt.competencies:
            if competency in self.known:
                skill = self.model.skills[self.known[competency]]
                state = self.model.update(state, skill, bool(attempt.correct))
        latest = dict(trace.latest)
        tagged = [c for c in attempt.competencies if c in self.columns]
        if tagged:
            predicted = self.model.p_correct(state)
            for c in tagged:
                now = mastered_from_correct(
                    float(predicted[self.columns[c]]), self.guess[c], self.slip[c]
                )
                latest[c] = held(before.get(c, now), now, evidence)
        for c in frozenset(placed) & self.competencies:
            if c in latest:
                latest[c] = max(latest[c], PLACED_MASTERY)
        return LiveTrace(state=state, latest=latest)

    def p_correct(self, trace: LiveTrace) -> dict[CompetencyId, float]:
        """The model's P(the next answer is right) per competency it knows, from the whole
        state (what the model predicts now)."""
        predicted = self.model.p_correct(trace.state)
        return {c: float(predicted[k]) for c, k in self.known.items()}

    def mastery(self, trace: LiveTrace) -> dict[CompetencyId, float]:
        """P(mastered) of each competency the learner has answered (module docstring); the
        others keep the tutor's BKT estimate."""
        return dict(trace.latest)


def mastered_from_correct(p_correct: float, guess: float, slip: float) -> float:
    """BKT's P(correct) = m (1 - slip) + (1 - m) guess solved for m, within [0, 1] (a
    competency is traced only where 1 - slip - guess >= `MIN_SEPARATION`)."""
    span = max(1.0 - slip - guess, MIN_SEPARATION)
    return min(max((p_correct - guess) / span, 0.0), 1.0)


def live_tracing(
    path: str | os.PathLike[str], bank: Bank, model: MasteryModel | None = None
) -> LiveTracing:
    """The live model file at `path` for the competencies of `bank` it separates (a
    competency without items takes the guess of `model`, default BKT's).

    Raises:
        DataFormatError: the file is not a live model file.
        ItsError: the file knows none of the bank's competencies, or separates none.
    """
    live = load_live(path)
    model = model or MasteryModel()
    position = {skill: k for k, skill in enumerate(live.skills)}
    known = {c: position[c] for c in bank.competencies if c in position}
    if not known:
        names = ", ".join(sorted(live.skills)[:5]) or "none"
        raise ItsError(
            f"{path}: knows none of the bank's competencies (it has {names}); "
            "train it on this bank's events with "
            f"`its train ... --format its-db --model {live.model_name}`"
        )
    guesses: dict[CompetencyId, list[float]] = {c: [] for c in known}
    for item in bank.items:
        for competency in item.competencies:
            if competency in guesses:
                guesses[competency].append(item_guess(item))
    guess = {
        c: statistics.fmean(g) if g else model.for_competency(c).guess for c, g in guesses.items()
    }
    probes = {c: probe(live, k, guess[c]) for c, k in known.items()}
    columns = {c: known[c] for c, found in probes.items() if found.traces(model.threshold)}
    if not columns and any(found.separates for found in probes.values()):
        raise ItsError(
            f"{path}: on every bank competency it tells apart, one right answer alone already "
            f"takes a new learner to the mastery threshold ({model.threshold:.0%}): it cannot "
            "tell a learner who knows from one who guessed once; train it on more events, or "
            "fit BKT on them (`its train ... --format its-db --model bkt -o bank-bkt.json`)"
        )
    if not columns:
        best, found = max(probes.items(), key=lambda p: p[1].right - max(p[1].guess, p[1].wrong))
        raise ItsError(
            f"{path}: does not tell a learner who knows a competency from one who does not "
            f"on any of the {len(known)} bank competencies it knows: on the clearest, {best}, "
            f"it predicts {found.right:.2f} after {RIGHT_RUN} right answers in a row, "
            f"{found.wrong:.2f} after {RIGHT_RUN} wrong ones and {found.guess:.2f} by guessing, "
            f"and the first must be {MIN_SEPARATION:.2f} above both; train it on more events, "
            "or fit BKT on them "
            "(`its train ... --format its-db --model bkt -o bank-bkt.json`)"
        )
    return LiveTracing(
        model=live,
        known=known,
        columns=columns,
        guess={c: guess[c] for c in columns},
        slip={c: 1.0 - probes[c].right for c in columns},
    )


def probe(model: LiveModel, column: int, guess: float) -> Probe:
    """`model`'s P(correct) on skill `column` after `RIGHT_RUN` right, and as many wrong,
    answers on it from a new learner's state."""
    found, first = [], 0.0
    for correct in (True, False):
        state = model.initial_state()
        for step in range(RIGHT_RUN):
            state = model.update(state, model.skills[column], correct)
            if correct and step == 0:
                first = float(model.p_correct(state)[column])
        found.append(float(model.p_correct(state)[column]))
    return Probe(right=found[0], wrong=found[1], guess=guess, first=first)
