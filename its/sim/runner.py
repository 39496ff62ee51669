"""Run simulated learners through the real tutor (`its.tutor.Tutor`), no screen.

Each learner practises in daily sessions of `SESSION_ITEMS` answers, one a minute, until
the policy stops (adaptive and random: every competency declared mastered and nothing due
for review; fixed: the end of the course) or `MAX_ITEMS_PER_ITEM` times the bank size. Then
a post-test of fresh items (not in the bank, with unseen difficulties) measures what they
truly know, and `mastered_share` is the share of competencies they truly know at the end
(`SimulatedLearner.knows`). The same seed draws the same learners for every policy, so policies are
compared on paired learners.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from its.events import Attempt, LearnerId, SessionId
from its.items.model import Bank, CompetencyId, ItemId
from its.sim.learner import SimulatedLearner, draw_learner, item_logit, respond
from its.tutor import MasteryModel, Session, Tutor
from its.tutor.mastery import is_mastered
from its.tutor.placement import new_placement_session_id

RUNS_TO_THE_END = frozenset({"fixed"})
"""Policies that finish at the end of their course, not when everything is mastered."""
SESSION_ITEMS = 25
MAX_ITEMS_PER_ITEM = 3
POST_TEST_ITEMS = 10
"""Fresh post-test items per competency."""
ITEM_OFFSET_SD = 0.5
"""How far (logits) an item's true difficulty may be from the author's estimate."""
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LearnerRun:
    """One simulated learner's run."""

    items: int
    finished: bool
    post_test: float
    mastered_share: float
    wasted: int
    known_at_start: int
    decision_seconds: tuple[float, ...]
    attempts: tuple[Attempt, ...]


def post_test(
    learner: SimulatedLearner, bank: Bank, now: datetime, rng: np.random.Generator
) -> float:
    """Expected share right on `POST_TEST_ITEMS` fresh items per competency (difficulty
    uniform over the author's scale, plus misjudgement)."""
    scores = [
        learner.p_correct(
            (c,),
            float(3.0 * (rng.uniform(0.2, 0.8) - 0.5) + rng.normal(0.0, ITEM_OFFSET_SD)),
            now,
        )
        for c in bank.competencies
        for _ in range(POST_TEST_ITEMS)
    ]
    return float(np.mean(scores))


def all_mastered(tutor: Tutor, session: Session) -> bool:
    return all(is_mastered(session.mastery, c, tutor.model) for c in tutor.bank.competencies)


def run_learner(
    tutor: Tutor,
    learner: SimulatedLearner,
    known: frozenset[CompetencyId],
    offsets: Mapping[ItemId, float],
    rng: np.random.Generator,
    *,
    placement: bool,
) -> LearnerRun:
    """One learner through the tutor: placement first if asked, then the tutor's policy."""
    limit = MAX_ITEMS_PER_ITEM * len(tutor.bank.items)
    now = START
    learner_id = LearnerId("simulated")
    session_id = new_placement_session_id() if placement else SessionId("practice")
    session = tutor.start(learner_id, [], session_id=session_id, now=now)
    timings: list[float] = []
    items = wasted = 0
    finished = False
    while items < limit:
        started = time.perf_counter()
        session = tutor.next_question(session, rng=rng, now=now)
        timings.append(time.perf_counter() - started)
        if (
            tutor.policy not in RUNS_TO_THE_END
            and not session.placing
            and all_mastered(tutor, session)
        ):
            finished = True
            break
        if session.current is None:
            if session.placing:  # placement over: ordinary practice from here
                session = tutor.start(
                    learner_id, session.history, session_id=SessionId("practice"), now=now
                )
                continue
            finished = True
            break
        item = tutor.item(session)
        if all(c in known for c in item.competencies):
            wasted += 1
        logit = item_logit(item, offsets[item.id])
        right = bool(rng.random() < learner.p_correct(item.competencies, logit, now))
        session, _, _ = tutor.answer(session, respond(item, right, rng), now=now)
        learner = learner.practise(item.competencies, now)
        items += 1
        now += timedelta(days=1) if items % SESSION_ITEMS == 0 else timedelta(minutes=1)
    return LearnerRun(
        items=items,
        finished=finished,
        post_test=post_test(learner, tutor.bank, now, rng),
        mastered_share=float(np.mean([learner.knows(c, now) for c in tutor.bank.competencies])),
        wasted=wasted,
        known_at_start=len(known),
        decision_seconds=tuple(timings),
        attempts=session.history,
    )


def simulate(
    bank: Bank,
    *,
    policy: str,
    learners: int,
    seed: int,
    placement: bool = False,
    known_fraction: float | None = None,
    model: MasteryModel | None = None,
) -> list[LearnerRun]:
    """Every learner's run (learner i is the same for every policy with this seed).

    Args:
        model: the tutor's tracing parameters (default: its uncalibrated priors).
    """
    tutor = Tutor(bank, model=model or MasteryModel(), policy=policy)
    runs = []
    for child in np.random.SeedSequence(seed).spawn(learners):
        traits_seed, answer_seed = child.spawn(2)
        draw = np.random.default_rng(traits_seed)
        learner, known = draw_learner(bank, draw, known_fraction=known_fraction)
        offsets = {it.id: float(draw.normal(0.0, ITEM_OFFSET_SD)) for it in bank.items}
        runs.append(
            run_learner(
                tutor,
                learner,
                known,
                offsets,
                np.random.default_rng(answer_seed),
                placement=placement,
            )
        )
    return runs
