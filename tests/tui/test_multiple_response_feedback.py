"""A multiple-response answer explains each choice that matters (each ticked one, each right
one left unticked) on its own line, labelled with its key and, in words, whether ticking it was
right; the author's per-choice feedback never stands alone after the verdict."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from tui_support import SIZE, TickingClock, create_profile, on_screen, show_item

from its.i18n import LANGUAGES, t
from its.items.load import load_bank, starter_bank_path
from its.tui.app import make_app
from its.tui.choice_feedback import Judgement, judge_choices

STARTER = load_bank(starter_bank_path())
DL_04 = STARTER.item("dl-04")  # right: a, b, d; c is not a warning sign


def test_judge_choices_names_ticked_and_missed_choices_in_item_order() -> None:
    judged = judge_choices(DL_04, frozenset({"c", "a"}))
    assert [(j.key, j.judgement) for j in judged] == [
        ("a", Judgement.TICKED_RIGHT),
        ("b", Judgement.MISSED),
        ("c", Judgement.TICKED_WRONG),
        ("d", Judgement.MISSED),
    ]
    assert judged[0].feedback == DL_04.choice("a").feedback


def _feedback_text(app: object) -> str:
    return str(app.screen.query_one("#feedback").content)  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("ticks", "expected"),
    [
        (
            "abcd",
            {"a": "ticked_right", "b": "ticked_right", "c": "ticked_wrong", "d": "ticked_right"},
        ),
        ("a", {"a": "ticked_right", "b": "missed", "d": "missed"}),
        ("abd", {"a": "ticked_right", "b": "ticked_right", "d": "ticked_right"}),
    ],
)
def test_each_choice_that_matters_is_explained(
    db: sqlite_utils.Database,
    clock: TickingClock,
    language: str,
    ticks: str,
    expected: dict[str, str],
) -> None:
    app = make_app(db, STARTER, seed=3, clock=clock, language=language)

    async def answer() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await create_profile(pilot, "Tester")
            await show_item(pilot, app, DL_04)
            await pilot.press(*ticks, "enter")
            await pilot.pause()
            text = _feedback_text(app)
            lines = text.splitlines()
            verdict = "practice.correct" if ticks == "abd" else "practice.incorrect"
            assert lines[0] == t(verdict, language)
            for choice in DL_04.choices:
                feedback = choice.feedback.get(language) if choice.feedback else ""
                if choice.key not in expected:
                    assert feedback not in text
                    continue
                label = t(f"practice.{expected[choice.key]}", language, key=choice.key)
                assert f"{label} {feedback}" in lines, (choice.key, text)
            # The verdict is followed by labelled lines, never by a bare choice's feedback.
            assert lines[1].startswith(tuple(f"{k}) " for k in "abcd")), text
            assert t("practice.mastery_heading", language) in on_screen(app)

    asyncio.run(answer())
