"""The predicted chance that the learner answers an item right.

`chance_of_right` is the chance the learner is shown ("Why this item", the hint offer): it
follows from the mastery shown, by BKT's relation P(right) = m (1 - slip) + (1 - m) guess,
with the guess and slip the tutor traces that competency and item with
(`MasteryModel.for_item`: the item's own guess on the BKT path, the inversion's guess and
slip for a competency a live model traces). A learner who reads the mastery and the chance
side by side sees numbers that agree, and under a live model the chance is what the model
predicts. `expected_success` also weighs the author's difficulty, and only ranks the items
the policy picks from.
"""

from __future__ import annotations

import math

from its.items.model import CompetencyId, Item
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


def chance_of_right(
    item: Item, competency: CompetencyId, mastery: Mastery, model: MasteryModel
) -> float:
    """P(right) on `item` for a learner with this mastery of `competency` (module docstring;
    a competency missing from `mastery` is at its prior)."""
    params = model.for_item(competency, item)
    return p_correct(mastery.get(competency, model.for_competency(competency).prior), params)


def expected_success(item: Item, mastery: Mastery, model: MasteryModel) -> float:
    """The policy's ranking of `item`: `chance_of_right` for its weakest competency, shifted
    by the author's difficulty (0.5 = no shift)."""
    base = min(chance_of_right(item, c, mastery, model) for c in item.competencies)
    shifted = _logit(base) + DIFFICULTY_SPREAD * (0.5 - item.difficulty)
    return 1.0 / (1.0 + math.exp(-shifted))
