"""The numpy live DKT reproduces the torch model's predictions, answer by answer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from _small_logs import small_log

from its.errors import DataFormatError
from its.tracing.deep.dkt import DKT
from its.tracing.live.dkt import LiveDKT
from its.tracing.live.model_file import write_model_file
from its.tracing.live.registry import load_live


@pytest.fixture
def trained(kt_data: Path, tmp_path: Path) -> tuple[DKT, Path]:
    model = DKT(hidden=16, embedding=8, epochs=1, batch_size=16, random_state=0)
    model.fit(small_log(kt_data, "train1", 80))
    path = tmp_path / "dkt.npz"
    model.save(path)
    return model, path


def test_numpy_step_matches_torch_within_1e_5(trained: tuple[DKT, Path], kt_data: Path) -> None:
    model, path = trained
    live = LiveDKT.load(path)
    test = small_log(kt_data, "test", 5)
    batch = model.predict(test)
    for learner in range(5):
        rows = np.flatnonzero(test.learner == learner)
        state = live.initial_state()
        for row in rows:
            skill = test.skills[test.skill[row]]
            p = live.p_correct(state)
            assert p.shape == (len(live.skills),)
            assert p[live.skills.index(skill)] == pytest.approx(batch.p_correct[row], abs=1e-5)
            state = live.update(state, skill, bool(test.correct[row]))
            after = live.p_correct(state)[live.skills.index(skill)]
            assert after == pytest.approx(batch.p_mastery[row], abs=1e-5)


def test_the_live_loader_refuses_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "model.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DataFormatError, match=r"model\.npz: not an \.npz model file"):
        LiveDKT.load(bad)


def test_load_live_picks_the_class_by_the_file(trained: tuple[DKT, Path], tmp_path: Path) -> None:
    _, path = trained
    assert isinstance(load_live(path), LiveDKT)
    other = tmp_path / "lr.npz"
    write_model_file(other, {"model": "best-lr", "skills": ["1"]}, {})
    with pytest.raises(DataFormatError, match="model 'best-lr' has no live version"):
        load_live(other)
