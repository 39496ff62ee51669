"""Asks for the learner's job family, then its level, each with one key (1-9; 0: no job)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from its.items.model import JobFamily, JobKind
from its.tui.screens.base import ItsModal
from its.tui.widgets.notice import Notice

KIND_KEYS = {JobKind.STRUCTURAL: "job.kind_structural", JobKind.FUNCTIONAL: "job.kind_functional"}


@dataclass(frozen=True, slots=True)
class JobChoice:
    """The job picked; both None means "no job" (the profile has no targets)."""

    family: str | None
    level: str | None


class JobPickerScreen(ItsModal):
    """Dismisses with a `JobChoice`, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"pick({n})", show=False) for n in range(10)),
        Binding("escape", "back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.family: JobFamily | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="dialog-title", markup=False)
            yield Static(id="job-prompt", markup=False)
            yield Static(id="job-options", markup=False)
            yield Notice(id="notice")
            yield Static(id="job-keys", classes="keys", markup=False)

    def on_mount(self) -> None:
        self.set_focus(None)
        self.refresh_text()

    def refresh_text(self) -> None:
        language = self.its.language
        self.query_one("#dialog-title", Static).update(self.tr("job.title"))
        if self.family is None:
            prompt = self.tr("job.choose_family")
            lines = [
                f"{n}) {family.name.get(language)} ({self.tr(KIND_KEYS[family.kind])})"
                for n, family in enumerate(self.its.bank.jobs, start=1)
            ]
            lines.append(f"0) {self.tr('job.no_job')}")
            keys = self.tr("job.keys_family", last=len(self.its.bank.jobs))
        else:
            prompt = self.tr("job.choose_level", family=self.family.name.get(language))
            lines = [
                f"{n}) {level.name.get(language)}"
                for n, level in enumerate(self.family.levels, start=1)
            ]
            keys = self.tr("job.keys_level", last=len(self.family.levels))
        self.query_one("#job-prompt", Static).update(prompt)
        self.query_one("#job-options", Static).update("\n".join(lines))
        self.query_one("#job-keys", Static).update(keys)
        self.query_one(Notice).clear()

    def on_key(self, event: events.Key) -> None:
        """Any other printable key is answered like a number that is not in the list."""
        if event.is_printable and event.character is not None and not event.character.isdigit():
            event.stop()
            event.prevent_default()
            self._no_such(event.character)

    def _no_such(self, key: str) -> None:
        self.query_one(Notice).say(self.tr("job.no_such_choice", key=key))

    def action_pick(self, number: int) -> None:
        if self.family is None:
            self._pick_family(number)
            return
        levels = self.family.levels
        if not 1 <= number <= len(levels):
            self._no_such(str(number))
            return
        self.dismiss(JobChoice(self.family.id, levels[number - 1].id))

    def _pick_family(self, number: int) -> None:
        jobs = self.its.bank.jobs
        if number == 0:
            self.dismiss(JobChoice(None, None))
        elif not 1 <= number <= len(jobs):
            self._no_such(str(number))
        elif len(jobs[number - 1].levels) == 1:
            family = jobs[number - 1]
            self.dismiss(JobChoice(family.id, family.levels[0].id))
        else:
            self.family = jobs[number - 1]
            self.refresh_text()

    def action_back(self) -> None:
        if self.family is not None:
            self.family = None
            self.refresh_text()
        else:
            self.dismiss(None)
