"""After an answer the feedback scrolls into view at 80x24: its first line and the mastery
line are on screen for every starter-bank item, after every hint and a wrong answer, in both
languages; hints scroll into view as they open; the key bar names ↑↓ whenever the body does
not fit."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from tui_support import (
    SIZE,
    TickingClock,
    answer_current,
    ask_hint,
    create_profile,
    on_screen,
    show_item,
    show_next,
)

from its.i18n import LANGUAGES, t
from its.items.load import load_bank, starter_bank_path
from its.items.model import Bank, Item
from its.tui.app import ItsApp, make_app
from its.tui.screens.practice import PracticeScreen
from its.tui.widgets.key_bar import KeyBar

STARTER = load_bank(starter_bank_path())


def _check_feedback_in_view(app: ItsApp, screen: PracticeScreen, item: Item) -> None:
    language = app.language
    shown = on_screen(app)
    feedback = str(screen.query_one("#feedback").content)
    assert feedback.splitlines()[0] in shown, (item.id, shown)
    assert t("practice.mastery_heading", language) in shown, (item.id, shown)
    for competency in item.competencies:
        assert f"  {app.competency_name(competency)}: " in shown, (item.id, shown)
    _check_keys(screen, item)


def _check_keys(screen: PracticeScreen, item: Item) -> None:
    bar = screen.query_one(KeyBar)
    cut_off = screen.query_one("#body").max_scroll_y > 0
    assert (t("app.keys_scroll", screen.its.language) in str(bar.content)) == cut_off, item.id
    assert bar.region.height == 1, (item.id, bar.content)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("competency", list(STARTER.competencies))
def test_feedback_and_mastery_scroll_into_view(
    db: sqlite_utils.Database, clock: TickingClock, language: str, competency: str
) -> None:
    """Every item of one competency, with all its hints open, answered wrongly."""
    items = [item for item in STARTER.items if item.competencies[0] == competency]
    bank = Bank(competencies=STARTER.competencies, items=tuple(items))
    app = make_app(db, bank, seed=3, clock=clock, language=language)

    async def walk() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Tester")
            screen = await show_item(pilot, app, items[0])
            for item in items:
                await show_next(pilot, screen, item, hints=len(item.hints))
                await answer_current(pilot, app, right=False)
                assert app.screen is screen
                _check_feedback_in_view(app, screen, item)

    asyncio.run(walk())


def test_the_testers_case_dl_07_in_indonesian(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    """`p`, then `h h` (each hint scrolls into view), then `b`: the feedback is in view."""
    item = STARTER.item("dl-07")
    app = make_app(db, STARTER, seed=3, clock=clock)

    async def walk() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Tester")
            screen = await show_item(pilot, app, item)
            for rung in range(1, len(item.hints) + 1):
                await ask_hint(pilot, app)
                label = t("practice.hint_label", "id", rung=rung, rungs=len(item.hints))
                assert label in on_screen(app)
                _check_keys(screen, item)
            await pilot.press("b")
            await pilot.pause()
            assert t("practice.incorrect", "id") in on_screen(app)
            _check_feedback_in_view(app, screen, item)
            # ↑ scrolls back to the question, and the feedback is no longer forced into view.
            await pilot.press("up", "up", "up", "up")
            await pilot.pause()
            assert screen.query_one("#body").scroll_y == 0
            assert isinstance(app.screen, PracticeScreen)

    asyncio.run(walk())
