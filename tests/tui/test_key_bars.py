"""Each screen's key bar fits one line at 80 columns and names the keys that work there:
`s` never ends a session (it answers "Salah" on Indonesian true/false items), Esc does; the
true/false letters are the ones the bar names in each language; the home screen's rarer keys
are listed on the `m` help screen."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from tui_support import (
    SIZE,
    TickingClock,
    answer_current,
    create_profile,
    one_item_bank,
    open_practice,
    typed_bank,
    visible_text,
)

from its.i18n import LANGUAGES, t
from its.items.load import load_bank, starter_bank_path
from its.tui.app import ItsApp, make_app
from its.tui.screens.help import HelpScreen
from its.tui.screens.home import HomeScreen
from its.tui.screens.practice import PracticeScreen
from its.tui.screens.summary import SummaryScreen
from its.tui.widgets.key_bar import KeyBar
from its.tutor import Summary


def _one_line(app: ItsApp) -> str:
    bar = app.screen.query_one(KeyBar)
    assert bar.region.height == 1, bar.content
    assert bar.region.right <= SIZE[0]
    return str(bar.content)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_bar_is_one_line(
    db: sqlite_utils.Database, clock: TickingClock, language: str
) -> None:
    app = make_app(db, typed_bank(), seed=1, clock=clock, language=language)

    async def walk() -> None:
        async with app.run_test(size=SIZE) as pilot:
            assert _one_line(app) == t("profile.keys", language)
            await create_profile(pilot, "Tester")
            assert isinstance(app.screen, HomeScreen)
            assert _one_line(app) == t("home.keys", language)
            await pilot.press("p")
            await pilot.pause()
            for _ in typed_bank().items:
                _one_line(app)
                await answer_current(pilot, app, right=False)
                assert _one_line(app).startswith(t("practice.keys_after", language))
                await pilot.press("n")
                await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            assert _one_line(app) == t("summary.keys", language)

    asyncio.run(walk())


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_keys_fit_and_name_scrolling_and_rare_keys_are_in_help(
    db: sqlite_utils.Database, clock: TickingClock, language: str
) -> None:
    app = make_app(db, load_bank(starter_bank_path()), seed=1, clock=clock, language=language)

    async def look() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Tester", job=("1", "1"))
            assert isinstance(app.screen, HomeScreen)
            assert app.job_name()
            # Ten competencies with their notes do not fit 80x24: the bar says ↑↓ scroll.
            assert app.screen.query_one("#competencies").max_scroll_y > 0
            keys, scroll = t("home.keys", language), t("app.keys_scroll", language)
            assert _one_line(app) == f"{keys} · {scroll}"
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert t("help.more_keys", language) in visible_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(look())


@pytest.mark.parametrize("item_id", ["multi", "word"])
def test_s_does_not_end_a_session_and_escape_does(
    db: sqlite_utils.Database, clock: TickingClock, item_id: str
) -> None:
    app = make_app(db, one_item_bank(item_id), seed=1, clock=clock)

    async def walk() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, PracticeScreen)
            assert "s/" not in _one_line(app)
            await answer_current(pilot, app, right=True)
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, PracticeScreen)
            assert "Esc" in _one_line(app) and "s/" not in _one_line(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)

    asyncio.run(walk())


@pytest.mark.parametrize(
    ("language", "ignored", "false_key"), [("en", ("s", "b"), "f"), ("id", ("t", "f"), "s")]
)
def test_true_false_letters_are_those_the_key_bar_names(
    db: sqlite_utils.Database,
    clock: TickingClock,
    language: str,
    ignored: tuple[str, ...],
    false_key: str,
) -> None:
    app = make_app(db, one_item_bank("tf"), seed=1, clock=clock, language=language)

    async def walk() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            bar = _one_line(app)
            assert f"2/{false_key}: " in bar
            for key in ignored:
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, PracticeScreen) and app.screen.answering
            await pilot.press(false_key)
            await pilot.pause()
            assert t("practice.correct", language) in visible_text(app)

    asyncio.run(walk())
    assert [row["response"] for row in db["attempts"].rows] == ["false"]


@pytest.mark.parametrize("competencies", [1, 10])
def test_the_summary_names_the_scroll_keys_only_when_cut_off(
    db: sqlite_utils.Database, clock: TickingClock, competencies: int
) -> None:
    bank = load_bank(starter_bank_path())
    practised = list(bank.competencies)[:competencies]
    summary = Summary(
        answered=competencies,
        correct=0,
        hints=0,
        changes={c: (0.2, 0.3) for c in practised},
        newly_mastered=tuple(practised),
    )
    app = make_app(db, bank, seed=1, clock=clock, language="en")

    async def look() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.push_screen(SummaryScreen(summary))
            await pilot.pause()
            cut_off = app.screen.query_one("#body").max_scroll_y > 0
            assert cut_off == (competencies == 10)
            assert (t("app.keys_scroll", "en") in _one_line(app)) == cut_off

    asyncio.run(look())
