"""What placement inferred is shown as such: its band comes from the same evidence as the
estimate, its row says "placed" until a right answer on it confirms it, it reaches no target,
and it comes back for review (one recall figure on the home screen and in the item)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import sqlite_utils
from tui_support import SIZE, TickingClock, answer_current, create_profile, visible_text

from its.i18n import percent, t
from its.items.load import load_bank, starter_bank_path
from its.tui.app import ItsApp, make_app
from its.tui.bands import answers_by_competency, interval
from its.tui.screens.home import HomeScreen
from its.tui.screens.practice import PracticeScreen
from its.tui.widgets.competency_row import CompetencyRow
from its.tutor.review import recall


def row_line(app: ItsApp, name: str) -> str:
    lines = [str(row.query_one(".line").content) for row in app.screen.query(CompetencyRow)]
    (line,) = [line for line in lines if line.startswith(name)]
    return line


def test_a_competency_placed_by_inference_only(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = load_bank(starter_bank_path())
    targets = bank.jobs[0].levels[0].targets
    app = make_app(db, bank, seed=1, clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Budi Santoso", job=("1",))
            await pilot.press("t")
            await pilot.pause()
            while isinstance(app.screen, PracticeScreen):
                await answer_current(pilot, app, right=True)
                await pilot.press("n")
                await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            session = app.start_session()
            confirmed = app.confirmed(session)
            inferred = [c for c in bank.competencies if app.is_mastered(session.mastery, c)]
            inferred = [c for c in inferred if c not in confirmed]
            assert inferred  # right answers higher up placed their prerequisites
            competency = inferred[0]
            value = session.mastery[competency]
            draws = app._draws_for(competency)
            found = interval(draws, answers_by_competency(bank, session.history)[competency])
            assert found.low <= value <= found.high  # no widening needed
            assert found.low > 0.5  # the band is up where the estimate is
            name = app.competency_name(competency)
            line = row_line(app, name)
            assert line.endswith(t("home.status_placed", "en")), line
            reached = sum(session.mastery[c] >= m and c in confirmed for c, m in targets.items())
            assert f"Targets reached: {reached} of {len(targets)}" in visible_text(app)
            assert reached < sum(session.mastery[c] >= m for c, m in targets.items())
            # Days later, what placement found comes back for review, with one recall.
            clock.now += timedelta(days=3)
            await pilot.press("l", "l")
            await pilot.pause()
            session = app.start_session()
            assert competency in session.memory  # its schedule started at placement
            line = row_line(app, name)
            assert line.endswith(t("home.status_review", "en")), line
            first, first_recall = app.due_for_review(session)[0]
            shown = percent(recall(session.memory[first], clock.now), "en")
            assert percent(first_recall, "en") == shown
            home = visible_text(app)
            assert f"{app.competency_name(first)} (recall {shown})" in home
            await pilot.press("p")
            await pilot.pause()
            why = str(app.screen.query_one("#why").content)
            assert f"your predicted recall is {shown}" in why, why

    asyncio.run(run())
