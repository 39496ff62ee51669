"""What each model file's `settings` may hold: one table for every loader, torch or not.

A model file's header is edited by hand at times; a setting that is unknown, of the wrong
type or out of range must be refused the same way by `DKT.load`, `LiveDKT.load` and every
other loader, before it reaches the weights (torch's own messages name no field). The
table sits here, beside the live loaders, because they must not import the torch models;
`tests/tracing/test_header_checks.py` keeps it equal to each model's `__init__`.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from its.errors import DataFormatError, ItsError


@dataclass(frozen=True, slots=True)
class Rule:
    """One setting: its JSON kind and, for numbers, its range.

    Attributes:
        kind: "int", "number" (an int or a float), "bool", "str" or "names" (a non-empty
            list of strings).
        low: the least value (inclusive), or None.
        high: the bound above (exclusive), or None.
        above: the bound below (exclusive), or None.
        most: the greatest value (inclusive), or None.
        optional: null is allowed.
    """

    kind: str
    low: float | None = None
    high: float | None = None
    above: float | None = None
    most: float | None = None
    optional: bool = False

    def accepts(self, value: Any) -> bool:
        if value is None:
            return self.optional
        if self.kind == "names":
            names = isinstance(value, list) and all(isinstance(v, str) for v in value)
            return names and bool(value)
        if self.kind in ("bool", "str"):
            return isinstance(value, bool if self.kind == "bool" else str)
        kinds = int if self.kind == "int" else int | float
        if isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value):
            return False
        return (
            (self.low is None or value >= self.low)
            and (self.high is None or value < self.high)
            and (self.above is None or value > self.above)
            and (self.most is None or value <= self.most)
        )

    def describe(self) -> str:
        kind = {
            "int": "an integer",
            "number": "a number",
            "bool": "true or false",
            "str": "a string",
            "names": "a non-empty list of names",
        }[self.kind]
        bounds = [
            f"{sign} {_shown(bound)}"
            for sign, bound in (
                (">=", self.low),
                (">", self.above),
                ("<", self.high),
                ("<=", self.most),
            )
            if bound is not None
        ]
        text = " ".join([kind, " and ".join(bounds)]) if bounds else kind
        return text + (" or null" if self.optional else "")


# A count in a hand-edited header must not ask for terabytes: MIRT's trace_particles (used
# when predicting, backed by no weights) once made predict allocate 400 GB.
def _shown(bound: float) -> str:
    """A bound as a reader writes it: 1,000,000 rather than 1e+06."""
    return f"{int(bound):,}" if float(bound).is_integer() else f"{bound:g}"


_COUNT = Rule("int", low=1, most=10**6)
_SEED = Rule("int", low=0, optional=True)
_RATE = Rule("number", low=0.0, high=1.0)  # dropout: 1 would drop everything
_STEP = Rule("number", above=0.0)  # learning rates: positive
_PENALTY = Rule("number", low=0.0)
_SHARE = Rule("number", above=0.0, most=1.0)  # a share of rows or columns: (0, 1]
_DEVICE = Rule("str")
_WINDOW = Rule("int", low=2)  # a window of 1 holds no earlier answer to learn from
_TRAINING = {
    "dropout": _RATE,
    "epochs": _COUNT,
    "batch_size": _COUNT,
    "lr": _STEP,
    "window": _WINDOW,
    "patience": _COUNT,
    "weight_decay": _PENALTY,
    "device": _DEVICE,
    "random_state": _SEED,
}

SETTINGS: dict[str, dict[str, Rule]] = {
    "dkt": {"hidden": _COUNT, "embedding": _COUNT, "last_answer": Rule("bool"), **_TRAINING},
    "attention": {"size": _COUNT, "heads": _COUNT, "layers": _COUNT, **_TRAINING},
    "pairwise-lr": {"size": _COUNT, **_TRAINING},
    "best-lr": {"l2": _PENALTY, "n_iter": _COUNT, "random_state": _SEED},
    "mirt": {
        "dims": _COUNT,
        "particles": _COUNT,
        "trace_particles": _COUNT,
        "epochs": _COUNT,
        "lr": _STEP,
        "batch_answers": _COUNT,
        "patience": _COUNT,
        "l2": _PENALTY,
        "l1": _PENALTY,
        "shared_guess": Rule("bool"),
        "simple_structure": Rule("bool"),
        "random_state": _SEED,
    },
    "gbm": {
        "trees": _COUNT,
        "patience": _COUNT,
        "leaves": Rule("int", low=2),  # a tree of one leaf splits nothing
        "learning_rate": _STEP,
        "min_leaf": _COUNT,
        "l2": _PENALTY,
        "subsample": _SHARE,
        "colsample": _SHARE,
        "random_state": _SEED,
    },
    "ensemble": {
        "members": Rule("names"),
        "epochs": Rule("int", low=1, optional=True),
        "device": _DEVICE,
        "l2": _PENALTY,
        "random_state": _SEED,
    },
}
"""Model name -> setting name -> rule, for every model that writes a `.npz` model file."""


def checked_settings(
    path: str | os.PathLike[str], model: str, settings: Any, *, required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The header's `settings` for `model`, refused unless every one is known and valid
    and each of `required` (what fixes the weights' shapes) is there.

    A setting this version does not know means the file was made by another version of
    its; guessing what it meant could change the model silently, so it is refused.

    Raises:
        DataFormatError: `settings` is missing or not an object, names an unknown
            setting, or a setting has the wrong type or is out of range (every fault
            named at once).
    """
    if settings is None:
        raise DataFormatError(f"{path}: header field 'settings' is missing")
    if not isinstance(settings, dict):
        raise DataFormatError(f"{path}: header field 'settings' must be an object")
    rules = SETTINGS[model]
    unknown = sorted(name for name in settings if name not in rules)
    # A header whose model field was changed by hand: its settings fit another model.
    fitting = [
        other for other, table in SETTINGS.items() if other != model and set(settings) <= set(table)
    ]
    if unknown and fitting:
        raise DataFormatError(
            f"{path}: the header says model {model!r}, but its settings are those of "
            f"{' or '.join(map(repr, fitting))} (unknown to {model}: {', '.join(unknown)}); "
            "the model field does not match the file"
        )
    if unknown:
        raise DataFormatError(
            f"{path}: made by another version of its (unknown settings: {', '.join(unknown)}); "
            "retrain the model with this version"
        )
    faults = [f"'settings.{name}' is missing" for name in required if name not in settings]
    faults += [f"'settings.{name}' {fault}" for name, fault in setting_faults(model, settings)]
    if faults:
        raise DataFormatError(f"{path}: header field {'; '.join(faults)}")
    return settings


def setting_faults(model: str, settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, what is wrong) for each of `settings` that `model`'s table refuses (a name
    the table lacks is left to the caller)."""
    rules = SETTINGS[model]
    return [
        (name, f"must be {rules[name].describe()}, got {json_text(value)}")
        for name, value in settings.items()
        if name in rules and not rules[name].accepts(value)
    ]


def check_estimator_settings(model: str, settings: Mapping[str, Any]) -> None:
    """Refuse an estimator's settings that a saved file of it would be refused for, at
    `fit`, before any work.

    Raises:
        ItsError: naming each setting out of range or of the wrong type.
    """
    faults = setting_faults(model, settings)
    if faults:
        raise ItsError(
            f"{model}: " + "; ".join(f"setting {name!r} {fault}" for name, fault in faults)
        )


def json_text(value: Any) -> str:
    """`value` as the header spells it (true, null, "big"), short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
