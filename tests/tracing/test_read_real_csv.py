"""The real ASSISTments 2009 split, written as a Latin-1 pyBKT CSV, reads back the same."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from its.tracing.datasets import read_log, read_three_line
from its.tracing.readers._common import ReaderWarning


def test_assistments_2009_as_pybkt_csv(kt_data: Path, tmp_path: Path) -> None:
    folder = kt_data / "assist2009_updated"
    source = read_three_line(folder / "assist2009_updated_test.csv")
    names = {}
    for line in (folder / "assist2009_updated_skill_mapping.txt").read_text("latin-1").splitlines():
        skill_id, _, name = line.partition("\t")
        names[skill_id.strip()] = f"{name.strip()} [{skill_id.strip()}], é"
    path = tmp_path / "assist.csv"
    with path.open("w", newline="", encoding="latin-1") as file:
        writer = csv.writer(file)
        writer.writerow(["order_id", "user_id", "skill_name", "correct"])
        rows = range(len(source) - 1, -1, -1)  # reversed: the reader sorts by order_id
        for k in rows:
            learner = f"u{int(source.learner[k]) + 1:05d}"
            writer.writerow([k, learner, names[source.skills[source.skill[k]]], source.correct[k]])
    with pytest.warns(ReaderWarning, match="read as Latin-1"):
        log = read_log(path, "pybkt")
    assert len(log) == len(source) and len(log.learners) == len(source.learners)
    np.testing.assert_array_equal(log.correct, source.correct)
    np.testing.assert_array_equal(log.learner, source.learner)
    assert [log.skills[s] for s in log.skill] == [names[source.skills[s]] for s in source.skill]
