"""Settings of a tracer scored on VALIDATION only (the test file is never read).

Each run fits on `*_train1.csv`, chooses the epoch on `*_valid1.csv` and appends the
validation AUC, the epoch kept and the fit time to a JSON-lines log, so the choices
behind `kt_table.py`'s defaults can be reread.

Example:
    nice -n 10 .venv/bin/python benchmarks/kt_valid_search.py dkt assist2009 \
        '{"dropout": 0.5}' --seed 0
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kt_table import DATA, DATASETS, ROOT

from its.tracing.datasets import read_log
from its.tracing.replay import fit_tracer, make_tracer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("dataset", choices=sorted(DATASETS))
    parser.add_argument("settings", nargs="?", default="{}", help="JSON object of settings")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--log", type=Path, default=ROOT / "benchmarks" / "results" / "kt_valid_search.jsonl"
    )
    args = parser.parse_args(argv)
    import torch  # research script

    torch.set_num_threads(args.threads)
    settings = json.loads(args.settings)
    base = DATA / DATASETS[args.dataset][1]
    tracer = make_tracer(args.model, seed=args.seed, settings=settings)
    train, valid = read_log(f"{base}_train1.csv", "dkvmn"), read_log(f"{base}_valid1.csv", "dkvmn")
    began = time.perf_counter()
    valid_auc = fit_tracer(tracer, train, valid=valid)
    row = {
        "model": args.model,
        "dataset": args.dataset,
        "settings": settings,
        "seed": args.seed,
        "valid_auc": valid_auc,
        "best_epoch": getattr(tracer, "best_epoch_", None),
        "fit_seconds": time.perf_counter() - began,
    }
    if hasattr(tracer, "weights_") and hasattr(tracer, "members_"):
        row["stack"] = [*tracer.weights_.tolist(), tracer.bias_]
    with args.log.open("a", encoding="utf-8") as file:
        file.write(json.dumps(row) + "\n")
    print(json.dumps(row), file=sys.stderr)


if __name__ == "__main__":
    main()
