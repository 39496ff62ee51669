"""Between a fitted BKT's named tables and the per-group arrays of one log.

A fitted model keeps, per skill, one summary value of each parameter (the
answer-weighted mean over the skill's groups), and, for the variants, tables of group
values keyed by item, item pair or learner. `resolve` turns them into `Params` for the
groups of a given log, with the fallbacks the estimator documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from its.tracing.bkt._groups import GroupKey, Layout, Level
from its.tracing.bkt._kernels import NAMES, Params, sum_by

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
PAIRS = {"gs": ("guess", "slip"), "learn": ("learn", "forget")}


@dataclass(slots=True, eq=False)
class Tables:
    """A fitted model's parameters by name.

    Attributes:
        skills: the fitted skills.
        summary: per parameter name, (n_skills,) the skill-level values.
        gs: skill -> group key -> (guess, slip), for ``guess_slip_by != "skill"``.
        learn: skill -> group key -> (learn, forget), for ``learn_by != "skill"``.
        prior: skill -> learner -> prior, for ``prior_by="learner"``.
    """

    skills: tuple[str, ...]
    summary: dict[str, FloatArray]
    gs: dict[str, dict[GroupKey, tuple[float, float]]] = field(default_factory=dict)
    learn: dict[str, dict[GroupKey, tuple[float, float]]] = field(default_factory=dict)
    prior: dict[str, dict[GroupKey, float]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, eq=False)
class Resolved:
    """Parameters for the groups of one log, and the groups that used a fallback."""

    params: Params
    unseen_gs: BoolArray
    unseen_learn: BoolArray


def resolve(tables: Tables, layout: Layout, skill_names: tuple[str, ...]) -> Resolved:
    """Parameters for every group of `layout` (whose skill indices name `skill_names`).

    A group missing from the tables takes its skill's summary value; a skill missing
    altogether takes the mean of the summaries over all fitted skills. Missing gs and
    learn groups are reported (`Prediction.unseen`); a learner without a prior of
    their own (say, every learner of a test set) takes the skill's prior silently.
    """
    where = {skill: k for k, skill in enumerate(tables.skills)}
    fitted_skill = np.array([where.get(name, -1) for name in skill_names], dtype=np.int64)
    means = {name: float(values.mean()) for name, values in tables.summary.items()}

    def skill_values(level: Level, name: str) -> tuple[FloatArray, BoolArray]:
        k = fitted_skill[level.skill] if level.skill.size else level.skill
        known = k >= 0
        values = np.where(known, tables.summary[name][np.maximum(k, 0)], means[name])
        return values.astype(np.float64), ~known

    out: dict[str, FloatArray] = {}
    unseen: dict[str, BoolArray] = {}
    for kind, level in (("gs", layout.gs), ("learn", layout.learn)):
        first, second = PAIRS[kind]
        a, missing = skill_values(level, first)
        b, _ = skill_values(level, second)
        table = tables.gs if kind == "gs" else tables.learn
        for g, key in enumerate(level.keys):
            if key is None and level.index is None:
                continue
            found = table.get(skill_names[int(level.skill[g])], {}).get(key)
            if found is None:
                missing[g] = True
            else:
                a[g], b[g] = found
        out[first], out[second], unseen[kind] = a, b, missing
    prior, _ = skill_values(layout.prior, "prior")
    if layout.prior.index is not None:
        for g, key in enumerate(layout.prior.keys):
            found_prior = tables.prior.get(skill_names[int(layout.prior.skill[g])], {}).get(key)
            if found_prior is not None:
                prior[g] = found_prior
    out["prior"] = prior
    return Resolved(Params(*(out[name] for name in NAMES)), unseen["gs"], unseen["learn"])


def summarise(
    params: Params, layout: Layout, weights: Mapping[str, FloatArray], n_skills: int
) -> dict[str, FloatArray]:
    """(n_skills,) skill-level value of each parameter: the mean over the skill's
    groups, weighted by `weights` (answers, transitions or chains; plain mean when a
    skill's weights sum to 0)."""
    levels = {"prior": layout.prior, "learn": layout.learn, "forget": layout.learn}
    summary = {}
    for name in NAMES:
        level = levels.get(name, layout.gs)
        values = getattr(params, name)
        if level.index is None:
            summary[name] = values.copy()
            continue
        weight = weights[name]
        total = sum_by(level.skill, weight, n_skills)
        plain = sum_by(level.skill, values, n_skills) / np.maximum(
            np.bincount(level.skill, minlength=n_skills), 1
        )
        weighted = sum_by(level.skill, values * weight, n_skills) / np.where(total > 0, total, 1)
        summary[name] = np.where(total > 0, weighted, plain)
    return summary


def tables_from(
    params: Params, layout: Layout, skills: tuple[str, ...], summary: dict[str, FloatArray]
) -> Tables:
    """Name the fitted group values of `layout` (skill indices into `skills`)."""
    tables = Tables(skills=skills, summary=summary)
    for kind, level in (("gs", layout.gs), ("learn", layout.learn)):
        if level.index is None:
            continue
        first, second = PAIRS[kind]
        a, b = getattr(params, first).tolist(), getattr(params, second).tolist()
        table = tables.gs if kind == "gs" else tables.learn
        for g, key in enumerate(level.keys):
            table.setdefault(skills[int(level.skill[g])], {})[key] = (a[g], b[g])
    if layout.prior.index is not None:
        values = params.prior.tolist()
        for g, key in enumerate(layout.prior.keys):
            tables.prior.setdefault(skills[int(layout.prior.skill[g])], {})[key] = values[g]
    return tables


def merge(old: Tables, new: Tables) -> Tables:
    """`new` over `old`: skills and groups of `new` replace those of `old`."""
    skills = old.skills + tuple(s for s in new.skills if s not in set(old.skills))
    where_new = {s: k for k, s in enumerate(new.skills)}
    where_old = {s: k for k, s in enumerate(old.skills)}
    summary = {}
    for name in NAMES:
        summary[name] = np.array(
            [
                new.summary[name][where_new[s]]
                if s in where_new
                else old.summary[name][where_old[s]]
                for s in skills
            ],
            dtype=np.float64,
        )
    merged = Tables(skills=skills, summary=summary)
    for attr in ("gs", "learn", "prior"):
        combined = {s: dict(groups) for s, groups in getattr(old, attr).items()}
        for s, groups in getattr(new, attr).items():
            combined.setdefault(s, {}).update(groups)
        setattr(merged, attr, combined)
    return merged
