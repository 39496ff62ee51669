"""Profiles by job: the new-profile screen asks for the job family and level with single keys,
and the home screen lists the job's target competencies first, with their targets."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import sqlite_utils
from tui_support import (
    SIZE,
    TickingClock,
    answer_current,
    create_profile,
    type_text,
    visible_text,
)

from its.i18n import t
from its.items.load import load_bank, starter_bank_path
from its.items.model import Bank, CompetencyId
from its.store import create_learner, list_learners
from its.tui.app import ItsApp, make_app
from its.tui.screens.home import HomeScreen
from its.tui.screens.job_picker import JobPickerScreen
from its.tui.screens.new_profile import NewProfileScreen
from its.tui.widgets.competency_row import CompetencyRow


def starter() -> Bank:
    return load_bank(starter_bank_path())


def row_lines(app: ItsApp) -> list[str]:
    """The competency rows of the home screen, top to bottom (their first line)."""
    return [str(row.query_one(".line").content) for row in app.screen.query(CompetencyRow)]


def test_a_job_profile_orders_the_home_screen_by_its_targets(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = starter()
    app = make_app(db, bank, seed=1, clock=clock, language="en")
    family = bank.jobs[4]  # the fifth family on screen: key 5
    level = family.levels[1]  # its second level: key 2
    targets = list(level.targets)

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n")
            await type_text(pilot, "Sari")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, JobPickerScreen)
            assert f"5) {family.name.get('en')}" in visible_text(app)
            await pilot.press("5")
            await pilot.pause()
            assert f"2) {level.name.get('en')}" in visible_text(app)
            await pilot.press("2")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            text = visible_text(app)
            assert f"{family.name.get('en')} · {level.name.get('en')}" in text
            assert f"Targets reached: 0 of {len(targets)}" in text
            lines = row_lines(app)
            others = [c for c in bank.competencies if c not in level.targets]
            expected = [bank.competencies[c].name.get("en") for c in [*targets, *others]]
            assert len(lines) == len(expected)
            for line, name in zip(lines, expected, strict=True):
                assert line.startswith(name[:20]), (line, name)
            # Target rows show the target mastery; the others show none.
            for line, competency in zip(lines, [*targets, *others], strict=True):
                target = level.targets.get(competency)
                percents = [cell for cell in line.split() if re.fullmatch(r"\d+%", cell)]
                if target is None:
                    assert len(percents) == 1, line  # mastery only
                else:
                    assert percents[1] == f"{round(100 * target)}%", line

    asyncio.run(run())
    (learner,) = list_learners(db)
    assert (learner.job_family, learner.job_level) == (family.id, level.id)


def test_no_job_keeps_the_bank_order(db: sqlite_utils.Database, clock: TickingClock) -> None:
    bank = starter()
    app = make_app(db, bank, seed=1, clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Budi", job=("0",))
            assert isinstance(app.screen, HomeScreen)
            names = [c.name.get("en") for c in bank.competencies.values()]
            for line, name in zip(row_lines(app), names, strict=True):
                assert line.startswith(name[:20])
            assert t("home.subtitle", "en") in visible_text(app)

    asyncio.run(run())
    assert list_learners(db)[0].job_family is None


def test_a_family_with_one_level_needs_one_key_and_esc_goes_back(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = starter()
    single = next(n for n, f in enumerate(bank.jobs, 1) if len(f.levels) == 1)
    several = next(n for n, f in enumerate(bank.jobs, 1) if len(f.levels) > 1)
    app = make_app(db, bank, seed=1, clock=clock, language="id")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n")
            await type_text(pilot, "Ani")
            await pilot.press("enter", str(several))
            await pilot.pause()
            assert t("job.keys_level", "id", last=len(bank.jobs[several - 1].levels)) in (
                visible_text(app)
            )
            await pilot.press("escape")  # back to the families
            await pilot.pause()
            assert isinstance(app.screen, JobPickerScreen)
            assert app.screen.family is None
            await pilot.press("escape")  # back to the name
            await pilot.pause()
            assert isinstance(app.screen, NewProfileScreen)
            await pilot.press("enter", str(single))
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(run())
    family = bank.jobs[single - 1]
    assert list_learners(db)[0].job_level == family.levels[0].id


def test_a_key_that_is_no_choice_says_so_in_both_steps(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = starter()
    family = next(f for f in bank.jobs if 1 < len(f.levels) < 9)
    number = bank.jobs.index(family) + 1
    app = make_app(db, bank, seed=1, clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n")
            await type_text(pilot, "Ani")
            await pilot.press("enter", "x")
            await pilot.pause()
            assert t("job.no_such_choice", "en", key="x") in visible_text(app)  # the family step
            await pilot.press(str(number), "9")
            await pilot.pause()
            assert t("job.no_such_choice", "en", key="9") in visible_text(app)  # the level step
            await pilot.press("x")
            await pilot.pause()
            assert t("job.no_such_choice", "en", key="x") in visible_text(app)
            assert isinstance(app.screen, JobPickerScreen)

    asyncio.run(run())


def test_an_old_profile_without_a_job_works_and_can_take_one(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = starter()
    create_learner(db, "Lama", language="en", now=datetime(2026, 1, 5, tzinfo=UTC))
    app = make_app(db, bank, seed=1, clock=clock, language="en")
    family = bank.jobs[3]

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("1")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            first = next(iter(bank.competencies.values())).name.get("en")
            assert row_lines(app)[0].startswith(first[:20])
            await pilot.press("j", "4", "1")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            target = next(iter(family.levels[0].targets))
            assert row_lines(app)[0].startswith(bank.competencies[target].name.get("en")[:20])

    asyncio.run(run())
    assert list_learners(db)[0].job_family == family.id


def test_a_bank_without_jobs_asks_no_job(
    db: sqlite_utils.Database, bank: Bank, clock: TickingClock
) -> None:
    app = make_app(db, bank, seed=1, clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n")
            await type_text(pilot, "Ani")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("j")
            await pilot.pause()
            assert t("home.no_jobs", "en") in visible_text(app)

    asyncio.run(run())


def test_progress_toward_the_targets_moves_with_practice(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    bank = starter()
    family = bank.jobs[0]  # key 1: a family with one level
    targets = family.levels[0].targets
    first = CompetencyId("digital-literacy")
    assert first in targets
    app = make_app(db, bank, seed=1, clock=clock, language="en")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Yanti", job=("1",))
            assert f"Targets reached: 0 of {len(targets)}" in visible_text(app)
            await pilot.press("p")
            await pilot.pause()
            for _ in range(12):
                await answer_current(pilot, app, right=True)
                if app.is_mastered(app.mastery(), first):
                    break
                await pilot.press("n")
                await pilot.pause()
            await pilot.press("escape", "enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert f"Targets reached: 1 of {len(targets)}" in visible_text(app)
            name = bank.competencies[first].name.get("en")
            [line] = [line for line in row_lines(app) if line.startswith(name)]
            assert line.endswith(t("home.status_mastered", "en"))

    asyncio.run(run())
