"""The guess probability is the item's own: 1/n for single choice, 1/2 for true/false,
1/(2^n - 1) for a subset of n choices, a small value for typed answers; it is used in the
expected success and in the BKT update of that answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from its.events import Attempt, LearnerId, SessionId, new_event_id
from its.items.load import load_bank, starter_bank_path
from its.items.model import Item, ItemType
from its.tracing.bkt.online import update
from its.tutor.mastery import TYPED_GUESS, MasteryModel, apply_attempt, item_guess
from its.tutor.success import expected_success

STARTER = load_bank(starter_bank_path())


def first_of(kind: ItemType) -> Item:
    return next(it for it in STARTER.items if it.type is kind)


@pytest.mark.parametrize("kind", list(ItemType))
def test_each_item_type_has_its_guess(kind: ItemType) -> None:
    item = first_of(kind)
    n = len(item.choices)
    expected = {
        ItemType.SINGLE_CHOICE: 1 / n if n else 0.0,
        ItemType.TRUE_FALSE: 0.5,
        ItemType.MULTIPLE_RESPONSE: 1 / (2**n - 1) if n else 0.0,
        ItemType.NUMERIC: TYPED_GUESS,
        ItemType.SHORT_TEXT: TYPED_GUESS,
    }[kind]
    assert item_guess(item) == pytest.approx(expected)


def test_expected_success_follows_the_guess() -> None:
    model = MasteryModel()
    typed, true_false = first_of(ItemType.SHORT_TEXT), first_of(ItemType.TRUE_FALSE)
    # The same competency, mastery and difficulty: only the item type differs.
    typed = replace(typed, competencies=true_false.competencies, difficulty=0.5)
    true_false = replace(true_false, difficulty=0.5)
    mastery = {true_false.competencies[0]: 0.2}
    low, high = (
        expected_success(typed, mastery, model),
        expected_success(true_false, mastery, model),
    )
    assert low == pytest.approx(0.2 * 0.9 + 0.8 * TYPED_GUESS)
    assert high == pytest.approx(0.2 * 0.9 + 0.8 * 0.5)


def test_a_right_typed_answer_is_stronger_evidence_than_a_right_true_false_one() -> None:
    model = MasteryModel()
    competency = first_of(ItemType.TRUE_FALSE).competencies[0]
    after = {}
    for kind in (ItemType.SHORT_TEXT, ItemType.TRUE_FALSE):
        item = replace(first_of(kind), competencies=(competency,))
        attempt = Attempt(
            event_id=new_event_id(),
            learner_id=LearnerId("l"),
            session_id=SessionId("s"),
            item_id=item.id,
            item_version=item.version,
            competencies=(competency,),
            response="x",
            correct=True,
            hints_used=0,
            seconds=1.0,
            at=datetime(2026, 3, 2, tzinfo=UTC),
        )
        mastery = apply_attempt({competency: 0.2}, attempt, item, model)
        guess = item_guess(item)
        assert mastery[competency] == pytest.approx(
            update(0.2, True, replace(model.default, guess=guess))
        )
        after[kind] = mastery[competency]
    assert after[ItemType.SHORT_TEXT] > after[ItemType.TRUE_FALSE]
