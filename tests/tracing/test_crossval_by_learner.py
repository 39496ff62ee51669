"""Cross-validation deals whole learners into folds and scores every answer once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from its.errors import DataFormatError
from its.tracing.bkt.model import BKT
from its.tracing.datasets import read_three_line
from its.tracing.log import ResponseLog


def test_folds_by_learner_on_statics(kt_data: Path) -> None:
    log = read_three_line(kt_data / "STATICS" / "STATICS_train.csv")
    model = BKT(tol=1e-3)

    result = model.crossvalidate(log, n_folds=3, random_state=0)

    assert len(result.folds) == 3
    assert result.pooled.pooled.n == len(log)
    assert sum(fold.pooled.n for fold in result.folds) == len(log)
    sizes = np.bincount(list(result.fold_of_learner.values()))
    assert sizes.max() - sizes.min() <= 1
    assert len(result.fold_of_learner) == len(np.unique(log.learner))
    mean_auc = result.mean("auc")
    assert mean_auc is not None and 0.7 < mean_auc < 0.9
    again = model.crossvalidate(log, n_folds=3, random_state=0)
    assert again.fold_of_learner == result.fold_of_learner
    assert not hasattr(model, "skills_")  # the estimator itself stays unfitted


def test_too_few_learners_for_the_folds() -> None:
    log = ResponseLog.from_arrays(
        learner=[0, 0, 1], skill=[0, 0, 0], correct=[1, 0, 1], learners=["a", "b"], skills=["x"]
    )
    with pytest.raises(DataFormatError, match="cannot make 3 folds by learner: the log has 2"):
        BKT().crossvalidate(log, n_folds=3)
    with pytest.raises(ValueError, match="n_folds must be an integer >= 2"):
        BKT().crossvalidate(log, n_folds=1)
