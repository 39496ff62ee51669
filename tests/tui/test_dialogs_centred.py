"""Dialogs (new profile, job picker, help, job change) open centred and whole at 80x24 and
60x20, over a screen behind them that stays as it was; a new question opens at its top."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from textual.geometry import Region
from textual.screen import Screen
from tui_support import (
    SIZE,
    TickingClock,
    answer_current,
    create_profile,
    on_screen,
    show_item,
    show_next,
    type_text,
)

from its.items.load import load_bank, starter_bank_path
from its.tui.app import ItsApp, make_app
from its.tui.screens.base import ItsModal
from its.tui.screens.practice import PracticeScreen

SIZES = [SIZE, (60, 20)]


def layout(screen: Screen[object]) -> dict[str, Region]:
    return {str(w.id): w.region for w in screen.query("*") if w.id is not None}


def check_dialog(app: ItsApp, behind: dict[str, Region], size: tuple[int, int]) -> None:
    assert isinstance(app.screen, ItsModal), app.screen
    width, height = size
    region = app.screen.query_one("#dialog").region
    assert region.x >= 0 and region.right <= width and region.bottom <= height, region
    assert abs(region.x - (width - region.right)) <= 1, region  # centred across
    assert abs(region.y - (height - region.bottom)) <= 1, region  # and down
    lines = on_screen(app).splitlines()
    assert lines[region.y][region.right - 1] == "╮", lines[region.y]  # the border is whole
    assert layout(app.screen_stack[-2]) == behind  # the screen behind has not moved


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_dialogs_are_centred_and_whole(
    db: sqlite_utils.Database, clock: TickingClock, size: tuple[int, int]
) -> None:
    app = make_app(db, load_bank(starter_bank_path()), seed=1, clock=clock, language="id")

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            profiles = layout(app.screen)
            await pilot.press("n")
            await pilot.pause()
            check_dialog(app, profiles, size)
            dialog = layout(app.screen)
            await type_text(pilot, "Budi Santoso")
            await pilot.press("enter")
            await pilot.pause()
            check_dialog(app, dialog, size)  # the job picker over the new-profile dialog
            await pilot.press("8")  # a family with seven levels
            await pilot.pause()
            check_dialog(app, dialog, size)  # its level step
            await pilot.press("1")
            await pilot.pause()
            home = layout(app.screen)
            for key in ("m", "j"):
                await pilot.press(key)
                await pilot.pause()
                check_dialog(app, home, size)
                await pilot.press("escape")
                await pilot.pause()
                assert layout(app.screen) == home

    asyncio.run(run())


def check_at_top(app: ItsApp) -> None:
    screen = app.screen
    assert isinstance(screen, PracticeScreen), screen
    assert screen.query_one("#body").scroll_y == 0, screen.item.id
    first_words = " ".join(screen.item.stem.get(app.language).split()[:3])
    assert first_words in on_screen(app), (screen.item.id, on_screen(app))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_a_new_question_opens_at_its_top(
    db: sqlite_utils.Database, clock: TickingClock, size: tuple[int, int]
) -> None:
    """After feedback scrolled the body down, the next item's stem starts on screen."""
    bank = load_bank(starter_bank_path())
    longest = sorted(bank.items, key=lambda it: -len(it.stem.get("id")))[:4]
    app = make_app(db, bank, seed=1, clock=clock, language="id")

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await create_profile(pilot, "Budi")
            await pilot.press("t")  # the first placement item, from the home screen
            await pilot.pause()
            check_at_top(app)
            await pilot.press("escape", "enter")
            await pilot.pause()
            screen = await show_item(pilot, app, longest[0])
            for item in longest[1:]:
                await answer_current(pilot, app, right=False)
                await show_next(pilot, screen, item)
                await pilot.pause()
                check_at_top(app)

    asyncio.run(run())
