"""An answer with probability 0 under the parameters never gives NaN or ZeroDivisionError:
every kernel (batch, EM, online, credible) uses probabilities within `online.EPS`."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _small_logs import small_log
from hypothesis import given, settings
from hypothesis import strategies as st

from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import EPS, BKTParams, LiveBKT, p_correct, update
from its.tracing.credible import mastery_interval
from its.tracing.log import ResponseLog

# Learner a answers 1, 0, 1 and b answers 0: the 0s are impossible under the fixed values.
LOG = ResponseLog.from_arrays(
    learner=[0, 0, 0, 1],
    skill=[0, 0, 0, 0],
    correct=[1, 0, 1, 0],
    learners=["a", "b"],
    skills=["s"],
)
DEGENERATE: list[dict[str, Any]] = [
    {"prior": 1.0, "slip": 0.0},
    {"prior": 0.0, "guess": 0.0, "learn": 0.0},
    {"prior": 1.0, "slip": 0.0, "guess": 0.0, "learn": 1.0},
]


def _strict(value: str) -> Any:
    raise AssertionError(f"not strict JSON: {value}")


@pytest.mark.parametrize("fixed", DEGENERATE, ids=str)
def test_impossible_answers_give_finite_fits_scores_and_files(
    fixed: dict[str, float], tmp_path: Path
) -> None:
    model = BKT(fixed=fixed).fit(LOG)
    prediction = model.predict(LOG)
    for values in (prediction.p_correct, prediction.p_mastery):
        assert np.isfinite(values).all() and (values >= 0).all() and (values <= 1).all()
    assert math.isfinite(model.log_likelihood_)
    scores = model.evaluate(LOG).pooled
    assert math.isfinite(scores.rmse) and math.isfinite(scores.log_loss)
    path = tmp_path / "model.json"
    model.save(path)
    again = BKT.load(path)
    json.loads(path.read_text(encoding="utf-8"), parse_constant=_strict)
    np.testing.assert_array_equal(again.predict(LOG).p_correct, prediction.p_correct)


@pytest.mark.parametrize("fixed", DEGENERATE, ids=str)
def test_live_tracing_of_impossible_answers_equals_batch(fixed: dict[str, float]) -> None:
    model = BKT(fixed=fixed).fit(LOG)
    batch = model.predict(LOG).p_correct
    live = LiveBKT(model.to_dict())
    row = 0
    for learner in ("a", "b"):
        state = live.start("s", learner=learner)
        for correct in LOG.correct[LOG.learner == LOG.learners.index(learner)].tolist():
            state, before = live.answer(state, "s", bool(correct), learner=learner)
            assert before == pytest.approx(batch[row], abs=1e-9)
            row += 1


def test_degenerate_fixed_values_on_real_data_give_finite_scores(kt_data: Path) -> None:
    log = small_log(kt_data, "train1", 40)
    model = BKT(fixed={"guess": 0.0, "slip": 0.0}, n_iter=5).fit(log)
    scores = model.evaluate(log).pooled
    assert math.isfinite(scores.rmse) and math.isfinite(scores.log_loss)
    assert scores.auc is not None and 0.5 < scores.auc <= 1.0


def test_credible_interval_of_an_impossible_answer_is_finite() -> None:
    result = mastery_interval([BKTParams(1.0, 0.1, 0.2, 0.0)], [False])
    assert all(math.isfinite(v) for v in (result.mean, result.low, result.high))
    assert 0.0 <= result.low <= result.mean <= result.high <= 1.0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((2.0, 0.1, 0.2, 0.1), "prior must be a probability in [0, 1], got 2.0"),
        ((0.2, 0.1, float("nan"), 0.1), "guess must be a probability in [0, 1], got nan"),
        ((0.2, 0.1, 0.2, -0.1), "slip must be a probability in [0, 1], got -0.1"),
        ((0.2, 0.1, 0.2, 0.1, float("inf")), "forget must be a probability in [0, 1], got inf"),
        ((0.2, "0.1", 0.2, 0.1), "learn must be a probability in [0, 1], got '0.1'"),
    ],
)
def test_parameters_outside_zero_one_are_refused(values: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(f"BKTParams: {message}")):
        BKTParams(*values)


probability = st.floats(0.0, 1.0)


@settings(max_examples=200, deadline=None)
@given(
    params=st.builds(BKTParams, probability, probability, probability, probability, probability),
    answers=st.lists(st.booleans(), max_size=12),
)
def test_online_tracing_stays_a_probability_for_any_parameters(
    params: BKTParams, answers: list[bool]
) -> None:
    mastery = params.bounded().prior
    for correct in answers:
        before = p_correct(mastery, params)
        assert EPS / 2 <= before <= 1 - EPS / 2
        mastery = update(mastery, correct, params)
        assert 0.0 <= mastery <= 1.0
