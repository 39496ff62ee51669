"""A user-fixable error is shown in a dialog with its message; nothing is lost or shown as
done when the store refuses an event."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from tui_support import SIZE, TickingClock, one_item_bank, open_practice, visible_text

from its.errors import StoreError
from its.events import Event
from its.i18n import t
from its.tui.app import make_app
from its.tui.screens import practice
from its.tui.screens.error import ErrorScreen
from its.tui.screens.practice import PracticeScreen


def test_store_error_on_answer_shows_a_dialog_and_keeps_the_item(
    db: sqlite_utils.Database, clock: TickingClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(db, one_item_bank("tf"), seed=1, clock=clock)
    real_append = practice.append_event

    def disk_full(database: sqlite_utils.Database, event: Event) -> None:
        raise StoreError("its.db: disk is full; free some space and try again")

    async def answer() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            monkeypatch.setattr(practice, "append_event", disk_full)
            await pilot.press("2")
            await pilot.pause()
            assert isinstance(app.screen, ErrorScreen)
            assert "disk is full" in visible_text(app)
            assert t("error.title", "id") in visible_text(app)
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            assert screen.answering
            assert t("practice.correct", "id") not in visible_text(app)
            monkeypatch.setattr(practice, "append_event", real_append)
            await pilot.press("2")
            await pilot.pause()
            assert t("practice.correct", "id") in visible_text(app)

    asyncio.run(answer())
    assert db["attempts"].count == 1


def test_store_error_on_hint_shows_no_hint(
    db: sqlite_utils.Database, clock: TickingClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(db, one_item_bank("tf"), seed=1, clock=clock)

    def read_only(database: sqlite_utils.Database, event: Event) -> None:
        raise StoreError("its.db: the file is read-only")

    async def hint() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            monkeypatch.setattr(practice, "append_event", read_only)
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, ErrorScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert "petunjuk satu" not in visible_text(app)
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            assert screen.session.hints_shown == 0

    asyncio.run(hint())
