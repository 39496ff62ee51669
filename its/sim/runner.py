"""Run simulated learners through the real tutor (`its.tutor.Tutor`), no screen.

Each learner practises in daily sessions of `SESSION_ITEMS` answers, one a minute, until
the policy stops (adaptive and random: every competency declared mastered and nothing due
for review; fixed: the end of the course) or `MAX_ITEMS_PER_ITEM` times the bank size. Then
a post-test of fresh items (not in the bank, with unseen difficulties) measures what they
truly know, and `mastered_share` is the share of competencies they truly know at the end
(`SimulatedLearner.knows`). The same seed draws the same learners for every policy, so policies are
compared on paired learners, graded on the same post-test items.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from its.events import Attempt, LearnerId, SessionId
from its.items.model import Bank, CompetencyId, ItemId
from its.sim.learner import SimulatedLearner, draw_learner, item_logit, respond
from its.tutor import MasteryModel, Session, Tutor
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


PostTest = Mapping[CompetencyId, tuple[float, ...]]
"""The true difficulties (logits) of each competency's fresh post-test items."""


def draw_post_test(bank: Bank, rng: np.random.Generator) -> PostTest:
    """`POST_TEST_ITEMS` fresh items per competency: difficulty uniform over the author's
    scale, plus misjudgement."""
    return {
        c: tuple(
            float(3.0 * (rng.uniform(0.2, 0.8) - 0.5) + rng.normal(0.0, ITEM_OFFSET_SD))
            for _ in range(POST_TEST_ITEMS)
        )
        for c in bank.competencies
    }


def post_test(learner: SimulatedLearner, items: PostTest, now: datetime) -> float:
    """Expected share right on the post-test's fresh items."""
    scores = [
        learner.p_correct((c,), logit, now) for c, logits in items.items() for logit in logits
    ]
    return float(np.mean(scores))


def all_mastered(tutor: Tutor, session: Session) -> bool:
    """The app's rule (`Tutor.mastered`): mastery on the learner's own evidence."""
    return tutor.mastered(session) >= frozenset(tutor.bank.competencies)


def run_learner(
    tutor: Tutor,
    learner: SimulatedLearner,
    known: frozenset[CompetencyId],
    offsets: Mapping[ItemId, float],
    rng: np.random.Generator,
    *,
    placement: bool,
    post_items: PostTest | None = None,
) -> LearnerRun:
    """One learner through the tutor: placement first if asked, then the tutor's policy.

    `post_items` is the post-test (drawn from `rng` at the end when not given; `simulate`
    draws it with the learner, so every policy is graded on the same fresh items)."""
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
        now = next_time(now, items)
    return LearnerRun(
        items=items,
        finished=finished,
        post_test=post_test(learner, post_items or draw_post_test(tutor.bank, rng), now),
        mastered_share=float(np.mean([learner.knows(c, now) for c in tutor.bank.competencies])),
        wasted=wasted,
        known_at_start=len(known),
        decision_seconds=tuple(timings),
        attempts=session.history,
    )


@dataclass(frozen=True, slots=True)
class Draw:
    """One simulated learner as drawn for a seed: who they are, what they know, the items'
    misjudged difficulties, their post-test and the stream their answers are drawn from."""

    learner: SimulatedLearner
    known: frozenset[CompetencyId]
    offsets: Mapping[ItemId, float]
    post_items: PostTest
    rng: np.random.Generator


def cohort(
    bank: Bank, *, learners: int, seed: int, known_fraction: float | None = None
) -> Iterator[Draw]:
    """The learners of a seed, in order (learner i is the same whatever is run on them)."""
    for child in np.random.SeedSequence(seed).spawn(learners):
        traits_seed, answer_seed = child.spawn(2)
        draw = np.random.default_rng(traits_seed)
        learner, known = draw_learner(bank, draw, known_fraction=known_fraction)
        offsets = {it.id: float(draw.normal(0.0, ITEM_OFFSET_SD)) for it in bank.items}
        post_items = draw_post_test(bank, draw)
        yield Draw(learner, known, offsets, post_items, np.random.default_rng(answer_seed))


def next_time(now: datetime, items: int) -> datetime:
    """The clock after the `items`-th answer: a minute per item, a day per session."""
    return now + (timedelta(days=1) if items % SESSION_ITEMS == 0 else timedelta(minutes=1))


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
    return [
        run_learner(
            tutor,
            d.learner,
            d.known,
            d.offsets,
            d.rng,
            placement=placement,
            post_items=d.post_items,
        )
        for d in cohort(bank, learners=learners, seed=seed, known_fraction=known_fraction)
    ]
