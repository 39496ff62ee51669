"""The choices of a choice item, answered with single keys."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from its.tui.messages import AnswerSubmitted, SelectionChanged


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    """One choice as shown: `label) text`, picked by any of `shortcuts`.

    `key` is what the tutor scores (`a`, `true`); `label` is what the learner sees before the
    text; `shortcuts` are the keys that pick it (`1`, `a`).
    """

    key: str
    label: str
    text: str
    shortcuts: tuple[str, ...]


class ChoiceList(Vertical, can_focus=True):
    """Choices with their keys, one row each (wrapped text stays under its own column).

    A single answer is submitted by its key; with `multiple`, keys tick and untick and Enter
    submits the ticked set as comma-joined keys. After `reveal`, keys are no longer taken, so
    the screen's own keys work.
    """

    def __init__(
        self,
        item_id: str,
        options: list[ChoiceOption],
        *,
        multiple: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.item_id = item_id
        self.options = options
        self.multiple = multiple
        self.selected: set[str] = set()
        self.answered: set[str] | None = None
        self.correct: frozenset[str] = frozenset()
        self.correct_note = ""

    def compose(self) -> ComposeResult:
        for number, option in enumerate(self.options):
            with Horizontal(classes="choice"):
                yield Static(
                    self._label(option), id=f"label-{number}", classes="choice-label", markup=False
                )
                yield Static(option.text, id=f"text-{number}", classes="choice-text", markup=False)

    def _label(self, option: ChoiceOption) -> str:
        marker = ""
        if self.answered is not None:
            marker = "» " if option.key in self.answered else "  "
        if self.multiple:
            marker += "[x] " if option.key in self.selected else "[ ] "
        return f"{marker}{option.label}) "

    def _refresh_rows(self) -> None:
        for number, option in enumerate(self.options):
            self.query_one(f"#label-{number}", Static).update(self._label(option))
            text = option.text
            if self.answered is not None and option.key in self.correct:
                text = f"{text}  ← {self.correct_note}"
                self.query_one(f"#text-{number}", Static).add_class("right")
            self.query_one(f"#text-{number}", Static).update(text)

    def reveal(self, chosen: set[str], correct: frozenset[str], correct_note: str) -> None:
        """Mark what was chosen (») and which choices were right, and stop taking keys."""
        self.answered = set(chosen)
        self.correct = correct
        self.correct_note = correct_note
        self._refresh_rows()

    def _option_for(self, pressed: str) -> ChoiceOption | None:
        return next((o for o in self.options if pressed in o.shortcuts), None)

    def on_key(self, event: events.Key) -> None:
        if self.answered is not None:
            return
        if self.multiple and event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(AnswerSubmitted(self.item_id, ",".join(sorted(self.selected))))
            return
        pressed = (event.character or "").lower() if event.is_printable else event.key
        option = self._option_for(pressed)
        if option is None:
            return
        event.stop()
        event.prevent_default()
        if not self.multiple:
            self.post_message(AnswerSubmitted(self.item_id, option.key))
            return
        self.selected ^= {option.key}
        self._refresh_rows()
        self.post_message(SelectionChanged(self.item_id, tuple(sorted(self.selected))))
