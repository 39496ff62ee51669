"""The why-this-item line gives the chance of a right answer with the item's own guess: a
typed word is seldom guessed."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import sqlite_utils
from tui_support import SIZE, TickingClock, one_item_bank, open_practice

from its.i18n import percent
from its.items.model import ItemType
from its.tui.app import make_app
from its.tui.screens.practice import PracticeScreen
from its.tutor.mastery import TYPED_GUESS, MasteryModel
from its.tutor.success import chance_of_right


def test_a_typed_item_shows_a_low_chance_of_a_right_answer(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = one_item_bank("word")
    item = bank.item("word")
    model = MasteryModel()
    prior = {c: model.default.prior for c in bank.competencies}
    competency = item.competencies[0]
    success = chance_of_right(item, competency, prior, model)
    as_true_false = replace(item, type=ItemType.TRUE_FALSE)
    assert success < chance_of_right(as_true_false, competency, prior, model) - 0.3
    assert TYPED_GUESS < 0.05
    app = make_app(db, bank, seed=1, clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            assert screen.session.current is not None
            assert screen.session.current.expected_success == success
            why = str(screen.query_one("#why").content)
            assert percent(success, "en") in why, why

    asyncio.run(run())
