"""Explanations the learner can trust, on an 80x24 screen: what changed after an answer (mastery
before -> after, each with its uncertainty band), why this item, why a hint is offered, what
"mastered" means, what is due for review, and the placement check offered to a new learner."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import timedelta

import sqlite_utils
from textual.widgets import Static
from tui_support import (
    SIZE,
    TickingClock,
    answer_current,
    create_profile,
    one_item_bank,
    open_practice,
    visible_text,
)

from its.i18n import percent, t
from its.items.load import load_bank, starter_bank_path
from its.items.model import Bank, CompetencyId
from its.tui.app import ItsApp, make_app
from its.tui.screens.home import HomeScreen
from its.tui.screens.practice import HINT_OFFER_BELOW, PracticeScreen
from its.tui.screens.summary import SummaryScreen
from its.tutor import Decision, Reason
from its.tutor.placement import PLACEMENT_ITEMS

CHANGE = re.compile(
    r"(?P<name>[^\n:]+): (?P<before>\d+)% \((?P<b_low>\d+)\u2013(?P<b_high>\d+)%\) → "
    r"(?P<after>\d+)% \((?P<a_low>\d+)\u2013(?P<a_high>\d+)%\)"
)


def on_screen(app: ItsApp) -> str:
    """What the terminal shows now, line by line (the compositor's own rendering, so text
    scrolled out of view or hidden behind another widget does not count)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_after_an_answer_mastery_before_and_after_are_shown_with_their_bands(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = load_bank(starter_bank_path())
    app = make_app(db, bank, seed=4, clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot, "Dewi")
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            before = screen.session
            item = await answer_current(pilot, app, right=True)
            after = screen.session
            shown = on_screen(app)
            changes = {m["name"].strip(): m for m in CHANGE.finditer(shown)}
            assert len(changes) == len(item.competencies), shown
            bands_before = app.bands(before, list(item.competencies))
            bands_after = app.bands(after, list(item.competencies))
            for competency in item.competencies:
                change = changes[app.competency_name(competency)]
                b, a = bands_before[competency], bands_after[competency]
                assert change["before"] + "%" == percent(before.mastery[competency])
                assert change["after"] + "%" == percent(after.mastery[competency])
                assert (int(change["b_low"]), int(change["b_high"])) == (
                    round(100 * b.low),
                    round(100 * b.high),
                )
                assert (int(change["a_low"]), int(change["a_high"])) == (
                    round(100 * a.low),
                    round(100 * a.high),
                )
                # A right answer moves mastery up; the band contains the estimate.
                assert after.mastery[competency] > before.mastery[competency]
                assert b.low <= before.mastery[competency] <= b.high
                assert a.low <= after.mastery[competency] <= a.high
                assert 0.0 < a.low < a.high < 1.0
            assert t("practice.keys_after", "en") in shown

    asyncio.run(run())


def test_the_explanations_are_in_indonesian_too(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    app = make_app(db, bank, seed=2, clock=clock, language="id")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot)
            assert on_screen(app).count("Mengapa soal ini:") == 1
            await answer_current(pilot, app, right=False)
            shown = on_screen(app)
            assert t("practice.mastery_heading", "id") in shown
            assert CHANGE.search(shown), shown

    asyncio.run(run())


def test_why_this_item_renders_whatever_reason_the_tutor_gives(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    app = make_app(db, bank, seed=1, clock=clock, language="en")
    competency = CompetencyId("information")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Rina")
            session = app.start_session()
            item = bank.items_for(competency)[0]
            params = {"competency": competency, "mastery": 0.97, "success": 0.62, "recall": 0.55}
            decision = Decision(item.id, competency, 0.62, Reason("reason.review", params))
            await app.push_screen(PracticeScreen(replace(session, current=decision)))
            await pilot.pause()
            why = str(app.screen.query_one("#why", Static).content)
            assert why == t(
                "reason.review",
                "en",
                competency="Managing information",
                mastery="97%",
                success="62%",
                recall="55%",
            )

    asyncio.run(run())


def test_a_hint_is_offered_with_its_reason_only_when_a_miss_is_likely(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    """A typed word is seldom guessed (a miss is likely at the prior), a true/false item
    often is: the offer follows the chance shown, which follows from the mastery shown."""

    async def offer(item_id: str) -> tuple[float, str]:
        app = make_app(db, one_item_bank(item_id), seed=1, clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot, f"P-{item_id}")
            screen = app.screen
            assert isinstance(screen, PracticeScreen) and screen.session.current is not None
            return screen.session.current.expected_success, on_screen(app)

    hard_success, hard = asyncio.run(offer("word"))
    easy_success, easy = asyncio.run(offer("tf"))
    assert hard_success < HINT_OFFER_BELOW <= easy_success
    offered = t("practice.hint_offer", "id", key="Ctrl+T", success=percent(hard_success))
    assert offered[:40] in hard
    assert percent(hard_success) in hard
    assert offered[:40] not in easy


def test_m_on_home_says_what_mastered_means(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    app = make_app(db, bank, seed=1, clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Tono")
            await pilot.press("m")
            await pilot.pause()
            text = visible_text(app)
            assert '"Mastered" means that probability is at least 95%' in text
            assert "(90% probability)" in text
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(run())


def test_home_shows_bands_and_what_is_due_for_review(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    app = make_app(db, bank, seed=1, clock=clock, language="en")
    first = CompetencyId("digital-literacy")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_practice(pilot, "Wati")
            for _ in range(10):
                await answer_current(pilot, app, right=True)
                screen = app.screen
                assert isinstance(screen, PracticeScreen)
                if app.is_mastered(screen.session.mastery, first):
                    break
                await pilot.press("n")
                await pilot.pause()
            assert isinstance(app.screen, PracticeScreen)
            assert app.is_mastered(app.screen.session.mastery, first)
            # The answer that masters it says so, and what "mastered" means.
            assert t("practice.mastered_means", "en", threshold="95%") in visible_text(app)
            await pilot.press("escape", "enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            text = on_screen(app)
            assert t("home.review_none", "en") in text
            assert len(re.findall(r"\d+\u2013\d+%", text)) == len(bank.competencies)
            clock.now += timedelta(days=60)  # long enough to forget
            await pilot.press("l", "l")  # re-render in the same language
            await pilot.pause()
            text = on_screen(app)
            assert re.search(r"Due for review: Digital literacy basics \(recall \d+%\)", text)

    asyncio.run(run())


def test_a_new_learner_is_offered_the_placement_check_and_can_take_it(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = load_bank(starter_bank_path())
    app = make_app(db, bank, seed=1, clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Eko")
            assert t("home.placement_offer", "en")[:40] in on_screen(app)
            start = app.mastery()
            await pilot.press("t")
            await pilot.pause()
            answered = 0
            while isinstance(app.screen, PracticeScreen):
                assert app.screen.session.placing
                assert "placement check, item" in on_screen(app)
                await answer_current(pilot, app, right=True)
                answered += 1
                await pilot.press("n")
                await pilot.pause()
            assert 1 <= answered <= PLACEMENT_ITEMS
            screen = app.screen
            assert isinstance(screen, SummaryScreen) and screen.placed is not None
            assert t("summary.placement_done", "en") in on_screen(app)
            known = screen.placed.known
            assert known  # every answer was right
            names = ", ".join(app.competency_name(c) for c in known)
            assert t("summary.placed_known", "en", competencies=names) in visible_text(app)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert t("home.placement_offer", "en")[:40] not in on_screen(app)
            raised = [c for c, value in app.mastery().items() if value > start[c]]
            assert len(raised) > answered  # right answers also place the prerequisites
            assert set(known) <= set(raised)

    asyncio.run(run())
