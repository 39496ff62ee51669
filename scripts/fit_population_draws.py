"""Fit Bayesian BKT on ASSISTments 2009 and write the population draws the app ships.

The app's starter bank has no fitted parameters of its own, so `its.tracing.credible`
falls back to these: draws of a *new* skill's (prior, learn, guess, slip) from the
population prior fitted on ASSISTments 2009 (110 skills, 224k answers).

Usage:
    python scripts/fit_population_draws.py \
        ../shared/data/kt/assist2009_updated/assist2009_updated_train.csv \
        its/data/population_draws.json
    python scripts/fit_population_draws.py TRAIN OUT --n-steps 5 --max-learners 20   # smoke run
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from its.tracing.bayes.model import BayesianBKT
from its.tracing.datasets import read_log
from its.tracing.log import ResponseLog


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, help="a 3-line (DKVMN) training log")
    parser.add_argument("out", type=Path, help="the draws file to write")
    parser.add_argument("--n-steps", type=int, default=1000, help="SVI steps")
    parser.add_argument("--n-draws", type=int, default=200, help="population draws")
    parser.add_argument("--max-learners", type=int, help="use only the first learners")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    log = read_log(args.train, "dkvmn")
    if args.max_learners is not None:
        log = _first_learners(log, args.max_learners)
    start = time.perf_counter()
    model = BayesianBKT(n_steps=args.n_steps, random_state=args.seed).fit(log)
    model.export_draws(args.out, n_draws=args.n_draws, skills=False)
    data = json.loads(args.out.read_text(encoding="utf-8"))
    data["source"] = f"{args.train.name}: {len(log)} answers, {len(model.skills_)} skills"
    args.out.write_text(json.dumps(data) + "\n", encoding="utf-8")
    medians = {
        name: float(np.median(data["population"][name]))
        for name in ("prior", "learn", "guess", "slip")
    }
    print(
        f"wrote {args.out}: {args.n_draws} draws, fit {time.perf_counter() - start:.1f} s, "
        f"medians {medians}",
        file=sys.stderr,
    )


def _first_learners(log: ResponseLog, n: int) -> ResponseLog:
    keep = log.learner < n
    return ResponseLog.from_arrays(
        learner=log.learner[keep],
        skill=log.skill[keep],
        correct=log.correct[keep],
        learners=log.learners[:n],
        skills=log.skills,
    )


if __name__ == "__main__":
    main()
