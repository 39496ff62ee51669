"""A typed answer (numeric or short text), submitted with Enter."""

from __future__ import annotations

from textual import on
from textual.widgets import Input

from its.tui.messages import AnswerSubmitted

# What a number may be typed with: digits, a sign, a decimal comma or point, a percent sign.
NUMBER_CHARACTERS = r"[-+0-9.,% ]*"


class TextAnswer(Input):
    """An input that does not blink (a blinking cursor repaints every half second)."""

    def __init__(
        self, item_id: str, *, numeric: bool, placeholder: str, id: str | None = None
    ) -> None:
        super().__init__(
            placeholder=placeholder,
            restrict=NUMBER_CHARACTERS if numeric else None,
            max_length=200,
            select_on_focus=False,
            id=id,
        )
        self.cursor_blink = False
        self.item_id = item_id

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(self.item_id, event.value))
