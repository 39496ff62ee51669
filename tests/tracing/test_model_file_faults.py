"""Bad model files are `DataFormatError`s naming the file and the field, for every loader;
headers are strict JSON; a failed write leaves no temporary file."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _small_logs import small_log

from its.errors import DataFormatError
from its.tracing.deep.dkt import DKT
from its.tracing.live.dkt import LiveDKT
from its.tracing.live.model_file import read_model_file, write_model_file
from its.tracing.live.registry import load_live
from its.tracing.logistic.best_lr import BestLR

LOADERS: dict[str, Callable[[Path], Any]] = {
    "LiveDKT.load": LiveDKT.load,
    "load_live": load_live,
    "DKT.load": DKT.load,
}


@pytest.fixture
def saved(kt_data: Path, tmp_path: Path) -> Path:
    model = DKT(hidden=8, embedding=4, epochs=1, batch_size=16, random_state=0)
    model.fit(small_log(kt_data, "train1", 10))
    path = tmp_path / "dkt.npz"
    model.save(path, metrics={"test_auc": float("nan")})
    return path


def _rewrite(saved: Path, target: Path, meta: dict[str, Any], **arrays: Any) -> Path:
    """`saved` with its header fields and arrays replaced by `meta` and `arrays`."""
    stored = read_model_file(saved)
    write_model_file(target, {**stored.meta, **meta}, {**stored.arrays, **arrays})
    return target


def _faults(saved: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """Each bad file, with the text its error must hold."""
    stored = read_model_file(saved)
    empty = folder / "empty.npz"
    empty.write_bytes(b"")
    bare = folder / "bare.npz"
    with open(bare, "wb") as file:
        np.save(file, np.zeros(3))
    fake_zip = folder / "fake.npz"
    fake_zip.write_bytes(b"PK\x03\x04 not really a zip archive")
    out = stored.arrays["out.weight"]
    nan_weight = stored.arrays["lstm.weight_hh_l0"].copy()
    nan_weight[0, 0] = np.nan
    skills = stored.meta["skills"]
    return {
        "empty": (empty, "the file is empty"),
        "bare npy": (bare, "one bare array"),
        # np.load once left its handle open on this one (an unclosed-file warning).
        "starts like a zip": (fake_zip, "not an .npz model file (not a zip archive"),
        "skills not a list": (
            _rewrite(saved, folder / "skills.npz", {"skills": 7}),
            "'skills' must be a list",
        ),
        "wrong shape": (
            _rewrite(saved, folder / "shape.npz", {}, **{"out.weight": out[:, :-1]}),
            "'out.weight' has shape",
        ),
        "header skills != outputs": (
            _rewrite(saved, folder / "count.npz", {"skills": [*skills, "extra"]}),
            "'out.weight' has shape",
        ),
        "nan weight": (
            _rewrite(saved, folder / "nan.npz", {}, **{"lstm.weight_hh_l0": nan_weight}),
            "'lstm.weight_hh_l0' holds NaN",
        ),
    }


@pytest.mark.parametrize("loader", sorted(LOADERS))
@pytest.mark.parametrize(
    "fault",
    [
        "empty",
        "bare npy",
        "starts like a zip",
        "skills not a list",
        "wrong shape",
        "header skills != outputs",
        "nan weight",
    ],
)
def test_a_bad_model_file_is_a_data_format_error_naming_file_and_field(
    saved: Path, tmp_path: Path, loader: str, fault: str
) -> None:
    path, text = _faults(saved, tmp_path)[fault]
    with pytest.raises(DataFormatError, match=re.escape(str(path)) + ".*" + re.escape(text)):
        LOADERS[loader](path)


@pytest.mark.parametrize("loader", ["DKT.load", "BestLR.load"])
def test_a_file_with_a_setting_this_version_lacks_says_retrain(
    saved: Path, kt_data: Path, tmp_path: Path, loader: str
) -> None:
    if loader == "BestLR.load":
        saved = tmp_path / "lr.npz"
        BestLR(n_iter=2).fit(small_log(kt_data, "train1", 10)).save(saved)
    stored = read_model_file(saved)
    old = _rewrite(
        saved,
        tmp_path / "old.npz",
        {"settings": {**stored.meta["settings"], "shift_windows": True}},
    )
    with pytest.raises(
        DataFormatError,
        match=re.escape(
            f"{old}: made by another version of its (unknown settings: shift_windows); retrain"
        ),
    ):
        (DKT.load if loader == "DKT.load" else BestLR.load)(old)


def test_best_lr_weights_are_checked_against_the_header(kt_data: Path, tmp_path: Path) -> None:
    saved = tmp_path / "lr.npz"
    BestLR(n_iter=2).fit(small_log(kt_data, "train1", 10)).save(saved)
    stored = read_model_file(saved)
    bad = _rewrite(saved, tmp_path / "bad.npz", {"skills": [*stored.meta["skills"], "x"]})
    with pytest.raises(DataFormatError, match="weight 'skill' has shape"):
        BestLR.load(bad)


def test_the_header_is_strict_json_with_null_for_nan(saved: Path) -> None:
    with np.load(saved, allow_pickle=False) as data:
        text = data["__meta__"].tobytes().decode("utf-8")
    header = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the header"))
    assert header["metrics"]["test_auc"] is None
    assert all(row[1] is None for row in header["history"])  # no validation: AUC undefined


def test_a_failed_write_removes_its_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "m.npz"
    with pytest.raises(TypeError):
        write_model_file(target, {"model": "dkt", "skills": [], "bad": object()}, {})
    with pytest.raises(ValueError, match="Object arrays cannot be saved"):
        write_model_file(target, {"model": "dkt", "skills": []}, {"w": np.array([None, 1])})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("correct", [2, -1, 0.7, "yes", None])
def test_live_update_refuses_a_correctness_other_than_0_or_1(saved: Path, correct: Any) -> None:
    live = LiveDKT.load(saved)
    with pytest.raises(ValueError, match=re.escape(f"got {correct!r}")):
        live.update(live.initial_state(), live.skills[0], correct)


def test_live_update_takes_an_int_skill_as_its_name(saved: Path) -> None:
    live = LiveDKT.load(saved)
    name = live.skills[0]
    assert name.isdigit()  # 3-line logs name skills by number
    by_int = live.p_correct(live.update(live.initial_state(), int(name), np.True_))
    by_str = live.p_correct(live.update(live.initial_state(), name, 1))
    unknown = live.p_correct(live.update(live.initial_state(), "no such skill", 1))
    np.testing.assert_array_equal(by_int, by_str)
    assert not np.array_equal(by_int, unknown)
    with pytest.raises(ValueError, match="skill must be"):
        live.update(live.initial_state(), 1.5, True)  # type: ignore[arg-type]


def test_a_header_of_the_wrong_kind_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    np.savez(path, __meta__=np.frombuffer(b'{"model": "dkt"}', np.uint8).astype(np.int64))
    with pytest.raises(
        DataFormatError, match=re.escape(f"{path}: the __meta__ header must be bytes")
    ):
        read_model_file(path)
    np.savez(path, weights=np.zeros(2))
    with pytest.raises(DataFormatError, match=re.escape(f"{path}: not a model file: no __meta__")):
        read_model_file(path)
