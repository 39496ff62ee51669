"""The session summary includes the placement check's answers, marked as placement, in its
counts and its list of mastery changes (in both languages): the placement session's own
summary lists the prerequisites it placed, and a practice session right after a check
reports the check's answers too."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from tui_support import TickingClock, answer_current, create_profile, visible_text

from its.i18n import t
from its.items.model import Bank
from its.tui.app import make_app
from its.tui.screens.practice import PracticeScreen
from its.tui.screens.summary import SummaryScreen

MARK = {"en": "(placement check)", "id": "(tes penempatan)"}
COUNTS = {"en": "of them in the placement check", "id": "di antaranya dalam tes penempatan"}


@pytest.mark.parametrize("language", ["en", "id"])
def test_placement_answers_are_in_the_summary(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock, language: str
) -> None:
    app = make_app(db, bank, seed=1, clock=clock, language=language)

    async def run() -> None:
        async with app.run_test(size=(80, 40)) as pilot:
            await create_profile(pilot, "New")
            await pilot.press("t")
            await pilot.pause()
            for right in (True, False, True):
                if isinstance(app.screen, SummaryScreen):
                    break
                await answer_current(pilot, app, right=right)
                await pilot.press("n")
                await pilot.pause()
            if isinstance(app.screen, PracticeScreen):
                await pilot.press("escape")
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SummaryScreen)
            placed = screen.summary
            assert placed.placement == placed.answered >= 2
            text = visible_text(app)
            assert COUNTS[language] in text
            # A right answer placed a prerequisite that no answer was on: it is listed.
            assert placed.placed and set(placed.placed) <= set(placed.changes)
            assert MARK[language] in text
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            await answer_current(pilot, app, right=True)
            await pilot.press("escape")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SummaryScreen)
            after = screen.summary
            assert after.answered == placed.answered + 1
            assert after.placement == placed.placement
            counts = t(
                "summary.counts_placement",
                language,
                answered=after.answered,
                placement=after.placement,
                correct=after.correct,
                hints=after.hints,
            )
            assert counts in visible_text(app)

    asyncio.run(run())
