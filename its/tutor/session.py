"""A practice session as a value: each step returns a new session plus the event to persist.

Nothing here touches a store or a screen; the caller persists the returned events *before*
showing their result, so what the learner saw is never lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

from its.events import Attempt, Event, HintShown, LearnerId, SessionId, new_event_id
from its.items.model import Bank, CompetencyId, Item, Text
from its.items.scoring import is_correct
from its.tutor.mastery import MasteryModel, apply_attempt, is_mastered, replay_mastery
from its.tutor.policy import POLICIES, Decision, Reason


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

    @property
    def attempts_this_session(self) -> tuple[Attempt, ...]:
        return tuple(a for a in self.history if a.session_id == self.session_id)


@dataclass(frozen=True, slots=True)
class Summary:
    answered: int
    correct: int
    hints: int
    changes: Mapping[CompetencyId, tuple[float, float]]  # before, after (practised only)
    newly_mastered: tuple[CompetencyId, ...]


@dataclass(frozen=True, slots=True)
class Tutor:
    """The bank, the tracing model and the policy: everything a decision depends on."""

    bank: Bank
    model: MasteryModel = field(default_factory=MasteryModel)
    policy: str = "adaptive"

    def item(self, session: Session) -> Item:
        if session.current is None:
            raise ValueError("no item is being shown")
        return self.bank.item(session.current.item_id)

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
        mastery = replay_mastery(self.bank, attempts, self.model)
        session = Session(learner_id, session_id, mastery, mastery, history=attempts)
        if past and isinstance(past[-1], HintShown):
            open_hint = past[-1]
            if any(it.id == open_hint.item_id for it in self.bank.items):
                item = self.bank.item(open_hint.item_id)
                decision = Decision(item.id, item.competencies[0], 0.0, Reason("reason.resume"))
                session = replace(
                    session, current=decision, hints_shown=open_hint.rung, shown_at=now
                )
        return session

    def next_question(
        self, session: Session, *, rng: np.random.Generator, now: datetime
    ) -> Session:
        """Pick the next item; `session.current` is None when everything is mastered."""
        decision = POLICIES[self.policy](
            self.bank, session.mastery, session.history, model=self.model, rng=rng, now=now
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
        after = apply_attempt(session.mastery, attempt, item, self.model)
        newly = tuple(
            c
            for c in item.competencies
            if is_mastered(after, c, self.model) and not is_mastered(session.mastery, c, self.model)
        )
        feedback = Feedback(
            correct=correct,
            message=feedback_text(item, response, correct),
            mastery_before={c: session.mastery[c] for c in item.competencies if c in after},
            mastery_after={c: after[c] for c in item.competencies if c in after},
            newly_mastered=newly,
        )
        new_session = replace(
            session, mastery=after, history=(*session.history, attempt), current=None
        )
        return new_session, attempt, feedback

    def summary(self, session: Session) -> Summary:
        attempts = session.attempts_this_session
        practised = {c for a in attempts for c in a.competencies if c in session.mastery}
        changes = {
            c: (session.start_mastery[c], session.mastery[c])
            for c in self.bank.competencies
            if c in practised
        }
        newly = tuple(
            c
            for c in changes
            if is_mastered(session.mastery, c, self.model)
            and not is_mastered(session.start_mastery, c, self.model)
        )
        return Summary(
            answered=len(attempts),
            correct=sum(a.correct for a in attempts),
            hints=session.hints_this_session,
            changes=changes,
            newly_mastered=newly,
        )


def feedback_text(item: Item, response: str, correct: bool) -> Text | None:
    """The chosen choice's own feedback for single answers; else the item's general feedback."""
    keys = [k.strip() for k in response.split(",") if k.strip()]
    if item.type.has_choices and len(keys) == 1:
        choice = item.choice(keys[0])
        if choice is not None and choice.feedback is not None:
            return choice.feedback
    return item.feedback_correct if correct else item.feedback_incorrect
