"""What a session's summary reports: its answers, and the placement check it follows.

A session that follows a placement check (or resumes one stopped partway) with nothing
practised in between also reports that check's answers, marked as placement: the learner
who placed and then practised sees the whole sitting, and a resumed check counts all its
items, not only those after the break. Placement's inference (a right answer places the
competency's prerequisites as known) moves mastery on competencies no answer was on; those
changes are listed too, marked as placement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from its.events import Attempt
from its.items.model import CompetencyId
from its.tutor.index import BankIndex
from its.tutor.mastery import counts_as_correct, is_placement, placed_below


@dataclass(frozen=True, slots=True)
class Summary:
    """Attributes:
    answered: the answers summarised (this session's and the placement check's).
    correct: how many of them were right.
    hints: hint rungs shown in this session.
    changes: before, after of every competency those answers moved.
    newly_mastered: competencies mastered (on the learner's evidence) since the start.
    placement: of `answered`, the placement check's answers.
    placed: the competencies in `changes` that only placement answers moved.
    """

    answered: int
    correct: int
    hints: int
    changes: Mapping[CompetencyId, tuple[float, float]]
    newly_mastered: tuple[CompetencyId, ...]
    placement: int = 0
    placed: frozenset[CompetencyId] = field(default_factory=frozenset)


def summary_start(history: Sequence[Attempt]) -> int:
    """Where a session starting after `history` begins its summary: at its own first answer
    (`len(history)`), or earlier at the run of placement answers that ends the history."""
    first = len(history)
    while first > 0 and is_placement(history[first - 1].session_id):
        first -= 1
    return first


def touched(
    attempts: Sequence[Attempt], index: BankIndex
) -> tuple[set[CompetencyId], set[CompetencyId]]:
    """The competencies `attempts` moved (answered, or placed as prerequisites), and those
    among them that only placement answers moved."""
    placement: set[CompetencyId] = set()
    practice: set[CompetencyId] = set()
    for attempt in attempts:
        evidence = counts_as_correct(attempt, index.items.get(attempt.item_id))
        these = set(attempt.competencies) | placed_below(attempt, evidence, index.ancestors)
        (placement if is_placement(attempt.session_id) else practice).update(these)
    return placement | practice, placement - practice
