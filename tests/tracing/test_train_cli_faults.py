"""`its train` and `its replay` faults: strict JSON for undefined metrics (output and file
header), n_unseen reported, "n/a" for a missing validation AUC, devices checked, the target
checked before the fit, and one --epochs/--threads definition that makes replays repeat."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _small_logs import small_log, write_head
from click.testing import CliRunner

from its.cli import cli
from its.tracing.live.model_file import read_model_file


def _strict(text: str) -> dict[str, object]:
    row: dict[str, object] = json.loads(
        text, parse_constant=lambda name: pytest.fail(f"{name} in JSON")
    )
    return row


def _one_class_test(kt_data: Path, folder: Path) -> Path:
    """A real test learner's skills, every answer right, plus one answer on an unseen skill."""
    test = write_head(kt_data, "test", 1, folder).read_text("utf-8").splitlines()
    skills = [s for s in test[1].split(",") if s]  # DKVMN lines end with ","
    path = folder / "all_right.csv"
    rows = [str(len(skills) + 1), ",".join([*skills, "999"]), ",".join(["1"] * (len(skills) + 1))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_one_class_test_log_gives_strict_json_with_null_and_a_note(
    kt_data: Path, tmp_path: Path
) -> None:
    train = write_head(kt_data, "train1", 10, tmp_path)
    test = _one_class_test(kt_data, tmp_path)
    out = tmp_path / "dkt.npz"
    args = ["train", str(train), "--test", str(test), "-o", str(out), "--epochs", "1", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    row = _strict(result.stdout)
    assert row["test"]["auc"] is None and row["test"]["accuracy"] > 0  # type: ignore[index]
    assert row["n_unseen"] == 1
    assert "note: test auc undefined" in result.stderr
    assert "valid AUC n/a" in result.stderr and "nan" not in result.stderr
    meta = read_model_file(out).meta
    assert meta["metrics"]["test_auc"] is None


@pytest.mark.parametrize("model", ["dkt", "best-lr"])
def test_a_one_class_valid_log_chooses_the_epoch_by_log_loss(
    kt_data: Path, tmp_path: Path, model: str
) -> None:
    train = write_head(kt_data, "train1", 10, tmp_path)
    valid = _one_class_test(kt_data, tmp_path)
    out = tmp_path / "m.npz"
    args = ["train", str(train), "--valid", str(valid), "--model", model, "-o", str(out)]
    extra = ["--epochs", "2"] if model == "dkt" else []
    result = CliRunner().invoke(cli, [*args, *extra, "--json"])
    assert result.exit_code == 0, result.output
    assert _strict(result.stdout)["valid_auc"] is None
    if model == "dkt":
        assert "valid AUC n/a (best epoch 1)" in result.stderr
        assert read_model_file(out).meta["best_epoch"] in (1, 2)


@pytest.mark.parametrize(
    ("model", "name"), [("bkt", "bkt.npz"), ("dkt", "dkt.json"), ("best-lr", "lr")]
)
def test_a_model_file_name_must_match_the_model_s_file_kind(
    tmp_path: Path, model: str, name: str
) -> None:
    log = tmp_path / "log.csv"
    log.write_text("1\n1\n1\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["train", str(log), "--model", model, "-o", str(tmp_path / name)]
    )
    assert result.exit_code == 1
    suffix = ".json" if model == "bkt" else ".npz"
    assert f"model {model!r} writes a {suffix} file; name it *{suffix}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]


@pytest.mark.parametrize("device", ["meta", "cuda:x", "gpu", ""])
def test_a_device_other_than_cpu_or_cuda_is_refused_before_anything(
    tmp_path: Path, device: str
) -> None:
    log = tmp_path / "log.csv"
    log.write_text("1\n1\n1\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["train", str(log), "-o", str(tmp_path / "m.npz"), "--device", device]
    )
    assert result.exit_code == 2
    assert "use cpu, cuda or cuda:N" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("target", ["/proc/x.npz", "/nonexistent-root-folder/x.npz"])
def test_an_unwritable_target_is_refused_before_the_fit(
    kt_data: Path, tmp_path: Path, target: str
) -> None:
    train = write_head(kt_data, "train1", 10, tmp_path)
    result = CliRunner().invoke(cli, ["train", str(train), "-o", target, "--epochs", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {target}: ")
    assert "epoch" not in result.stderr  # nothing was trained
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train1.csv"]


def test_train_and_replay_share_epochs_and_threads() -> None:
    def options(command: str) -> str:
        params = {p.name: p for p in cli.commands[command].params}  # type: ignore[attr-defined]
        return repr(
            [(params[n].type, params[n].default, params[n].help) for n in ("epochs", "threads")]
        )

    assert options("train") == options("replay")


def test_replay_with_threads_and_epochs_repeats_bit_for_bit(kt_data: Path, tmp_path: Path) -> None:
    train = write_head(kt_data, "train1", 12, tmp_path)
    test = write_head(kt_data, "test", 6, tmp_path)
    args = ["replay", str(train), str(test), "--model", "dkt", "--epochs", "1", "--threads", "1"]
    rows = []
    for _ in range(2):
        result = CliRunner().invoke(cli, [*args, "--seed", "3", "--json"])
        assert result.exit_code == 0, result.output
        rows.append({k: v for k, v in _strict(result.stdout).items() if "seconds" not in k})
    assert rows[0] == rows[1] and rows[0]["best_epoch"] == 1


@pytest.mark.parametrize("device", ["meta", "cuda:x", 3])
def test_the_deep_models_refuse_other_devices_before_training(
    kt_data: Path, device: object
) -> None:
    from its.errors import ItsError
    from its.tracing.deep.dkt import DKT

    model = DKT(hidden=8, embedding=4, epochs=1, device=device)  # type: ignore[arg-type]
    with pytest.raises(ItsError, match=re.escape(f"unknown device {device!r}; use cpu, cuda")):
        model.fit(small_log(kt_data, "train1", 5))
    assert not hasattr(model, "net_")


def test_threads_beyond_the_cpus_are_refused_before_the_fit(kt_data: Path, tmp_path: Path) -> None:
    # torch and LightGBM crash (or crawl for minutes) on 100000 threads.
    train = write_head(kt_data, "train1", 5, tmp_path)
    for model in ("gbm", "best-lr"):
        args = ["train", str(train), "--model", model, "-o", str(tmp_path / "m.npz")]
        result = CliRunner().invoke(cli, [*args, "--threads", "100000"])
        assert result.exit_code == 1
        assert re.match(r"Error: threads 100000: use 1 to \d+, the CPUs", result.stderr)


@pytest.mark.parametrize(
    ("flag", "hint"),
    [
        (["--epochs", "2"], "(--epochs applies to models trained in epochs)"),
        (["--device", "cuda"], "(--device applies to torch models)"),
    ],
)
def test_a_fit_option_a_model_lacks_says_what_it_applies_to(
    kt_data: Path, tmp_path: Path, flag: list[str], hint: str
) -> None:
    train = write_head(kt_data, "train1", 5, tmp_path)
    args = ["train", str(train), "--model", "gbm", "-o", str(tmp_path / "m.npz"), *flag]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and hint in result.stderr


@pytest.mark.parametrize(
    ("raised", "shown"),
    [
        (
            "ModuleNotFoundError(\"No module named 'lightgbm'\", name=name)",
            "No module named 'lightgbm'",
        ),
        # LightGBM installed without the OpenMP runtime it links to.
        ("OSError('libgomp.so.1: cannot open shared object file')", "libgomp.so.1: cannot open"),
    ],
)
def test_a_research_package_that_does_not_load_is_one_line_naming_the_extra(
    kt_data: Path, tmp_path: Path, raised: str, shown: str
) -> None:
    train = write_head(kt_data, "train1", 5, tmp_path)
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'lightgbm':\n"
        f"            raise {raised}\n"
        "sys.meta_path.insert(0, Block())\n"
        "from its.cli import main\n"
        "sys.argv = ['its', 'train', sys.argv[1], '--model', 'gbm', '-o', sys.argv[2]]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(train), str(tmp_path / "m.npz")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"Error: model 'gbm' cannot be loaded here ({shown}"
    )
    assert lines[0].endswith(
        "it needs the research extra: pip install -c constraints.txt -e '.[research]'"
    )


@pytest.mark.parametrize("command", ["train", "replay"])
def test_a_validation_log_without_answers_is_refused(
    kt_data: Path, tmp_path: Path, command: str
) -> None:
    train = write_head(kt_data, "train1", 5, tmp_path)
    empty = tmp_path / "empty.csv"
    empty.write_text("0\n\n\n", encoding="utf-8")
    args = [command, str(train), *([str(train)] if command == "replay" else [])]
    args += ["--valid", str(empty), "--model", "gbm"]
    args += ["-o", str(tmp_path / "m.npz")] if command == "train" else []
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {empty}: no answers to validate on\n"
