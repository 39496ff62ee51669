"""Asks for a new profile's name and creates it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from its.errors import ItsError
from its.store.learners import NAME_MAX, Learner, list_learners
from its.tui.screens.base import ItsModal
from its.tui.screens.job_picker import JobChoice, JobPickerScreen
from its.tui.widgets.notice import Notice


class NewProfileScreen(ItsModal):
    """Dismisses with the new `Learner`, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.tr("profile.new_title"), id="dialog-title", markup=False)
            yield Static(self.tr("profile.new_prompt"), markup=False)
            name = Input(
                placeholder=self.tr("profile.name_placeholder"), id="name", max_length=NAME_MAX
            )
            name.cursor_blink = False
            yield name
            yield Notice(id="notice")
            yield Static(self.tr("profile.new_keys"), classes="keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.query_one("#name", Input).focus()

    @on(Input.Changed, "#name")
    def _typed(self) -> None:
        """What the notice said about the name no longer holds once it is edited."""
        self.query_one(Notice).clear()

    @on(Input.Submitted, "#name")
    def create(self, event: Input.Submitted) -> None:
        """Check the name; then ask for the job (when the bank has job targets) and create."""
        event.stop()
        problem = self._problem(event.value)
        if problem:
            self.query_one(Notice).say(problem)
            return
        name = event.value
        self.query_one(Notice).clear()
        if not self.its.bank.jobs:
            self._create(name, JobChoice(None, None))
            return

        def picked(job: JobChoice | None) -> None:
            if job is None:
                self.query_one("#name", Input).focus()
            else:
                self._create(name, job)

        self.app.push_screen(JobPickerScreen(), picked)

    def _create(self, name: str, job: JobChoice) -> None:
        try:
            learner: Learner = self.its.create_profile(
                name, job_family=job.family, job_level=job.level
            )
        except ItsError as error:
            self.query_one(Notice).say(self.tr("profile.cannot_create", message=str(error)))
            return
        self.dismiss(learner)

    def _problem(self, name: str) -> str:
        """The common mistakes, said in the learner's language before the store is asked
        (the store's own messages are English)."""
        cleaned = " ".join(name.split())
        if not cleaned:
            return self.tr("profile.name_empty")
        taken = {learner.name.lower() for learner in list_learners(self.its.db)}
        if cleaned.lower() in taken:
            return self.tr("profile.name_taken", name=cleaned)
        return ""

    def action_cancel(self) -> None:
        self.dismiss(None)
