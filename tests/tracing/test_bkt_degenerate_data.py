"""Degenerate data gets a clear answer, never NaN."""

from __future__ import annotations

import re

import numpy as np
import pytest

from its.errors import DataFormatError
from its.tracing.bkt.model import BKT, BoundaryWarning
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate
from its.tracing.log import ResponseLog

NAMES = ("prior_", "learn_", "guess_", "slip_", "forget_")


def _finite(model: BKT, log: ResponseLog) -> None:
    for name in NAMES:
        assert np.isfinite(getattr(model, name)).all(), name
    prediction = model.predict(log)
    for values in (prediction.p_correct, prediction.p_mastery):
        assert np.isfinite(values).all() and ((values >= 0) & (values <= 1)).all()


def test_a_skill_with_one_answer_keeps_finite_parameters() -> None:
    log = ResponseLog.from_arrays(
        learner=[0, 0, 0, 1],
        skill=[0, 0, 1, 0],
        correct=[1, 0, 1, 1],
        learners=["ann", "bo"],
        skills=["many", "once"],
    )
    model = BKT(forgets=True).fit(log)
    _finite(model, log)
    # No transition of "once" was seen, so its learn stays at the starting value.
    assert model.learn_[1] == pytest.approx(0.1)


def test_a_skill_with_one_learner() -> None:
    log = ResponseLog.from_arrays(
        learner=[0] * 6, skill=[0] * 6, correct=[0, 0, 1, 0, 1, 1], learners=["ann"], skills=["x"]
    )
    model = BKT(forgets=True).fit(log)
    _finite(model, log)


def test_all_answers_correct() -> None:
    log = ResponseLog.from_arrays(
        learner=np.repeat(np.arange(20), 4),
        skill=np.zeros(80, dtype=np.int64),
        correct=np.ones(80, dtype=np.int8),
        learners=[str(k) for k in range(20)],
        skills=["easy"],
    )
    with pytest.warns(
        BoundaryWarning,
        match=r"guess of 'easy' \(bounds hit: guess <= 0\.5, which keep a right answer",
    ):
        model = BKT().fit(log)
    _finite(model, log)
    assert model.predict(log).p_correct.min() >= 0.5


def test_empty_logs() -> None:
    empty = ResponseLog.from_arrays(learner=[], skill=[], correct=[], learners=[], skills=[])
    with pytest.raises(DataFormatError, match="without answers"):
        BKT().fit(empty)
    model = BKT().fit(
        simulate(
            {"a": BKTParams(0.3, 0.2, 0.2, 0.1)},
            n_learners=20,
            n_answers=4,
            rng=np.random.default_rng(1),
        )
    )
    prediction = model.predict(empty)
    assert prediction.p_correct.shape == (0,) and prediction.unseen.shape == (0,)


def test_learners_and_skills_without_answers_are_ignored() -> None:
    log = ResponseLog.from_arrays(
        learner=[1, 1, 1, 1],
        skill=[2, 2, 2, 2],
        correct=[0, 1, 1, 1],
        learners=["silent", "ann"],
        skills=["never", "also never", "x"],
    )
    model = BKT().fit(log)
    assert model.skills_ == ("x",)
    _finite(model, log)


@pytest.mark.parametrize("bad", [2, -1])
def test_correctness_other_than_0_or_1_names_the_row(bad: int) -> None:
    log = ResponseLog(
        learner=np.array([0, 0, 1]),
        skill=np.array([0, 0, 0]),
        correct=np.array([1, 0, bad], dtype=np.int8),
        learners=("ann", "bo"),
        skills=("x",),
    )
    message = re.escape(f"row 2 (learner 'bo'): correct is {bad}, expected 0 or 1")
    with pytest.raises(DataFormatError, match=message):
        BKT().fit(log)
    good = BKT().fit(
        ResponseLog.from_arrays(
            learner=[0, 0], skill=[0, 0], correct=[1, 0], learners=["ann"], skills=["x"]
        )
    )
    with pytest.raises(DataFormatError, match=message):
        good.predict(log)


def test_an_item_variant_needs_items() -> None:
    log = ResponseLog.from_arrays(
        learner=[0, 0], skill=[0, 0], correct=[1, 0], learners=["a"], skills=["x"]
    )
    with pytest.raises(DataFormatError, match="the log has no items"):
        BKT(guess_slip_by="item").fit(log)
