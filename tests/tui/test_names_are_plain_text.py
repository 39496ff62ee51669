"""A learner's name is shown as typed: markup-like brackets neither crash nor style the app."""

from __future__ import annotations

import asyncio

import sqlite_utils
from textual.widgets import OptionList
from tui_support import SIZE, TickingClock, visible_text

from its.items.model import Bank
from its.store import create_learner
from its.tui.app import make_app
from its.tui.screens.home import HomeScreen


def test_a_name_with_closing_markup_tags_is_listed_and_opens(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    create_learner(db, "[/b] Ani [bold]", language="id", now=clock())
    create_learner(db, "[bold]Rina", language="id", now=clock())
    app = make_app(db, bank, seed=1, clock=clock)

    async def open_it() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            profiles = app.screen.query_one("#profiles", OptionList)
            prompts = [str(profiles.get_option_at_index(i).prompt) for i in range(2)]
            assert prompts == ["> 1) [/b] Ani [bold]", "  2) [bold]Rina"]
            await pilot.press("1")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert "[/b] Ani [bold]" in visible_text(app)

    asyncio.run(open_it())
