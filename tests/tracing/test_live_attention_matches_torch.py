"""The numpy live attention model reproduces the torch model's predictions, answer by answer,
on real ASSISTments learners longer than the model's window."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from _small_logs import ASSIST, small_log

from its.errors import DataFormatError
from its.tracing.deep._sequences import code, vocabulary
from its.tracing.deep.attention import AttentionKT
from its.tracing.live.attention import LiveAttention
from its.tracing.live.model_file import read_model_file, write_model_file
from its.tracing.live.registry import load_live

WINDOW = 20  # small, so that the test learners run past it


@pytest.fixture(scope="module", params=[1, 2], ids=["1 layer", "2 layers"])
def trained(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, kt_data: Path
) -> tuple[AttentionKT, Path]:
    model = AttentionKT(
        size=16, heads=2, layers=request.param, epochs=1, window=WINDOW, random_state=0
    )
    model.fit(small_log(kt_data, "train1", 40, ASSIST))
    path = tmp_path_factory.mktemp("attention") / "attention.npz"
    model.save(path)
    return model, path


def _torch_on_last_answers(
    model: AttentionKT, skill: np.ndarray, correct: np.ndarray
) -> np.ndarray:
    """(B,) P(correct) of each window's last row by the torch net, given exactly the rows
    before it in its window (skill, correct: (B, T); 3-line logs: the skill is the item)."""
    ids = torch.from_numpy(skill)
    first = torch.arange(skill.shape[1]).expand(skill.shape[0], -1)
    with torch.no_grad():
        logits = model.net_(ids, ids, torch.from_numpy(correct), first)[:, -1]
    return torch.sigmoid(logits).double().numpy()


def test_numpy_step_matches_torch_within_1e_5(
    trained: tuple[AttentionKT, Path], kt_data: Path
) -> None:
    model, path = trained
    live = LiveAttention.load(path)
    test = small_log(kt_data, "test", 6, ASSIST)
    batch = model.predict(test).p_correct
    coded = code(test, vocabulary(model.skills_), vocabulary(model.items_))
    first_window, spans, beyond = [], [], []
    for learner in range(6):
        rows = np.flatnonzero(test.learner == learner)[: 3 * WINDOW]
        state = live.initial_state()
        for t, row in enumerate(rows):
            skill = test.skills[test.skill[row]]
            p = live.p_correct(state)
            assert p.shape == (len(live.skills),) and np.all((p > 0) & (p < 1))
            got = p[live.skills.index(skill)]
            if t < WINDOW:  # the batch model's first window: the same earlier answers
                first_window.append((got, batch[row]))
            else:  # the live context: the last WINDOW - 1 answers
                spans.append(rows[t - WINDOW + 1 : t + 1])
                beyond.append(got)
            state = live.update(state, skill, bool(test.correct[row]))
    live_p, batch_p = np.array(first_window).T
    np.testing.assert_allclose(live_p, batch_p, rtol=0, atol=1e-5)
    windows = np.array(spans)
    assert len(windows) > 50  # long learners were really followed past the window
    torch_p = _torch_on_last_answers(model, coded.skill[windows], coded.correct[windows])
    np.testing.assert_allclose(beyond, torch_p, rtol=0, atol=1e-5)


def test_the_live_answer_ends_a_batch_window_exactly(
    trained: tuple[AttentionKT, Path], kt_data: Path
) -> None:
    model, path = trained
    live = LiveAttention.load(path)
    test = small_log(kt_data, "test", 1, ASSIST)
    batch = model.predict(test).p_correct
    rows = np.arange(len(test))
    assert len(rows) > 2 * WINDOW and (len(rows) - WINDOW) % (WINDOW // 2)  # ends mid-stride
    state = live.initial_state()
    for row in rows[:-1]:
        state = live.update(state, test.skills[test.skill[row]], int(test.correct[row]))
    last = live.p_correct(state)[live.skills.index(test.skills[test.skill[rows[-1]]])]
    assert last == pytest.approx(batch[rows[-1]], abs=1e-5)  # its window ends there


def test_load_live_picks_the_attention_model(trained: tuple[AttentionKT, Path]) -> None:
    _, path = trained
    assert isinstance(load_live(path), LiveAttention)


def test_load_live_runs_the_attention_model_without_torch(
    trained: tuple[AttentionKT, Path],
) -> None:
    _, path = trained
    code = (
        "import sys\n"
        "from its.tracing.live.registry import load_live\n"
        f"model = load_live({str(path)!r})\n"
        "state = model.initial_state()\n"
        "for _ in range(30):\n"
        "    state = model.update(state, model.skills[0], True)\n"
        "assert model.p_correct(state).shape == (len(model.skills),)\n"
        "print(','.join(m for m in ('torch', 'pyro', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_updates_check_their_inputs_and_take_int_skills_and_items(
    trained: tuple[AttentionKT, Path],
) -> None:
    _, path = trained
    live = LiveAttention.load(path)
    start = live.initial_state()
    name = live.skills[0]
    by_int = live.p_correct(live.update(start, int(name), np.True_))
    np.testing.assert_array_equal(by_int, live.p_correct(live.update(start, name, 1)))
    by_item = live.p_correct(live.update(start, name, 1, item=name))  # skills are the items
    np.testing.assert_array_equal(by_int, by_item)
    assert not np.array_equal(by_int, live.p_correct(live.update(start, "no such skill", 1)))
    with pytest.raises(ValueError, match=re.escape("got 2")):
        live.update(start, name, 2)
    with pytest.raises(ValueError, match="skill must be"):
        live.update(start, 1.5, True)  # type: ignore[arg-type]


def test_bad_attention_files_name_the_file_and_the_field(
    trained: tuple[AttentionKT, Path], tmp_path: Path
) -> None:
    _, path = trained
    stored = read_model_file(path)
    settings = stored.meta["settings"]
    rate = stored.arrays["layers.0.attention.rate"]
    faults = {
        "a wrong shape": (
            {},
            {"layers.0.attention.rate": rate[:1]},
            "weight 'layers.0.attention.rate' has shape (1,), the header implies (2,)",
        ),
        "no window": (
            {"settings": {**settings, "window": None}},
            {},
            "header field 'settings.window' must be an integer >= 2, got null",
        ),
        "heads": ({"settings": {**settings, "heads": 3}}, {}, "heads must divide size"),
        "another model": ({"model": "dkt"}, {}, "holds model 'dkt', expected 'attention'"),
    }
    for k, (meta, arrays, text) in enumerate(faults.values()):
        bad = tmp_path / f"bad{k}.npz"
        write_model_file(bad, {**stored.meta, **meta}, {**stored.arrays, **arrays})
        with pytest.raises(DataFormatError, match=re.escape(f"{bad}: ") + ".*" + re.escape(text)):
            LiveAttention.load(bad)
