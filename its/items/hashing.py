"""Content versions of items: a short hash of everything a learner sees or is scored on."""

from __future__ import annotations

import hashlib
import json

from its.items.model import Choice, Item, Text

VERSION_LENGTH = 12
"""Hex characters kept from the sha256: collisions among one item's edits are negligible."""


def item_version(item: Item) -> str:
    """Hash an item's learner-facing content into a short version string.

    The id, the source position and the difficulty estimate are left out: moving an item
    or re-estimating its difficulty does not change what past answers answered.

    Args:
        item: the item to hash.

    Returns:
        The first 12 hex characters of the sha256 of a canonical JSON form.
    """
    content = {
        "type": item.type.value,
        "competencies": sorted(item.competencies),
        "stem": _text(item.stem),
        "choices": [_choice(choice) for choice in item.choices],
        "answer_keys": sorted(item.answer_keys),
        "numeric_answer": item.numeric_answer,
        "tolerance": item.tolerance,
        "accepted": list(item.accepted),
        "hints": [_text(hint) for hint in item.hints],
        "feedback_correct": _text(item.feedback_correct),
        "feedback_incorrect": _text(item.feedback_incorrect),
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def _text(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {"id": text.id, "en": text.en}


def _choice(choice: Choice) -> dict[str, object]:
    return {"key": choice.key, "text": _text(choice.text), "feedback": _text(choice.feedback)}
