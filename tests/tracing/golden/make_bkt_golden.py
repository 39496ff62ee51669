"""Write bkt_golden.json: BKT fitted on fixed simulated learners.

Run from the repository root after a deliberate change of the fitted numbers:

    PYTHONPATH=. .venv/bin/python tests/tracing/golden/make_bkt_golden.py

`test_bkt_golden.py` refits with the same settings and compares.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate, simulate_items
from its.tracing.log import ResponseLog

GOLDEN = Path(__file__).with_name("bkt_golden.json")
TRUTH = {
    "a": BKTParams(prior=0.25, learn=0.2, guess=0.2, slip=0.1, forget=0.03),
    "b": BKTParams(prior=0.5, learn=0.08, guess=0.3, slip=0.15, forget=0.0),
    "c": BKTParams(prior=0.1, learn=0.35, guess=0.1, slip=0.2, forget=0.05),
}
ITEMS = {
    "a": {"a1": BKTParams(0.3, 0.3, 0.1, 0.1, 0.02), "a2": BKTParams(0.3, 0.05, 0.35, 0.2)},
    "b": {"b1": BKTParams(0.5, 0.2, 0.2, 0.05), "b2": BKTParams(0.5, 0.1, 0.4, 0.05, 0.05)},
}
SEED = 2024
VARIANTS: dict[str, dict[str, Any]] = {
    "standard": {"forgets": False},
    "forgets": {"forgets": True},
    "item_guess_slip": {"guess_slip_by": "item"},
    "item_learn_forgets": {"learn_by": "item", "forgets": True},
    "item_order": {"learn_by": "item_order"},
    "learner_prior": {"prior_by": "learner"},
}
"""The item variants fit `golden_item_log`, the others `golden_log`."""


def golden_log() -> ResponseLog:
    return simulate(TRUTH, n_learners=300, n_answers=15, rng=np.random.default_rng(SEED))


def golden_item_log() -> ResponseLog:
    return simulate_items(ITEMS, n_learners=40, n_answers=10, rng=np.random.default_rng(SEED))


def fit_variant(name: str) -> dict[str, Any]:
    options = VARIANTS[name]
    log = golden_log() if name in ("standard", "forgets") else golden_item_log()
    model = BKT(**options).fit(log)
    return dict(model.to_dict())


def main() -> None:
    data = {name: fit_variant(name) for name in VARIANTS}
    GOLDEN.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
