"""Checks of a saved BKT model (`_persist.BKTDict`), field by field, in plain Python.

Both `BKT.from_dict` and the app's `online.LiveBKT` read saved models, so the checks
import nothing beyond the standard library. Each problem names its field, as
``skills['fractions'].guess_slip[2].slip: expected a probability in [0, 1], got 1.7``.
"""

from __future__ import annotations

import json
import math
import numbers
import os
from collections.abc import Mapping
from typing import Any, TypeGuard

from its.errors import DataFormatError
from its.tracing.regular_file import open_regular_file

READABLE_VERSIONS = (1, 2)
PARAMETERS = ("prior", "learn", "guess", "slip", "forget")
LEVELS = {
    "guess_slip_by": ("skill", "item"),
    "learn_by": ("skill", "item", "item_order"),
    "prior_by": ("skill", "learner"),
}
HYPERPARAMETERS = (
    "n_iter",
    "tol",
    "forgets",
    "n_restarts",
    "random_state",
    "guess_slip_by",
    "learn_by",
    "prior_by",
    "item_groups",
    "fixed",
    "bounds",
)
MAX_SHOWN = 5
"""Problems listed in one message (the count says how many more)."""


def read_json(path: str | os.PathLike[str]) -> Any:
    """The strict JSON in the UTF-8 file `path` (NaN and Infinity are refused).

    Raises:
        DataFormatError: naming the file (and line:column) when it cannot be read, is
            not UTF-8, or is not strict JSON.
    """
    try:
        with open_regular_file(path, "model file") as file:  # never a FIFO: it would block
            raw = file.read()
    except OSError as error:  # a read that fails after the open
        raise DataFormatError(f"{path}: cannot read the model: {error.strerror}") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFormatError(
            f"{path}: not UTF-8 text (byte {error.start}); a model file is UTF-8 JSON "
            "as BKT.save writes it"
        ) from error
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise DataFormatError(
            f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}"
        ) from error
    except ValueError as error:
        raise DataFormatError(f"{path}: not strict JSON: {error}") from error


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def problems(data: Any) -> list[str]:
    """Every fault of `data` as a saved BKT model, each naming its field ([] if none).

    The header (``model``, ``format_version``) comes first: when it is wrong, nothing
    else is checked.
    """
    if isinstance(data, Mapping) and isinstance(data.get("model"), str) and data["model"] != "bkt":
        return [
            f"model {data['model']!r} cannot be used by its learn (it reads BKT files, "
            "model 'bkt'); train with --model bkt"
        ]
    if not isinstance(data, Mapping) or data.get("model") != "bkt":
        return ["not a BKT model: expected a mapping with model: 'bkt'"]
    if data.get("format_version") not in READABLE_VERSIONS:
        return [
            f"BKT model format_version {data.get('format_version')!r} is not supported; "
            f"expected one of {', '.join(map(str, READABLE_VERSIONS))}"
        ]
    found: list[str] = []
    found += _hyperparameter_problems(data.get("hyperparameters"))
    log_likelihood = data.get("log_likelihood")
    if not _real(log_likelihood) or not (math.isfinite(log_likelihood) and log_likelihood <= 0):
        found.append(f"log_likelihood: expected a finite number <= 0, got {log_likelihood!r}")
    if not isinstance(data.get("fitted_log", ""), str):
        found.append(f"fitted_log: expected a digest string, got {data['fitted_log']!r}")
    skills = data.get("skills")
    hyper = data.get("hyperparameters")
    forgets = hyper.get("forgets", False) if isinstance(hyper, Mapping) else False
    if not isinstance(skills, Mapping):
        found.append(f"skills: expected a mapping of skill name -> parameters, got {skills!r}")
    else:
        for skill, entry in skills.items():
            found += _skill_problems(f"skills[{skill!r}]", entry)
            found += _coherence_problems(f"skills[{skill!r}]", entry, forgets is True)
    return found


