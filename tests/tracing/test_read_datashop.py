"""The DataShop reader: transaction and step exports, KC models, first attempts, time order."""

from __future__ import annotations

from pathlib import Path

import pytest

from its.tracing.datasets import read_log, read_three_line
from its.tracing.readers._common import ReaderWarning

TRANSACTIONS = [
    ["Row", "Anon Student Id", "Time", "Problem Name", "Attempt At Step", "Outcome",
     "KC (Default)", "KC Category (Default)", "KC (Other)"],
    ["1", "Stu_b", "2010-09-15 10:25:00.0", "p1", "1", "INCORRECT", "a[1]~~b, c", "x", "z"],
    ["2", "Stu_a", "2010-09-15 10:23:45.0", "p1", "1", "CORRECT", "a[1]", "x", "z"],
    ["3", "Stu_a", "2010-09-15 10:20:00.0", "p2", "1", "HINT", "(x|y)*", "x", "z"],
    ["4", "Stu_a", "2010-09-15 10:21:00.0", "p2", "2", "CORRECT", "(x|y)*", "x", "z"],
    ["5", "Stu_a", "2010-09-15 10:30:00.0", "p3", "1", "CORRECT", "", "x", ""],
    ["6", "Stü_c", "2010-09-15 11:00:00.0", "p3", "1", "incorrect", "a[1]", "x", "z"],
]  # fmt: skip


def _write(tmp_path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path = tmp_path / "export.txt"
    path.write_bytes("".join("\t".join(row) + "\n" for row in rows).encode(encoding))
    return path


def test_transactions_first_attempts_in_time_order(tmp_path: Path) -> None:
    with pytest.warns(ReaderWarning, match=r"export.txt:\d+:\d+: not UTF-8; read as Latin-1"):
        log = read_log(_write(tmp_path, TRANSACTIONS, "latin-1"), "datashop")
    assert log.learners == ("Stu_a", "Stu_b", "Stü_c")
    rows = [(log.learners[who], log.skills[s], int(c)) for who, s, c in
            zip(log.learner, log.skill, log.correct, strict=True)]  # fmt: skip
    # Stu_a: the hint first (wrong first attempt; the retry is not an answer), then a[1];
    # the row without a KC is skipped; Stu_b's step tags two skills.
    assert rows == [
        ("Stu_a", "(x|y)*", 0),
        ("Stu_a", "a[1]", 1),
        ("Stu_b", "a[1]", 0),
        ("Stu_b", "b, c", 0),
        ("Stü_c", "a[1]", 0),
    ]
    assert log.answer is not None and log.answer.tolist() == [0, 1, 2, 2, 3]
    assert log.items == ("p1", "p2", "p3")


def test_another_kc_model_by_column_map(tmp_path: Path) -> None:
    log = read_log(_write(tmp_path, TRANSACTIONS), "datashop", columns={"skill": "KC (Other)"})
    assert log.skills == ("z",)
    assert len(log) == 4  # row 5 has no KC in this model either


def test_kdd_cup_step_export(tmp_path: Path) -> None:
    rows = [
        ["Row", "Anon Student Id", "Problem Name", "Step Start Time", "First Transaction Time",
         "Correct First Attempt", "KC(Default)", "Opportunity(Default)"],
        ["1", "s1", "p", "2005-09-09 12:24:35.0", "2005-09-09 12:24:49.0", "0", "k1~~k2", "1~~1"],
        ["2", "s1", "p", "2005-09-09 12:20:00.0", "2005-09-09 12:20:10.0", "1", "k2", "1"],
    ]  # fmt: skip
    log = read_log(_write(tmp_path, rows), "datashop")
    assert [log.skills[s] for s in log.skill] == ["k2", "k1", "k2"]
    assert log.correct.tolist() == [1, 0, 0]


def test_real_statics_log_written_as_datashop_reads_back_the_same(
    kt_data: Path, tmp_path: Path
) -> None:
    source = read_three_line(kt_data / "STATICS" / "STATICS_test.csv")
    rows = [["Anon Student Id", "Time", "Outcome", "KC (Default)"]]
    for k in range(len(source)):
        seconds = 1_000_000 + k  # rows are in time order per learner
        rows.append([
            f"stu {int(source.learner[k]) + 1:04d}",
            str(seconds),
            "CORRECT" if source.correct[k] else "INCORRECT",
            f"KC[{source.skills[source.skill[k]]}]",
        ])  # fmt: skip
    log = read_log(_write(tmp_path, rows[:1] + rows[:0:-1]), "datashop")  # reversed file
    assert len(log) == len(source)
    assert log.correct.tolist() == source.correct.tolist()
    assert [log.skills[s] for s in log.skill] == [f"KC[{source.skills[s]}]" for s in source.skill]


@pytest.mark.parametrize("value", ["OK", "2", "yes"])
def test_unknown_outcomes_are_refused(tmp_path: Path, value: str) -> None:
    from its.errors import DataFormatError

    rows = [TRANSACTIONS[0], [*TRANSACTIONS[2][:5], value, *TRANSACTIONS[2][6:]]]
    with pytest.raises(DataFormatError, match=":2: column `Outcome`: expected 0/1 or CORRECT"):
        read_log(_write(tmp_path, rows), "datashop")
