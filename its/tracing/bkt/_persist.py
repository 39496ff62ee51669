"""The readable JSON form of a fitted BKT (format version 2; version 1 still loads).

```
{"format_version": 2, "model": "bkt", "hyperparameters": {...}, "log_likelihood": -1.0,
 "skills": {"<skill>": {"prior": .., "learn": .., "guess": .., "slip": .., "forget": ..,
                        "n_iter": 12,
                        "guess_slip": [{"item": "<item>", "guess": .., "slip": ..}],
                        "learn_groups": [{"previous_item": null, "item": "<item>",
                                          "learn": .., "forget": ..}],
                        "priors": {"<learner>": ..}}},
 "fitted_log": "<digest of the training log>"}
```
The last three keys appear only for the variants that have them. Skill-level values
are the summaries (the answer-weighted means over the skill's groups).
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

import numpy as np

from its.errors import DataFormatError
from its.tracing.bkt import _schema
from its.tracing.bkt._groups import GroupKey
from its.tracing.bkt._kernels import NAMES
from its.tracing.bkt._resolve import Tables

FORMAT_VERSION = 2
READABLE_VERSIONS = _schema.READABLE_VERSIONS


class GuessSlipDict(TypedDict):
    item: str
    guess: float
    slip: float


class LearnGroupDict(TypedDict):
    previous_item: str | None
    item: str | None
    learn: float
    forget: float


class SkillDict(TypedDict):
    prior: float
    learn: float
    guess: float
    slip: float
    forget: float
    n_iter: int
    guess_slip: NotRequired[list[GuessSlipDict]]
    learn_groups: NotRequired[list[LearnGroupDict]]
    priors: NotRequired[dict[str, float]]


class BKTDict(TypedDict):
    format_version: int
    model: str
    hyperparameters: dict[str, Any]
    log_likelihood: float
    skills: dict[str, SkillDict]
    fitted_log: NotRequired[str]


def skills_to_dict(tables: Tables, n_iter: list[int]) -> dict[str, SkillDict]:
    """The per-skill part of `BKTDict`."""
    columns = {name: tables.summary[name].tolist() for name in NAMES}
    skills: dict[str, SkillDict] = {}
    for k, skill in enumerate(tables.skills):
        entry = SkillDict(
            prior=columns["prior"][k],
            learn=columns["learn"][k],
            guess=columns["guess"][k],
            slip=columns["slip"][k],
            forget=columns["forget"][k],
            n_iter=n_iter[k],
        )
        if skill in tables.gs:
            entry["guess_slip"] = [
                GuessSlipDict(item=str(key), guess=g, slip=s)
                for key, (g, s) in tables.gs[skill].items()
            ]
        if skill in tables.learn:
            entry["learn_groups"] = [
                _learn_entry(key, learn, forget)
                for key, (learn, forget) in tables.learn[skill].items()
            ]
        if skill in tables.prior:
            entry["priors"] = {str(key): value for key, value in tables.prior[skill].items()}
        skills[skill] = entry
    return skills


def _learn_entry(key: GroupKey, learn: float, forget: float) -> LearnGroupDict:
    if isinstance(key, tuple):
        return LearnGroupDict(previous_item=key[0], item=key[1], learn=learn, forget=forget)
    return LearnGroupDict(previous_item=None, item=key, learn=learn, forget=forget)


def _learn_key(entry: LearnGroupDict, item_order: bool) -> GroupKey:
    if not item_order:
        return entry["item"]
    previous, item = entry["previous_item"], entry["item"]
    return None if previous is None or item is None else (previous, item)


read_json = _schema.read_json


def check(data: Any) -> None:
    """Raise DataFormatError naming every faulty field unless `data` is a BKT model
    this code reads (`_schema.problems`)."""
    found = _schema.problems(data)
    if found:
        raise DataFormatError(_schema.message(found))


def tables_from_dict(data: BKTDict, *, item_order: bool) -> tuple[Tables, list[int]]:
    """Tables and per-skill iteration counts from `BKTDict` data (KeyError etc. on bad data)."""
    skills = data["skills"]
    names = tuple(skills)
    summary = {
        name: np.array([float(skills[s][name]) for s in names], dtype=np.float64)  # type: ignore[literal-required]
        for name in NAMES
    }
    tables = Tables(skills=names, summary=summary)
    for skill in names:
        entry = skills[skill]
        if "guess_slip" in entry:
            tables.gs[skill] = {
                str(g["item"]): (float(g["guess"]), float(g["slip"])) for g in entry["guess_slip"]
            }
        if "learn_groups" in entry:
            tables.learn[skill] = {
                _learn_key(g, item_order): (float(g["learn"]), float(g["forget"]))
                for g in entry["learn_groups"]
            }
        if "priors" in entry:
            tables.prior[skill] = {str(k): float(v) for k, v in entry["priors"].items()}
    return tables, [int(skills[s]["n_iter"]) for s in names]
