"""The learner's home: mastery per competency with its uncertainty band, the job's targets
first, what is due for review, and the ways into practice and the placement check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from its.errors import ItsError
from its.i18n import percent
from its.items.model import CompetencyId
from its.tui.bands import Band, whole
from its.tui.screens.base import ItsScreen
from its.tui.screens.help import HelpScreen
from its.tui.screens.job_picker import JobChoice, JobPickerScreen
from its.tui.screens.practice import PracticeScreen
from its.tui.widgets.competency_row import CompetencyRow, fit
from its.tui.widgets.key_bar import KeyBar
from its.tui.widgets.notice import Notice
from its.tutor import Session


def display_order(
    competencies: list[CompetencyId], targets: Mapping[CompetencyId, float]
) -> list[CompetencyId]:
    """The job's target competencies first, in the order the bank lists them for the job,
    then the others in bank order."""
    first = [c for c in targets if c in competencies]
    return first + [c for c in competencies if c not in targets]


STATUS_WORDS = {
    "review": "home.status_review",
    "placed": "home.status_placed",
    "estimated": "home.status_estimated",
    "mastered": "home.status_mastered",
    "reached": "home.status_reached",
    "locked": "home.status_locked",
    "progress": "home.status_progress",
}
"""Each row status (`row_status`, also the row's CSS class) and its catalogue word."""


def row_status(
    competency: CompetencyId,
    *,
    mastered: bool,
    reached: bool,
    missing: Sequence[CompetencyId],
    confirmed: frozenset[CompetencyId],
    placed: frozenset[CompetencyId],
    due: Mapping[CompetencyId, float],
) -> str:
    """A row's status (a key of `STATUS_WORDS`). A mastery or target reached
    without a right answer on the competency itself is "placed" only where the placement
    check inferred it (and nothing was answered on it since); else it is the tutor's prior
    or its inference from other answers: "estimated", or "locked" while a prerequisite is
    not mastered (`missing`; a placed prerequisite counts as known here)."""
    if competency in due:
        return "review"
    if (mastered or reached) and competency not in confirmed:
        if competency in placed:
            return "placed"
        return "locked" if [p for p in missing if p not in placed] else "estimated"
    if mastered:
        return "mastered"
    if reached:
        return "reached"
    return "locked" if missing else "progress"


class HomeScreen(ItsScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p,enter", "practise", show=False),
        Binding("t", "placement", show=False),
        Binding("m", "help", show=False),
        Binding("j", "job", show=False),
        Binding("l", "language", show=False),
        Binding("b", "back", show=False),
        Binding("q", "app.quit", show=False),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.order: list[CompetencyId] = []

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static(id="subtitle", markup=False)
        yield Static(id="review", markup=False)
        yield Static(id="columns", markup=False)
        with VerticalScroll(id="competencies", can_focus=False):
            for number, _ in enumerate(self.its.bank.competencies):
                yield CompetencyRow(id=f"competency-{number}")
        yield Notice(id="notice")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.query_one(KeyBar).follow(self.query_one("#competencies", VerticalScroll))

    def on_screen_resume(self) -> None:
        self.refresh_text()

    def refresh_text(self) -> None:
        learner = self.its.learner
        name = learner.name if learner is not None else ""
        self.query_one("#title", Static).update(self.tr("home.title", name=name))
        session = self.its.start_session()
        targets = self.its.targets()
        job = self.its.job_name()
        confirmed = self.its.confirmed(session)
        placed = self.its.placed(session)
        due = {c: recall for c, recall in self.its.due_for_review(session)}
        if job and targets:
            # Only direct evidence reaches a target: placement's inference alone does not.
            reached = sum(
                session.mastery.get(c, 0.0) >= m and c in confirmed for c, m in targets.items()
            )
            subtitle = self.tr("home.subtitle_job", job=job, reached=reached, targets=len(targets))
        else:
            subtitle = self.tr("home.subtitle")
        self.query_one("#subtitle", Static).update(subtitle)
        self.order = display_order(list(self.its.bank.competencies), targets)
        bands = self.its.bands(session)
        live = any(self.its.traced_live(c) for c in self.order)
        self._show_columns(bool(bands) or live, bool(targets))
        for number, competency in enumerate(self.order):
            self._show_row(
                number, competency, session, targets, bands.get(competency), confirmed, placed, due
            )
        self._show_review(due)
        self._show_notice(session)
        self.query_one(KeyBar).show(self.tr("home.keys"), scroll=self.tr("app.keys_scroll"))

    def _show_columns(self, with_bands: bool, with_targets: bool) -> None:
        header = " ".join(
            [
                fit(self.tr("home.column_competency"), 26),
                fit(self.tr("home.column_mastery"), 15),
                fit(self.tr("home.column_band") if with_bands else "", 9),
                fit(self.tr("home.column_target") if with_targets else "", 6),
                self.tr("home.column_status"),
            ]
        )
        self.query_one("#columns", Static).update(header)

    def _show_row(
        self,
        number: int,
        competency: CompetencyId,
        session: Session,
        targets: Mapping[CompetencyId, float],
        band: Band | None,
        confirmed: frozenset[CompetencyId],
        placed: frozenset[CompetencyId],
        due: Mapping[CompetencyId, float],
    ) -> None:
        language = self.its.language
        mastery = session.mastery
        value = mastery.get(competency, 0.0)
        target = targets.get(competency)
        prerequisites = self.its.bank.competencies[competency].prerequisites
        known = self.its.tutor.mastered(session)  # what unlocks, as the tutor decides it
        missing = [p for p in prerequisites if p not in known]
        status = row_status(
            competency,
            mastered=self.its.is_mastered(mastery, competency),
            reached=target is not None and value >= target,
            missing=missing,
            confirmed=confirmed,
            placed=placed,
            due=due,
        )
        note = ""
        if status == "locked":
            names = ", ".join(self.its.competency_name(p) for p in missing)
            note = self.tr("home.locked_note", prerequisites=names)
        word = self.tr(STATUS_WORDS[status])
        if band is not None:
            band_text = self.tr("home.band", low=whole(band.low), high=whole(band.high))
        elif self.its.traced_live(competency):  # a deep model's point estimate: say so
            band_text = self.tr("home.band_none")
        else:
            band_text = ""
        self.query_one(f"#competency-{number}", CompetencyRow).show(
            name=self.its.competency_name(competency),
            value=value,
            percent=percent(value, language),
            status=status,
            word=word,
            note=note,
            band=band_text,
            target=percent(target, language) if target is not None else "",
        )

    def _show_review(self, due: Mapping[CompetencyId, float]) -> None:
        if not due:
            text = self.tr("home.review_none")
        else:
            names = ", ".join(
                self.tr(
                    "home.review_item",
                    competency=self.its.competency_name(c),
                    recall=percent(recall, self.its.language),
                )
                for c, recall in due.items()
            )
            text = self.tr("home.review_due", competencies=names)
        self.query_one("#review", Static).update(text)

    def _show_notice(self, session: Session) -> None:
        notice = self.query_one(Notice)
        if self.its.all_mastered(session):
            notice.say(self.tr("home.all_mastered"))
        elif self.its.needs_placement():
            notice.say(self.tr("home.placement_offer"))
        else:
            notice.clear()

    def action_practise(self) -> None:
        self._start(placement=False)

    def action_placement(self) -> None:
        if not self.its.needs_placement():
            self.query_one(Notice).say(self.tr("home.placement_done"))
            return
        self._start(placement=True)

    def _start(self, *, placement: bool) -> None:
        session = self.its.start_session(placement=placement)
        if session.current is None:
            session = self.its.next_question(session)
        if session.current is None:
            self.query_one(Notice).say(self.tr("home.all_mastered"))
            return
        self.app.push_screen(PracticeScreen(session))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_job(self) -> None:
        if not self.its.bank.jobs:
            self.query_one(Notice).say(self.tr("home.no_jobs"))
            return

        def picked(job: JobChoice | None) -> None:
            if job is not None:
                try:
                    self.its.change_job(job.family, job.level)
                except ItsError as error:
                    self.its.show_error(error)
            self.refresh_text()

        self.app.push_screen(JobPickerScreen(), picked)

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
