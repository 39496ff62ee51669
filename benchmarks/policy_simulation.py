"""Does the adaptive policy reach the fixed course's post-test with fewer items?

Runs the fixed course once, then the adaptive policy at rising mastery thresholds on the
same simulated learners (`its.sim`), and reports, for each threshold, the items answered and
the post-test, and the saving in items at the lowest threshold whose post-test is at least
the fixed course's; `interpolated_items` reads the items off the straight line between the
two thresholds whose post-tests bracket the fixed course's. Prints one JSON line per run and
a last line `{"verdict": ...}`.

Run (the issue's two targets):
    nice -n 10 .venv/bin/python benchmarks/policy_simulation.py --learners 1000 --seed 1
    nice -n 10 .venv/bin/python benchmarks/policy_simulation.py --learners 1000 --seed 1 \\
        --known 0.5 --placement
Add --calibrate to fit the tutor's BKT on a pilot cohort first. Add --oracle for a reference:
what a tutor that could see each simulated learner's truth would need (`its.sim.oracle`),
one line per target ability and `oracle_items` in the verdict (the fewest items with which
the oracle reaches the fixed course's post-test).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from itertools import pairwise
from typing import Any

from its.items.load import load_bank, starter_bank_path
from its.items.model import Bank
from its.sim.oracle import greedy_bound, oracle_bound
from its.sim.report import compare

THRESHOLDS = (0.94, 0.95, 0.96, 0.97, 0.98, 0.985, 0.99, 0.995)
KEYS = ("policy", "placement", "threshold", "items_to_mastery_mean", "post_test_mean")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--known", type=float, default=None)
    parser.add_argument("--placement", action="store_true")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--oracle", action="store_true")
    args = parser.parse_args()
    bank = load_bank(starter_bank_path())
    common: dict[str, Any] = {
        "learners": args.learners,
        "seed": args.seed,
        "known_fraction": args.known,
        "calibrate": args.calibrate,
    }
    (fixed,), _ = compare(bank, ["fixed"], **common)
    print(json.dumps({k: fixed[k] for k in KEYS}))
    matched = None
    curve: list[tuple[float, float]] = []  # (items, post-test) per threshold
    for threshold in THRESHOLDS:
        (row,), _ = compare(
            bank,
            ["adaptive"],
            placement=args.placement,
            threshold=threshold,
            **common,
        )
        print(json.dumps({k: row[k] for k in KEYS}))
        curve.append((float(row["items_to_mastery_mean"]), float(row["post_test_mean"])))  # type: ignore[arg-type]
        if matched is None and float(row["post_test_mean"]) >= float(fixed["post_test_mean"]):  # type: ignore[arg-type]
            matched = row
    verdict: dict[str, object] = {"fixed_items": fixed["items_to_mastery_mean"]}
    if matched is None:
        verdict["verdict"] = "no threshold tried reaches the fixed course's post-test"
    else:
        saving = 1 - float(matched["items_to_mastery_mean"]) / float(fixed["items_to_mastery_mean"])  # type: ignore[arg-type]
        verdict |= {
            "verdict": "matched",
            "threshold": matched["threshold"],
            "adaptive_items": matched["items_to_mastery_mean"],
            "saving": round(saving, 3),
        }
    between = _interpolate(curve, float(fixed["post_test_mean"]))  # type: ignore[arg-type]
    if between is not None:
        verdict["interpolated_items"] = round(between, 1)
        verdict["interpolated_saving"] = round(
            1 - between / float(fixed["items_to_mastery_mean"]), 3
        )  # type: ignore[arg-type]
    if args.oracle:
        verdict["oracle_items"] = _oracle(bank, args, float(fixed["post_test_mean"]))  # type: ignore[arg-type]
    print(json.dumps(verdict))


def _interpolate(curve: list[tuple[float, float]], post: float) -> float | None:
    """Items at `post` on the straight line between the first two neighbouring thresholds
    whose post-tests bracket it (a finer reading than the grid's; None if none do)."""
    for (items0, post0), (items1, post1) in pairwise(curve):
        if post0 < post <= post1:
            return items0 + (items1 - items0) * (post - post0) / (post1 - post0)
    return None


def _oracle(bank: Bank, args: argparse.Namespace, fixed_post: float) -> float | None:
    """Print the oracle's rows; the fewest items with which it reaches `fixed_post`."""
    common = {"learners": args.learners, "seed": args.seed, "known_fraction": args.known}
    rows = oracle_bound(bank, **common)
    for row in rows:
        print(json.dumps({"policy": "oracle", **asdict(row)}))
    greedy = greedy_bound(bank, **common)
    for row in greedy:
        print(json.dumps({"policy": "greedy-oracle", "min_gain": row.target, **asdict(row)}))
    curve = sorted((row.items_mean, row.post_test_mean) for row in greedy)
    between = _interpolate(curve, fixed_post)
    if between is not None:
        print(json.dumps({"greedy_oracle_interpolated_items": round(between, 1)}))
    rows = rows + greedy
    enough = [row.items_mean for row in rows if row.post_test_mean >= fixed_post]
    return min(enough) if enough else None


if __name__ == "__main__":
    main()
