"""The acceptance test: a new learner practises three items with the keys, asks for a hint,
and everything they did is in the store and moves their mastery."""

from __future__ import annotations

import asyncio
import json

import sqlite_utils
from tui_support import SIZE, TickingClock, answer_current, ask_hint, create_profile

from its.events import Attempt
from its.items.model import Bank
from its.store import events_for, list_learners
from its.tui.app import make_app
from its.tui.screens.home import HomeScreen
from its.tui.screens.practice import PracticeScreen
from its.tui.screens.summary import SummaryScreen
from its.tutor import MasteryModel
from its.tutor.mastery import initial_mastery, replay_mastery


def test_three_items_and_a_hint_are_stored_and_move_mastery(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    app = make_app(db, bank, seed=3, clock=clock)

    async def learn() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Siti Rahma")
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("p")
            await pilot.pause()
            for number in range(3):
                if number == 0:
                    await ask_hint(pilot, app)
                await answer_current(pilot, app, right=number != 1)
                await pilot.press("n" if number < 2 else "escape")
                await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            assert app.screen.summary.answered == 3
            assert app.screen.summary.hints >= 1
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(learn())

    (learner,) = list_learners(db)
    attempts = list(db["attempts"].rows)
    hints = list(db["hints_shown"].rows)
    assert len(attempts) == 3
    assert len(hints) >= 1
    for row in [*attempts, *hints]:
        item = bank.item(row["item_id"])
        assert row["learner_id"] == learner.id
        assert row["item_version"] == item.version != ""
        assert json.loads(row["competencies"]) == list(item.competencies)
    assert hints[0]["item_id"] == attempts[0]["item_id"]
    assert attempts[0]["hints_used"] == 1
    model = MasteryModel()
    stored = [e for e in events_for(db, learner.id) if isinstance(e, Attempt)]
    assert replay_mastery(bank, stored, model) != initial_mastery(bank, model)


def test_practice_screen_shows_why_the_item_was_chosen(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    app = make_app(db, bank, seed=3, clock=clock, language="en")

    async def look() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Budi")
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            why = str(screen.query_one("#why").content)
            assert why.startswith("Why this item:")
            assert "Digital literacy basics" in why
            assert "20%" in why

    asyncio.run(look())
