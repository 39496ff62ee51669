"""Benchmark our BKT against pyBKT's compiled build on the DKVMN splits, in one run.

For each data set (ASSISTments 2009, Statics 2011, synthetic-5) and variant (standard,
forgets): fit on ``*_train.csv``, score on ``*_test.csv``, ours then pyBKT's, each in a
child process of its own so that each side's peak RSS is measured alike (the whole
job: imports, reading the data, fitting, predicting). This script installs nothing:
pyBKT 1.4.x lives in its own environment (``.venv-pybkt``, built as
/work/shared/PEERS.md says) and runs through ``_pybkt_worker.py``; the comparison is
refused when pyBKT's compiled E-step is missing.

Same settings on both sides: the same restarts (``--restarts``, pyBKT's ``num_fits``),
at most 100 EM iterations, seed 42. The stopping rules differ as each library defines
them: ours stops a skill when its log-likelihood per answer rises by less than 1e-4,
pyBKT when a skill's total log-likelihood changes by less than 1e-3; the table shows
the mean EM iterations per skill on each side.

Times are medians over ``--repeats`` fits; with ``--rounds N`` the whole comparison
runs N times and every figure is the median over the rounds (``load`` is the median
1-minute load average at the start of each side, since the machine is shared).
``speedup`` is pyBKT's fit time from a DataFrame over ours from a `ResponseLog` (both
data already in memory);
``speedup_cpu`` is the same ratio in CPU seconds of the fitting process (all its
threads), which a busy shared machine disturbs less than wall time;
``speedup_from_file`` is pyBKT's fit from the CSV path over our read + fit. Absolute
times move by a factor of about 3 between runs here, so compare the ratios.

Unseen skills: ours predicts them from the mean parameters (flagged in
`Prediction.unseen`); pyBKT's `evaluate` scores them too. These splits have none
(the ``unseen`` column counts them).

Example:
    nice -n 10 .venv/bin/python benchmarks/bkt_vs_pybkt.py --repeats 5
    .venv/bin/python benchmarks/bkt_vs_pybkt.py --datasets synthetic5 --json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "kt"
DATASETS = {
    "assist2009": "assist2009_updated/assist2009_updated",
    "statics2011": "STATICS/STATICS",
    "synthetic5": "synthetic/naive_c5_q50_s4000_v0",
}
SEED = 42


def run_ours(train_path: Path, test_path: Path, forgets: bool, repeats: int, restarts: int) -> None:
    """The child process of our side: print one JSON object."""
    sys.path.insert(0, str(ROOT))
    from its.tracing.bkt.model import BKT
    from its.tracing.datasets import read_three_line
    from its.tracing.metrics import evaluate

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    train = read_three_line(train_path)
    read_seconds = time.perf_counter() - start
    test = read_three_line(test_path)
    fits, cpu_fits, predicts, iterations = [], [], [], []
    for _ in range(repeats):
        model = BKT(forgets=forgets, n_iter=100, n_restarts=restarts, random_state=SEED)
        start, cpu = time.perf_counter(), time.process_time()
        model.fit(train)
        fits.append(time.perf_counter() - start)
        cpu_fits.append(time.process_time() - cpu)
        start = time.perf_counter()
        prediction = model.predict(test)
        predicts.append(time.perf_counter() - start)
        iterations.append(float(model.n_iter_.mean()))
    scores = evaluate(test.correct, prediction.p_correct)
    result = {
        "auc": scores["auc"],
        "rmse": scores["rmse"],
        "read_seconds": read_seconds,
        "fit_seconds": statistics.median(fits),
        "fit_cpu_seconds": statistics.median(cpu_fits),
        "predict_seconds": statistics.median(predicts),
        "em_iterations": statistics.mean(iterations),
        "unseen": int(prediction.unseen.sum()),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


def write_pybkt_csv(train_path: Path, path: Path) -> None:
    """The 3-line log at `train_path` as pyBKT's CSV (user_id, skill_name, correct, order_id)."""
    sys.path.insert(0, str(ROOT))
    from its.tracing.datasets import read_three_line

    log = read_three_line(train_path)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["user_id", "skill_name", "correct", "order_id"])
        for row in range(len(log)):
            learner, skill = log.learners[log.learner[row]], log.skills[log.skill[row]]
            writer.writerow([learner, skill, int(log.correct[row]), row])


