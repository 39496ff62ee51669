"""Answering with keys and typing: every item type, empty answers, hints running out, and
ending a session from any item."""

from __future__ import annotations

import asyncio
import re

import sqlite_utils
from tui_support import (
    SIZE,
    TickingClock,
    ask_hint,
    one_item_bank,
    open_practice,
    type_text,
    visible_text,
)

from its.i18n import t
from its.tui.app import make_app
from its.tui.screens.practice import PracticeScreen
from its.tui.screens.summary import SummaryScreen
from its.tui.widgets.choice_list import ChoiceList
from its.tui.widgets.text_answer import TextAnswer


def test_empty_typed_answer_is_not_scored(db: sqlite_utils.Database, clock: TickingClock) -> None:
    app = make_app(db, one_item_bank("word"), seed=1, clock=clock)

    async def submit_nothing() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            assert app.screen.query_one(TextAnswer).cursor_blink is False
            await pilot.press("space", "enter")
            await pilot.pause()
            assert t("practice.type_first", "id") in visible_text(app)
            assert isinstance(app.screen, PracticeScreen) and app.screen.answering

    asyncio.run(submit_nothing())
    assert db["attempts"].count == 0


def test_numeric_answer_with_a_decimal_comma(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    app = make_app(db, one_item_bank("num"), seed=1, clock=clock)

    async def answer() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            await type_text(pilot, "x12,5")  # the letter is refused by the input
            await pilot.press("enter")
            await pilot.pause()
            assert t("practice.correct", "id") in visible_text(app)

    asyncio.run(answer())
    (row,) = db["attempts"].rows
    assert row["response"] == "12,5"
    assert row["correct"] == 1


def test_wrong_typed_answer_shows_the_right_one(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    app = make_app(db, one_item_bank("word"), seed=1, clock=clock, language="en")

    async def answer() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            await type_text(pilot, "Bandung")
            await pilot.press("enter")
            await pilot.pause()
            text = visible_text(app)
            assert t("practice.incorrect", "en") in text
            assert t("practice.right_answer", "en", answer="Jakarta") in text
            assert re.search(r"Arithmetic: 20% \(\d+\u2013\d+%\) → ", text), text

    asyncio.run(answer())


def test_multiple_response_ticks_then_submits(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    app = make_app(db, one_item_bank("multi"), seed=1, clock=clock)

    async def answer() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            await pilot.press("enter")
            await pilot.pause()
            assert t("practice.choose_first", "id") in visible_text(app)
            await pilot.press("a", "2", "b", "3")
            await pilot.pause()
            assert app.screen.query_one(ChoiceList).selected == {"a", "c"}
            await pilot.press("enter")
            await pilot.pause()
            assert t("practice.correct", "id") in visible_text(app)

    asyncio.run(answer())
    (row,) = db["attempts"].rows
    assert row["response"] == "a,c"


def test_true_false_with_letters(db: sqlite_utils.Database, clock: TickingClock) -> None:
    app = make_app(db, one_item_bank("tf"), seed=1, clock=clock)

    async def answer() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            await pilot.press("s")  # Salah: on a true/false item `s` answers, not ends
            await pilot.pause()
            assert isinstance(app.screen, PracticeScreen)
            assert t("practice.correct", "id") in visible_text(app)
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("t")  # English for True; in Indonesian `t` would read "tidak"
            await pilot.pause()
            assert app.screen.answering
            await pilot.press("b")  # Benar
            await pilot.pause()
            assert t("practice.incorrect", "id") in visible_text(app)

    asyncio.run(answer())
    assert [row["response"] for row in db["attempts"].rows] == ["false", "true"]


def test_hints_run_out_with_a_message(db: sqlite_utils.Database, clock: TickingClock) -> None:
    app = make_app(db, one_item_bank("tf"), seed=1, clock=clock)

    async def hints() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            await ask_hint(pilot, app)
            assert "petunjuk satu" in visible_text(app)
            await ask_hint(pilot, app)
            assert t("practice.no_more_hints", "id") in visible_text(app)

    asyncio.run(hints())
    assert db["hints_shown"].count == 1


def test_ctrl_t_gives_a_hint_while_typing(db: sqlite_utils.Database, clock: TickingClock) -> None:
    app = make_app(db, one_item_bank("word"), seed=1, clock=clock)

    async def hint() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            await type_text(pilot, "Ja")
            await pilot.press("h", "ctrl+t")
            await pilot.pause()
            assert app.screen.query_one(TextAnswer).value == "Jah"
            assert "petunjuk satu" in visible_text(app)

    asyncio.run(hint())
    assert db["hints_shown"].count == 1


def test_escape_ends_the_session_from_a_typed_item(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    app = make_app(db, one_item_bank("num"), seed=1, clock=clock)

    async def leave() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            await pilot.press("1", "escape")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            assert app.screen.summary.answered == 0
            assert t("summary.no_changes", "id").strip() in visible_text(app)

    asyncio.run(leave())


def test_enter_before_answering_does_nothing(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    app = make_app(db, one_item_bank("tf"), seed=1, clock=clock)

    async def press_enter() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            await pilot.press("enter", "n")
            await pilot.pause()
            assert isinstance(app.screen, PracticeScreen) and app.screen.answering

    asyncio.run(press_enter())
    assert db["attempts"].count == 0
