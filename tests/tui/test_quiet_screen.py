"""Settings for slow links (TUI_NOTES.md): no animations, no command palette, no blinking,
no repeating timers, mouse optional, and every screen fits 80x24."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlite_utils
from textual.app import App
from textual.message_pump import MessagePump
from textual.widgets import Input
from tui_support import SIZE, TickingClock, answer_current, one_item_bank, open_practice

from its.items.load import load_bank, starter_bank_path
from its.tui.app import ItsApp, make_app
from its.tui.screens.practice import PracticeScreen
from its.tui.widgets.key_bar import KeyBar


def _running_repeating_timers(app: ItsApp) -> list[str]:
    """Repeating timers that are started and not paused, on the app and every widget.

    Reads Textual's private timer fields: there is no public way to list timers.
    """
    nodes: list[MessagePump] = [app, *app.screen_stack]
    for screen in app.screen_stack:
        nodes.extend(screen.walk_children(with_self=False))
    return [
        f"{node!r}: {timer.name}"
        for node in nodes
        for timer in list(node._timers)
        if timer._repeat is None and timer._task is not None and timer._active.is_set()
    ]


def test_app_settings(db: sqlite_utils.Database, clock: TickingClock) -> None:
    app = make_app(db, one_item_bank("word"), seed=1, clock=clock)
    assert app.animation_level == "none"
    assert app.ENABLE_COMMAND_PALETTE is False

    async def look() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            assert isinstance(app.screen, PracticeScreen)
            for field in app.screen.query(Input):
                assert field.cursor_blink is False
            assert _running_repeating_timers(app) == []

    asyncio.run(look())


@pytest.mark.parametrize("mouse", [True, False])
def test_mouse_can_be_switched_off(
    db: sqlite_utils.Database, clock: TickingClock, monkeypatch: pytest.MonkeyPatch, mouse: bool
) -> None:
    seen: dict[str, Any] = {}

    async def fake_run_async(self: App[None], **options: Any) -> None:
        seen.update(options)

    monkeypatch.setattr(App, "run_async", fake_run_async)
    make_app(db, one_item_bank("tf"), mouse=mouse).run()
    assert seen["mouse"] is mouse


def test_starter_bank_screens_fit_80x24(db: sqlite_utils.Database, clock: TickingClock) -> None:
    """Walk the starter bank's first items; the key line stays on screen throughout."""
    app = make_app(db, load_bank(starter_bank_path()), seed=2, clock=clock)

    def keys_visible() -> None:
        bar = app.screen.query_one(KeyBar)
        assert bar.region.height >= 1
        assert bar.region.bottom <= SIZE[1]
        assert bar.region.right <= SIZE[0]

    async def walk() -> None:
        async with app.run_test(size=SIZE) as pilot:
            keys_visible()
            await open_practice(pilot)
            for _ in range(5):
                keys_visible()
                await answer_current(pilot, app, right=False)
                keys_visible()
                await pilot.press("n")
                await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            keys_visible()

    asyncio.run(walk())
