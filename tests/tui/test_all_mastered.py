"""Practising until every competency is mastered ends in the summary, with a message."""

from __future__ import annotations

import asyncio

import sqlite_utils
from tui_support import SIZE, TickingClock, answer_current, open_practice, visible_text

from its.i18n import t
from its.items.model import Bank
from its.tui.app import make_app
from its.tui.screens.home import HomeScreen
from its.tui.screens.summary import SummaryScreen


def test_mastering_everything_goes_to_the_summary(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    app = make_app(db, bank, seed=11, clock=clock, language="en")

    async def master_all() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            for _ in range(60):
                if isinstance(app.screen, SummaryScreen):
                    break
                await answer_current(pilot, app, right=True)
                await pilot.press("n")
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SummaryScreen)
            assert screen.all_mastered
            text = visible_text(app)
            assert t("summary.all_mastered", "en") in text
            assert len(screen.summary.newly_mastered) == len(bank.competencies)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert t("home.all_mastered", "en") in visible_text(app)
            word = " " + t("home.status_mastered", "en")
            rows = [line for line in visible_text(app).splitlines() if line.endswith(word)]
            assert len(rows) == 3
            await pilot.press("p")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(master_all())
