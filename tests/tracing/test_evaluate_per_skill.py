"""BKT.evaluate scores pooled and per skill with `its.tracing.metrics` (real data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from its.tracing import metrics
from its.tracing.bkt.model import BKT
from its.tracing.datasets import read_three_line
from its.tracing.evaluation import score
from its.tracing.log import ResponseLog


def test_pooled_and_per_skill_scores_on_assistments(kt_data: Path) -> None:
    folder = kt_data / "assist2009_updated"
    train = read_three_line(folder / "assist2009_updated_train.csv")
    test = read_three_line(folder / "assist2009_updated_test.csv")
    model = BKT().fit(train)

    evaluation = model.evaluate(test)

    p = model.predict(test).p_correct
    assert evaluation.pooled.to_dict() == {**metrics.evaluate(test.correct, p), "n": len(test)}
    assert evaluation.pooled.auc is not None and evaluation.pooled.auc >= 0.70
    assert set(evaluation.per_skill) == {test.skills[k] for k in np.unique(test.skill)}
    assert sum(s.n for s in evaluation.per_skill.values()) == len(test)
    skill = test.skills[int(test.skill[0])]
    rows = test.skill == test.skill[0]
    assert evaluation.per_skill[skill].rmse == pytest.approx(
        metrics.rmse(test.correct[rows], p[rows])
    )
    assert evaluation.n_unseen == 0


def test_a_skill_with_one_class_has_no_auc_rather_than_nan() -> None:
    log = ResponseLog.from_arrays(
        learner=[0, 0, 0, 0],
        skill=[0, 0, 1, 1],
        correct=[1, 1, 0, 1],
        learners=["ann"],
        skills=["all right", "mixed"],
    )
    evaluation = score(log, [0.9, 0.8, 0.3, 0.6], [False] * 4)
    assert evaluation.per_skill["all right"].auc is None
    assert evaluation.per_skill["mixed"].auc == 1.0
    assert evaluation.to_dict()["per_skill"]["all right"]["auc"] is None


def test_a_nan_prediction_is_refused_not_scored() -> None:
    log = ResponseLog.from_arrays(
        learner=[0, 0, 1], skill=[0, 0, 0], correct=[1, 0, 1], learners=["a", "b"], skills=["s"]
    )
    with pytest.raises(ValueError, match=r"p_correct of row 1 is nan, not a probability \(1 rows"):
        score(log, [0.5, float("nan"), 0.7], [False] * 3)
