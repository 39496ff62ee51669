"""A live model that one right answer takes to its "knows it" level does not trace: one lucky
answer must never declare mastery (a tester's attention file did exactly this)."""

from __future__ import annotations

from typing import Any

import numpy as np

from its.tutor.live import RIGHT_RUN, probe


class _Saturating:
    """Predicts 0.3 for a new learner and 0.75 after any right answer, however many."""

    model_name = "attention"
    skills = ("a",)

    def initial_state(self) -> Any:
        return ()

    def update(self, state: Any, skill: str | int, correct: bool | int) -> Any:
        return (*state, bool(correct))

    def p_correct(self, state: Any) -> np.ndarray:
        return np.array([0.75 if any(state) else 0.3])


class _Graded(_Saturating):
    """Climbs a little with each right answer, as a DKT trained on enough events does."""

    def p_correct(self, state: Any) -> np.ndarray:
        rights = sum(state)
        return np.array([0.3 + 0.45 * (1 - 0.7**rights)])


def test_one_right_answer_reaching_the_threshold_does_not_trace() -> None:
    found = probe(_Saturating(), 0, guess=0.25)
    assert found.separates  # 0.75 after ten right, 0.3 after ten wrong: it does separate
    assert found.first == found.right
    assert not found.traces(threshold=0.95)


def test_a_model_that_climbs_answer_by_answer_traces() -> None:
    found = probe(_Graded(), 0, guess=0.25)
    assert found.separates and found.first < found.right
    assert found.traces(threshold=0.95)
    assert RIGHT_RUN > 1
