"""The tester's case in the app: a BKT file fitted on 6 learners gave priors near 1, the
home screen showed every competency "estimated" near 100%, and after 4 answers the app said
"You have mastered every competency". Practice now goes on until the learner's own answers
support mastery."""

from __future__ import annotations

import asyncio

import sqlite_utils
from tui_support import SIZE, TickingClock, answer_current, create_profile, visible_text

from its.i18n import t
from its.items.model import Bank
from its.tracing.bkt.online import BKTParams
from its.tui.app import make_app
from its.tui.screens.practice import PracticeScreen
from its.tui.screens.summary import SummaryScreen
from its.tutor import MasteryModel

FITTED = BKTParams(prior=0.99, learn=0.2, guess=0.25, slip=0.1)


def test_a_prior_near_one_does_not_end_practice(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    model = MasteryModel(params={c: FITTED for c in bank.competencies})
    app = make_app(db, bank, seed=3, clock=clock, language="en", model=model)

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "New")
            home = visible_text(app)
            assert t("home.all_mastered", "en") not in home
            assert t("home.status_estimated", "en") in home  # the prior is shown as such
            await pilot.press("p")
            await pilot.pause()
            answers = 0
            for _ in range(40):
                if isinstance(app.screen, SummaryScreen):
                    break
                assert isinstance(app.screen, PracticeScreen)
                await answer_current(pilot, app, right=True)
                answers += 1
                await pilot.press("n")
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SummaryScreen)
            assert screen.all_mastered
            # Three right answers per competency from a not-knowing start, not four in all.
            assert answers >= 3 * len(bank.competencies)

    asyncio.run(run())
