"""The pyBKT CSV reader: encodings, quoted skill names, ordering and column maps."""

from __future__ import annotations

from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.datasets import FORMATS, read_log, read_pybkt_csv
from its.tracing.readers._common import ReaderWarning

HEADER = "order_id,user_id,problem_id,skill_name,correct\n"


def test_latin1_file_with_quoted_skill_names(tmp_path: Path) -> None:
    text = (
        HEADER
        + '7,u2,p1,"Addition, Subtraction [Integers]",1\n'
        + "3,u1,p2,Équations (1er degré),0\n"
        + '2,u1,p1,"Addition, Subtraction [Integers]",1\n'
        + "5,u2,p2,Équations (1er degré),1\n"
    )
    path = tmp_path / "assistments.csv"
    path.write_bytes(text.encode("latin-1"))

    with pytest.warns(ReaderWarning, match="assistments.csv:3:[0-9]+: not UTF-8"):
        log = read_pybkt_csv(path)

    assert log.skills == ("Addition, Subtraction [Integers]", "Équations (1er degré)")
    assert log.learners == ("u1", "u2")
    # Sorted by learner, then order_id: u1 at 2, 3; u2 at 5, 7.
    assert log.learner.tolist() == [0, 0, 1, 1]
    assert log.skill.tolist() == [0, 1, 1, 0]
    assert log.correct.tolist() == [1, 0, 1, 1]
    assert log.items == ("p1", "p2")
    assert log.item is not None and log.item.tolist() == [0, 1, 1, 0]


def test_utf8_with_bom_and_a_column_map(tmp_path: Path) -> None:
    path = tmp_path / "renamed.csv"
    text = "\ufeffstudent,kc,right,t\n10,Brüche,1,2\n9,Brüche,0,1\n10,Brüche,0,1\n"
    path.write_text(text, encoding="utf-8")

    log = read_pybkt_csv(
        path, columns={"learner": "student", "skill": "kc", "correct": "right", "order": "t"}
    )

    assert log.learners == ("9", "10")  # numbers in numeric order
    assert log.skills == ("Brüche",)
    assert log.correct.tolist() == [0, 0, 1]
    assert log.item is None


def test_read_log_dispatches_through_the_registry(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("user_id,skill_name,correct,order_id\n1,a,1,1\n", encoding="utf-8")
    assert set(FORMATS) == {"dkvmn", "pybkt", "datashop", "its-db"}
    assert len(read_log(path, "pybkt")) == 1
    with pytest.raises(
        DataFormatError,
        match="unknown log format 'xls'; formats are datashop, dkvmn, its-db, pybkt",
    ):
        read_log(path, "xls")


def test_unknown_field_in_column_map_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("user_id,skill_name,correct,order_id\n1,a,1,1\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="unknown field student in the column map; fields"):
        read_pybkt_csv(path, columns={"student": "user_id"})


def test_a_column_map_reaches_the_reader_through_read_log(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("Anon,KC,ok,t\nu,a,1,1\n", encoding="utf-8")
    columns = {"learner": "Anon", "skill": "KC", "correct": "ok", "order": "t"}
    assert read_log(path, "pybkt", columns=columns).skills == ("a",)
    with pytest.raises(DataFormatError, match="a column map applies to the pybkt and datashop"):
        read_log(path, "dkvmn", columns=columns)