def _child(command: list[str]) -> dict[str, Any]:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode == 2 and "E_step" in done.stderr:
        raise SystemExit(f"refusing to compare: {done.stderr.strip()}")
    if done.returncode != 0:
        raise SystemExit(f"{command[1]} failed ({done.returncode}): {done.stderr.strip()}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def compare(args: argparse.Namespace, name: str, forgets: bool, folder: Path) -> dict[str, Any]:
    train_path = args.data / f"{DATASETS[name]}_train.csv"
    test_path = args.data / f"{DATASETS[name]}_test.csv"
    flags = [str(train_path), str(test_path), "1" if forgets else "0"]
    ours_load = os.getloadavg()[0]
    ours = _child(
        [sys.executable, __file__, "--ours-worker", *flags, str(args.repeats), str(args.restarts)]
    )
    row: dict[str, Any] = {"dataset": name, "variant": "forgets" if forgets else "standard"}
    row |= {f"ours_{key}": value for key, value in ours.items() if key != "peak_rss_mb"}
    row["ours_peak_mb"] = ours["peak_rss_mb"]
    row["ours_load"] = ours_load
    if args.no_pybkt:
        return row
    train_csv, test_csv = folder / f"{name}_train.csv", folder / f"{name}_test.csv"
    if not train_csv.exists():
        write_pybkt_csv(train_path, train_csv)
        write_pybkt_csv(test_path, test_csv)
    worker = Path(__file__).with_name("_pybkt_worker.py")
    row["pybkt_load"] = os.getloadavg()[0]
    peer = _child(
        [
            str(args.pybkt_python),
            str(worker),
            str(train_csv),
            str(test_csv),
            flags[2],
            str(args.pybkt_repeats),
            str(SEED),
            str(args.restarts),
        ]
    )
    row |= {
        "pybkt_auc": peer["auc"],
        "pybkt_rmse": peer["rmse"],
        "pybkt_fit_seconds": peer["fit_frame_seconds"],
        "pybkt_fit_cpu_seconds": peer["fit_cpu_seconds"],
        "pybkt_fit_from_file_seconds": peer["fit_path_seconds"],
        "pybkt_evaluate_seconds": peer["evaluate_seconds"],
        "pybkt_em_iterations": peer["em_iterations"],
        "pybkt_peak_mb": peer["peak_rss_mb"],
    }
    row["speedup"] = peer["fit_frame_seconds"] / ours["fit_seconds"]
    row["speedup_cpu"] = peer["fit_cpu_seconds"] / max(ours["fit_cpu_seconds"], 1e-9)
    row["speedup_from_file"] = peer["fit_path_seconds"] / (
        ours["read_seconds"] + ours["fit_seconds"]
    )
    row["auc_difference"] = ours["auc"] - peer["auc"]
    row["memory_ratio"] = ours["peak_rss_mb"] / peer["peak_rss_mb"]
    return row


def print_table(rows: list[dict[str, Any]]) -> None:
    header = [
        "data set",
        "variant",
        "AUC ours / pyBKT",
        "RMSE ours / pyBKT",
        "fit s ours / pyBKT",
        "speed-up",
        "fit CPU s ours / pyBKT",
        "CPU speed-up",
        "speed-up from file",
        "EM iters ours / pyBKT",
        "peak MB ours / pyBKT",
        "predict s ours / pyBKT evaluate",
        "unseen",
        "load ours / pyBKT",
    ]
    print("| " + " | ".join(header) + " |")
    print("|---" * len(header) + "|")
    for row in rows:
        peer = "pybkt_auc" in row

        def pair(key: str, fmt: str, row: dict[str, Any] = row, peer: bool = peer) -> str:
            ours = format(row[f"ours_{key}"], fmt)
            other = row.get(f"pybkt_{key}")
            return f"{ours} / {format(other, fmt)}" if peer and other is not None else ours

        line = [
            row["dataset"],
            row["variant"],
            pair("auc", ".4f"),
            pair("rmse", ".4f"),
            pair("fit_seconds", ".3f"),
            f"{row['speedup']:.1f}x" if peer else "",
            pair("fit_cpu_seconds", ".3f"),
            f"{row['speedup_cpu']:.1f}x" if peer else "",
            f"{row['speedup_from_file']:.1f}x" if peer else "",
            pair("em_iterations", ".1f"),
            pair("peak_mb", ".0f"),
            f"{row['ours_predict_seconds']:.3f}"
            + (f" / {row['pybkt_evaluate_seconds']:.3f}" if peer else ""),
            str(int(row["ours_unseen"])),
            pair("load", ".1f"),
        ]
        print("| " + " | ".join(line) + " |")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--ours-worker":
        train, test, forgets, repeats, restarts = sys.argv[2:7]
        run_ours(Path(train), Path(test), forgets == "1", int(repeats), int(restarts))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument("--variants", nargs="+", default=["standard", "forgets"])
    parser.add_argument("--repeats", type=int, default=5, help="our fits per data set")
    parser.add_argument("--pybkt-repeats", type=int, default=3)
    parser.add_argument("--restarts", type=int, default=1, help="EM restarts, both sides")
    parser.add_argument("--rounds", type=int, default=1, help="whole comparisons; medians")
    parser.add_argument("--pybkt-python", type=Path, default=ROOT / ".venv-pybkt/bin/python")
    parser.add_argument("--no-pybkt", action="store_true", help="time ours only")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args()
    if not args.no_pybkt and not args.pybkt_python.exists():
        raise SystemExit(
            f"refusing to compare: {args.pybkt_python} is missing; build pyBKT as "
            "/work/shared/PEERS.md says, or pass --no-pybkt"
        )
    rounds: list[list[dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.rounds):
            rows = []
            for name in args.datasets:
                for variant in args.variants:
                    rows.append(compare(args, name, variant == "forgets", Path(folder)))
                    print(f"round {number + 1}: {name} {variant}", file=sys.stderr)
            rounds.append(rows)
    medians = [_median_row([r[k] for r in rounds]) for k in range(len(rounds[0]))]
    if args.json:
        for row in medians:
            print(json.dumps(row | {"rounds": args.rounds}))
    else:
        print_table(medians)


def _median_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Field by field, the median of the numbers of `rows` (the same cell, every round)."""
    out = dict(rows[0])
    for key, value in rows[0].items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = statistics.median(row[key] for row in rows)
    return out


if __name__ == "__main__":
    main()
