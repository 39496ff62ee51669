"""Answers with several skills: one row per skill, one answer index, no leakage, any names."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from its.errors import DataFormatError
from its.tracing.bkt.model import BKT
from its.tracing.datasets import read_log
from its.tracing.log import ResponseLog
from its.tracing.readers._common import ReaderWarning

HEADER = "order_id,user_id,skill_name,correct\n"
ODD = "Sum (a+b)*[c]|d?^$"


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "log.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_separated_skill_field_becomes_one_row_per_skill(tmp_path: Path) -> None:
    text = HEADER + f'1,u,"{ODD}~~Équations, 1er degré",1\n2,u,{ODD},0\n'
    with pytest.warns(ReaderWarning, match="read as Latin-1"):
        log = read_log(_write(tmp_path, text, "latin-1"), "pybkt")
    assert log.skills == ("Sum (a+b)*[c]|d?^$", "Équations, 1er degré")
    assert [log.skills[k] for k in log.skill] == [ODD, "Équations, 1er degré", ODD]
    assert log.correct.tolist() == [1, 1, 0]
    assert log.answer is not None and log.answer.tolist() == [0, 0, 1]


def test_assistments_rows_with_the_same_order_are_one_answer(tmp_path: Path) -> None:
    text = HEADER + "5,u,b,1\n5,u,a,1\n5,u,a,1\n6,u,a,0\n5,v,a,0\n"
    with pytest.warns(ReaderWarning, match=r":4: 1 duplicate row \(the same learner, order"):
        log = read_log(_write(tmp_path, text), "pybkt")
    assert [log.skills[k] for k in log.skill] == ["b", "a", "a", "a"]
    assert log.learner.tolist() == [0, 0, 0, 1]
    assert log.answer is not None and log.answer.tolist() == [0, 0, 1, 2]


def test_rows_of_one_answer_must_agree_on_correctness(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "5,u,a,1\n5,u,b,0\n")
    message = f"{path}:3: one answer (learner 'u', same order as line 2) is both correct and wrong"
    with pytest.raises(DataFormatError, match=re.escape(message)):
        read_log(path, "pybkt")


def test_no_row_of_an_answer_sees_that_answer(tmp_path: Path) -> None:
    """Flipping a multi-skill answer changes no prediction of its own rows."""
    lines = [HEADER]
    rng = np.random.default_rng(0)
    for learner in range(30):
        for order in range(8):
            skills = "a~~b" if order % 3 == 0 else ("a" if order % 2 else "b")
            lines.append(f"{order},u{learner},{skills},{int(rng.random() < 0.6)}\n")
    log = read_log(_write(tmp_path, "".join(lines)), "pybkt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # random answers: the fit itself is not under test
        model = BKT(n_iter=50).fit(log)
    assert log.answer is not None
    target = int(log.answer[np.flatnonzero(np.bincount(log.answer) == 2)[3]])
    rows = log.answer == target
    flipped = ResponseLog.from_arrays(
        learner=log.learner,
        skill=log.skill,
        correct=np.where(rows, 1 - log.correct, log.correct),
        learners=log.learners,
        skills=log.skills,
        answer=log.answer,
    )
    before = model.predict(log).p_correct
    after = model.predict(flipped).p_correct
    np.testing.assert_array_equal(before[rows], after[rows])
    later = np.flatnonzero(~rows & (log.learner == log.learner[rows][0]))
    assert not np.array_equal(before[later[-3:]], after[later[-3:]])
