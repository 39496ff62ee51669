"""`benchmarks/kt_table.py` runs end to end with small settings and writes the table."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from _small_logs import write_head

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "kt_table.py"


# Tiny fits make some models warn (convergence, bounds); the table is what this test pins.
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_the_table_script_smoke_runs_and_resumes_from_its_cache(
    kt_data: Path, tmp_path: Path
) -> None:
    spec = importlib.util.spec_from_file_location("kt_table", SCRIPT)
    assert spec is not None and spec.loader is not None
    kt_table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kt_table)
    data = tmp_path / "data"
    folder = data / "synthetic"
    folder.mkdir(parents=True)
    for split, n in (("train1", 60), ("valid1", 20), ("test", 30)):
        write_head(kt_data, split, n, folder).rename(folder / f"naive_c5_q50_s4000_v0_{split}.csv")
    out = tmp_path / "table.md"
    args = ["--epochs", "1", "--seeds", "1", "--datasets", "synthetic5", "--data", str(data)]
    kt_table.main([*args, "--models", "dkt,best-lr,bkt", "--out", str(out)])
    text = out.read_text(encoding="utf-8")
    assert "| dkt (ours, n=1 seeds) | 0." in text and "| best-lr (ours" in text
    assert "| DKVMN (DKVMN paper, Table 2) | 0.827 |" in text
    assert "Reproduce: `python benchmarks/kt_table.py --epochs 1" in text
    cached = out.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()
    kt_table.main([*args, "--models", "dkt,best-lr,bkt", "--out", str(out)])
    assert out.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines() == cached


def _load_script() -> Any:
    spec = importlib.util.spec_from_file_location("kt_table", SCRIPT)
    assert spec is not None and spec.loader is not None
    kt_table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kt_table)
    return kt_table


def _data(kt_data: Path, folder: Path, n_train: int) -> Path:
    synthetic = folder / "synthetic"
    synthetic.mkdir(parents=True)
    for split, n in (("train1", n_train), ("valid1", 10), ("test", 10)):
        write_head(kt_data, split, n, synthetic).rename(
            synthetic / f"naive_c5_q50_s4000_v0_{split}.csv"
        )
    return folder


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_another_data_folder_never_reuses_the_cached_numbers(kt_data: Path, tmp_path: Path) -> None:
    kt_table = _load_script()
    out = tmp_path / "table.md"
    args = ["--seeds", "1", "--datasets", "synthetic5", "--models", "bkt", "--out", str(out)]
    for n_train, folder in ((30, "a"), (12, "b")):
        kt_table.main([*args, "--data", str(_data(kt_data, tmp_path / folder, n_train))])
    rows = [json.loads(line) for line in out.with_suffix(".jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 2 and rows[0]["n_train"] != rows[1]["n_train"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--seeds", "1", "--first-seed", "1"], "--first-seed 1 must be below --seeds 1"),
        (["--seeds", "0"], "--seeds: 0: must be at least 1"),
        (["--data", "/no/such/folder"], "missing data file(s): /no/such/folder/synthetic/"),
        (["--threads", "0"], "--threads: 0: must be from 1 to"),
        (["--threads", "100000"], "--threads: 100000: must be from 1 to"),
        (["--epochs", "0"], "--epochs: 0: must be at least 1"),
        (["--models", "bkt,bkt"], "named twice: bkt"),
    ],
)
def test_bad_arguments_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    kt_table = _load_script()
    args = ["--datasets", "synthetic5", "--models", "bkt", "--out", str(tmp_path / "t.md")]
    with pytest.raises(SystemExit) as stopped:
        kt_table.main([*args, *extra])
    assert stopped.value.code == 2 and message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_documented_smoke_run_writes_to_a_temporary_file() -> None:
    doc = _load_script().__doc__
    smoke = doc[doc.index("Smoke run") :]
    assert '--out "$(mktemp -d)/kt_table.md"' in smoke


def _one_bkt_cell(kt_data: Path, folder: Path) -> tuple[list[str], Path]:
    """Arguments for one cell (bkt, synthetic-5 slice, seed 0), and its test log."""
    data = _data(kt_data, folder / "data", 12)
    args = ["--seeds", "1", "--datasets", "synthetic5", "--models", "bkt", "--data", str(data)]
    return args, data / "synthetic" / "naive_c5_q50_s4000_v0_test.csv"


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_the_table_never_overwrites_what_it_reads_and_resumes_after_a_cut_line(
    kt_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kt_table = _load_script()
    args, test_log = _one_bkt_cell(kt_data, tmp_path)
    before = test_log.read_bytes()
    for out, clash in ((test_log, str(test_log)), (tmp_path / "c.jsonl", "the cache")):
        with pytest.raises(SystemExit):
            kt_table.main([*args, "--out", str(out)])
        assert f"would overwrite {clash}" in capsys.readouterr().err
    assert test_log.read_bytes() == before
    # A missing folder is made before any work; a cell run once shows no spread.
    out = tmp_path / "new" / "folder" / "t.md"
    kt_table.main([*args, "--out", str(out)])
    assert "| bkt (ours, n=1 seeds) | 0." in out.read_text("utf-8")
    assert " ± " not in out.read_text("utf-8").split("\n\n")[1]
    cache = out.with_suffix(".jsonl")
    kept = cache.read_text("utf-8")
    cache.write_text(kept[:-40], encoding="utf-8")  # what a kill while appending leaves
    kt_table.main([*args, "--out", str(out)])
    assert f"{cache}:1: not a cache row; skipped" in capsys.readouterr().err
    lines = cache.read_text("utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["model"] == "bkt"
    kt_table.main([*args, "--out", str(out)])  # resumes from the row it wrote again
    assert cache.read_text("utf-8").splitlines() == lines


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_bad_logs_and_cache_rows_are_one_line_and_nan_is_written_as_null(
    kt_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kt_table = _load_script()
    out = tmp_path / "t.md"
    args, test_log = _one_bkt_cell(kt_data, tmp_path)
    args += ["--out", str(out)]
    lines = test_log.read_text("utf-8").splitlines()
    test_log.write_text("\n".join([lines[0], "x" + lines[1], *lines[2:]]) + "\n", "utf-8")
    with pytest.raises(SystemExit) as stopped:
        kt_table.main(args)
    err = capsys.readouterr().err
    assert stopped.value.code == 1 and err.startswith("error: synthetic5 bkt seed 0: ")
    assert f"{test_log}:2:1:" in err and "Traceback" not in err
    # A one-class test log: AUC is undefined, cached as null, shown as n/a.
    right = [
        line if k % 3 != 2 else ",".join("1" for _ in line.split(",") if _)
        for k, line in enumerate(lines)
    ]
    test_log.write_text("\n".join(right) + "\n", "utf-8")
    kt_table.main(args)
    cache = out.with_suffix(".jsonl")
    row = json.loads(cache.read_text("utf-8"))  # strict JSON: NaN would not parse as null
    assert row["auc"] is None and "| bkt (ours, n=1 seeds) | n/a |" in out.read_text("utf-8")
    # A row with an impossible value is skipped, naming the line, and its cell runs again.
    cache.write_text(json.dumps({**row, "auc": 5.0}) + "\n", "utf-8")
    kt_table.main(args)
    assert f"{cache}:1: auc 5.0 is not a number from 0 to 1; skipped" in capsys.readouterr().err
    assert json.loads(cache.read_text("utf-8").splitlines()[1])["auc"] is None
