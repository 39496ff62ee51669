"""The learner's home: mastery per competency, in bank order, and the way into practice."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from its.i18n import percent
from its.items.model import CompetencyId
from its.tui.screens.base import ItsScreen
from its.tui.screens.practice import PracticeScreen
from its.tui.widgets.competency_row import CompetencyRow
from its.tui.widgets.key_bar import KeyBar
from its.tui.widgets.notice import Notice


class HomeScreen(ItsScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p,enter", "practise", show=False),
        Binding("l", "language", show=False),
        Binding("b", "back", show=False),
        Binding("q", "app.quit", show=False),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static(id="subtitle", markup=False)
        with VerticalScroll(id="competencies", can_focus=False):
            for number, _ in enumerate(self.its.bank.competencies):
                yield CompetencyRow(id=f"competency-{number}")
        yield Notice(id="notice")
        yield KeyBar(id="keys")

    def on_screen_resume(self) -> None:
        self.refresh_text()

    def refresh_text(self) -> None:
        learner = self.its.learner
        name = learner.name if learner is not None else ""
        self.query_one("#title", Static).update(self.tr("home.title", name=name))
        self.query_one("#subtitle", Static).update(self.tr("home.subtitle"))
        mastery = self.its.mastery()
        for number, competency in enumerate(self.its.bank.competencies.values()):
            value = mastery.get(competency.id, 0.0)
            missing = [p for p in competency.prerequisites if not self.its.is_mastered(mastery, p)]
            if self.its.is_mastered(mastery, competency.id):
                status, word, note = "mastered", self.tr("home.status_mastered"), ""
            elif missing:
                names = ", ".join(self.its.competency_name(p) for p in missing)
                status, word = "locked", self.tr("home.status_locked")
                note = self.tr("home.locked_note", prerequisites=names)
            else:
                status, word, note = "progress", self.tr("home.status_progress"), ""
            self.query_one(f"#competency-{number}", CompetencyRow).show(
                name=competency.name.get(self.its.language),
                value=value,
                percent=percent(value, self.its.language),
                status=status,
                word=word,
                note=note,
            )
        notice = self.query_one(Notice)
        if all(self.its.is_mastered(mastery, CompetencyId(c)) for c in self.its.bank.competencies):
            notice.say(self.tr("home.all_mastered"))
        else:
            notice.clear()
        self.query_one(KeyBar).update(self.tr("home.keys"))

    def action_practise(self) -> None:
        session = self.its.start_session()
        if session.current is None:
            session = self.its.next_question(session)
        if session.current is None:
            self.query_one(Notice).say(self.tr("home.all_mastered"))
            return
        self.app.push_screen(PracticeScreen(session))

    def action_language(self) -> None:
        self.its.toggle_language()
        self.refresh_text()

    def action_back(self) -> None:
        self.its.learner = None
        self.app.pop_screen()

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#competencies", VerticalScroll)
        if direction == "up":
            scroll.scroll_up(animate=False)
        else:
            scroll.scroll_down(animate=False)
