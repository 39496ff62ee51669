"""Every registered model predicts an answer from the learner's earlier answers only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from _small_logs import (
    ASSIST,
    small_log,
    two_skill_answers,
    with_changed_answers,
    with_flipped_answer,
)

from its.tracing.registry import TRACERS
from its.tracing.replay import fit_tracer, make_tracer

SMALL = {
    "epochs": 1,
    "hidden": 8,
    "embedding": 8,
    "batch_size": 16,
    "n_steps": 20,
    "n_iter": 20,
    "size": 8,
    "heads": 2,
    "window": 50,
    "particles": 64,
    "trace_particles": 256,
}
"""Small settings, applied where a model has them, to keep the test fast."""


# Tiny fits make some models warn (convergence, bounds); that is not what this test pins.
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", sorted(TRACERS))
def test_changing_later_answers_never_changes_earlier_predictions(name: str, kt_data: Path) -> None:
    train = small_log(kt_data, "train1", 60, ASSIST)
    tracer = make_tracer(name, seed=0)
    for setting, value in SMALL.items():
        if hasattr(tracer, setting):
            setattr(tracer, setting, value)
    fit_tracer(tracer, train)
    test = small_log(kt_data, "test", 40, ASSIST)
    lengths = np.bincount(test.learner)
    learner = int(np.argmax(lengths))
    cut = int(lengths[learner]) // 2
    changed = with_changed_answers(test, learner, cut)
    before = tracer.predict(test).p_correct
    after = tracer.predict(changed).p_correct
    rows = np.flatnonzero(test.learner == learner)
    earlier = rows[: cut + 1]  # the answer at `cut` itself is predicted before it is seen
    np.testing.assert_allclose(after[earlier], before[earlier], rtol=0, atol=1e-6)
    others = test.learner != learner
    np.testing.assert_allclose(after[others], before[others], rtol=0, atol=1e-6)
    assert not np.allclose(after[rows[cut + 1 :]], before[rows[cut + 1 :]])


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", sorted(TRACERS))
def test_no_row_of_a_multi_skill_answer_sees_that_answer(name: str, kt_data: Path) -> None:
    """Rows of one answer (a reader's `a~~b` expansion) are all predicted from the state
    before the answer: flipping the whole answer changes none of its own rows, nor earlier
    ones, while later answers do see it."""
    train = two_skill_answers(small_log(kt_data, "train1", 30, ASSIST))
    tracer = make_tracer(name, seed=0)
    for setting, value in SMALL.items():
        if hasattr(tracer, setting):
            setattr(tracer, setting, value)
    fit_tracer(tracer, train)
    test = two_skill_answers(small_log(kt_data, "test", 20, ASSIST))
    assert test.answer is not None
    lengths = np.bincount(test.learner)
    learner = int(np.argmax(lengths))
    rows = np.flatnonzero(test.learner == learner)
    middle = int(test.answer[rows[len(rows) // 2]])
    changed = with_flipped_answer(test, middle)
    before = tracer.predict(test).p_correct
    after = tracer.predict(changed).p_correct
    up_to = test.answer <= middle  # earlier answers and every row of the flipped one
    np.testing.assert_allclose(after[up_to], before[up_to], rtol=0, atol=1e-6)
    later = (test.learner == learner) & (test.answer > middle)
    assert not np.allclose(after[later], before[later])
