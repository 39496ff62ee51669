"""A practice session as a value: each step returns a new session plus the event to persist.

Nothing here touches a store or a screen; the caller persists the returned events *before*
showing their result, so what the learner saw is never lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

from its.errors import ItsError
from its.events import Attempt, Event, HintShown, LearnerId, SessionId, new_event_id
from its.items.model import Bank, CompetencyId, Item, ItemId, Text
from its.items.scoring import is_correct
from its.tutor.decision import last_seen_positions
from its.tutor.index import BankIndex, build_index
from its.tutor.live import LiveTrace, LiveTracing
from its.tutor.mastery import (
    MasteryModel,
    apply_attempt,
    counts_as_correct,
    evidence_model,
    gated,
    initial_mastery,
    is_mastered,
    is_placement,
    placed_below,
)
from its.tutor.placement import next_item_placement, unfinished
from its.tutor.policy import POLICIES, Decision, Reason
from its.tutor.review import Memory, ReviewModel, due_for_review, remember
from its.tutor.summary import Summary, summary_start, touched

_State = tuple[
    dict[CompetencyId, float],  # mastery
    dict[CompetencyId, float],  # supported mastery (`Tutor.mastered`)
    dict[CompetencyId, Memory],
    LiveTrace | None,
]


@dataclass(frozen=True, slots=True)
class Feedback:
    """What the learner is told after an answer."""

    correct: bool
    message: Text | None
    mastery_before: Mapping[CompetencyId, float]
    mastery_after: Mapping[CompetencyId, float]
    newly_mastered: tuple[CompetencyId, ...]


@dataclass(frozen=True, slots=True)
class Session:
    learner_id: LearnerId
    session_id: SessionId
    mastery: Mapping[CompetencyId, float]
    start_mastery: Mapping[CompetencyId, float]
    history: tuple[Attempt, ...] = ()
    current: Decision | None = None
    hints_shown: int = 0
    shown_at: datetime | None = None
    hints_this_session: int = 0
    # Derived from `history` and kept up to date by `Tutor.answer`, so a decision never
    # rescans a long history.
    memory: Mapping[CompetencyId, Memory] = field(default_factory=dict)
    last_seen: Mapping[ItemId, int] = field(default_factory=dict)
    previous: Decision | None = None  # the decision answered last in this session
    live: LiveTrace | None = None  # the live model's state, with `Tutor(live=...)`
    # The mastery the learner's own answers support (`Tutor.mastered`), now and at the start.
    supported: Mapping[CompetencyId, float] = field(default_factory=dict)
    start_supported: Mapping[CompetencyId, float] = field(default_factory=dict)
    # Where the summary's answers start in `history`, `start_*` being the state there
    # (`its.tutor.summary`: the placement check right before this session counts too).
    summary_from: int = 0

    @property
    def placing(self) -> bool:
        """True in a placement session (`Tutor.start` with `new_placement_session_id()`)."""
        return is_placement(self.session_id)


@dataclass(frozen=True, slots=True)
class Tutor:
    """The bank, the tracing model, the policy (a name in `POLICIES`) and the forgetting
    model: everything a decision depends on.

    With `live` (`its.tutor.live.live_tracing`), the competencies the live model traces (those
    it separates) take their mastery from it once the learner has answered them (the session
    keeps its state) and, in `model`, the guess and slip that relate its P(correct) to that
    mastery; the others keep BKT (`model`) as given. On either path an answer moves mastery
    only the way its evidence points (`its.tracing.bkt.online.held`).

    What counts as mastered (ending practice, unlocking, "newly mastered") is the estimate
    capped by the mastery the learner's own answers support, traced alongside with every
    prior capped (`its.tutor.mastery.evidence_model`): a prior fitted near 1 shows as a high
    estimate, but practice goes on until the answers bear it out.

    A session started with a placement session id (`its.tutor.placement`) runs the
    placement check instead of the policy; `next_question` leaves `current` None when it
    is over, and the caller starts an ordinary session.

    Raises:
        ItsError: `policy` is not a registered policy.
    """

    bank: Bank
    model: MasteryModel = field(default_factory=MasteryModel)
    policy: str = "adaptive"
    review: ReviewModel = field(default_factory=ReviewModel)
    live: LiveTracing | None = None
    index: BankIndex = field(init=False, repr=False, compare=False)
    evidence: MasteryModel = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.policy not in POLICIES:
            names = ", ".join(sorted(POLICIES))
            raise ItsError(f"unknown policy {self.policy!r}; choose one of {names}")
        object.__setattr__(self, "index", build_index(self.bank))
        if self.live is not None:
            object.__setattr__(self, "model", self.live.mastery_model(self.model))
        object.__setattr__(self, "evidence", evidence_model(self.model))

    def item(self, session: Session) -> Item:
        if session.current is None:
            raise ValueError("no item is being shown")
        return self.index.items[session.current.item_id]

    def needs_placement(self, past: Sequence[Event]) -> bool:
        """A learner who has practised nothing outside placement is placed first, and a
        placement check stopped partway is offered again (it resumes where it stopped)."""
        attempts = [e for e in past if isinstance(e, Attempt)]
        mastery, supported, _, _ = self._replay(attempts)
        return unfinished(
            self.bank, mastery, attempts, model=self.model, index=self.index, supported=supported
        )

    def mastered(self, session: Session) -> frozenset[CompetencyId]:
        """The competencies mastered on the learner's own evidence (class docstring)."""
        gate = gated(session.mastery, session.supported)
        return frozenset(c for c in self.bank.competencies if is_mastered(gate, c, self.model))

    def due_for_review(
        self, session: Session, *, now: datetime
    ) -> list[tuple[CompetencyId, float]]:
        """Mastered competencies whose predicted recall is low, most forgotten first."""
        mastered = [c for c in self.bank.competencies if c in self.mastered(session)]
        return due_for_review(mastered, session.memory, self.review, now)

    def start(
        self,
        learner_id: LearnerId,
        past: Sequence[Event],
        *,
        session_id: SessionId,
        now: datetime,
    ) -> Session:
        """Rebuild the learner's state from their past events.

        An item left open (hints seen, no answer after) is shown again, at the same rung.
        """
        attempts = tuple(e for e in past if isinstance(e, Attempt))
        first = summary_start(attempts)
        before = self._replay(attempts[:first])
        mastery, supported, memory, live = self._replay(attempts[first:], before)
        session = Session(
            learner_id,
            session_id,
            mastery,
            before[0],
            history=attempts,
            memory=memory,
            last_seen=last_seen_positions(attempts),
            live=live,
            supported=supported,
            start_supported=before[1],
            summary_from=first,
        )
        if past and isinstance(past[-1], HintShown):
            open_hint = past[-1]
            if open_hint.item_id in self.index.items:
                item = self.index.items[open_hint.item_id]
                decision = Decision(item.id, item.competencies[0], 0.0, Reason("reason.resume"))
                session = replace(
                    session, current=decision, hints_shown=open_hint.rung, shown_at=now
                )
        return session

    def next_question(
        self, session: Session, *, rng: np.random.Generator, now: datetime
    ) -> Session:
        """Pick the next item; `session.current` is None when everything is mastered and
        nothing is due for review (or, in a placement session, when placement is over)."""
        policy = next_item_placement if session.placing else POLICIES[self.policy]
        decision = policy(
            self.bank,
            session.mastery,
            session.history,
            model=self.model,
            rng=rng,
            now=now,
            index=self.index,
            last_seen=session.last_seen,
            memory=session.memory,
            review=self.review,
            previous=session.previous,
            supported=session.supported,
        )
        return replace(session, current=decision, hints_shown=0, shown_at=now)

    def hint(self, session: Session, *, now: datetime) -> tuple[Session, HintShown | None]:
        """Show the next rung of the hint ladder; None when the ladder is used up."""
        item = self.item(session)
        if session.hints_shown >= len(item.hints):
            return session, None
        rung = session.hints_shown + 1
        event = HintShown(
            event_id=new_event_id(),
            learner_id=session.learner_id,
            session_id=session.session_id,
            item_id=item.id,
            item_version=item.version,
            competencies=item.competencies,
            rung=rung,
            at=now,
        )
        after = replace(
            session, hints_shown=rung, hints_this_session=session.hints_this_session + 1
        )
        return after, event

    def answer(
        self, session: Session, response: str, *, now: datetime
    ) -> tuple[Session, Attempt, Feedback]:
        """Score a response, update mastery and say what to tell the learner."""
        item = self.item(session)
        correct = is_correct(item, response)
        started = session.shown_at or now
        attempt = Attempt(
            event_id=new_event_id(),
            learner_id=session.learner_id,
            session_id=session.session_id,
            item_id=item.id,
            item_version=item.version,
            competencies=item.competencies,
            response=response,
            correct=correct,
            hints_used=session.hints_shown,
            seconds=max(0.0, (now - started).total_seconds()),
            at=now,
        )
        trace, supported = session.live, session.supported
        if (trace is None and self.live is not None) or not supported:
            _, supported, _, trace = self._replay(session.history)  # not made by `start`
        after, supported_after, memory, live = self._learn(
            session.mastery, supported, session.memory, attempt, trace
        )
        before_gate, after_gate = gated(session.mastery, supported), gated(after, supported_after)
        newly = tuple(
            c
            for c in item.competencies
            if is_mastered(after_gate, c, self.model)
            and not is_mastered(before_gate, c, self.model)
        )
        feedback = Feedback(
            correct=correct,
            message=feedback_text(item, response, correct),
            mastery_before={c: session.mastery[c] for c in item.competencies if c in after},
            mastery_after={c: after[c] for c in item.competencies if c in after},
            newly_mastered=newly,
        )
        new_session = replace(
            session,
            mastery=after,
            history=(*session.history, attempt),
            current=None,
            previous=session.current,
            memory=memory,
            last_seen={**session.last_seen, attempt.item_id: len(session.history)},
            live=live,
            supported=supported_after,
        )
        return new_session, attempt, feedback

    def _replay(self, attempts: Sequence[Attempt], state: _State | None = None) -> _State:
        """Mastery, supported mastery, memories and the live trace after a learner's answers
        (from `state`, the state after earlier answers, or a new learner's)."""
        if state is None:
            live = None if self.live is None else self.live.start()
            state = (
                initial_mastery(self.bank, self.model),
                initial_mastery(self.bank, self.evidence),
                {},
                live,
            )
        mastery, supported, memory, live = state
        for attempt in attempts:
            mastery, supported, memory, live = self._learn(
                mastery, supported, memory, attempt, live
            )
        return mastery, supported, memory, live

    def _learn(
        self,
        mastery: Mapping[CompetencyId, float],
        supported: Mapping[CompetencyId, float],
        memory: Mapping[CompetencyId, Memory],
        attempt: Attempt,
        live: LiveTrace | None = None,
    ) -> _State:
        """Mastery, supported mastery, memories and the live trace after one answer (the
        same rules live and on replay). BKT traces every competency; those the live model
        traces take its mastery instead once the learner has answered them (in both: the
        live estimate rests on the learner's own answers)."""
        item = self.index.items.get(attempt.item_id)
        after = apply_attempt(mastery, attempt, item, self.model, ancestors=self.index.ancestors)
        backed = apply_attempt(
            supported, attempt, item, self.evidence, ancestors=self.index.ancestors
        )
        evidence = counts_as_correct(attempt, item)
        placed = placed_below(attempt, evidence, self.index.ancestors)
        if self.live is not None and live is not None:
            right_placement = evidence and is_placement(attempt.session_id)
            floored = placed | set(attempt.competencies) if right_placement else frozenset()
            live = self.live.learn(live, attempt, mastery, evidence=evidence, placed=floored)
            after.update(self.live.mastery(live))
            backed.update(self.live.mastery(live))
        memory = remember(memory, attempt, evidence, self.review, placed=placed)
        return after, backed, memory, live

    def summary(self, session: Session) -> Summary:
        """This session's answers, with the placement check right before it, if any
        (`its.tutor.summary`)."""
        attempts = session.history[session.summary_from :]
        moved, placement_only = touched(attempts, self.index)
        changes = {
            c: (session.start_mastery[c], session.mastery[c])
            for c in self.bank.competencies
            if c in moved and c in session.start_mastery and c in session.mastery
        }
        start = gated(session.start_mastery, session.start_supported)
        end = gated(session.mastery, session.supported)
        newly = tuple(
            c
            for c in changes
            if is_mastered(end, c, self.model) and not is_mastered(start, c, self.model)
        )
        return Summary(
            answered=len(attempts),
            correct=sum(a.correct for a in attempts),
            hints=session.hints_this_session,
            changes=changes,
            newly_mastered=newly,
            placement=sum(is_placement(a.session_id) for a in attempts),
            placed=frozenset(placement_only & set(changes)),
        )


def feedback_text(item: Item, response: str, correct: bool) -> Text | None:
    """The chosen choice's own feedback for single answers; else the item's general feedback."""
    keys = [k.strip() for k in response.split(",") if k.strip()]
    if item.type.has_choices and len(keys) == 1:
        choice = item.choice(keys[0])
        if choice is not None and choice.feedback is not None:
            return choice.feedback
    return item.feedback_correct if correct else item.feedback_incorrect
