"""Hierarchical Bayesian BKT (Pyro, SVI) against per-skill EM BKT on Statics 2011, in one run.

Both fit ``STATICS_train.csv`` (1,223 skill ids) and score ``STATICS_test.csv``, each
answer predicted from the learner's earlier answers only. Rows: every test answer, and
the test answers whose skill had fewer than ``--few`` training answers (where sharing a
population prior should help most). ``--learners N`` also fits on only the first N
training learners (repeatable), so that most skills are sparse; the test set stays
whole, and its skills absent from that training subset are scored with each model's
fallback (EM: mean parameters; Bayes: the population median), counted in ``unseen``.

Example:
    PYTHONPATH=. nice -n 10 .venv/bin/python benchmarks/bayes_vs_em_statics.py --learners 20
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from its.tracing.bayes.model import BayesianBKT
from its.tracing.bkt.model import BKT
from its.tracing.datasets import read_three_line
from its.tracing.log import ResponseLog
from its.tracing.metrics import evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "kt" / "STATICS"


def first_learners(log: ResponseLog, n: int) -> ResponseLog:
    keep = log.learner < n
    return ResponseLog.from_arrays(
        learner=log.learner[keep],
        skill=log.skill[keep],
        correct=log.correct[keep],
        learners=log.learners[:n],
        skills=log.skills,
    )


def compare(
    train: ResponseLog, test: ResponseLog, *, few: int, n_steps: int
) -> list[dict[str, Any]]:
    """Fit both models on `train`, score `test` overall and on the sparse skills."""
    counts = np.bincount(train.skill, minlength=len(train.skills))
    train_count = dict(zip(train.skills, counts.tolist(), strict=True))
    sparse = np.array([train_count.get(s, 0) < few for s in test.skills])[test.skill]
    rows = []
    for name, model in (
        ("em", BKT(n_iter=100, random_state=0)),
        ("bayes", BayesianBKT(n_steps=n_steps, random_state=0)),
    ):
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model.fit(train)
        seconds = time.perf_counter() - start
        prediction = model.predict(test)
        for subset, mask in (("all", np.ones(len(test), dtype=bool)), (f"<{few}", sparse)):
            scores = evaluate(test.correct[mask], prediction.p_correct[mask])
            rows.append(
                {
                    "train_learners": len(train.learners),
                    "model": name,
                    "test_rows": subset,
                    "n": int(mask.sum()),
                    "skills": int(np.unique(test.skill[mask]).size),
                    "unseen": int(prediction.unseen[mask].sum()),
                    **scores,
                    "fit_seconds": seconds,
                    "warnings": len(caught),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the Statics split")
    parser.add_argument("--few", type=int, default=20, help="sparse: fewer training answers")
    parser.add_argument("--n-steps", type=int, default=1000, help="SVI steps of the Bayes fit")
    parser.add_argument(
        "--learners", type=int, nargs="*", default=[], help="also fit on the first N learners"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args()
    train = read_three_line(args.data / "STATICS_train.csv")
    test = read_three_line(args.data / "STATICS_test.csv")
    rows = compare(train, test, few=args.few, n_steps=args.n_steps)
    for n in args.learners:
        rows += compare(first_learners(train, n), test, few=args.few, n_steps=args.n_steps)
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return
    keys = list(rows[0])
    cells = [[f"{r[k]:.4f}" if isinstance(r[k], float) else str(r[k]) for k in keys] for r in rows]
    widths = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
    print("  ".join(k.ljust(w) for k, w in zip(keys, widths, strict=True)))
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)))


if __name__ == "__main__":
    main()
