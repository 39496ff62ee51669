"""A fitted BKT round-trips through to_dict/from_dict and save/load as readable JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from its.errors import DataFormatError
from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate

TRUTH = {
    "Equivalent Fractions [grade 5], part 1": BKTParams(0.3, 0.2, 0.2, 0.1),
    "Zahlenstrahl": BKTParams(0.5, 0.1, 0.25, 0.1),
}


def _fitted() -> tuple[BKT, object]:
    log = simulate(TRUTH, n_learners=100, n_answers=6, rng=np.random.default_rng(1))
    return BKT(forgets=True, random_state=5).fit(log), log


def test_dict_round_trip_keeps_everything() -> None:
    model, _ = _fitted()
    again = BKT.from_dict(model.to_dict())
    assert again.to_dict() == model.to_dict()
    assert again.skills_ == model.skills_
    for name in ("prior_", "learn_", "guess_", "slip_", "forget_", "n_iter_"):
        np.testing.assert_array_equal(getattr(again, name), getattr(model, name))


def test_save_and_load_give_the_same_predictions(tmp_path: Path) -> None:
    model, log = _fitted()
    path = tmp_path / "bkt.json"
    model.save(path)

    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format_version"] == 2
    assert set(data["skills"]) == set(TRUTH)
    assert path.read_text(encoding="utf-8").count("\n") > 10  # indented, readable

    loaded = BKT.load(path)
    np.testing.assert_array_equal(loaded.predict(log).p_correct, model.predict(log).p_correct)


def test_unknown_format_version_is_refused(tmp_path: Path) -> None:
    model, _ = _fitted()
    data = model.to_dict()
    data["format_version"] = 99
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}: BKT model format_version 99")):
        BKT.load(path)


def test_broken_json_names_the_place(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format_version": 1,\n  "model": }', encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}:2:12: not JSON")):
        BKT.load(path)


def test_variants_round_trip_through_readable_json(tmp_path: Path) -> None:
    from its.tracing.bkt.simulate import simulate_items

    items = {
        "Skill [a], (1)": {
            "a1": BKTParams(0.3, 0.3, 0.1, 0.1),
            "a2": BKTParams(0.3, 0.1, 0.3, 0.2),
        },
        "b": {"b1": BKTParams(0.5, 0.2, 0.2, 0.05)},
    }
    log = simulate_items(items, n_learners=60, n_answers=6, rng=np.random.default_rng(2))
    model = BKT(
        guess_slip_by="item",
        learn_by="item_order",
        prior_by="learner",
        forgets=True,
        fixed={"slip": {"b": 0.05}},
        bounds={"guess": (0.0, 0.4)},
    ).fit(log)
    path = tmp_path / "variants.json"
    model.save(path)

    data = json.loads(path.read_text(encoding="utf-8"))
    skill = data["skills"]["Skill [a], (1)"]
    assert {g["item"] for g in skill["guess_slip"]} == {"a1", "a2"}
    # The default group (after a learner's first answer) and (previous, item) pairs.
    assert any(g["previous_item"] is None and g["item"] is None for g in skill["learn_groups"])
    assert any(g["previous_item"] == "a1" for g in skill["learn_groups"])
    assert len(skill["priors"]) == 60
    assert data["hyperparameters"]["bounds"] == {"guess": [0.0, 0.4]}

    loaded = BKT.load(path)
    assert loaded.to_dict() == model.to_dict()
    np.testing.assert_array_equal(loaded.predict(log).p_correct, model.predict(log).p_correct)


def test_format_version_1_still_loads() -> None:
    model, log = _fitted()
    data = model.to_dict()
    data["format_version"] = 1
    np.testing.assert_array_equal(
        BKT.from_dict(data).predict(log).p_correct, model.predict(log).p_correct
    )
