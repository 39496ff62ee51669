"""Checks of `BKT`'s hyperparameters and of the logs it is given (done in `fit`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from its.errors import DataFormatError
from its.tracing.bkt import _schema
from its.tracing.bkt._em import Fixed
from its.tracing.bkt._kernels import DEFAULT_BOUNDS, NAMES, Groups, Params
from its.tracing.log import ResponseLog

LEVELS = _schema.LEVELS


def check_hyperparameters(model: Any) -> None:
    """Raise one ValueError listing every bad hyperparameter of `model` (a `BKT`)."""
    problems = []
    if not isinstance(model.n_iter, int) or model.n_iter < 1:
        problems.append(f"n_iter must be a positive integer, got {model.n_iter!r}")
    if not isinstance(model.tol, int | float) or not model.tol >= 0:
        problems.append(f"tol must be a number >= 0, got {model.tol!r}")
    if not isinstance(model.n_restarts, int) or model.n_restarts < 1:
        problems.append(f"n_restarts must be a positive integer, got {model.n_restarts!r}")
    if not isinstance(model.forgets, bool):
        problems.append(f"forgets must be True or False, got {model.forgets!r}")
    for name, allowed in LEVELS.items():
        value = getattr(model, name)
        if value not in allowed:
            problems.append(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    if model.item_groups is not None and not (
        isinstance(model.item_groups, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in model.item_groups.items())
    ):
        problems.append("item_groups must map item names to group names (str -> str)")
    problems += _bounds_problems(model.bounds)
    if not problems:
        problems += _fixed_problems(model.fixed, model.bounds, model.forgets)
    if problems:
        raise ValueError("BKT: " + "; ".join(problems))


def _bounds_problems(bounds: Any) -> list[str]:
    if bounds is None:
        return []
    if not isinstance(bounds, Mapping):
        return [f"bounds must map parameter names to (low, high), got {bounds!r}"]
    problems = []
    for name, pair in bounds.items():
        if name not in NAMES:
            problems.append(
                f"bounds: unknown parameter {name!r}; parameters are {', '.join(NAMES)}"
            )
            continue
        ok = (
            isinstance(pair, tuple | list)
            and len(pair) == 2
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in pair)
            and 0 <= pair[0] <= pair[1] <= 1
        )
        if not ok:
            problems.append(
                f"bounds[{name!r}] must be (low, high) with 0 <= low <= high <= 1, got {pair!r}"
            )
    return problems


def _fixed_problems(fixed: Any, bounds: Any, forgets: bool) -> list[str]:
    if fixed is None:
        return []
    if not isinstance(fixed, Mapping):
        return [f"fixed must map parameter names to a value or to {{skill: value}}, got {fixed!r}"]
    limits = {**DEFAULT_BOUNDS, **(bounds or {})}
    problems = []
    for name, spec in fixed.items():
        if name not in NAMES:
            problems.append(f"fixed: unknown parameter {name!r}; parameters are {', '.join(NAMES)}")
            continue
        values = spec.values() if isinstance(spec, Mapping) else [spec]
        for value in values:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            low, high = limits[name]
            if not number or not low <= value <= high:
                problems.append(
                    f"fixed[{name!r}] must lie within bounds {low}..{high}, got {value!r}"
                )
            elif name == "forget" and not forgets and value != 0:
                problems.append("fixed['forget'] needs forgets=True")
    return problems


def fixed_for(
    fixed: Mapping[str, float | Mapping[str, float]] | None,
    skills: tuple[str, ...],
) -> dict[str, dict[int, float]]:
    """Per parameter, skill index -> fixed value, for the skills of one log.

    Raises:
        ValueError: `fixed` names skills that are not in the log.
    """
    out: dict[str, dict[int, float]] = {}
    unknown: list[str] = []
    for name, spec in (fixed or {}).items():
        if isinstance(spec, Mapping):
            where = {skill: k for k, skill in enumerate(skills)}
            unknown += [repr(s) for s in spec if s not in where]
            out[name] = {where[s]: float(v) for s, v in spec.items() if s in where}
        else:
            out[name] = {k: float(spec) for k in range(len(skills))}
    if unknown:
        raise ValueError(f"BKT: fixed names skills not in the log: {', '.join(unknown[:5])}")
    return out


def check_log(log: ResponseLog, *, needs_items: bool) -> None:
    """Raise DataFormatError when `log` cannot be traced: correctness other than 0/1
    (naming the first such row and its learner), or no items for an item variant."""
    correct = np.asarray(log.correct)
    bad = np.flatnonzero((correct != 0) & (correct != 1))
    if bad.size:
        row = int(bad[0])
        learner = log.learners[int(log.learner[row])] if len(log.learners) else "?"
        raise DataFormatError(
            f"row {row} (learner {learner!r}): correct is {correct[row].item()!r}, expected 0 or 1"
            + (f" ({bad.size} rows like this)" if bad.size > 1 else "")
        )
    if needs_items and log.item is None:
        raise DataFormatError(
            "this BKT variant groups parameters by item, but the log has no items; "
            "read a log with an item column (e.g. pyBKT CSV with problem_id)"
        )


def fixed_values(
    fixed: Mapping[str, float | Mapping[str, float]] | None,
    skills: tuple[str, ...],
    groups: Groups,
) -> Fixed | None:
    """`fixed` as per-group values (NaN where free), or None when nothing is fixed.

    Raises:
        ValueError: `fixed` names skills that are not in the log.
    """
    per_skill = fixed_for(fixed, skills)
    if not per_skill:
        return None
    values = []
    for name in NAMES:
        group_skill = groups.skill_of(name)
        column = np.full(group_skill.shape[0], np.nan)
        for k, value in per_skill.get(name, {}).items():
            column[group_skill == k] = value
        values.append(column)
    return Fixed(Params(*values))
