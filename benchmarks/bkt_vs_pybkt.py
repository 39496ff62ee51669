"""Benchmark our BKT against pyBKT's compiled build on the DKVMN splits, in one run.

Fit on ``*_train.csv``, score on ``*_test.csv``, for standard BKT and BKT with forgets.
pyBKT runs in its own environment (see /work/shared/PEERS.md) through
``_pybkt_worker.py``, with seed 42 and ``num_fits=1``; the comparison is refused when
its compiled E-step is missing. Times are medians over ``--repeats`` fits. Absolute
times move by a factor of about 3 between runs here, so compare the ratios.

Unseen skills: ours predicts them from the mean parameters (flagged in
`Prediction.unseen`); pyBKT's `evaluate` scores them too. These splits have none.

Example:
    PYTHONPATH=. .venv/bin/python benchmarks/bkt_vs_pybkt.py --repeats 5
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from its.tracing.base import ConvergenceWarning
from its.tracing.bkt.model import BKT
from its.tracing.datasets import read_three_line
from its.tracing.log import ResponseLog
from its.tracing.metrics import evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "kt"
DATASETS = {
    "assist2009": "assist2009_updated/assist2009_updated",
    "statics2011": "STATICS/STATICS",
    "synthetic5": "synthetic/naive_c5_q50_s4000_v0",
}


def write_pybkt_csv(log: ResponseLog, path: Path) -> None:
    """The log as pyBKT's CSV (user_id, skill_name, correct, order_id)."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["user_id", "skill_name", "correct", "order_id"])
        for row in range(len(log)):
            writer.writerow(
                [
                    log.learners[log.learner[row]],
                    log.skills[log.skill[row]],
                    int(log.correct[row]),
                    row,
                ]
            )


def time_ours(train_path: Path, test_path: Path, forgets: bool, repeats: int) -> dict[str, Any]:
    start = time.perf_counter()
    train = read_three_line(train_path)
    read_seconds = time.perf_counter() - start
    test = read_three_line(test_path)
    fits, predicts = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        for _ in range(repeats):
            model = BKT(forgets=forgets)
            start = time.perf_counter()
            model.fit(train)
            fits.append(time.perf_counter() - start)
            start = time.perf_counter()
            prediction = model.predict(test)
            predicts.append(time.perf_counter() - start)
    scores = evaluate(test.correct, prediction.p_correct)
    return {
        "auc": scores["auc"],
        "rmse": scores["rmse"],
        "read_seconds": read_seconds,
        "fit_seconds": statistics.median(fits),
        "predict_seconds": statistics.median(predicts),
        "unseen": int(prediction.unseen.sum()),
        "not_converged": len(caught) > 0,
    }


def time_pybkt(
    python: Path, train: ResponseLog, test: ResponseLog, forgets: bool, repeats: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        train_csv, test_csv = Path(folder) / "train.csv", Path(folder) / "test.csv"
        write_pybkt_csv(train, train_csv)
        write_pybkt_csv(test, test_csv)
        worker = Path(__file__).with_name("_pybkt_worker.py")
        args = [str(train_csv), str(test_csv), "1" if forgets else "0", str(repeats), "42"]
        done = subprocess.run(
            [str(python), str(worker), *args], capture_output=True, text=True, check=False
        )
    if done.returncode != 0:
        raise SystemExit(f"pyBKT worker failed ({done.returncode}): {done.stderr.strip()}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pybkt-repeats", type=int, default=3)
    parser.add_argument("--pybkt-python", type=Path, default=ROOT / ".venv-pybkt/bin/python")
    parser.add_argument("--no-pybkt", action="store_true", help="time ours only")
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    args = parser.parse_args()

    rows = []
    for name in args.datasets:
        train_path = args.data / f"{DATASETS[name]}_train.csv"
        test_path = args.data / f"{DATASETS[name]}_test.csv"
        for forgets in (False, True):
            row: dict[str, Any] = {"dataset": name, "variant": "forgets" if forgets else "standard"}
            row["ours"] = time_ours(train_path, test_path, forgets, args.repeats)
            if not args.no_pybkt:
                train, test = read_three_line(train_path), read_three_line(test_path)
                row["pybkt"] = time_pybkt(
                    args.pybkt_python, train, test, forgets, args.pybkt_repeats
                )
            rows.append(row)
            print(f"done: {name} {row['variant']}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(
        "| data set | variant | AUC ours / pyBKT | RMSE ours / pyBKT | fit s ours | "
        "pyBKT fit(df) s | pyBKT fit(path) s | speed-up fit(df)/fit | "
        "speed-up fit(path)/(read+fit) | predict s ours / pyBKT evaluate |"
    )
    print("|---" * 10 + "|")
    for row in rows:
        ours, peer = row["ours"], row.get("pybkt")
        line = [row["dataset"], row["variant"]]
        if peer is None:
            line += [f"{ours['auc']:.4f}", f"{ours['rmse']:.4f}", f"{ours['fit_seconds']:.3f}"]
            line += ["", "", "", "", f"{ours['predict_seconds']:.3f}"]
        else:
            ours_read_fit = ours["read_seconds"] + ours["fit_seconds"]
            line += [
                f"{ours['auc']:.4f} / {peer['auc']:.4f}",
                f"{ours['rmse']:.4f} / {peer['rmse']:.4f}",
                f"{ours['fit_seconds']:.3f}",
                f"{peer['fit_frame_seconds']:.3f}",
                f"{peer['fit_path_seconds']:.3f}",
                f"{peer['fit_frame_seconds'] / ours['fit_seconds']:.0f}x",
                f"{peer['fit_path_seconds'] / ours_read_fit:.0f}x",
                f"{ours['predict_seconds']:.3f} / {peer['evaluate_seconds']:.3f}",
            ]
        print("| " + " | ".join(line) + " |")


if __name__ == "__main__":
    main()
