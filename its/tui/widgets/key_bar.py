"""The line of keys at the bottom of a screen (in place of Textual's Footer, so that the
words come from the catalogue and nothing reacts to mouse hovering)."""

from __future__ import annotations

from textual.widgets import Static


class KeyBar(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, keys: str, *, scroll: str = "") -> None:
        """The screen's keys, then `scroll` (the scroll keys) when its content is cut off."""
        self.update(f"{keys} · {scroll}" if scroll else keys)
