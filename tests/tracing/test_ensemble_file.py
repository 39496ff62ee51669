"""An ensemble saves to one plain-array file (every member's arrays and header, the stack)
and loads back predicting exactly what it predicted; bad files name the file, the member
and the field; a failed save leaves nothing behind."""

from __future__ import annotations

import re
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _small_logs import small_log, write_head
from click.testing import CliRunner

from its.cli import cli
from its.errors import DataFormatError
from its.tracing.ensemble import Ensemble
from its.tracing.live.model_file import read_model_file, write_model_file
from its.tracing.live.registry import load_live
from its.tracing.metrics import evaluate

MEMBERS = ("dkt", "attention", "best-lr", "pairwise-lr", "bkt", "gbm")


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory, kt_data: Path) -> tuple[Ensemble, Path]:
    train, valid = small_log(kt_data, "train1", 20), small_log(kt_data, "valid1", 10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # BKT's bounds on so small a log
        model = Ensemble(members=MEMBERS, epochs=1, random_state=0).fit(train, valid=valid)
    path = tmp_path_factory.mktemp("ensemble") / "ens.npz"
    model.save(path, metrics={"valid_auc": 0.5})
    return model, path


def test_a_loaded_ensemble_predicts_exactly_what_it_predicted(
    fitted: tuple[Ensemble, Path], kt_data: Path
) -> None:
    model, path = fitted
    test = small_log(kt_data, "test", 10)
    before, after = model.predict(test), Ensemble.load(path).predict(test)
    np.testing.assert_array_equal(after.p_correct, before.p_correct)
    np.testing.assert_array_equal(after.p_mastery, before.p_mastery)
    np.testing.assert_array_equal(after.unseen, before.unseen)


def test_the_file_holds_each_members_header_and_arrays_and_the_stack(
    fitted: tuple[Ensemble, Path],
) -> None:
    model, path = fitted
    stored = read_model_file(path, model="ensemble")
    assert [entry["name"] for entry in stored.meta["members"]] == list(MEMBERS)
    assert stored.meta["members"][0]["header"]["model"] == "dkt"
    assert stored.meta["members"][4]["file"] == "json"  # BKT's JSON document, whole
    assert "member0/lstm.weight_hh_l0" in stored.arrays
    assert "member2/per_skill_counts" in stored.arrays
    assert stored.arrays["member5/booster"].dtype == np.uint8  # gbm: its trees, as text
    np.testing.assert_array_equal(stored.arrays["stack.weights"], model.weights_)
    assert stored.meta["metrics"] == {"valid_auc": 0.5}
    assert stored.meta["settings"]["members"] == list(MEMBERS)


def _rewrite(path: Path, target: Path, meta: dict[str, Any], **arrays: Any) -> Path:
    stored = read_model_file(path)
    kept = {k: v for k, v in stored.arrays.items() if arrays.get(k, 0) is not None}
    write_model_file(
        target,
        {**stored.meta, **meta},
        {**kept, **{k: v for k, v in arrays.items() if v is not None}},
    )
    return target


def _members_with(path: Path, k: int, **header: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = read_model_file(path).meta["members"]
    entries[k] = {**entries[k], "header": {**entries[k]["header"], **header}}
    return entries


def test_bad_ensemble_files_name_the_file_the_member_and_the_field(
    fitted: tuple[Ensemble, Path], tmp_path: Path
) -> None:
    _, path = fitted
    weight = read_model_file(path).arrays["member1/head.3.weight"]
    settings = read_model_file(path).meta["settings"]
    faults = {
        "wrong member shape": (
            _rewrite(path, tmp_path / "a.npz", {}, **{"member1/head.3.weight": weight[:, :-1]}),
            "member 1 (attention): invalid model file: weight 'head.3.weight' has shape",
        ),
        "missing member weight": (
            _rewrite(path, tmp_path / "b.npz", {}, **{"member3/value.weight": None}),
            "member 3 (pairwise-lr): invalid model file: weight 'value.weight' is missing",
        ),
        "damaged gbm trees": (
            _rewrite(path, tmp_path / "t.npz", {}, **{"member5/booster": np.zeros(4, np.uint8)}),
            "member 5 (gbm): the trees, the skills or items they were grown on, or their settings",
        ),
        "stray weight": (
            _rewrite(path, tmp_path / "c.npz", {}, **{"member7/x": np.zeros(2)}),
            "unexpected weight 'member7/x'",
        ),
        "stack shape": (
            _rewrite(path, tmp_path / "d.npz", {}, **{"stack.weights": np.zeros(2)}),
            "weight 'stack.weights' has shape (2,), the header implies (6,)",
        ),
        "members field": (
            _rewrite(path, tmp_path / "e.npz", {"members": []}),
            "header field 'members' must be a list of 6 members",
        ),
        "member renamed": (
            _rewrite(
                path,
                tmp_path / "f.npz",
                {"settings": {**settings, "members": ["dkt", "dkt", *MEMBERS[2:]]}},
            ),
            "header field 'members' entry 1 must be an object with name 'dkt'",
        ),
        "member from another version": (
            _rewrite(path, tmp_path / "g.npz", {"members": _members_with(path, 0, settings=[])}),
            "member 0 (dkt): header field 'settings' must be an object",
        ),
        "bkt member": (
            _rewrite(path, tmp_path / "h.npz", {"members": _members_with(path, 4, skills=3)}),
            "member 4 (bkt): skills: expected a mapping",
        ),
        "top-level skills": (
            _rewrite(
                path, tmp_path / "s.npz", {"skills": read_model_file(path).meta["skills"][1:]}
            ),
            "member 0 (dkt) lists other skills than header field 'skills'",
        ),
        "ensemble setting": (
            _rewrite(path, tmp_path / "i.npz", {"settings": {**settings, "stacking": "mean"}}),
            "made by another version of its (unknown settings: stacking); retrain",
        ),
    }
    for bad, text in faults.values():  # a failure's regex shows which fault it was
        with pytest.raises(DataFormatError, match=re.escape(f"{bad}: ") + ".*" + re.escape(text)):
            Ensemble.load(bad)


def test_other_files_are_refused_by_name(fitted: tuple[Ensemble, Path], tmp_path: Path) -> None:
    _, path = fitted
    dkt = tmp_path / "dkt.npz"
    write_model_file(dkt, {"model": "dkt", "skills": []}, {})
    with pytest.raises(DataFormatError, match=re.escape(f"{dkt}: holds model 'dkt'")):
        Ensemble.load(dkt)
    with pytest.raises(DataFormatError, match="model 'ensemble' has no live version"):
        load_live(path)


def test_a_failed_save_leaves_no_file_and_no_temporary_files(
    fitted: tuple[Ensemble, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, _ = fitted
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    broken = model.members_[3]

    def fail(path: Any, **_: Any) -> None:
        Path(path).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(broken, "save", fail)
    target = tmp_path / "ens.npz"
    with pytest.raises(OSError, match="No space left"):
        model.save(target)
    assert not target.exists() and list(scratch.iterdir()) == []


@pytest.mark.filterwarnings("ignore::UserWarning")  # BKT's bounds on a tiny log
def test_its_train_saves_an_ensemble_whose_file_scores_as_reported(
    kt_data: Path, tmp_path: Path
) -> None:
    train = write_head(kt_data, "train1", 20, tmp_path)
    valid = write_head(kt_data, "valid1", 10, tmp_path)
    out = tmp_path / "ens.npz"
    args = ["train", str(train), "--model", "ensemble", "--valid", str(valid), "--test"]
    result = CliRunner().invoke(cli, [*args, str(valid), "--epochs", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith(f"saved {out}")
    reported = read_model_file(out, model="ensemble").meta["metrics"]["test_auc"]
    again = Ensemble.load(out).predict(small_log(kt_data, "valid1", 10))
    valid_log = small_log(kt_data, "valid1", 10)
    assert evaluate(valid_log.correct, again.p_correct)["auc"] == pytest.approx(reported, abs=1e-12)
