"""`BKT.load` and `LiveBKT.load` check every field of a model file: a bad one is a
`DataFormatError` naming the file and the field, never a traceback or a silent NaN."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from its.errors import DataFormatError
from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams, LiveBKT
from its.tracing.bkt.simulate import simulate_items

ITEMS = {
    "fractions": {"f1": BKTParams(0.3, 0.2, 0.1, 0.1), "f2": BKTParams(0.3, 0.2, 0.3, 0.2)},
    "decimals": {"d1": BKTParams(0.5, 0.1, 0.2, 0.1)},
}
LOADERS: list[Callable[[Path], object]] = [BKT.load, LiveBKT.load]


def _saved() -> dict[str, Any]:
    log = simulate_items(ITEMS, n_learners=30, n_answers=5, rng=np.random.default_rng(4))
    model = BKT(guess_slip_by="item", learn_by="item", prior_by="learner", n_iter=20)
    return json.loads(json.dumps(model.fit(log).to_dict()))


SAVED = _saved()


def _set(*path: str | int, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _first_prior(data: dict[str, Any]) -> None:
    priors = data["skills"]["fractions"]["priors"]
    priors[next(iter(priors))] = -0.5


def _inverted(data: dict[str, Any]) -> None:
    data["skills"]["decimals"].update(guess=0.7, slip=0.6)


CASES = [
    # Each a probability, but together no BKT: a right answer would count against mastery.
    (_inverted, "skills['decimals']: guess 0.7 + slip 0.6 is above 1", ""),
    (
        _set("skills", "fractions", "guess_slip", 0, "guess", value=0.95),
        "skills['fractions'].guess_slip[0]: guess 0.95",
        "above 1",
    ),
    (
        _set("skills", "decimals", "forget", value=0.5),
        "skills['decimals'].forget: 0.5, but hyperparameters.forgets is false",
        "",
    ),
    (_set("hyperparameters", "forgets", value="yes"), "hyperparameters.forgets", "'yes'"),
    (_set("skills", "fractions", "guess", value=1.7), "skills['fractions'].guess", "1.7"),
    (_set("skills", "decimals", "slip", value=None), "skills['decimals'].slip", "None"),
    (_set("skills", "fractions", "n_iter", value=-3), "skills['fractions'].n_iter", "-3"),
    (
        _set("skills", "fractions", "guess_slip", 0, "slip", value=2),
        "skills['fractions'].guess_slip[0].slip",
        "2",
    ),
    (
        _set("skills", "fractions", "learn_groups", 0, "item", value=7),
        "skills['fractions'].learn_groups[0].item",
        "7",
    ),
    (_first_prior, "skills['fractions'].priors[", "-0.5"),
    (_set("hyperparameters", "guess_slip_by", value="banana"), "guess_slip_by", "'banana'"),
    (_set("hyperparameters", "colour", value="red"), "hyperparameters.colour: unknown", ""),
    (_set("log_likelihood", value="high"), "log_likelihood", "'high'"),
    (_set("skills", "fractions", value=[0.1]), "skills['fractions']", "[0.1]"),
]


@pytest.mark.parametrize("loader", LOADERS, ids=["BKT", "LiveBKT"])
@pytest.mark.parametrize(("change", "field", "value"), CASES)
def test_a_bad_field_is_named_with_the_file(
    loader: Callable[[Path], object],
    change: Callable[[dict[str, Any]], None],
    field: str,
    value: str,
    tmp_path: Path,
) -> None:
    data = json.loads(json.dumps(SAVED))
    change(data)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}: ")) as raised:
        loader(path)
    assert field in str(raised.value) and value in str(raised.value)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("n_iter", -3, "hyperparameters: n_iter must be a positive integer, got -3"),
        ("tol", -1.0, "hyperparameters: tol must be a number >= 0, got -1.0"),
        ("bounds", {"guess": [0.0, 7]}, "hyperparameters: bounds['guess'] must be (low, high)"),
        ("forgets", "yes", "hyperparameters.forgets: expected true or false, got 'yes'"),
    ],
)
def test_bad_hyperparameters_are_named(
    name: str, value: Any, expected: str, tmp_path: Path
) -> None:
    data = json.loads(json.dumps(SAVED))
    data["hyperparameters"][name] = value
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}: {expected}")):
        BKT.load(path)


@pytest.mark.parametrize("loader", LOADERS, ids=["BKT", "LiveBKT"])
def test_several_bad_fields_are_named_at_once(
    loader: Callable[[Path], object], tmp_path: Path
) -> None:
    data = json.loads(json.dumps(SAVED))
    data["skills"]["fractions"]["guess"] = 1.7
    data["skills"]["decimals"]["prior"] = None
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataFormatError) as raised:
        loader(path)
    assert "skills['fractions'].guess" in str(raised.value)
    assert "skills['decimals'].prior" in str(raised.value)


@pytest.mark.parametrize("loader", LOADERS, ids=["BKT", "LiveBKT"])
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe{\x00}\x00", "not UTF-8 text (byte 0)"),
        (b'{"model": "bkt", "format_version": 2, "log_likelihood": NaN}', "not strict JSON: NaN"),
    ],
    ids=["utf-16", "nan-literal"],
)
def test_unreadable_bytes_are_named_with_the_file(
    loader: Callable[[Path], object], content: bytes, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / "model.json"
    path.write_bytes(content)
    with pytest.raises(DataFormatError, match=re.escape(f"{path}: {expected}")):
        loader(path)


@pytest.mark.parametrize("load", [BKT.from_dict, LiveBKT], ids=["BKT", "LiveBKT"])
def test_nan_in_model_data_is_named(load: Callable[[Any], object]) -> None:
    data = json.loads(json.dumps(SAVED))
    data["skills"]["decimals"]["slip"] = float("nan")
    with pytest.raises(DataFormatError, match=re.escape("skills['decimals'].slip: expected a")):
        load(data)


def test_a_valid_file_loads_in_both(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(SAVED), encoding="utf-8")
    model, live = BKT.load(path), LiveBKT.load(path)
    assert model.to_dict() == SAVED
    assert live.params("fractions", item="f1") == model.skill_params("fractions", item="f1")
