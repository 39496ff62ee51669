"""Messages the widgets post; the screens' handlers call the tutor."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class AnswerSubmitted(Message):
    """The learner gave a response to the item on screen (as the tutor scores it: a choice
    key, comma-joined keys, `true`/`false`, or typed text)."""

    item_id: str
    response: str


@dataclass
class SelectionChanged(Message):
    """The ticked choices of a multiple-response item changed (nothing submitted yet)."""

    item_id: str
    selected: tuple[str, ...]
