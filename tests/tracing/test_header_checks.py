"""Hand-edited model files are refused the same way by every loader, torch or numpy,
naming the header field; files that are no model file (text, JSON, a FIFO, a device) are
refused without numpy's advice to unpickle, and without blocking."""

from __future__ import annotations

import inspect
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _small_logs import small_log

from its.errors import DataFormatError, ItsError
from its.tracing.bkt.online import LiveBKT
from its.tracing.deep.attention import AttentionKT
from its.tracing.deep.dkt import DKT
from its.tracing.deep.pairwise import PairwiseLR
from its.tracing.ensemble import Ensemble
from its.tracing.gbm.model import GBM
from its.tracing.irt.mirt import MIRT
from its.tracing.live.attention import LiveAttention
from its.tracing.live.dkt import LiveDKT
from its.tracing.live.model_file import read_model_file
from its.tracing.live.registry import load_live
from its.tracing.live.settings import SETTINGS
from its.tracing.logistic.best_lr import BestLR

DKT_LOADERS: dict[str, Callable[[Path], Any]] = {
    "LiveDKT.load": LiveDKT.load,
    "load_live": load_live,
    "DKT.load": DKT.load,
}
NOT_NPZ = "not an .npz model file (not a zip archive of plain arrays)"


@pytest.fixture(scope="module")
def _trained(tmp_path_factory: pytest.TempPathFactory, kt_data: Path) -> Path:
    """One small DKT for the whole module (30 cases); `saved` checks the data is there."""
    model = DKT(hidden=8, embedding=4, epochs=1, batch_size=16, random_state=0)
    model.fit(small_log(kt_data, "train1", 10))
    path = tmp_path_factory.mktemp("dkt") / "dkt.npz"
    model.save(path)
    return path


@pytest.fixture
def saved(kt_data: Path, _trained: Path) -> Path:
    return _trained


