"""Decide whether a learner's typed or chosen response answers an item. Pure functions."""

from __future__ import annotations

import math
import re
from typing import assert_never

from its.items.model import Item, ItemType

# One decimal separator at most: "1.000,5" is ambiguous between Indonesian and English
# conventions, so it is refused rather than guessed.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
# "1.195" or "2,500": a thousands separator in one convention, a decimal one in the other.
_THOUSANDS_LIKE = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")
_TOLERANCE_SLACK = 1e-9
"""Added to the tolerance so that 0.1 + 0.2 counts as 0.3 despite binary rounding."""


def parse_numeric(text: str) -> float | None:
    """Read a number as a learner types it.

    Accepts a decimal comma or point (`2,5`, `2.5`), surrounding spaces and a `%` suffix,
    which is dropped (`50 %` reads as 50, not 0.5: the item's answer is written as 50).
    A number that reads as thousands in one convention and decimals in the other (`1.195`)
    is refused; `is_ambiguous_number` lets the app ask the learner to write it plainly.

    Args:
        text: what the learner typed.

    Returns:
        The number, or None when the text is not one.
    """
    written = text.strip()
    if written.endswith("%"):
        written = written[:-1].rstrip()
    if not _NUMBER.fullmatch(written) or _THOUSANDS_LIKE.fullmatch(written):
        return None
    value = float(written.replace(",", "."))
    return value if math.isfinite(value) else None


def is_ambiguous_number(text: str) -> bool:
    """True for `1.195` or `2,500`: one thousand and more in Indonesian, a decimal in English."""
    written = text.strip().removesuffix("%").rstrip()
    return _THOUSANDS_LIKE.fullmatch(written) is not None


# Typed around an answer, not part of it: "Halusinasi." and "“phishing”" match.
_SURROUNDING = " \t\n.,;:!?\"'“”«»()[]\u2018\u2019"


def normalize_text(text: str) -> str:
    """Fold case, collapse runs of whitespace and drop the punctuation and quotes typed around
    an answer, as short-text matching does."""
    return " ".join(text.casefold().split()).strip(_SURROUNDING)


def is_correct(item: Item, response: str) -> bool:
    """Score a response against an item.

    Args:
        item: the item answered.
        response: for choice types, a choice key or comma-separated keys in any order
            (`"a, c"`); for numeric items, the typed number; for short text, the typed text.

    Returns:
        True when the response is right. A multiple-response item needs exactly the set of
        answer keys; an unparseable number is simply wrong.
    """
    match item.type:
        case ItemType.SINGLE_CHOICE | ItemType.MULTIPLE_RESPONSE | ItemType.TRUE_FALSE:
            return _chosen_keys(response) == item.answer_keys
        case ItemType.NUMERIC:
            value = parse_numeric(response)
            if value is None or item.numeric_answer is None:
                return False
            return abs(value - item.numeric_answer) <= item.tolerance + _TOLERANCE_SLACK
        case ItemType.SHORT_TEXT:
            typed = normalize_text(response)
            return any(typed == normalize_text(accepted) for accepted in item.accepted)
        case _:
            assert_never(item.type)


def _chosen_keys(response: str) -> frozenset[str]:
    return frozenset(key for part in response.split(",") if (key := part.strip().casefold()))
