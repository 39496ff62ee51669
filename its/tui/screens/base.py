"""What every screen of the app shares: typed access to the app and the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from its.tui.app import ItsApp


class ItsScreen(Screen[None]):
    """A full screen of the learner app."""

    @property
    def its(self) -> ItsApp:
        return cast("ItsApp", self.app)

    def tr(self, key: str, /, **params: object) -> str:
        return self.its.tr(key, **params)

    def refresh_text(self) -> None:
        """Render every visible string again (after a language switch)."""


class ItsModal(ModalScreen[Any]):
    """A dialog over the current screen."""

    @property
    def its(self) -> ItsApp:
        return cast("ItsApp", self.app)

    def tr(self, key: str, /, **params: object) -> str:
        return self.its.tr(key, **params)
