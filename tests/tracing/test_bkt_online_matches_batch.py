"""Replaying a learner through `online.update` gives batch `predict`'s numbers,
for standard BKT and for every variant that can be traced live."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from its.tracing.bkt.model import BKT, LearnerOverlapWarning
from its.tracing.bkt.online import BKTParams, LiveBKT, SkillState, p_correct, update
from its.tracing.bkt.simulate import simulate, simulate_items

TRUTH = {
    "a": BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1, forget=0.05),
    "b": BKTParams(prior=0.5, learn=0.1, guess=0.25, slip=0.15, forget=0.02),
}
ITEMS = {
    "a": {"a1": BKTParams(0.3, 0.3, 0.1, 0.1, 0.02), "a2": BKTParams(0.3, 0.05, 0.35, 0.2)},
    "b": {"b1": BKTParams(0.5, 0.2, 0.2, 0.05), "b2": BKTParams(0.5, 0.1, 0.4, 0.05, 0.05)},
}
VARIANTS: list[dict[str, Any]] = [
    {"guess_slip_by": "item"},
    {"learn_by": "item", "forgets": True},
    {"learn_by": "item_order"},
    {"prior_by": "learner"},
    {"guess_slip_by": "item", "learn_by": "item_order", "prior_by": "learner", "forgets": True},
    {"guess_slip_by": "item", "item_groups": {"a1": "easy", "b1": "easy"}},
]


def _overlap_warning(variant: dict[str, Any]) -> AbstractContextManager[object]:
    """`simulate` names learners by position, so test learners share training names."""
    if variant.get("prior_by") == "learner":
        return pytest.warns(LearnerOverlapWarning, match="40 of 40 learners|150 of 160")
    return nullcontext()


@pytest.mark.parametrize("forgets", [False, True])
def test_online_replay_equals_batch_predict(forgets: bool) -> None:
    rng = np.random.default_rng(3)
    train = simulate(TRUTH, n_learners=300, n_answers=12, rng=rng)
    test = simulate(TRUTH, n_learners=40, n_answers=9, rng=rng)
    model = BKT(forgets=forgets).fit(train)

    batch = model.predict(test)

    params = {skill: model.skill_params(skill) for skill in test.skills}
    mastery: dict[tuple[int, int], float] = {}
    for row in range(len(test)):
        learner, skill = int(test.learner[row]), int(test.skill[row])
        skill_params = params[test.skills[skill]]
        before = mastery.get((learner, skill), skill_params.prior)
        assert p_correct(before, skill_params) == pytest.approx(batch.p_correct[row], abs=1e-9)
        after = update(before, bool(test.correct[row]), skill_params)
        assert after == pytest.approx(batch.p_mastery[row], abs=1e-9)
        mastery[(learner, skill)] = after


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: ",".join(f"{k}={v[k]}" for k in v))
def test_online_replay_equals_batch_for_variants(variant: dict[str, Any]) -> None:
    rng = np.random.default_rng(4)
    train = simulate_items(ITEMS, n_learners=200, n_answers=10, rng=rng)
    model = BKT(**variant).fit(train)
    # Test learners share names with training learners, so prior_by="learner" uses theirs.
    test = simulate_items(ITEMS, n_learners=40, n_answers=7, rng=rng)
    assert test.item is not None

    with _overlap_warning(variant):
        batch = model.predict(test)

    state: dict[tuple[int, int], tuple[float | None, str | None]] = {}
    for row in range(len(test)):
        learner, skill = int(test.learner[row]), int(test.skill[row])
        item = test.items[int(test.item[row])]
        before, previous = state.get((learner, skill), (None, None))
        params = model.skill_params(
            test.skills[skill], item=item, previous_item=previous, learner=test.learners[learner]
        )
        before = params.prior if before is None else before
        assert p_correct(before, params) == pytest.approx(batch.p_correct[row], abs=1e-9)
        after = update(before, bool(test.correct[row]), params)
        assert after == pytest.approx(batch.p_mastery[row], abs=1e-9)
        state[(learner, skill)] = (after, item)


@pytest.mark.parametrize(
    "variant", [{}, {"forgets": True}, *VARIANTS], ids=lambda v: ",".join(f"{k}={v[k]}" for k in v)
)
def test_live_model_from_the_saved_file_equals_batch(
    variant: dict[str, Any], tmp_path: Path
) -> None:
    rng = np.random.default_rng(5)
    model = BKT(**variant).fit(simulate_items(ITEMS, n_learners=150, n_answers=8, rng=rng))
    path = tmp_path / "model.json"
    model.save(path)
    live = LiveBKT.load(path)
    test = simulate_items(
        {**ITEMS, "new skill": {"n1": BKTParams(0.4, 0.1, 0.2, 0.1)}},
        n_learners=160,  # the last ten are new learners
        n_answers=6,
        rng=rng,
    )
    assert test.item is not None

    with _overlap_warning(variant):
        batch = model.predict(test)

    states: dict[tuple[int, int], SkillState] = {}
    for row in range(len(test)):
        learner, skill = int(test.learner[row]), int(test.skill[row])
        name, who = test.skills[skill], test.learners[learner]
        state = states.get((learner, skill)) or live.start(name, learner=who)
        item = test.items[int(test.item[row])]
        state, before = live.answer(state, name, bool(test.correct[row]), item=item, learner=who)
        assert before == pytest.approx(batch.p_correct[row], abs=1e-9)
        assert state.p_mastery == pytest.approx(batch.p_mastery[row], abs=1e-9)
        states[(learner, skill)] = state
    assert batch.unseen[test.skill == test.skills.index("new skill")].all()
