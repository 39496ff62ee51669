"""`benchmarks/kt_table.py` runs end to end with small settings and writes the table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

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
