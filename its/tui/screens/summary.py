"""The end of a session: what was answered, hints used and how mastery moved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from its.i18n import percent
from its.items.model import CompetencyId
from its.tui.screens.base import ItsScreen
from its.tui.widgets.key_bar import KeyBar
from its.tutor import Summary


@dataclass(frozen=True, slots=True)
class Placed:
    """What a finished placement check decided, in bank order."""

    known: tuple[CompetencyId, ...]
    to_learn: tuple[CompetencyId, ...]


class SummaryScreen(ItsScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "home", show=False),
        Binding("q", "app.quit", show=False),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
    ]

    def __init__(
        self, summary: Summary, *, all_mastered: bool = False, placed: Placed | None = None
    ) -> None:
        super().__init__()
        self.summary = summary
        self.all_mastered = all_mastered
        self.placed = placed

    @property
    def placement_done(self) -> bool:
        return self.placed is not None

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        with VerticalScroll(id="body", can_focus=False):
            yield Static(id="summary", markup=False)
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.query_one(KeyBar).follow(self.query_one("#body", VerticalScroll))
        self.refresh_text()

    def refresh_text(self) -> None:
        language, summary = self.its.language, self.summary
        self.query_one("#title", Static).update(Content.styled(self.tr("summary.title"), "bold"))
        lines: list[Content] = []
        if self.all_mastered:
            lines += [Content.styled(self.tr("summary.all_mastered"), "bold"), Content("")]
        if self.placed is not None:
            lines += [Content.styled(self.tr("summary.placement_done"), "bold")]
            for key, competencies in (
                ("summary.placed_known", self.placed.known),
                ("summary.placed_to_learn", self.placed.to_learn),
            ):
                names = ", ".join(self.its.competency_name(c) for c in competencies)
                lines.append(Content(self.tr(key, competencies=names or "-")))
            lines.append(Content(""))
        counts = "summary.counts_placement" if summary.placement else "summary.counts"
        lines.append(
            Content(
                self.tr(
                    counts,
                    answered=summary.answered,
                    placement=summary.placement,
                    correct=summary.correct,
                    hints=summary.hints,
                )
            )
        )
        lines += [Content(""), Content.styled(self.tr("summary.changes"), "bold")]
        if not summary.changes:
            lines.append(Content(self.tr("summary.no_changes")))
        for competency, (before, after) in summary.changes.items():
            lines.append(
                Content(
                    self.tr(
                        "summary.change_placed"
                        if competency in summary.placed
                        else "summary.change",
                        competency=self.its.competency_name(competency),
                        before=percent(before, language),
                        after=percent(after, language),
                    )
                )
            )
        lines += [Content(""), Content.styled(self.tr("summary.newly_mastered"), "bold")]
        if not summary.newly_mastered:
            lines.append(Content(self.tr("summary.none_mastered")))
        for competency in summary.newly_mastered:
            lines.append(
                Content(
                    self.tr(
                        "summary.mastered_item", competency=self.its.competency_name(competency)
                    )
                )
            )
        self.query_one("#summary", Static).update(Content("\n").join(lines))
        self.query_one(KeyBar).show(self.tr("summary.keys"), scroll=self.tr("app.keys_scroll"))

    def action_home(self) -> None:
        self.app.pop_screen()

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#body", VerticalScroll)
        if direction == "up":
            body.scroll_up(animate=False)
        else:
            body.scroll_down(animate=False)
