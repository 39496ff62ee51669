"""One competency on the home screen: name, a text bar, the percentage, its uncertainty band,
the job target and a status word, with an optional note line under it (which prerequisite
keeps it locked). The columns fit 78 cells (an 80-column terminal less the padding)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

BAR_WIDTH = 10
NAME_WIDTH = 26
BAND_WIDTH = 9
TARGET_WIDTH = 6


def bar_text(value: float, width: int = BAR_WIDTH) -> str:
    """P(mastered) as a bar of full and empty blocks, readable without colour."""
    value = min(max(value, 0.0), 1.0)
    full = round(value * width)
    return "█" * full + "░" * (width - full)


def fit(text: str, width: int) -> str:
    """`text` cut with an ellipsis or padded with spaces to `width` cells."""
    if cell_len(text) > width:
        while cell_len(text) > width - 1:
            text = text[:-1]
        text = text.rstrip() + "…"
    return text + " " * (width - cell_len(text))


class CompetencyRow(Vertical):
    """Shows plain values; the screen decides the status and its words."""

    def compose(self) -> ComposeResult:
        yield Static(classes="line", markup=False)
        yield Static(classes="note", markup=False)

    def show(
        self,
        *,
        name: str,
        value: float,
        percent: str,
        status: str,
        word: str,
        note: str = "",
        band: str = "",
        target: str = "",
    ) -> None:
        """Show one competency. `status` (`mastered`, `reached`, `progress`, `locked`) only
        picks the CSS class: the meaning is carried by `word` and the optional `note` line."""
        line = Content.assemble(
            fit(name, NAME_WIDTH),
            " ",
            (bar_text(value), "bold"),
            f" {percent:>4} ",
            fit(band, BAND_WIDTH),
            " ",
            (fit(target, TARGET_WIDTH), "bold"),
            " ",
            (word, "bold"),
        )
        self.set_classes(f"competency {status}")
        self.query_one(".line", Static).update(line)
        note_line = self.query_one(".note", Static)
        note_line.update(f"↳ {note}" if note else "")
        note_line.display = bool(note)
