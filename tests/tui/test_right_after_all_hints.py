"""A right answer after every hint rung is no evidence of knowing (the last hint may give the
answer away), so mastery does not rise; the learner is told why, in either language."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from tui_support import SIZE, TickingClock, answer_current, ask_hint, one_item_bank, open_practice

from its.i18n import LANGUAGES, t
from its.tui.app import make_app
from its.tui.screens.practice import PracticeScreen


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("hints", [0, 1])
def test_the_learner_is_told_why_mastery_does_not_rise(
    db: sqlite_utils.Database, clock: TickingClock, language: str, hints: int
) -> None:
    app = make_app(db, one_item_bank("tf"), seed=1, clock=clock, language=language)  # 1 rung

    async def answer() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            for _ in range(hints):
                await ask_hint(pilot, app)
            competency = screen.item.competencies[0]
            before = screen.session.mastery[competency]
            await answer_current(pilot, app, right=True)
            after = screen.session.mastery[competency]
            feedback = str(screen.query_one("#feedback").content)
            assert t("practice.correct", language) in feedback
            note = t("practice.after_all_hints", language)
            assert (note in feedback) == (hints == 1)
            assert (after < before) == (hints == 1)

    asyncio.run(answer())
