"""Shared steps for the learner-app tests: a fixed clock, a bank, and key presses that answer
whatever item is on screen."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from its.items.model import Bank, Choice, Competency, CompetencyId, Item, ItemId, ItemType, Text
from its.tui.app import ItsApp
from its.tui.screens.job_picker import JobPickerScreen
from its.tui.screens.practice import PracticeScreen
from its.tutor import Decision, Reason, Session

BANK_OK = Path(__file__).parents[1] / "data" / "bank_ok"
SIZE = (80, 24)
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class TickingClock:
    """A fixed clock that moves one second per reading, so events keep their order."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def visible_text(app: ItsApp) -> str:
    """The text of every shown Static on the current screen, top to bottom."""
    return "\n".join(
        str(widget.content)
        for widget in app.screen.query(Static)
        if widget.display and widget.content
    )


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def create_profile(pilot: Pilot[None], name: str, job: tuple[str, ...] = ("0",)) -> None:
    """Create a profile; where the bank has jobs, pick one with `job` (default 0: no job)."""
    await pilot.press("n")
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()
    if isinstance(pilot.app.screen, JobPickerScreen):
        await pilot.press(*job)
        await pilot.pause()


def current_item(app: ItsApp) -> Item:
    screen = app.screen
    assert isinstance(screen, PracticeScreen), screen
    return screen.item


async def answer_current(pilot: Pilot[None], app: ItsApp, *, right: bool = True) -> Item:
    """Answer the item on screen with keys, rightly or wrongly; returns the item."""
    item = current_item(app)
    if item.type is ItemType.TRUE_FALSE:
        is_true = "true" in item.answer_keys
        await pilot.press("1" if is_true == right else "2")
    elif item.type is ItemType.SINGLE_CHOICE:
        keys = [c.key for c in item.choices if (c.key in item.answer_keys) == right]
        await pilot.press(keys[0])
    elif item.type is ItemType.MULTIPLE_RESPONSE:
        keys = sorted(item.answer_keys) if right else [item.choices[-1].key]
        await pilot.press(*keys, "enter")
    elif item.type is ItemType.NUMERIC:
        value = item.numeric_answer if item.numeric_answer is not None else 0.0
        await type_text(pilot, f"{value if right else value + 1000:g}".replace(".", ","))
        await pilot.press("enter")
    else:
        await type_text(pilot, item.accepted[0] if right else "zzz")
        await pilot.press("enter")
    await pilot.pause()
    return item


async def ask_hint(pilot: Pilot[None], app: ItsApp) -> None:
    """`h` on choice items; Ctrl+T where an input takes the letters."""
    await pilot.press("h" if current_item(app).type.has_choices else "ctrl+t")
    await pilot.pause()


def _text(indonesian: str, english: str) -> Text:
    return Text(id=indonesian, en=english)


def typed_bank() -> Bank:
    """One competency with a numeric, a short-text, a multiple-response and a true/false item
    (so every answer widget is reachable at once)."""
    competency = CompetencyId("arith")
    common = {"competencies": (competency,), "hints": (_text("petunjuk satu", "hint one"),)}
    items = (
        Item(
            id=ItemId("num"),
            type=ItemType.NUMERIC,
            stem=_text("Setengah dari 25?", "Half of 25?"),
            numeric_answer=12.5,
            version="v-num",
            difficulty=0.1,
            **common,
        ),
        Item(
            id=ItemId("word"),
            type=ItemType.SHORT_TEXT,
            stem=_text("Ibu kota?", "Capital?"),
            accepted=("Jakarta",),
            version="v-word",
            difficulty=0.2,
            **common,
        ),
        Item(
            id=ItemId("multi"),
            type=ItemType.MULTIPLE_RESPONSE,
            stem=_text("Bilangan genap?", "Even numbers?"),
            choices=(
                Choice("a", _text("2", "2"), _text("ya", "yes")),
                Choice("b", _text("3", "3"), _text("tidak", "no")),
                Choice("c", _text("4", "4"), _text("ya", "yes")),
            ),
            answer_keys=frozenset({"a", "c"}),
            version="v-multi",
            difficulty=0.3,
            **common,
        ),
        Item(
            id=ItemId("tf"),
            type=ItemType.TRUE_FALSE,
            stem=_text("2 > 3?", "2 > 3?"),
            choices=(
                Choice("true", _text("Benar", "True")),
                Choice("false", _text("Salah", "False")),
            ),
            answer_keys=frozenset({"false"}),
            version="v-tf",
            difficulty=0.4,
            **common,
        ),
    )
    name = _text("Berhitung", "Arithmetic")
    return Bank(competencies={competency: Competency(competency, name, name)}, items=items)


async def open_practice(pilot: Pilot[None], name: str = "Tester") -> None:
    await create_profile(pilot, name)
    await pilot.press("p")
    await pilot.pause()


def one_item_bank(item_id: str) -> Bank:
    """`typed_bank` cut down to one item, so that item is the one shown."""
    bank = typed_bank()
    return Bank(competencies=bank.competencies, items=(bank.item(item_id),))


def on_screen(app: ItsApp) -> str:
    """What the terminal shows now, line by line (the compositor's own rendering, so text
    scrolled out of view or hidden behind another widget does not count)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def on_item(app: ItsApp, session: Session, item: Item, *, hints: int = 0) -> Session:
    """`session` with `item` as the current question (whatever the tutor would pick), with
    `hints` rungs already shown."""
    competency = item.competencies[0]
    reason = Reason(
        "reason.continue",
        {"competency": competency, "mastery": session.mastery.get(competency, 0.0), "success": 0.3},
    )
    decision = Decision(item.id, competency, 0.3, reason)
    return replace(session, current=decision, hints_shown=hints, shown_at=app.clock())


async def show_item(pilot: Pilot[None], app: ItsApp, item: Item) -> PracticeScreen:
    """Open the practice screen on `item` itself."""
    screen = PracticeScreen(on_item(app, app.start_session(), item))
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def show_next(
    pilot: Pilot[None], screen: PracticeScreen, item: Item, *, hints: int = 0
) -> None:
    """Go on to `item` on the open practice screen, as the next question."""
    screen.session = on_item(screen.its, screen.session, item, hints=hints)
    await screen.show_item()
    await pilot.pause()
