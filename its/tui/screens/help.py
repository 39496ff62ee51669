"""What the words and numbers of the app mean ("mastered", the band, review), and the home
screen's less used keys (kept off its one-line key bar), until closed."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from its.i18n import percent
from its.tui.bands import LEVEL
from its.tui.screens.base import ItsModal


class HelpScreen(ItsModal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,space,m", "close", show=False),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
    ]

    def compose(self) -> ComposeResult:
        language = self.its.language
        text = self.tr(
            "help.mastered",
            threshold=percent(self.its.model.threshold, language),
            level=percent(LEVEL, language),
            due=percent(self.its.tutor.review.due_below, language),
        )
        with Vertical(id="dialog"):
            yield Static(self.tr("help.title"), id="dialog-title", markup=False)
            with VerticalScroll(id="help-body", can_focus=False):
                yield Static(text, id="help-text", markup=False)
                if self.its.tutor.live is not None:
                    yield Static(self.tr("help.live_model"), id="help-live", markup=False)
                yield Static(self.tr("help.more_keys"), id="help-keys", markup=False)
            yield Static(self.tr("help.keys"), classes="keys", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        """On a small terminal the text scrolls inside the dialog."""
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "up":
            body.scroll_up(animate=False)
        else:
            body.scroll_down(animate=False)
