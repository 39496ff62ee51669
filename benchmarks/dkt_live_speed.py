"""Milliseconds per answer of the numpy live DKT (`its.tracing.live.dkt.LiveDKT`).

Trains a DKT on a data set's `*_train1.csv` (or loads `--model FILE`), then replays the
learners of `*_test.csv` one answer at a time: each step is `update` plus `p_correct`
(the whole per-skill vector), as the learner app does. Prints median and p99 ms.

Example:
    nice -n 10 .venv/bin/python benchmarks/dkt_live_speed.py --dataset assist2009 --epochs 1
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from its.tracing.datasets import read_log
from its.tracing.live.dkt import LiveDKT

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "kt"
DATASETS = {
    "assist2009": "assist2009_updated/assist2009_updated",
    "statics": "STATICS/STATICS",
    "synthetic5": "synthetic/naive_c5_q50_s4000_v0",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="assist2009")
    parser.add_argument("--model", type=Path, help="a saved DKT file (default: train one)")
    parser.add_argument("--epochs", type=int, default=1, help="epochs when training")
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--answers", type=_positive, default=20_000, help="answers to time")
    args = parser.parse_args()
    base = DATA / DATASETS[args.dataset]
    if args.model is not None:
        _time(args.dataset, LiveDKT.load(args.model), base, args.answers)
        return
    with tempfile.TemporaryDirectory() as folder:  # the trained file is removed afterwards
        path = Path(folder) / "dkt.npz"
        _train(base, args.epochs, args.hidden, path)
        _time(args.dataset, LiveDKT.load(path), base, args.answers)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: give at least 1 answer to time")
    return value


def _time(dataset: str, live: LiveDKT, base: Path, answers: int) -> None:
    test = read_log(f"{base}_test.csv", "dkvmn")
    n = min(answers, len(test))
    times = np.empty(n)
    state = live.initial_state()
    for row in range(n):
        if row and test.learner[row] != test.learner[row - 1]:
            state = live.initial_state()
        start = time.perf_counter()
        state = live.update(state, test.skills[test.skill[row]], bool(test.correct[row]))
        live.p_correct(state)
        times[row] = time.perf_counter() - start
    ms = times * 1e3
    print(
        json.dumps(
            {
                "dataset": dataset,
                "hidden": int(live.initial_state().hidden.shape[0]),
                "skills": len(live.skills),
                "answers": n,
                "median_ms": float(np.median(ms)),
                "p99_ms": float(np.percentile(ms, 99)),
            }
        )
    )


def _train(base: Path, epochs: int, hidden: int, path: Path) -> None:
    from its.tracing.deep.dkt import DKT  # torch only to make the file, never to time it

    model = DKT(hidden=hidden, epochs=epochs, random_state=0)
    model.fit(read_log(f"{base}_train1.csv", "dkvmn"))
    model.save(path)


if __name__ == "__main__":
    main()
