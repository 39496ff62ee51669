"""A one-line message under the content ("type an answer first"), cleared by the next step.

Used instead of toast notifications, which disappear on a timer."""

from __future__ import annotations

from textual.widgets import Static


class Notice(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def say(self, text: str) -> None:
        self.update(text)
        self.display = bool(text)

    def clear(self) -> None:
        self.say("")
