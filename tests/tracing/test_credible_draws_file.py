"""Reading posterior draws files: round trip, the shipped population draws, clear errors."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.bkt.online import BKTParams
from its.tracing.credible import (
    DEFAULT_POPULATION_PATH,
    draws_to_dict,
    load_draws,
    mastery_interval,
    population_draws,
)

DRAWS = (
    BKTParams(prior=0.2, learn=0.1, guess=0.2, slip=0.1, forget=0.0),
    BKTParams(prior=0.4, learn=0.2, guess=0.1, slip=0.05, forget=0.01),
)


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_draws_round_trip_through_the_file(tmp_path: Path) -> None:
    data = {
        "format_version": 1,
        "model": "bkt-bayes",
        "population": draws_to_dict(DRAWS[:1]),
        "skills": {"a[b],c (x|y)*": draws_to_dict(DRAWS)},
    }
    path = _write(tmp_path / "draws.json", data)
    assert load_draws(path) == {"a[b],c (x|y)*": DRAWS}
    assert population_draws(path) == DRAWS[:1]


def test_shipped_population_draws_are_usable() -> None:
    draws = population_draws()
    assert len(draws) >= 100
    assert all(p.guess < 0.5 and p.slip < 0.5 for p in draws)
    interval = mastery_interval(draws, [True, True, True])
    assert 0.0 < interval.low < interval.mean < interval.high < 1.0
    assert DEFAULT_POPULATION_PATH.name == "population_draws.json"


def test_missing_forget_means_no_forgetting(tmp_path: Path) -> None:
    columns = draws_to_dict(DRAWS)
    del columns["forget"]
    path = _write(tmp_path / "d.json", {"format_version": 1, "skills": {"s": columns}})
    assert all(p.forget == 0.0 for p in load_draws(path)["s"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format_version": 2, "skills": {}}, "not a draws file of format_version 1 (found 2)"),
        ([1, 2], "not a draws file of format_version 1 (found None)"),
        ({"format_version": 1}, "expected a `skills` mapping"),
        (
            {"format_version": 1, "skills": {"s": {"prior": [0.1], "learn": [0.1]}}},
            "`skills.s.guess`: expected a list of probabilities in [0, 1]",
        ),
        (
            {
                "format_version": 1,
                "skills": {
                    "s": {"prior": [0.1, 0.2], "learn": [0.1], "guess": [0.1], "slip": [0.1]}
                },
            },
            "`skills.s`: every parameter needs the same, non-zero number of draws",
        ),
        (
            {
                "format_version": 1,
                "skills": {"s": {"prior": [1.5], "learn": [0.1], "guess": [0.1], "slip": [0.1]}},
            },
            "`skills.s.prior`: expected a list of probabilities",
        ),
        (
            {
                "format_version": 1,
                "skills": {
                    "s": {"prior": [0.1, 0.2], "learn": [0.1, 0.1], "guess": [0.1, 0.2]}
                    | {"slip": [0.1, float("nan")]}
                },
            },
            "`skills.s.slip`: expected a list of probabilities",
        ),
    ],
)
def test_bad_files_name_the_file_and_the_fault(tmp_path: Path, data: object, message: str) -> None:
    path = _write(tmp_path / "bad.json", data)
    with pytest.raises(DataFormatError, match=re.escape(f"{path}: ") + ".*" + re.escape(message)):
        load_draws(path)


def test_not_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format_version": 1,\n  "skills": oops}', encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}:2:13: not JSON")):
        load_draws(path)


def test_missing_file_is_a_data_format_error(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="does not exist; give an existing draws file"):
        population_draws(tmp_path / "nope.json")


def test_a_fifo_or_folder_as_the_draws_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "draws.json"
    os.mkfifo(fifo)
    with pytest.raises(DataFormatError, match=re.escape(f"{fifo}: is a FIFO")):
        load_draws(fifo)
    with pytest.raises(DataFormatError, match=re.escape(f"{tmp_path}: is a folder")):
        load_draws(tmp_path)
