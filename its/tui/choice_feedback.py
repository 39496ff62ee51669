"""Which choices of a multiple-response answer to explain, and how each was judged. Pure.

The author's per-choice feedback reads as a verdict on that choice ("Yes, this is a warning
sign"), so it is shown beside the choice it belongs to, never as the answer's overall verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from its.items.model import Item, Text


class Judgement(Enum):
    """How one choice was handled: ticked and right, ticked and wrong, or a right one missed."""

    TICKED_RIGHT = "ticked_right"
    TICKED_WRONG = "ticked_wrong"
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class ChoiceJudgement:
    key: str
    judgement: Judgement
    feedback: Text | None


def judge_choices(item: Item, chosen: frozenset[str]) -> list[ChoiceJudgement]:
    """The choices that matter, in the item's order: every ticked choice, and every right
    choice left unticked (an unticked wrong choice was handled right and needs no word)."""
    judged = []
    for choice in item.choices:
        right = choice.key in item.answer_keys
        if choice.key in chosen:
            judgement = Judgement.TICKED_RIGHT if right else Judgement.TICKED_WRONG
        elif right:
            judgement = Judgement.MISSED
        else:
            continue
        judged.append(ChoiceJudgement(choice.key, judgement, choice.feedback))
    return judged


def overall_feedback(item: Item, *, correct: bool) -> Text | None:
    """The item's own feedback for the whole answer (per-choice feedback is judged apart)."""
    return item.feedback_correct if correct else item.feedback_incorrect
