"""The first screen: pick a learner profile or create one."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from its.errors import ItsError
from its.store.learners import Learner, list_learners
from its.tui.screens.base import ItsScreen
from its.tui.screens.home import HomeScreen
from its.tui.screens.new_profile import NewProfileScreen
from its.tui.widgets.key_bar import KeyBar
from its.tui.widgets.notice import Notice


class ProfileScreen(ItsScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)),
        Binding("n", "new", show=False),
        Binding("l", "language", show=False),
        Binding("q", "app.quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.learners: list[Learner] = []

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static(id="subtitle", markup=False)
        yield OptionList(id="profiles")
        yield Notice(id="notice")
        yield KeyBar(id="keys")

    def on_screen_resume(self) -> None:
        self.refresh_text()

    def refresh_text(self) -> None:
        self.learners = list_learners(self.its.db)
        self.query_one("#title", Static).update(self.tr("app.title"))
        profiles = self.query_one("#profiles", OptionList)
        highlighted = profiles.highlighted
        profiles.clear_options()
        profiles.add_options(
            Option(self._prompt(n, False), id=learner.id) for n, learner in enumerate(self.learners)
        )
        if self.learners:
            self.query_one("#subtitle", Static).update(self.tr("profile.choose"))
            profiles.display = True
            profiles.highlighted = min(highlighted or 0, len(self.learners) - 1)
            profiles.focus()
        else:
            self.query_one("#subtitle", Static).update(self.tr("profile.none_yet"))
            profiles.display = False
        self.query_one(Notice).clear()
        self.query_one(KeyBar).show(self.tr("profile.keys"))

    def _prompt(self, index: int, highlighted: bool) -> Content:
        """`> 1) Ani`: the marker shows the highlighted profile without colour. Plain text, as
        a learner's name is never markup (`[b]Ani` is a name, not bold)."""
        number = f"{index + 1})" if index < 9 else "  "
        return Content(f"{'>' if highlighted else ' '} {number} {self.learners[index].name}")

    @on(OptionList.OptionHighlighted, "#profiles")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        profiles = event.option_list
        for index in range(len(self.learners)):
            profiles.replace_option_prompt_at_index(
                index, self._prompt(index, index == event.option_index)
            )

    @on(OptionList.OptionSelected, "#profiles")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if not 0 <= index < len(self.learners):
            self.query_one(Notice).say(self.tr("profile.no_such_number", number=index + 1))
            return
        self.open_home(self.learners[index].id)

    def open_home(self, learner_id: str) -> None:
        self.query_one(Notice).clear()
        try:
            self.its.choose_learner(learner_id)
        except ItsError as error:
            self.its.show_error(error)
            return
        self.app.push_screen(HomeScreen())

    def action_new(self) -> None:
        self.query_one(Notice).clear()  # a wrong number pressed before no longer matters

        def created(learner: Learner | None) -> None:
            if learner is None:
                self.refresh_text()
            else:
                self.open_home(learner.id)

        self.app.push_screen(NewProfileScreen(), created)

    def action_language(self) -> None:
        self.its.toggle_language()
        self.refresh_text()
