"""Milliseconds per answer of the numpy live models (`LiveDKT`, `LiveAttention`).

Trains a DKT (or, with `--kind attention`, the attention model) on a data set's
`*_train1.csv` (or loads `--model FILE`, any file `load_live` reads), then replays the
learners of `*_test.csv` one answer at a time: each step is `update` plus `p_correct`
(the whole per-skill vector), as the learner app does. Prints median and p99 ms over
every step, and over the steps whose learner already had `--history` answers (the
attention model's cost grows with the history up to its window, then stays flat).
The attention model's products are large enough for numpy's BLAS to spread them over
threads, which on a busy machine makes rare steps far slower: compare runs with
`OPENBLAS_NUM_THREADS=1` (as a learner's laptop running other programs would want).

Example:
    nice -n 10 .venv/bin/python benchmarks/dkt_live_speed.py --dataset assist2009 --epochs 1
    OPENBLAS_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/dkt_live_speed.py \
        --kind attention --epochs 1
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from its.tracing.datasets import read_log
from its.tracing.live.registry import LiveModel, load_live

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "kt"
DATASETS = {
    "assist2009": "assist2009_updated/assist2009_updated",
    "statics": "STATICS/STATICS",
    "synthetic5": "synthetic/naive_c5_q50_s4000_v0",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="assist2009")
    parser.add_argument("--model", type=Path, help="a saved live model file (default: train one)")
    parser.add_argument("--kind", choices=("dkt", "attention"), default="dkt", help="to train")
    parser.add_argument("--epochs", type=int, default=1, help="epochs when training")
    parser.add_argument("--hidden", type=int, help="DKT's state size [default: DKT's own]")
    parser.add_argument("--size", type=int, help="the attention model's size [default: its own]")
    parser.add_argument("--answers", type=_positive, default=20_000, help="answers to time")
    parser.add_argument(
        "--history", type=int, default=300, help="also report steps after this many answers"
    )
    args = parser.parse_args()
    base = DATA / DATASETS[args.dataset]
    if args.model is not None:
        _time(args.dataset, load_live(args.model), base, args.answers, args.history)
        return
    with tempfile.TemporaryDirectory() as folder:  # the trained file is removed afterwards
        path = Path(folder) / f"{args.kind}.npz"
        size = args.hidden if args.kind == "dkt" else args.size
        _train(base, args.kind, args.epochs, size, path)
        _time(args.dataset, load_live(path), base, args.answers, args.history)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: give at least 1 answer to time")
    return value


def _time(dataset: str, live: LiveModel, base: Path, answers: int, history: int) -> None:
    test = read_log(f"{base}_test.csv", "dkvmn")
    n = min(answers, len(test))
    times, earlier = np.empty(n), np.zeros(n, dtype=np.int64)
    state = live.initial_state()
    for row in range(n):
        if row and test.learner[row] != test.learner[row - 1]:
            state = live.initial_state()
        elif row:
            earlier[row] = earlier[row - 1] + 1
        start = time.perf_counter()
        state = live.update(state, test.skills[test.skill[row]], bool(test.correct[row]))
        live.p_correct(state)
        times[row] = time.perf_counter() - start
    ms = times * 1e3
    long = ms[earlier >= history]
    state = live.initial_state()
    sizes = {
        "hidden": int(state.hidden.shape[0]) if hasattr(state, "hidden") else None,
        "size": int(state.keys.shape[1]) if hasattr(state, "keys") else None,
    }
    row_out = {
        "dataset": dataset,
        "model": type(live).__name__,
        **{key: value for key, value in sizes.items() if value is not None},
        "skills": len(live.skills),
        "answers": n,
        "median_ms": float(np.median(ms)),
        "p99_ms": float(np.percentile(ms, 99)),
        "history": history,
        "answers_at_history": int(long.size),
        "median_ms_at_history": float(np.median(long)) if long.size else None,
        "p99_ms_at_history": float(np.percentile(long, 99)) if long.size else None,
    }
    print(json.dumps(row_out))


def _train(base: Path, kind: str, epochs: int, size: int | None, path: Path) -> None:
    # torch only to make the file, never to time it
    from its.tracing.deep.attention import AttentionKT
    from its.tracing.deep.dkt import DKT

    sized = {} if size is None else {"hidden" if kind == "dkt" else "size": size}
    model = (
        DKT(epochs=epochs, random_state=0, **sized)
        if kind == "dkt"
        else AttentionKT(epochs=epochs, random_state=0, **sized)
    )
    model.fit(read_log(f"{base}_train1.csv", "dkvmn"))
    model.save(path)


if __name__ == "__main__":
    main()
