"""`l` switches between Indonesian and English on the spot, and a learner's choice is kept."""

from __future__ import annotations

import asyncio

import sqlite_utils
from tui_support import SIZE, TickingClock, create_profile, visible_text

from its.i18n import t
from its.items.model import Bank
from its.store import get_learner, list_learners
from its.tui.app import make_app


def test_profile_screen_switches_language(db: sqlite_utils.Database, bank: Bank) -> None:
    app = make_app(db, bank, seed=1)

    async def switch() -> None:
        async with app.run_test(size=SIZE) as pilot:
            assert t("profile.none_yet", "id") in visible_text(app)
            await pilot.press("l")
            await pilot.pause()
            text = visible_text(app)
            assert t("profile.none_yet", "en") in text
            assert t("profile.none_yet", "id") not in text
            await pilot.press("l")
            await pilot.pause()
            assert t("profile.none_yet", "id") in visible_text(app)

    asyncio.run(switch())


def test_home_screen_switches_language_and_saves_it(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    app = make_app(db, bank, seed=1, clock=clock)

    async def switch() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Dewi")
            text = visible_text(app)
            assert "Literasi digital dasar" in text
            assert t("home.status_locked", "id") in text
            await pilot.press("l")
            await pilot.pause()
            text = visible_text(app)
            assert "Digital literacy basics" in text
            assert "Literasi digital dasar" not in text
            assert t("home.status_locked", "en") in text
            assert t("home.keys", "en") in text

    asyncio.run(switch())
    (learner,) = list_learners(db)
    assert get_learner(db, learner.id).language == "en"


def test_saved_language_is_used_when_the_profile_is_picked(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    first = make_app(db, bank, seed=1, clock=clock)

    async def make_english_profile() -> None:
        async with first.run_test(size=SIZE) as pilot:
            await pilot.press("l")
            await create_profile(pilot, "Rina")

    asyncio.run(make_english_profile())
    again = make_app(db, bank, seed=1, clock=clock)

    async def reopen() -> None:
        async with again.run_test(size=SIZE) as pilot:
            assert t("profile.choose", "id") in visible_text(again)
            await pilot.press("1")
            await pilot.pause()
            assert t("home.title", "en", name="Rina") in visible_text(again)

    asyncio.run(reopen())
