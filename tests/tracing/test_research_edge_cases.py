"""Edge cases a fresh tester of the research tools found: a one-class validation log under
the ensemble, the threads of the ensemble's members, empty learners and trailing commas in 3-line
files, the data hash of a renamed copy, MIRT's reported best epoch, and which log a note
about an undefined AUC blames."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from _small_logs import small_log
from click.testing import CliRunner

from its.cli import cli
from its.tracing.datasets import read_log
from its.tracing.deep._sequences import log_hash
from its.tracing.ensemble import Ensemble
from its.tracing.irt.mirt import MIRT
from its.tracing.log import ResponseLog

SYNTHETIC = "synthetic/naive_c5_q50_s4000_v0"


def _all_right(log: ResponseLog) -> ResponseLog:
    return ResponseLog.from_arrays(
        learner=log.learner,
        skill=log.skill,
        correct=np.ones_like(log.correct),
        learners=log.learners,
        skills=log.skills,
    )


def test_an_all_right_validation_log_averages_the_ensemble_instead_of_a_runaway_stack(
    kt_data: Path,
) -> None:
    train, test = small_log(kt_data, "train1", 40), small_log(kt_data, "test", 20)
    valid = _all_right(small_log(kt_data, "valid1", 10))
    ensemble = Ensemble(members=("best-lr", "bkt"), random_state=0).fit(train, valid=valid)
    assert ensemble.weights_.tolist() == [0.5, 0.5] and ensemble.bias_ == 0.0
    p = ensemble.predict(test).p_correct
    assert p.min() > 0.05 and p.max() < 0.99  # not pushed to one side


def test_the_ensemble_trains_its_members_on_the_threads_asked_for(kt_data: Path) -> None:
    # Before its members are made torch may be at another count, or not imported yet.
    script = (
        "import sys\n"
        "from its.tracing.datasets import read_log\n"
        "from its.tracing.replay import make_tracer\n"
        "if sys.argv[2] == 'preset':\n"
        "    import torch; torch.set_num_threads(2)\n"
        "log = read_log(sys.argv[1], 'dkvmn')\n"
        "settings = {'members': ('dkt', 'gbm'), 'epochs': 1}\n"
        "ensemble = make_tracer('ensemble', settings=settings, threads=1).fit(log)\n"
        "import torch\n"
        "print(torch.get_num_threads(), ensemble.members_[1].threads)\n"
    )
    path = kt_data / f"{SYNTHETIC}_valid1.csv"
    for torch_before in ("preset", "fresh"):
        shown = subprocess.run(
            [sys.executable, "-c", script, str(path), torch_before],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert shown.split() == ["1", "1"], torch_before


def test_a_learner_without_answers_reads_alike_first_and_last(tmp_path: Path) -> None:
    last, first = tmp_path / "last.csv", tmp_path / "first.csv"
    last.write_text("2\n5,6\n0,1\n0\n\n\n", encoding="utf-8")
    first.write_text("0\n\n\n2\n5,6\n0,1\n", encoding="utf-8")
    for path in (last, first):
        log = read_log(path, "dkvmn")
        assert len(log.learners) == 2 and log.correct.tolist() == [0, 1]
    # Blank lines after a complete last learner are still dropped.
    padded = tmp_path / "padded.csv"
    padded.write_text("2\n5,6\n0,1\n\n\n\n\n", encoding="utf-8")
    assert len(read_log(padded, "dkvmn").learners) == 1


def test_a_trailing_comma_on_the_count_line_is_read_like_those_on_the_others(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.csv"
    path.write_text("2,\n5,6,\n0,1,\n", encoding="utf-8")
    assert read_log(path, "dkvmn").skill.size == 2


def test_a_renamed_copy_of_a_log_has_the_same_data_hash(kt_data: Path, tmp_path: Path) -> None:
    lines = (kt_data / f"{SYNTHETIC}_train1.csv").read_text(encoding="utf-8").splitlines()
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    for path in (one, two):
        path.write_text("\n".join(lines[:30]) + "\n", encoding="utf-8")
    assert log_hash(read_log(one, "dkvmn")) == log_hash(read_log(two, "dkvmn"))
    flipped = lines[:30]
    flipped[2] = ("1" if flipped[2][0] == "0" else "0") + flipped[2][1:]
    two.write_text("\n".join(flipped) + "\n", encoding="utf-8")
    assert log_hash(read_log(one, "dkvmn")) != log_hash(read_log(two, "dkvmn"))


@pytest.mark.parametrize("naming", ["L{k}", "L{k:04d}", "anon-{r}"])
def test_the_same_answers_in_another_format_and_learner_names_hash_alike(
    kt_data: Path, tmp_path: Path, naming: str
) -> None:
    # A CSV reader orders learners by name, so names used to change the hash.
    lines = (kt_data / f"{SYNTHETIC}_train1.csv").read_text(encoding="utf-8").splitlines()
    three_line = tmp_path / "log.csv"
    three_line.write_text("\n".join(lines[:60]) + "\n", encoding="utf-8")
    rows = ["user_id,skill_name,correct,order_id"]
    order = 0
    for k in range(20):
        skills = [v for v in lines[3 * k + 1].split(",") if v]
        answers = [v for v in lines[3 * k + 2].split(",") if v]
        name = naming.format(k=k, r=(k * 7919) % 101)
        for skill, right in zip(skills, answers, strict=True):
            order += 1
            rows.append(f"{name},{skill},{right},{order}")
    csv = tmp_path / "log_pybkt.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert log_hash(read_log(csv, "pybkt")) == log_hash(read_log(three_line, "dkvmn"))


def test_mirt_progress_names_the_epoch_that_is_kept(kt_data: Path) -> None:
    reports = []
    model = MIRT(dims=2, particles=128, trace_particles=256, epochs=3, random_state=0)
    model.fit(
        small_log(kt_data, "train1", 60),
        valid=small_log(kt_data, "valid1", 30),
        progress=reports.append,
    )
    assert reports[-1].best_epoch == model.best_epoch_
    assert all(r.best_epoch <= r.epoch for r in reports)
    assert [r.best_epoch for r in reports] == sorted(r.best_epoch for r in reports)


def test_an_undefined_validation_auc_is_blamed_on_the_validation_log(
    kt_data: Path, tmp_path: Path
) -> None:
    lines = (kt_data / f"{SYNTHETIC}_train1.csv").read_text(encoding="utf-8").splitlines()
    train, test, valid = tmp_path / "train.csv", tmp_path / "test.csv", tmp_path / "valid.csv"
    train.write_text("\n".join(lines[:60]) + "\n", encoding="utf-8")
    test.write_text("\n".join(lines[60:90]) + "\n", encoding="utf-8")
    right = [
        ",".join("1" for value in line.split(",") if value) if k % 3 == 2 else line
        for k, line in enumerate(lines[90:120])
    ]
    valid.write_text("\n".join(right) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["replay", str(train), str(test), "--valid", str(valid), "--model", "dkt", "--epochs", "1"],
    )
    assert result.exit_code == 0, result.stderr
    assert "every validation answer has the same correctness" in result.stderr
    assert "every test answer" not in result.stderr


def test_a_header_whose_model_was_changed_by_hand_is_named_as_such(
    kt_data: Path, tmp_path: Path
) -> None:
    from its.errors import DataFormatError
    from its.tracing.deep.attention import AttentionKT
    from its.tracing.deep.dkt import DKT
    from its.tracing.live.attention import LiveAttention
    from its.tracing.live.model_file import read_model_file, write_model_file

    path = tmp_path / "dkt.npz"
    DKT(hidden=4, embedding=4, epochs=1, random_state=0).fit(small_log(kt_data, "train1", 10)).save(
        path
    )
    stored = read_model_file(path)
    edited = tmp_path / "edited.npz"
    write_model_file(edited, {**stored.meta, "model": "attention"}, stored.arrays)
    for load in (AttentionKT.load, LiveAttention.load):
        with pytest.raises(
            DataFormatError,
            match="header says model 'attention', but its settings are those of 'dkt'",
        ):
            load(edited)


@pytest.mark.parametrize(("model", "suffix"), [("dkt", ".npz"), ("bkt-bayes", ".json")])
def test_replay_takes_device_like_train(
    kt_data: Path, tmp_path: Path, model: str, suffix: str
) -> None:
    # Every torch model checks the device the same way (bkt-bayes once gave torch's traceback).
    lines = (kt_data / f"{SYNTHETIC}_train1.csv").read_text(encoding="utf-8").splitlines()
    log = tmp_path / "log.csv"
    log.write_text("\n".join(lines[:30]) + "\n", encoding="utf-8")
    for command in ("replay", "train"):
        args = [command, str(log), *([str(log)] if command == "replay" else [])]
        args += ["--model", model, "--device", "cuda:0"]
        args += ["-o", str(tmp_path / f"m{suffix}")] if command == "train" else []
        result = CliRunner().invoke(cli, args)
        shown = result.stderr.strip()
        if "no CUDA GPU" in shown:  # this machine: refused in one line
            assert result.exit_code == 1 and shown.startswith("Error: device 'cuda:0'")
        else:  # a machine with a GPU: it trains there
            assert result.exit_code == 0, shown


def test_integer_weights_are_refused_naming_the_weight(kt_data: Path, tmp_path: Path) -> None:
    from its.errors import DataFormatError
    from its.tracing.deep.dkt import DKT
    from its.tracing.live.dkt import LiveDKT
    from its.tracing.live.model_file import read_model_file, write_model_file

    path = tmp_path / "dkt.npz"
    DKT(hidden=4, embedding=4, epochs=1, random_state=0).fit(small_log(kt_data, "train1", 10)).save(
        path
    )
    stored = read_model_file(path)
    arrays = {**stored.arrays, "out.bias": stored.arrays["out.bias"].astype(np.int64)}
    edited = tmp_path / "ints.npz"
    write_model_file(edited, stored.meta, arrays)
    for load in (DKT.load, LiveDKT.load):
        with pytest.raises(DataFormatError, match=r"weight 'out\.bias' holds int64 values"):
            load(edited)