def _coherence_problems(where: str, entry: Any, forgets: bool) -> list[str]:
    """Parameters that are each a probability but together no BKT its fits: guess + slip
    above 1 (a right answer would then count against mastery), or a forget rate in a
    model fitted without forgetting."""
    if not isinstance(entry, Mapping):
        return []
    found = []
    pairs = [(where, entry)]
    records = entry.get("guess_slip", [])
    if isinstance(records, list):
        pairs += [(f"{where}.guess_slip[{k}]", r) for k, r in enumerate(records)]
    for at, record in pairs:
        guess, slip = (
            record.get(name) if isinstance(record, Mapping) else None for name in ("guess", "slip")
        )
        if _real(guess) and _real(slip) and guess + slip > 1.0:
            found.append(
                f"{at}: guess {guess:g} + slip {slip:g} is above 1, so a right answer would "
                "count against mastery; refit with its train --model bkt"
            )
    forget = entry.get("forget")
    if not forgets and _real(forget) and forget > 0.0:
        found.append(
            f"{where}.forget: {forget:g}, but hyperparameters.forgets is false "
            "(a model fitted without forgetting has forget 0)"
        )
    return found


def message(found: list[str]) -> str:
    """`problems` as one message: the first few, then how many more."""
    shown = "; ".join(found[:MAX_SHOWN])
    more = len(found) - MAX_SHOWN
    return shown + (f"; and {more} more" if more > 0 else "")


def _hyperparameter_problems(hyper: Any) -> list[str]:
    if not isinstance(hyper, Mapping):
        return [f"hyperparameters: expected a mapping, got {hyper!r}"]
    found = [
        f"hyperparameters.{name}: unknown; known are {', '.join(HYPERPARAMETERS)}"
        for name in hyper
        if name not in HYPERPARAMETERS
    ]
    for name, allowed in LEVELS.items():
        value = hyper.get(name, "skill")
        if value not in allowed:
            found.append(
                f"hyperparameters.{name}: expected one of {', '.join(map(repr, allowed))}, "
                f"got {value!r}"
            )
    if not isinstance(hyper.get("forgets", False), bool):
        found.append(f"hyperparameters.forgets: expected true or false, got {hyper['forgets']!r}")
    groups = hyper.get("item_groups")
    if groups is not None and not (
        isinstance(groups, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in groups.items())
    ):
        found.append("hyperparameters.item_groups: expected a mapping of item -> group names")
    return found


def _skill_problems(where: str, entry: Any) -> list[str]:
    if not isinstance(entry, Mapping):
        return [f"{where}: expected a mapping of parameter -> value, got {entry!r}"]
    found = [_probability_problem(f"{where}.{name}", entry.get(name)) for name in PARAMETERS]
    n_iter = entry.get("n_iter")
    if not (isinstance(n_iter, int) and not isinstance(n_iter, bool) and n_iter >= 0):
        found.append(f"{where}.n_iter: expected an integer >= 0, got {n_iter!r}")
    found += _list_problems(f"{where}.guess_slip", entry, ("item",), ("guess", "slip"))
    found += _list_problems(
        f"{where}.learn_groups", entry, ("previous_item", "item"), ("learn", "forget")
    )
    priors = entry.get("priors", {})
    if not isinstance(priors, Mapping):
        found.append(f"{where}.priors: expected a mapping of learner -> prior, got {priors!r}")
    else:
        found += [_probability_problem(f"{where}.priors[{k!r}]", v) for k, v in priors.items()]
    return [problem for problem in found if problem]


def _list_problems(
    where: str, entry: Mapping[str, Any], names: tuple[str, ...], values: tuple[str, ...]
) -> list[str]:
    """Faults of an optional list of group records (`names` are item names or null)."""
    key = where.rsplit(".", 1)[1]
    records = entry.get(key, [])
    if not isinstance(records, list):
        return [f"{where}: expected a list, got {records!r}"]
    found = []
    for index, record in enumerate(records):
        at = f"{where}[{index}]"
        if not isinstance(record, Mapping):
            found.append(f"{at}: expected a mapping, got {record!r}")
            continue
        for name in names:
            value = record.get(name)
            nullable = name != "item" or key == "learn_groups"
            if not (isinstance(value, str) or (nullable and value is None)):
                found.append(f"{at}.{name}: expected an item name, got {value!r}")
        found += [_probability_problem(f"{at}.{name}", record.get(name)) for name in values]
    return found


def _probability_problem(where: str, value: Any) -> str:
    if _real(value) and math.isfinite(value) and 0.0 <= value <= 1.0:
        return ""
    return f"{where}: expected a probability in [0, 1], got {value!r}"


def _real(value: Any) -> TypeGuard[float]:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)
