"""Coming back: mastery and history come from the store, and an item left open with hints
shown is shown again, with those hints."""

from __future__ import annotations

import asyncio

import sqlite_utils
from textual.widgets import Static
from tui_support import SIZE, TickingClock, answer_current, ask_hint, create_profile, visible_text

from its.events import Attempt
from its.i18n import percent, t
from its.items.model import Bank
from its.store import events_for, list_learners
from its.tui.app import make_app
from its.tui.screens.practice import PracticeScreen
from its.tutor import MasteryModel
from its.tutor.mastery import replay_mastery


def test_restarted_app_shows_mastery_from_history(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    first = make_app(db, bank, seed=5, clock=clock)

    async def practise() -> None:
        async with first.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Agus")
            await pilot.press("p")
            await pilot.pause()
            for _ in range(2):
                await answer_current(pilot, first, right=True)
                await pilot.press("n")
                await pilot.pause()

    asyncio.run(practise())
    (learner,) = list_learners(db)
    attempts = [e for e in events_for(db, learner.id) if isinstance(e, Attempt)]
    mastery = replay_mastery(bank, attempts, MasteryModel())
    expected = percent(mastery["digital-literacy"])
    assert expected != percent(MasteryModel().default.prior)

    again = make_app(db, bank, seed=5, clock=clock)

    async def reopen() -> None:
        async with again.run_test(size=SIZE) as pilot:
            await pilot.press("1")
            await pilot.pause()
            row = str(again.screen.query_one("#competency-0 .line", Static).content)
            assert "Literasi digital dasar" in row
            assert expected in row

    asyncio.run(reopen())


def test_item_left_open_after_a_hint_comes_back(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    first = make_app(db, bank, seed=5, clock=clock)
    left_open: list[str] = []

    async def hint_then_quit() -> None:
        async with first.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Agus")
            await pilot.press("p")
            await pilot.pause()
            await ask_hint(pilot, first)
            screen = first.screen
            assert isinstance(screen, PracticeScreen)
            left_open.append(screen.item.id)
            await pilot.press("ctrl+q")

    asyncio.run(hint_then_quit())
    again = make_app(db, bank, seed=99, clock=clock)

    async def reopen() -> None:
        async with again.run_test(size=SIZE) as pilot:
            await pilot.press("1", "p")
            await pilot.pause()
            screen = again.screen
            assert isinstance(screen, PracticeScreen)
            assert screen.item.id == left_open[0]
            assert screen.session.hints_shown == 1
            text = visible_text(again)
            assert screen.item.hints[0].get("id") in text
            assert t("reason.resume", "id") in text

    asyncio.run(reopen())
