"""An item never seen for its skill takes the skill's values, and is flagged unseen."""

from __future__ import annotations

import numpy as np
import pytest

from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate_items
from its.tracing.log import ResponseLog

ITEMS = {"a": {"a1": BKTParams(0.3, 0.3, 0.1, 0.1), "a2": BKTParams(0.3, 0.1, 0.35, 0.2)}}


@pytest.mark.parametrize("variant", [{"guess_slip_by": "item"}, {"learn_by": "item"}])
def test_unseen_item_falls_back_to_the_skill(variant: dict[str, str]) -> None:
    model = BKT(**variant).fit(  # type: ignore[arg-type]
        simulate_items(ITEMS, n_learners=300, n_answers=8, rng=np.random.default_rng(0))
    )
    test = ResponseLog.from_arrays(
        learner=[0, 0, 0],
        skill=[0, 0, 0],
        correct=[1, 0, 1],
        learners=["ann"],
        skills=["a"],
        item=[0, 1, 0],
        items=["a1", "new item"],
    )

    prediction = model.predict(test)

    if "guess_slip_by" in variant:
        assert prediction.unseen.tolist() == [False, True, False]
        skill = model.skill_params("a")
        assert model.skill_params("a", item="new item") == skill
        expected = skill.prior * (1 - skill.slip) + (1 - skill.prior) * skill.guess
        assert prediction.p_correct[0] != pytest.approx(expected)
    else:
        # The learn of the new item drives the transition after row 1.
        assert prediction.unseen.tolist() == [False, True, False]
    assert np.isfinite(prediction.p_correct).all()
