"""The predicted chance that the learner answers an item right."""

from __future__ import annotations

import math

from its.items.model import Item
from its.tracing.bkt.online import p_correct
from its.tutor.mastery import Mastery, MasteryModel

TARGET_SUCCESS = 0.7
"""Items the learner will probably answer right this often are hard enough to teach, easy
enough not to discourage."""

# How many logits the author's difficulty (0..1) moves the predicted chance of success.
DIFFICULTY_SPREAD = 3.0


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def expected_success(item: Item, mastery: Mastery, model: MasteryModel) -> float:
    """P(right) for this item: BKT's prediction for its weakest competency with the item's own
    guess (`its.tutor.mastery.item_guess`), shifted by the author's difficulty (0.5 = no
    shift)."""
    base = min(
        p_correct(mastery.get(c, model.for_competency(c).prior), model.for_item(c, item))
        for c in item.competencies
    )
    shifted = _logit(base) + DIFFICULTY_SPREAD * (0.5 - item.difficulty)
    return 1.0 / (1.0 + math.exp(-shifted))
