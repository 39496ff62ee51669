"""`BKT(prior_by="learner")` finds priors by learner name: a test log whose learners share
names with training learners warns, and the 3-line reader names learners uniquely per file
("STATICS_test.csv:1"), so test learners take the skill's prior (Statics 2011, real data)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from its.tracing.bkt.model import BKT, LearnerOverlapWarning
from its.tracing.datasets import read_three_line
from its.tracing.log import ResponseLog


def _named_like(log: ResponseLog, other: ResponseLog) -> ResponseLog:
    """`log` with its learners named as `other`'s learners in the same positions."""
    names = [
        other.learners[k] if k < len(other.learners) else f"x{k}" for k in range(len(log.learners))
    ]
    return ResponseLog.from_arrays(
        learner=log.learner,
        skill=log.skill,
        correct=log.correct,
        learners=names,
        skills=log.skills,
    )


def _statics(kt_data: Path) -> tuple[ResponseLog, ResponseLog]:
    folder = kt_data / "STATICS"
    return read_three_line(folder / "STATICS_train.csv"), read_three_line(
        folder / "STATICS_test.csv"
    )


def test_positional_names_shared_with_training_learners_warn(kt_data: Path) -> None:
    train, test = _statics(kt_data)
    model = BKT(prior_by="learner").fit(train)
    assert not set(train.learners) & set(test.learners)  # the reader names them per file
    with pytest.warns(LearnerOverlapWarning, match=r"of this log share a name with a training"):
        positional = model.evaluate(_named_like(test, train)).pooled.auc
    with warnings.catch_warnings():
        warnings.simplefilter("error", LearnerOverlapWarning)
        distinct = model.evaluate(test).pooled.auc
    assert positional is not None and distinct is not None
    # Training learners' priors on other people cost about 0.13 AUC here.
    assert distinct > positional + 0.05
    standard = BKT().fit(train).evaluate(test).pooled.auc
    assert standard is not None and distinct == pytest.approx(standard, abs=0.02)


def test_the_training_log_itself_does_not_warn_even_after_save_and_load(
    kt_data: Path, tmp_path: Path
) -> None:
    train, _ = _statics(kt_data)
    model = BKT(prior_by="learner").fit(train)
    path = tmp_path / "model.json"
    model.save(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LearnerOverlapWarning)
        model.predict(train)
        BKT.load(path).predict(train)
