"""The profile screen: create, refuse bad names in the learner's language, pick by number."""

from __future__ import annotations

import asyncio

import sqlite_utils
from tui_support import SIZE, TickingClock, create_profile, type_text, visible_text

from its.i18n import t
from its.items.model import Bank
from its.store import create_learner, list_learners
from its.tui.app import make_app
from its.tui.screens.home import HomeScreen
from its.tui.screens.new_profile import NewProfileScreen
from its.tui.screens.profiles import ProfileScreen


def test_empty_and_taken_names_are_refused_with_a_message(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    create_learner(db, "Ani", language="id", now=clock())
    app = make_app(db, bank, seed=1, clock=clock)

    async def try_names() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n")
            await pilot.press("space", "enter")
            await pilot.pause()
            assert isinstance(app.screen, NewProfileScreen)
            assert t("profile.name_empty", "id") in visible_text(app)
            await pilot.press("backspace")
            await type_text(pilot, "ani")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, NewProfileScreen)
            assert t("profile.name_taken", "id", name="ani") in visible_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ProfileScreen)

    asyncio.run(try_names())
    assert [learner.name for learner in list_learners(db)] == ["Ani"]


def test_pick_a_profile_by_number_and_go_back(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    for name in ("Ani", "Budi", "Citra"):
        create_learner(db, name, language="id", now=clock())
    app = make_app(db, bank, seed=1, clock=clock)

    async def pick() -> None:
        async with app.run_test(size=SIZE) as pilot:
            text = visible_text(app)
            assert "> 1) Ani" in str(
                app.screen.query_one("#profiles").get_option_at_index(0).prompt
            )
            assert t("profile.choose", "id") in text
            await pilot.press("2")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.learner is not None and app.learner.name == "Budi"
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, ProfileScreen)
            assert app.learner is None
            await pilot.press("7")
            await pilot.pause()
            assert t("profile.no_such_number", "id", number=7) in visible_text(app)
            await pilot.press("down", "down", "enter")
            await pilot.pause()
            assert app.learner is not None and app.learner.name == "Citra"

    asyncio.run(pick())


def test_q_quits(db: sqlite_utils.Database, bank: Bank, clock: TickingClock) -> None:
    app = make_app(db, bank, seed=1, clock=clock)

    async def quit_app() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Eko")
            await pilot.press("q")
            await pilot.pause()
            assert not app.is_running

    asyncio.run(quit_app())
