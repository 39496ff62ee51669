"""DKT's last-answer table: what it adds, that it sees only the answer before, and that
the numpy live step carries it; training windows cut at other places each epoch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from _small_logs import small_log

from its.errors import DataFormatError
from its.tracing.deep._sequences import training_windows
from its.tracing.deep.dkt import DKT, DKTNet
from its.tracing.live.dkt import LiveDKT
from its.tracing.live.model_file import read_model_file, write_model_file


def test_the_table_adds_the_previous_interactions_logit_for_the_asked_skill() -> None:
    torch.manual_seed(0)
    net = DKTNet(4, hidden=3, embedding=2, dropout=0.0, last_answer=True).eval()
    plain = DKTNet(4, hidden=3, embedding=2, dropout=0.0, last_answer=False).eval()
    plain.load_state_dict({k: v for k, v in net.state_dict().items() if k != "last.weight"})
    with torch.no_grad():
        net.last.weight.copy_(torch.arange(8 * 4, dtype=torch.float32).reshape(8, 4))
        skill = torch.tensor([[1, 2, 3, 3]])
        correct = torch.tensor([[1, 0, 1, 1]])
        # Rows 2 and 3 are one answer with two rows: both are predicted from row 1.
        first = torch.tensor([[0, 1, 2, 2]])
        gained = net(skill, skill, correct, first) - plain(skill, skill, correct, first)
        after = net(skill, skill, correct, first, True) - plain(skill, skill, correct, first, True)
    x = 2 * skill[0] + correct[0]  # interactions 3, 4, 7, 7
    expected = [0.0, 4.0 * x[0] + 2, 4.0 * x[1] + 3, 4.0 * x[1] + 3]
    assert gained[0].tolist() == pytest.approx(expected)
    assert after[0].tolist() == pytest.approx((4 * x + skill[0]).float().tolist())


def test_live_step_matches_torch_with_the_table_in_use(kt_data: Path, tmp_path: Path) -> None:
    model = DKT(hidden=8, embedding=8, epochs=1, batch_size=16, random_state=1)
    model.fit(small_log(kt_data, "train1", 60))
    with torch.no_grad():  # a table far from its zero start, so a missed term shows
        model.net_.last.weight.normal_(0.0, 2.0)
    path = tmp_path / "dkt.npz"
    model.save(path)
    live = LiveDKT.load(path)
    test = small_log(kt_data, "test", 3)
    batch = model.predict(test)
    rows = np.flatnonzero(test.learner == 0)
    state = live.initial_state()
    for row in rows:
        skill = test.skills[test.skill[row]]
        assert live.p_correct(state)[live.skills.index(skill)] == pytest.approx(
            batch.p_correct[row], abs=1e-5
        )
        state = live.update(state, skill, bool(test.correct[row]))


def test_a_file_that_does_not_say_whether_it_has_the_table_is_refused(
    kt_data: Path, tmp_path: Path
) -> None:
    model = DKT(hidden=4, embedding=4, epochs=1, random_state=0)
    model.fit(small_log(kt_data, "train1", 20))
    path = tmp_path / "dkt.npz"
    model.save(path)
    stored = read_model_file(path)
    del stored.meta["settings"]["last_answer"]  # as a file from before the table was
    old = tmp_path / "old.npz"
    write_model_file(old, stored.meta, stored.arrays)
    for load in (DKT.load, LiveDKT.load):
        with pytest.raises(DataFormatError, match=r"old\.npz: .*settings\.last_answer' is missing"):
            load(old)


def test_training_windows_cover_every_row_once_and_move_between_epochs() -> None:
    starts = np.array([0, 5, 505, 1000])  # learners of 5, 500 and 495 answers
    rng = np.random.default_rng(0)
    cuts = set()
    for _ in range(5):
        found = training_windows(starts, length=200, rng=rng)
        rows = np.concatenate([np.arange(w.start, w.stop) for w in found])
        assert sorted(rows.tolist()) == list(range(1000))
        assert all(0 < w.stop - w.start <= 200 and w.score_from == w.start for w in found)
        assert found[0].start == 0 and found[0].stop == 5  # a short learner is one window
        cuts.add(found[1].stop)
    assert len(cuts) > 1
