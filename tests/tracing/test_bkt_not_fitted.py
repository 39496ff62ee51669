"""An unfitted BKT refuses to predict, export or hand out parameters."""

from __future__ import annotations

import pytest

from its.errors import NotFittedError
from its.tracing.bkt.model import BKT
from its.tracing.log import ResponseLog


def test_unfitted_model_raises_not_fitted() -> None:
    log = ResponseLog.from_arrays(
        learner=[0], skill=[0], correct=[1], learners=["ann"], skills=["fractions"]
    )
    model = BKT()
    with pytest.raises(NotFittedError, match="not fitted"):
        model.predict(log)
    with pytest.raises(NotFittedError):
        model.to_dict()
    with pytest.raises(NotFittedError):
        model.skill_params("fractions")
