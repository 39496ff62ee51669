"""A user-fixable error (any ItsError), shown with its message until dismissed."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from its.tui.screens.base import ItsModal


class ErrorScreen(ItsModal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,space", "close", show=False),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.tr("error.title"), id="dialog-title", markup=False)
            yield Static(self.message, id="error-message", markup=False)
            yield Static(self.tr("error.keys"), classes="keys", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