def _edited(saved: Path, target: Path, edit: Callable[[dict[str, Any]], Any]) -> Path:
    """`saved` with its header changed in place by `edit`, or replaced by the list it returns."""
    data = dict(np.load(saved))
    meta = json.loads(data["__meta__"].tobytes())
    replaced = edit(meta)
    meta = replaced if isinstance(replaced, list) else meta
    data["__meta__"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    np.savez(target, **data)
    return target


def _without(field: str) -> Callable[[dict[str, Any]], None]:
    return lambda meta: meta.__delitem__(field)


def _setting(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda meta: meta["settings"].__setitem__(name, value)


def _duplicate_skill(meta: dict[str, Any]) -> None:
    meta["skills"][1] = meta["skills"][0]


DKT_FAULTS: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "unknown setting": (
        _setting("frobnicate", 3),
        "made by another version of its (unknown settings: frobnicate); retrain",
    ),
    "duplicate skill": (_duplicate_skill, "header field 'skills' names"),
    "negative window": (
        _setting("window", -5),
        "header field 'settings.window' must be an integer >= 2, got -5",
    ),
    "window of one": (_setting("window", 1), "'settings.window' must be an integer >= 2"),
    "hidden a word": (
        _setting("hidden", "big"),
        "header field 'settings.hidden' must be an integer >= 1 and <= 1,000,000, got \"big\"",
    ),
    "hidden a bool": (_setting("hidden", True), "'settings.hidden' must be an integer >= 1"),
    "no model": (_without("model"), "header field 'model' is missing"),
    "header a list": (lambda meta: [1, 2], "the model header is not a mapping (a JSON object)"),
    "no settings": (_without("settings"), "header field 'settings' is missing"),
    "no skills": (_without("skills"), "header field 'skills' is missing"),
    "metrics a word": (
        lambda meta: meta.__setitem__("metrics", "x"),
        "header field 'metrics' must be an object",
    ),
}


@pytest.mark.parametrize("loader", sorted(DKT_LOADERS))
@pytest.mark.parametrize("fault", sorted(DKT_FAULTS))
def test_every_dkt_loader_refuses_an_edited_header_naming_the_field(
    saved: Path, tmp_path: Path, loader: str, fault: str
) -> None:
    edit, text = DKT_FAULTS[fault]
    path = _edited(saved, tmp_path / "edited.npz", edit)
    with pytest.raises(DataFormatError, match=re.escape(f"{path}: ") + ".*" + re.escape(text)):
        DKT_LOADERS[loader](path)


def test_the_live_loader_says_which_sizes_are_missing(saved: Path, tmp_path: Path) -> None:
    path = _edited(
        saved, tmp_path / "edited.npz", lambda meta: meta["settings"].__delitem__("hidden")
    )
    with pytest.raises(DataFormatError, match=re.escape("'settings.hidden' is missing")):
        LiveDKT.load(path)


def test_every_attention_loader_refuses_a_window_of_one(kt_data: Path, tmp_path: Path) -> None:
    model = AttentionKT(size=8, heads=2, epochs=1, batch_size=16, random_state=0)
    model.fit(small_log(kt_data, "train1", 10))
    model.save(tmp_path / "attention.npz")
    path = _edited(tmp_path / "attention.npz", tmp_path / "w1.npz", _setting("window", 1))
    for loader in (LiveAttention.load, AttentionKT.load, load_live):
        with pytest.raises(DataFormatError, match=re.escape("'settings.window' must be")):
            loader(path)


@pytest.mark.parametrize(
    "model", [DKT, AttentionKT, PairwiseLR, BestLR, MIRT, GBM, Ensemble], ids=lambda m: m.model_name
)
def test_the_settings_table_names_exactly_each_model_s_settings(model: type[Any]) -> None:
    # `threads` says how a fit runs, not what the model is: it is not saved.
    arguments = set(inspect.signature(model).parameters) - {"threads"}
    assert set(SETTINGS[model.model_name]) == arguments


def test_the_saved_settings_of_a_model_pass_the_table(saved: Path) -> None:
    settings = read_model_file(saved).meta["settings"]
    assert set(settings) <= set(SETTINGS["dkt"])
    assert LiveDKT.load(saved).skills


def _not_model_files(folder: Path) -> dict[str, Path]:
    text = folder / "text.npz"
    text.write_text("hello\n", encoding="utf-8")
    bkt_json = folder / "bkt.npz"
    bkt_json.write_text(json.dumps({"format_version": 1, "model": "bkt"}), encoding="utf-8")
    pickled = folder / "pickled.npz"
    np.savez(pickled, __meta__=np.array([{"model": "dkt"}], dtype=object))
    return {"text": text, "bkt json": bkt_json, "pickled": pickled}


@pytest.mark.parametrize("kind", ["text", "bkt json", "pickled"])
def test_a_file_that_is_no_npz_never_advises_unpickling(tmp_path: Path, kind: str) -> None:
    path = _not_model_files(tmp_path)[kind]
    with pytest.raises(DataFormatError) as caught:
        load_live(path)
    assert NOT_NPZ in str(caught.value)
    assert "allow_pickle" not in str(caught.value)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_a_device_is_refused_before_it_is_read() -> None:
    for loader in (load_live, LiveBKT.load, DKT.load):
        with pytest.raises(DataFormatError, match="not a regular file"):
            loader(Path("/dev/zero"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("name", ["fifo.npz", "fifo.json"])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    loader = LiveBKT.load if name.endswith(".json") else load_live
    with pytest.raises(
        DataFormatError, match=re.escape(f"{fifo}: is a FIFO (named pipe), not a reg")
    ):
        loader(fifo)


def test_a_bkt_bayes_file_is_told_to_train_with_bkt(tmp_path: Path) -> None:
    path = tmp_path / "bayes.json"
    path.write_text(json.dumps({"format_version": 1, "model": "bkt-bayes"}), encoding="utf-8")
    with pytest.raises(
        DataFormatError,
        match=re.escape("model 'bkt-bayes' cannot be used by its learn")
        + ".*"
        + re.escape("train with --model bkt"),
    ):
        LiveBKT.load(path)


def test_a_live_model_knows_its_own_name(saved: Path) -> None:
    assert load_live(saved).model_name == "dkt"


@pytest.mark.parametrize("model", [BestLR, MIRT], ids=lambda m: m.model_name)
def test_best_lr_and_mirt_refuse_a_mistyped_or_missing_setting(
    kt_data: Path, tmp_path: Path, model: type[Any]
) -> None:
    small = {"n_iter": 2} if model is BestLR else {"epochs": 1, "particles": 16}
    fitted = model(**small).fit(small_log(kt_data, "train1", 10))
    fitted.save(tmp_path / "m.npz")
    name = "n_iter" if model is BestLR else "particles"
    mistyped = _edited(tmp_path / "m.npz", tmp_path / "typed.npz", _setting(name, "many"))
    with pytest.raises(DataFormatError, match=re.escape(f"'settings.{name}' must be an integer")):
        model.load(mistyped)
    bare = _edited(tmp_path / "m.npz", tmp_path / "bare.npz", _without("settings"))
    with pytest.raises(DataFormatError, match=re.escape("header field 'settings' is missing")):
        model.load(bare)


@pytest.mark.parametrize(
    ("model", "text"),
    [
        (lambda: DKT(window=1), "dkt: setting 'window' must be an integer >= 2, got 1"),
        (lambda: AttentionKT(heads=0), "attention: setting 'heads' must be an integer >= 1"),
        (
            lambda: BestLR(n_iter=0),
            "best-lr: setting 'n_iter' must be an integer >= 1 and <= 1,000,000, got 0",
        ),
    ],
)
def test_fit_refuses_the_settings_a_file_would_be_refused_for(
    kt_data: Path, model: Callable[[], Any], text: str
) -> None:
    with pytest.raises(ItsError, match=re.escape(text)):
        model().fit(small_log(kt_data, "train1", 2))


def test_a_count_asking_for_terabytes_is_refused_on_load(kt_data: Path, tmp_path: Path) -> None:
    # MIRT's trace_particles is used when predicting and backed by no weights: 10**10 of
    # them once loaded, then made predict allocate 400 GB.
    model = MIRT(epochs=1, particles=16, trace_particles=32, random_state=0)
    model.fit(small_log(kt_data, "train1", 10)).save(tmp_path / "m.npz")
    huge = _edited(tmp_path / "m.npz", tmp_path / "huge.npz", _setting("trace_particles", 10**10))
    text = "'settings.trace_particles' must be an integer >= 1 and <= 1,000,000, got 10000000000"
    with pytest.raises(DataFormatError, match=re.escape(text)):
        MIRT.load(huge)
