"""One report row per policy: items to finish, post-test, waste and decision time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from its.items.model import Bank
from its.sim.calibrate import calibrated_model
from its.sim.runner import LearnerRun, simulate
from its.tutor import MasteryModel

Row = dict[str, object]


def _ci95(values: npt.NDArray[np.float64]) -> list[float]:
    """The 95% confidence interval of the mean (normal approximation)."""
    mean = float(values.mean())
    half = (
        1.96 * float(values.std(ddof=1)) / float(np.sqrt(len(values))) if len(values) > 1 else 0.0
    )
    return [mean - half, mean + half]


def summarise(policy: str, runs: Sequence[LearnerRun], *, placement: bool) -> Row:
    """The report row of one policy: means with the 95% confidence interval of the mean,
    the middle 95% of learners, and decision time."""
    items = np.array([r.items for r in runs], dtype=np.float64)
    post = np.array([r.post_test for r in runs], dtype=np.float64)
    wasted = np.array([r.wasted for r in runs], dtype=np.float64)
    decisions = np.array([s for r in runs for s in r.decision_seconds], dtype=np.float64) * 1e3
    return {
        "policy": policy,
        "placement": placement,
        "learners": len(runs),
        "items_to_mastery_mean": float(items.mean()),
        "items_to_mastery_ci95": _ci95(items),
        "items_to_mastery_p2_5_p97_5": [float(v) for v in np.percentile(items, [2.5, 97.5])],
        "finished_share": float(np.mean([r.finished for r in runs])),
        "post_test_mean": float(post.mean()),
        "post_test_ci95": _ci95(post),
        "truly_mastered_share": float(np.mean([r.mastered_share for r in runs])),
        "wasted_items_mean": float(wasted.mean()),
        "decision_ms_mean": float(decisions.mean()),
        "decision_ms_p99": float(np.percentile(decisions, 99)),
    }


def compare(
    bank: Bank,
    policies: Sequence[str],
    *,
    learners: int,
    seed: int,
    placement: bool = False,
    known_fraction: float | None = None,
    calibrate: bool = False,
    threshold: float | None = None,
) -> tuple[list[Row], list[str]]:
    """A row per policy on the same simulated learners, and any notes for the reader.

    `placement` runs the placement check first for the adaptive policy only (the
    baselines ignore what a learner knows). `calibrate` fits the tutor's BKT on a pilot
    cohort first (`its.sim.calibrate`). `threshold` replaces the mastery threshold.
    """
    model, notes = calibrated_model(bank, seed=seed) if calibrate else (MasteryModel(), [])
    if threshold is not None:
        model = replace(model, threshold=threshold)
    rows = []
    for policy in policies:
        placed = placement and policy == "adaptive"
        runs = simulate(
            bank,
            policy=policy,
            learners=learners,
            seed=seed,
            placement=placed,
            known_fraction=known_fraction,
            model=model,
        )
        row = summarise(policy, runs, placement=placed)
        row["calibrated"] = calibrate
        row["known_fraction"] = known_fraction
        row["threshold"] = model.threshold
        rows.append(row)
    return rows, notes


def format_table(rows: Sequence[Row]) -> str:
    """The rows as an aligned text table (intervals as `lo-hi`)."""
    columns = {
        "policy": "policy",
        "placement": "placement",
        "items_to_mastery_mean": "items",
        "items_to_mastery_ci95": "items 95% CI",
        "items_to_mastery_p2_5_p97_5": "items middle 95%",
        "finished_share": "finished",
        "post_test_mean": "post-test",
        "post_test_ci95": "post-test 95% CI",
        "truly_mastered_share": "truly mastered",
        "wasted_items_mean": "wasted",
        "decision_ms_p99": "decision ms p99",
    }

    def cell(value: object) -> str:
        if isinstance(value, bool) or value is None:
            return "yes" if value else "no"
        if isinstance(value, float):
            return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
        if isinstance(value, list):
            return "-".join(cell(v) for v in value)
        return str(value)

    table = [list(columns.values())] + [[cell(row[k]) for k in columns] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in table
    )
