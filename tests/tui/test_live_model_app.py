"""The app with a live DKT (`its learn --model bank-dkt.npz`): a new learner starts at the
tutor's prior; after an answer the mastery on screen is the DKT's, and no band is shown for
the competencies it traces, only the point estimate and, in the catalogue's words, that a
deep model gives no band (Indonesian and English); the others keep BKT's band."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from tui_support import SIZE, TickingClock, answer_current, create_profile, visible_text
from tutor.live_dkt_support import trained_dkt  # the round trip the tutor tests use

from its.i18n import percent, t
from its.items.load import load_bank, starter_bank_path
from its.tui.app import make_app
from its.tui.screens.help import HelpScreen
from its.tui.screens.home import HomeScreen
from its.tui.screens.practice import PracticeScreen
from its.tui.widgets.competency_row import CompetencyRow
from its.tutor.live import LiveTracing, live_tracing
from its.tutor.mastery import DEFAULT_PARAMS


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> LiveTracing:
    return live_tracing(trained_dkt(tmp_path_factory).model, load_bank(starter_bank_path()))


def _rows(screen: HomeScreen) -> list[str]:
    return [str(row.query_one(".line").content) for row in screen.query(CompetencyRow)]


def test_the_app_shows_and_moves_the_dkts_mastery(
    db: sqlite_utils.Database, clock: TickingClock, live: LiveTracing
) -> None:
    bank = load_bank(starter_bank_path())
    app = make_app(db, bank, seed=1, clock=clock, language="en", live=live)
    assert live.mastery(live.start()) == {}  # nothing answered: nothing from the model yet

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Budi Santoso")
            assert isinstance(app.screen, HomeScreen)
            rows = _rows(app.screen)
            assert len(rows) == len(bank.competencies)
            for competency in bank.competencies:
                (row,) = [r for r in rows if r.startswith(app.competency_name(competency)[:20])]
                # A new learner starts at the tutor's prior, the model's competencies too.
                assert f" {percent(DEFAULT_PARAMS.prior, 'en'):>4} " in row, row
                traced = competency in live.competencies
                assert (t("home.band_none", "en") in row) == traced, row
                assert ("\N{EN DASH}" in row) != traced, row  # BKT's band for the others
                assert not row.endswith(t("home.status_placed", "en")), row
            await pilot.press("p")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            before = screen.session
            item = await answer_current(pilot, app, right=True)
            after = screen.session
            assert after.live is not None
            competency = item.competencies[0]
            assert competency in live.competencies
            value = live.mastery(after.live)[competency]
            assert after.mastery[competency] == value != before.mastery[competency]
            line = t(
                "practice.mastery_change_live",
                "en",
                competency=app.competency_name(competency),
                before=percent(before.mastery[competency], "en"),
                after=percent(value, "en"),
            )
            assert line in visible_text(app)
            # Back home, the stored answer is traced again from the events: same value.
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.start_session().mastery[competency] == pytest.approx(value, abs=1e-12)

    asyncio.run(run())


def test_the_help_says_a_deep_model_gives_no_band_in_indonesian(
    db: sqlite_utils.Database, clock: TickingClock, live: LiveTracing
) -> None:
    app = make_app(db, load_bank(starter_bank_path()), clock=clock, language="id", live=live)

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Siti Aminah")
            assert isinstance(app.screen, HomeScreen)
            rows = _rows(app.screen)
            assert sum(t("home.band_none", "id") in row for row in rows) == len(live.competencies)
            assert t("home.column_band", "id") in visible_text(app)
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            shown = str(app.screen.query_one("#help-live").content)
            assert shown == t("help.live_model", "id")
            assert "tak ada" in shown and "rentang" in shown

    asyncio.run(run())


def test_without_a_live_model_the_help_has_no_such_text(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    app = make_app(db, load_bank(starter_bank_path()), clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Budi Santoso")
            assert isinstance(app.screen, HomeScreen)
            assert all(t("home.band_none", "en") not in row for row in _rows(app.screen))
            await pilot.press("m")
            await pilot.pause()
            assert not app.screen.query("#help-live")

    asyncio.run(run())


def test_wrong_answers_never_raise_the_dkts_mastery_on_screen(
    db: sqlite_utils.Database, clock: TickingClock, live: LiveTracing
) -> None:
    """The tester's case (`✗ Not correct.` then `90% → 99%` and `★ Newly mastered`): five
    wrong answers from a new learner leave each shown mastery where it was or lower."""
    bank = load_bank(starter_bank_path())
    app = make_app(db, bank, seed=5, clock=clock, language="en", live=live)
    newly = t("practice.newly_mastered", "en", competency="").strip()

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Kiki")
            await pilot.press("p")
            await pilot.pause()
            for _ in range(5):
                screen = app.screen
                assert isinstance(screen, PracticeScreen)
                before = screen.session
                item = await answer_current(pilot, app, right=False)
                after = screen.session
                competency = item.competencies[0]
                assert competency in live.competencies
                assert after.mastery[competency] <= before.mastery[competency]
                shown = visible_text(app)
                assert t("practice.incorrect", "en") in shown
                assert newly not in shown
                line = t(
                    "practice.mastery_change_live",
                    "en",
                    competency=app.competency_name(competency),
                    before=percent(before.mastery[competency], "en"),
                    after=percent(after.mastery[competency], "en"),
                )
                assert line in shown
                await pilot.press("n")
                await pilot.pause()

    asyncio.run(run())
