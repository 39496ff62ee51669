"""A placement check stopped partway is offered again after a restart and resumes: the count
goes on, and no answered item is asked again."""

from __future__ import annotations

import asyncio

import sqlite_utils
from tui_support import SIZE, TickingClock, answer_current, create_profile, on_screen, visible_text

from its.events import Attempt
from its.i18n import t
from its.items.load import load_bank, starter_bank_path
from its.store import events_for, list_learners
from its.tui.app import make_app
from its.tui.screens.home import HomeScreen
from its.tui.screens.practice import PracticeScreen
from its.tui.screens.summary import SummaryScreen
from its.tutor.placement import PLACEMENT_ITEMS


def test_a_placement_check_stopped_partway_resumes_after_a_restart(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = load_bank(starter_bank_path())
    first = make_app(db, bank, seed=1, clock=clock, language="en")

    async def start_and_stop() -> None:
        async with first.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Budi Santoso")
            await pilot.press("t")
            await pilot.pause()
            for _ in range(2):
                await answer_current(pilot, first, right=True)
                await pilot.press("n")
                await pilot.pause()
            assert isinstance(first.screen, PracticeScreen)  # stopped partway: the app ends

    asyncio.run(start_and_stop())
    (learner,) = list_learners(db)
    asked = {e.item_id for e in events_for(db, learner.id) if isinstance(e, Attempt)}
    assert len(asked) == 2
    again = make_app(db, bank, seed=1, clock=clock, language="en")

    async def reopen() -> None:
        async with again.run_test(size=SIZE) as pilot:
            await pilot.press("1")
            await pilot.pause()
            assert isinstance(again.screen, HomeScreen)
            assert t("home.placement_offer", "en")[:40] in on_screen(again)
            await pilot.press("t")
            await pilot.pause()
            screen = again.screen
            assert isinstance(screen, PracticeScreen) and screen.session.placing
            assert f"item 3 of at most {PLACEMENT_ITEMS}" in on_screen(again)
            assert screen.item.id not in asked
            await pilot.press("escape")  # stopped again, from the keyboard this time
            await pilot.pause()
            assert isinstance(again.screen, SummaryScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert t("home.placement_offer", "en")[:40] in on_screen(again)
            await pilot.press("p")  # ordinary practice: placement is no longer offered
            await pilot.pause()
            await answer_current(pilot, again, right=True)
            await pilot.press("escape", "enter")
            await pilot.pause()
            assert t("home.placement_offer", "en")[:40] not in on_screen(again)
            await pilot.press("t")
            await pilot.pause()
            assert t("home.placement_done", "en") in visible_text(again)

    asyncio.run(reopen())
