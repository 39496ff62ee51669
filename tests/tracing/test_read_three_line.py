"""The 3-line (DKVMN) reader builds the right log."""

from __future__ import annotations

from pathlib import Path

from its.tracing.datasets import read_log, read_three_line


def test_reads_learners_skills_and_trailing_commas(tmp_path: Path) -> None:
    path = tmp_path / "tiny.csv"
    path.write_text("3\n10,2,10,\n1,0,1,\n2\n2,2\n0,1\n\n", encoding="utf-8")

    log = read_three_line(path)

    assert log.learners == ("tiny.csv:1", "tiny.csv:2")  # positions, unique per file
    assert log.skills == ("2", "10")  # numeric order
    assert log.learner.tolist() == [0, 0, 0, 1, 1]
    assert log.skill.tolist() == [1, 0, 1, 0, 0]
    assert log.correct.tolist() == [1, 0, 1, 0, 1]
    assert log.item is None


def test_reads_the_assistments_2009_training_split(kt_data: Path) -> None:
    log = read_log(kt_data / "assist2009_updated" / "assist2009_updated_train.csv", "dkvmn")
    assert (len(log), len(log.learners), len(log.skills)) == (224_218, 2921, 110)
    assert 0.65 < log.correct.mean() < 0.67
