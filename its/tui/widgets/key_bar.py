"""The line of keys at the bottom of a screen (in place of Textual's Footer, so that the
words come from the catalogue and nothing reacts to mouse hovering)."""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.widgets import Static


class KeyBar(Static):
    """The screen's keys; with `follow`, also the scroll keys whenever the followed scroll
    area does not fit, so that cut-off content never goes unmentioned."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.keys = ""
        self.scroll = ""
        self.body: ScrollableContainer | None = None

    def follow(self, body: ScrollableContainer) -> None:
        """Check again whether `body` fits at each of its layouts (its virtual size changes
        with its content and its viewport)."""
        self.body = body
        self.watch(body, "virtual_size", self._laid_out, init=False)

    def show(self, keys: str, *, scroll: str = "") -> None:
        """Show `keys`, then `scroll` (the scroll keys) when the followed area is cut off."""
        self.keys, self.scroll = keys, scroll
        self._render_keys()
        self.call_after_refresh(self._render_keys)  # sizes may not be known yet

    def _laid_out(self) -> None:
        # The watcher runs while Textual is still setting sizes: look once it has finished.
        self.call_later(self._render_keys)

    def _render_keys(self) -> None:
        cut_off = self.body is not None and self.body.max_scroll_y > 0
        self.update(f"{self.keys} · {self.scroll}" if cut_off and self.scroll else self.keys)
