"""Practice: one item at a time, answered with single keys, with hints and feedback.

Every event is appended to the store *before* its result is shown, so what the learner saw is
never lost if the program stops.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from its.errors import ItsError
from its.events import Attempt
from its.i18n import percent
from its.items.model import Item, ItemType
from its.items.scoring import is_ambiguous_number, parse_numeric
from its.store import append_event
from its.tui.bands import whole
from its.tui.choice_feedback import Judgement, judge_choices, overall_feedback
from its.tui.messages import AnswerSubmitted
from its.tui.screens.base import ItsScreen
from its.tui.screens.summary import Placed, SummaryScreen
from its.tui.widgets.choice_list import ChoiceList, ChoiceOption
from its.tui.widgets.key_bar import KeyBar
from its.tui.widgets.notice import Notice
from its.tui.widgets.text_answer import TextAnswer
from its.tutor import Feedback, Session
from its.tutor.mastery import counts_as_correct
from its.tutor.placement import PLACEMENT_ITEMS, decided

TRUE, FALSE = "true", "false"

JUDGEMENT_LABELS = {
    Judgement.TICKED_RIGHT: "practice.ticked_right",
    Judgement.TICKED_WRONG: "practice.ticked_wrong",
    Judgement.MISSED: "practice.missed",
}
"""Each label says in words (and ✓/✗) whether ticking the choice was right, not by colour."""

HINT_OFFER_BELOW = 0.5
"""A hint is offered on screen when the expected chance of a right answer is below this:
the item is then more likely to be missed than answered, and a nudge keeps practice useful."""


def _number(value: object, default: float) -> float:
    """A reason parameter as a float (parameters are plain objects)."""
    return float(value) if isinstance(value, int | float) else default


class PracticeScreen(ItsScreen):
    # `show_item` focuses the answer itself; Textual's auto-focus would scroll it into view
    # and hide the stem's first lines on a small terminal.
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h,ctrl+t", "hint", show=False),
        Binding("n,enter", "next", show=False),
        # Esc only: `s` answers "Salah" on Indonesian true/false items, so it must never end.
        Binding("escape", "end", show=False),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("pagedown", "scroll('page_down')", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.answering = True
        self.shown = 0
        self.to_show: Widget | None = None  # scrolled into view at the next layout

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static(id="why", markup=False)
        with VerticalScroll(id="body", can_focus=False):
            yield Static(id="stem", markup=False)
            yield Vertical(id="answer")
            yield Static(id="hints", markup=False)
            yield Static(id="feedback", markup=False)
        yield Notice(id="notice")
        yield KeyBar(id="keys")

    async def on_mount(self) -> None:
        # Sizes are known only once the body is laid out again, which is when its virtual
        # size changes (content or viewport): the moment to scroll. The watcher runs while
        # Textual is still setting sizes, so act once it has finished.
        body = self.query_one("#body", VerticalScroll)
        self.watch(body, "virtual_size", self._layout_changed, init=False)
        self.query_one(KeyBar).follow(body)
        await self.show_item()

    def _layout_changed(self) -> None:
        self.call_later(self._laid_out)

    # -- showing ---------------------------------------------------------------------------

    @property
    def item(self) -> Item:
        return self.its.tutor.item(self.session)

    async def show_item(self) -> None:
        decision = self.session.current
        if decision is None:
            return
        item, language = self.item, self.its.language
        self.answering = True
        self.shown += 1
        name = self.its.competency_name(decision.competency)
        # A resumed placement check goes on counting from the items answered before.
        step = decision.reason.params.get("step", self.shown)
        number = (
            self.tr("practice.placement_number", number=step, total=PLACEMENT_ITEMS)
            if self.session.placing
            else self.tr("practice.number", number=self.shown)
        )
        self.query_one("#title", Static).update(Content.assemble((name, "bold"), "  ·  ", number))
        self.query_one("#why", Static).update(self._why())
        self.query_one("#stem", Static).update(item.stem.get(language))
        area = self.query_one("#answer", Vertical)
        await area.remove_children()
        if item.type.has_choices:
            answer: ChoiceList | TextAnswer = ChoiceList(
                item.id,
                self._options(item),
                multiple=item.type is ItemType.MULTIPLE_RESPONSE,
                id="choices",
            )
        else:
            answer = TextAnswer(
                item.id,
                numeric=item.type is ItemType.NUMERIC,
                placeholder=self.tr("practice.type_here"),
                id="typed",
            )
        await area.mount(answer)
        answer.focus(scroll_visible=False)  # the stem is read first: keep the body at its top
        self._show_hints()
        feedback = self.query_one("#feedback", Static)
        feedback.update("")
        feedback.display = False
        self.query_one(Notice).say(self._hint_offer())
        # A new question opens at its top, also once its answer widgets are laid out.
        self.to_show = self.query_one("#stem", Static)
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self._show_keys(self._keys(item))

    def _laid_out(self) -> None:
        """Scroll what was just shown into view: all of it when it fits, else its top, since
        its first lines are the ones to read. Kept up at every layout (a scroll bar that
        appears narrows the text) until the learner scrolls or the step changes."""
        body = self.query_one("#body", VerticalScroll)
        shown = self.to_show
        if shown is not None and shown.display:
            region = shown.virtual_region_with_margin
            height = body.scrollable_content_region.height
            y = min(region.y, max(round(body.scroll_y), region.bottom - height))
            body.scroll_to(y=y, animate=False, immediate=True)

    def _show_keys(self, keys: str) -> None:
        self.query_one(KeyBar).show(keys, scroll=self.tr("app.keys_scroll"))

    def _why(self) -> str:
        decision = self.session.current
        if decision is None:
            return ""
        language = self.its.language
        # Whatever parameters the reason carries: probabilities as percentages, competency
        # ids as names; `competency`, `mastery` and `success` are always there.
        shown: dict[str, object] = {
            key: percent(value, language) if isinstance(value, float) else value
            for key, value in decision.reason.params.items()
        }
        params = decision.reason.params
        competency = str(params.get("competency", decision.competency))
        mastery = _number(params.get("mastery"), self.session.mastery.get(decision.competency, 0.0))
        success = _number(params.get("success"), decision.expected_success)
        shown.update(
            competency=self.its.competency_name(competency),
            mastery=percent(mastery, language),
            success=percent(success, language),
        )
        return self.tr(decision.reason.key, **shown)

    def _hint_offer(self) -> str:
        """Offer a hint, and say why, when the learner will probably get this item wrong."""
        decision = self.session.current
        if decision is None or self.session.hints_shown or not self.item.hints:
            return ""
        if self.session.placing:  # the check measures what is known without help
            return ""
        if decision.reason.key == "reason.resume" or decision.expected_success >= HINT_OFFER_BELOW:
            return ""
        key = "h" if self.item.type.has_choices else "Ctrl+T"
        return self.tr(
            "practice.hint_offer",
            key=key,
            success=percent(decision.expected_success, self.its.language),
        )

    def _options(self, item: Item) -> list[ChoiceOption]:
        if item.type is ItemType.TRUE_FALSE:
            # Only the letters the key bar names: `t` would be "tidak" (no) in Indonesian.
            true_key, false_key = self.tr("practice.true_key"), self.tr("practice.false_key")
            return [
                ChoiceOption(TRUE, true_key, self.tr("practice.true"), ("1", true_key)),
                ChoiceOption(FALSE, false_key, self.tr("practice.false"), ("2", false_key)),
            ]
        return [
            ChoiceOption(c.key, c.key, c.text.get(self.its.language), (str(n), c.key.lower()))
            for n, c in enumerate(item.choices, start=1)
        ]

    def _keys(self, item: Item) -> str:
        if item.type is ItemType.TRUE_FALSE:
            return self.tr("practice.keys_true_false")
        if not item.type.has_choices:
            return self.tr("practice.keys_typed")
        keys = {
            "numbers": f"1-{len(item.choices)}",
            "letters": f"{item.choices[0].key}-{item.choices[-1].key}",
        }
        if item.type is ItemType.MULTIPLE_RESPONSE:
            return self.tr("practice.keys_multiple", **keys)
        return self.tr("practice.keys_single", **keys)

    def _show_hints(self) -> None:
        item, language = self.item, self.its.language
        rungs = self.session.hints_shown
        lines = [
            Content.assemble(
                (self.tr("practice.hint_label", rung=n, rungs=len(item.hints)), "bold"),
                " ",
                item.hints[n - 1].get(language),
            )
            for n in range(1, min(rungs, len(item.hints)) + 1)
        ]
        hints = self.query_one("#hints", Static)
        hints.update(Content("\n").join(lines))
        hints.display = bool(lines)

    # -- answering -------------------------------------------------------------------------

    @on(AnswerSubmitted)
    def answer(self, event: AnswerSubmitted) -> None:
        event.stop()
        if not self.answering or self.session.current is None:
            return
        if event.item_id != self.session.current.item_id:
            return
        response = event.response.strip()
        if not response:
            multiple = self.item.type is ItemType.MULTIPLE_RESPONSE
            self.query_one(Notice).say(
                self.tr("practice.choose_first" if multiple else "practice.type_first")
            )
            return
        item = self.item
        if item.type is ItemType.NUMERIC and is_ambiguous_number(response):
            # Nothing is scored or stored: the learner retypes it plainly.
            self.query_one(Notice).say(
                self.tr(
                    "practice.ambiguous_number",
                    typed=response,
                    plain=response.replace(".", "").replace(",", ""),
                    decimal=f"{response.removesuffix('%').rstrip()}0",
                )
            )
            return
        if item.type is ItemType.NUMERIC and parse_numeric(response) is None:
            # A typo is not a wrong answer: nothing is scored or stored.
            self.query_one(Notice).say(self.tr("practice.not_a_number", typed=response))
            return
        try:
            session, attempt, feedback = self.its.tutor.answer(
                self.session, response, now=self.its.clock()
            )
            append_event(self.its.db, attempt)
        except ItsError as error:
            self.its.show_error(error)
            return
        before = self.session
        self.session = session
        self.answering = False
        self._show_feedback(item, attempt, feedback, before)

    def _changes(self, feedback: Feedback, before: Session) -> list[str]:
        """`Data literacy: 42% (30-55%) → 61% (48-72%)`: each tagged competency's mastery
        before and after the answer, each with its uncertainty band when there are draws."""
        language = self.its.language
        tagged = list(feedback.mastery_before)
        bands_before = self.its.bands(before, tagged)
        bands_after = self.its.bands(self.session, tagged)
        lines = []
        for competency, value_before in feedback.mastery_before.items():
            value_after = feedback.mastery_after.get(competency, value_before)
            old, new = bands_before.get(competency), bands_after.get(competency)
            if old is not None and new is not None:
                lines.append(
                    self.tr(
                        "practice.mastery_change_band",
                        competency=self.its.competency_name(competency),
                        before=percent(value_before, language),
                        before_low=whole(old.low),
                        before_high=whole(old.high),
                        after=percent(value_after, language),
                        after_low=whole(new.low),
                        after_high=whole(new.high),
                    )
                )
            elif self.its.traced_live(competency):
                lines.append(
                    self.tr(
                        "practice.mastery_change_live",
                        competency=self.its.competency_name(competency),
                        before=percent(value_before, language),
                        after=percent(value_after, language),
                    )
                )
            else:
                lines.append(
                    self.tr(
                        "practice.mastery_change",
                        competency=self.its.competency_name(competency),
                        before=percent(value_before, language),
                        after=percent(value_after, language),
                    )
                )
        return lines

    def _show_feedback(
        self, item: Item, attempt: Attempt, feedback: Feedback, before: Session
    ) -> None:
        if item.type.has_choices:
            chosen = {key.strip() for key in attempt.response.split(",")}
            correct_note = self.tr("practice.correct_choice")
            self.query_one(ChoiceList).reveal(chosen, item.answer_keys, correct_note)
        else:
            self.query_one(TextAnswer).disabled = True
        self.set_focus(None)
        verdict = (
            ("practice.correct", "verdict correct")
            if feedback.correct
            else ("practice.incorrect", "verdict incorrect")
        )
        parts: list[Content] = [Content.styled(self.tr(verdict[0]), "bold")]
        if feedback.correct and not counts_as_correct(attempt, item):
            parts.append(Content(self.tr("practice.after_all_hints")))
        parts += self._explanations(item, attempt, feedback)
        parts.append(Content.styled(self.tr("practice.mastery_heading"), "bold"))
        parts += [Content(line) for line in self._changes(feedback, before)]
        for competency in feedback.newly_mastered:
            parts.append(
                Content.styled(
                    self.tr(
                        "practice.newly_mastered", competency=self.its.competency_name(competency)
                    ),
                    "bold",
                )
            )
        if feedback.newly_mastered:
            threshold = percent(self.its.model.threshold, self.its.language)
            parts.append(Content(self.tr("practice.mastered_means", threshold=threshold)))
        panel = self.query_one("#feedback", Static)
        panel.set_classes(verdict[1])
        panel.update(Content("\n").join(parts))
        panel.display = True
        self.query_one(Notice).clear()
        self.to_show = panel
        self._show_keys(self.tr("practice.keys_after"))

    def _explanations(self, item: Item, attempt: Attempt, feedback: Feedback) -> list[Content]:
        """The right answer of a missed typed item, and the authors' feedback: for several
        ticks, each choice that matters on its own line, labelled with its key and verdict."""
        language = self.its.language
        if not item.type.has_choices:
            lines = [Content(feedback.message.get(language))] if feedback.message else []
            if not feedback.correct:
                lines.insert(0, Content(self.tr("practice.right_answer", answer=self._right(item))))
            return lines
        if item.type is not ItemType.MULTIPLE_RESPONSE:
            return [Content(feedback.message.get(language))] if feedback.message else []
        overall = overall_feedback(item, correct=feedback.correct)
        lines = [Content(overall.get(language))] if overall is not None else []
        chosen = frozenset(key.strip() for key in attempt.response.split(",") if key.strip())
        for judged in judge_choices(item, chosen):
            label = self.tr(JUDGEMENT_LABELS[judged.judgement], key=judged.key)
            if judged.feedback is None:
                lines.append(Content.styled(label, "bold"))
            else:
                lines.append(Content.assemble((label, "bold"), " ", judged.feedback.get(language)))
        return lines

    def _right(self, item: Item) -> str:
        if item.type is ItemType.NUMERIC and item.numeric_answer is not None:
            text = f"{item.numeric_answer:g}"
            return text.replace(".", ",") if self.its.language == "id" else text
        return item.accepted[0] if item.accepted else ""

    # -- actions ---------------------------------------------------------------------------

    def action_hint(self) -> None:
        if not self.answering or self.session.current is None:
            return
        session, shown = self.its.tutor.hint(self.session, now=self.its.clock())
        if shown is None:
            self.query_one(Notice).say(self.tr("practice.no_more_hints"))
            return
        try:
            append_event(self.its.db, shown)
        except ItsError as error:
            self.its.show_error(error)
            return
        self.session = session
        self.query_one(Notice).clear()
        self._show_hints()
        self.to_show = self.query_one("#hints", Static)

    async def action_next(self) -> None:
        if self.answering:
            return
        self.session = self.its.next_question(self.session)
        if self.session.current is None:
            summary = self.its.tutor.summary(self.session)
            if self.session.placing:
                known, to_learn, _ = decided(self.session.history, self.its.tutor.index)
                placed = Placed(
                    known=tuple(c for c in self.its.bank.competencies if c in known),
                    to_learn=tuple(c for c in self.its.bank.competencies if c in to_learn),
                )
                self.app.switch_screen(SummaryScreen(summary, placed=placed))
            else:
                self.app.switch_screen(SummaryScreen(summary, all_mastered=True))
            return
        await self.show_item()

    def action_end(self) -> None:
        self.app.switch_screen(SummaryScreen(self.its.tutor.summary(self.session)))

    def action_scroll(self, how: str) -> None:
        self.to_show = None
        body = self.query_one("#body", VerticalScroll)
        moves = {
            "up": body.scroll_up,
            "down": body.scroll_down,
            "page_up": body.scroll_page_up,
            "page_down": body.scroll_page_down,
        }
        moves[how](animate=False)
