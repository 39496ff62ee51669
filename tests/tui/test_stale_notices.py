"""A notice goes once the state it describes changes: a complaint about the name once it is
typed, a wrong profile number once a dialog opens."""

from __future__ import annotations

import asyncio

import sqlite_utils
from tui_support import SIZE, TickingClock, type_text, visible_text

from its.i18n import t
from its.items.load import load_bank, starter_bank_path
from its.tui.app import make_app
from its.tui.screens.job_picker import JobPickerScreen
from its.tui.screens.new_profile import NewProfileScreen
from its.tui.widgets.notice import Notice


def test_notices_do_not_outlive_what_they_describe(
    db: sqlite_utils.Database, clock: TickingClock
) -> None:
    app = make_app(db, load_bank(starter_bank_path()), seed=1, clock=clock, language="id")
    wrong_number = t("profile.no_such_number", "id", number=5)
    empty = t("profile.name_empty", "id")

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("5")
            await pilot.pause()
            assert wrong_number in visible_text(app)
            await pilot.press("n")
            await pilot.pause()
            behind = app.screen_stack[-2].query_one(Notice)
            assert not behind.display and wrong_number not in str(behind.content)
            await pilot.press("enter")  # no name yet
            await pilot.pause()
            assert empty in visible_text(app)
            await type_text(pilot, "Budi Santoso")
            await pilot.pause()
            assert empty not in visible_text(app)  # typing answered it
            await pilot.press("space", "backspace", "backspace", "enter")
            await pilot.pause()
            assert isinstance(app.screen, JobPickerScreen)
            await pilot.press("escape")  # back to the name
            await pilot.pause()
            assert isinstance(app.screen, NewProfileScreen)
            assert not app.screen.query_one(Notice).display

    asyncio.run(run())
