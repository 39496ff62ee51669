"""Review and forgetting: when a mastered competency should come back.

The model is an exponential forgetting curve per competency, as in half-life regression
(Settles & Meeder, 2016) and the Ebbinghaus curve: predicted recall is
`2 ** (-days since last practice / half_life)`. The half-life starts at a value set per
competency (`ReviewModel.half_life_days`, default `initial_half_life_days`), grows by
`growth` after each right answer given once recall had had time to fade (spaced practice;
massed repetition on one day adds nothing), and halves after a wrong answer. We chose it
because it needs one number per competency, which an instructional designer can set before
any data exists, it is cheap to compute at every decision, and it encodes the spacing
effect that makes mastery last. It is set, not fitted: the app's own logs are too small yet.
The default first half-life is one day, so newly mastered material comes back the next
day and then at growing intervals, as SM-2 and Anki schedule new cards. (With a first
half-life of a week, nothing learned in a course of a few days was ever reviewed before
the end; on simulated learners the one-day start reached the same post-test with about
6% fewer items: `benchmarks/policy_simulation.py`.)

A competency is due for review when it is mastered and its predicted recall has fallen
below `due_below`. `now` is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from its.events import Attempt
from its.items.model import CompetencyId
from its.tutor.mastery import placed_below

SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class ReviewModel:
    """Forgetting-curve settings: per-competency half-lives with a default."""

    half_life_days: Mapping[CompetencyId, float] = field(default_factory=dict)
    initial_half_life_days: float = 1.0
    growth: float = 2.0
    due_below: float = 0.7

    def initial(self, competency: CompetencyId) -> float:
        return self.half_life_days.get(competency, self.initial_half_life_days)


@dataclass(frozen=True, slots=True)
class Memory:
    """What the forgetting curve of one competency needs: when it was last practised and
    how slowly it is forgotten now."""

    last_practice: datetime
    half_life_days: float
    reviews: int = 0


def recall(memory: Memory, now: datetime) -> float:
    """Predicted probability of still knowing the competency at `now`."""
    days = max(0.0, (now - memory.last_practice).total_seconds() / SECONDS_PER_DAY)
    return float(2.0 ** (-days / memory.half_life_days))


def practised(
    memory: Memory | None,
    competency: CompetencyId,
    *,
    evidence: bool,
    at: datetime,
    review: ReviewModel,
) -> Memory:
    """The memory after one more answer on the competency (`evidence`: answered right)."""
    if memory is None:
        return Memory(at, review.initial(competency))
    if not evidence:
        return Memory(at, max(review.initial(competency), memory.half_life_days / 2), 0)
    spaced = recall(memory, at) <= 2.0**-0.5  # at least half a half-life has passed
    if spaced:
        return Memory(at, memory.half_life_days * review.growth, memory.reviews + 1)
    return Memory(at, memory.half_life_days, memory.reviews)


def remember(
    memory: Mapping[CompetencyId, Memory],
    attempt: Attempt,
    evidence: bool,
    review: ReviewModel,
    *,
    placed: Iterable[CompetencyId] = (),
) -> dict[CompetencyId, Memory]:
    """Every memory after one answer; each competency the item is tagged with is touched, and
    each prerequisite a right placement answer `placed` as known (its schedule starts then,
    so what placement found mastered comes back for review too)."""
    after = dict(memory)
    for competency in (*attempt.competencies, *placed):
        after[competency] = practised(
            memory.get(competency), competency, evidence=evidence, at=attempt.at, review=review
        )
    return after


def replay_memory(
    attempts: Iterable[tuple[Attempt, bool]],
    review: ReviewModel,
    *,
    ancestors: Mapping[CompetencyId, frozenset[CompetencyId]] | None = None,
) -> dict[CompetencyId, Memory]:
    """Memories after a history of (attempt, counted as right) pairs (`ancestors`: each
    competency's prerequisites, for what placement answers placed)."""
    memory: dict[CompetencyId, Memory] = {}
    for attempt, evidence in attempts:
        placed = placed_below(attempt, evidence, ancestors or {})
        memory = remember(memory, attempt, evidence, review, placed=placed)
    return memory


def due_for_review(
    mastered: Iterable[CompetencyId],
    memory: Mapping[CompetencyId, Memory],
    review: ReviewModel,
    now: datetime,
) -> list[tuple[CompetencyId, float]]:
    """Mastered competencies whose predicted recall is below `due_below`, most forgotten
    first, with that recall."""
    due = [
        (c, recall(memory[c], now))
        for c in mastered
        if c in memory and recall(memory[c], now) < review.due_below
    ]
    return sorted(due, key=lambda pair: pair[1])
