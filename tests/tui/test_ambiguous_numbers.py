"""A number like `1.195` or `2,500` (thousands in Indonesian, decimals in English) is not
submitted: a notice asks for it without a thousands separator, nothing is recorded, and the
learner retypes it."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from textual.widgets import Input
from tui_support import SIZE, TickingClock, one_item_bank, open_practice, type_text, visible_text

from its.i18n import LANGUAGES, t
from its.tui.app import make_app
from its.tui.screens.practice import PracticeScreen


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("typed", "plain"), [("1.195", "1195"), ("2,500", "2500")])
def test_an_ambiguous_number_is_refused_and_can_be_retyped(
    db: sqlite_utils.Database, clock: TickingClock, language: str, typed: str, plain: str
) -> None:
    app = make_app(db, one_item_bank("num"), seed=1, clock=clock, language=language)  # 12.5

    async def answer() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            await type_text(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
            notice = t(
                "practice.ambiguous_number", language, typed=typed, plain=plain, decimal=f"{typed}0"
            )
            assert notice in visible_text(app)
            assert screen.answering
            assert db["attempts"].count == 0
            field = screen.query_one(Input)
            assert not field.disabled and field.value == typed
            field.value = ""
            await type_text(pilot, "12,5")
            await pilot.press("enter")
            await pilot.pause()
            assert t("practice.correct", language) in visible_text(app)
            assert notice not in visible_text(app)

    asyncio.run(answer())
    assert [row["response"] for row in db["attempts"].rows] == ["12,5"]


@pytest.mark.parametrize("typed", ["1.195.0", "12,5,", "-"])
def test_a_typo_that_is_no_number_is_sent_back_not_scored(
    db: sqlite_utils.Database, clock: TickingClock, typed: str
) -> None:
    app = make_app(db, one_item_bank("num"), seed=1, clock=clock, language="id")

    async def answer() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            await type_text(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert t("practice.not_a_number", "id", typed=typed) in visible_text(app)
            assert screen.answering
            assert db["attempts"].count == 0

    asyncio.run(answer())
