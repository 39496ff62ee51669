"""An item's version changes with what the learner sees or is scored on, and only then."""

from __future__ import annotations

from dataclasses import replace

import pytest

from its.items import item_version
from its.items.model import Choice, CompetencyId, Item, ItemId, ItemType, SourceRef, Text

ITEM = Item(
    id=ItemId("q-01"),
    type=ItemType.SINGLE_CHOICE,
    competencies=(CompetencyId("web"), CompetencyId("email")),
    stem=Text(id="Pilih b.", en="Pick b."),
    hints=(Text(id="Huruf kedua.", en="The second letter."),),
    choices=(
        Choice("a", Text(id="A", en="A"), Text(id="Bukan.", en="No.")),
        Choice("b", Text(id="B", en="B"), Text(id="Ya.", en="Yes.")),
    ),
    answer_keys=frozenset({"b"}),
    source=SourceRef("items/x.yaml", 1),
)


def test_version_is_twelve_hex_characters() -> None:
    version = item_version(ITEM)
    assert len(version) == 12
    assert int(version, 16) >= 0


def test_version_is_stable_across_runs() -> None:
    # Pinned: a change here means every stored answer loses its item version.
    assert item_version(ITEM) == "693f5efc95bb"


@pytest.mark.parametrize(
    "edited",
    [
        replace(ITEM, stem=Text(id="Pilih b!", en="Pick b.")),
        replace(ITEM, stem=Text(id="Pilih b.", en="Pick b!")),
        replace(ITEM, type=ItemType.MULTIPLE_RESPONSE),
        replace(ITEM, competencies=(CompetencyId("web"),)),
        replace(ITEM, hints=()),
        replace(ITEM, choices=ITEM.choices[::-1]),
        replace(ITEM, choices=(ITEM.choices[0], replace(ITEM.choices[1], feedback=None))),
        replace(ITEM, answer_keys=frozenset({"a"})),
        replace(ITEM, numeric_answer=1.0),
        replace(ITEM, tolerance=0.5),
        replace(ITEM, accepted=("b",)),
        replace(ITEM, feedback_correct=Text(id="Ya", en="Yes")),
        replace(ITEM, feedback_incorrect=Text(id="Tidak", en="No")),
    ],
)
def test_version_changes_with_learner_facing_content(edited: Item) -> None:
    assert item_version(edited) != item_version(ITEM)


@pytest.mark.parametrize(
    "edited",
    [
        replace(ITEM, difficulty=0.9),
        replace(ITEM, source=SourceRef("items/other.yaml", 40)),
        replace(ITEM, version="anything"),
        replace(ITEM, competencies=ITEM.competencies[::-1]),
    ],
)
def test_version_ignores_position_difficulty_and_competency_order(edited: Item) -> None:
    assert item_version(edited) == item_version(ITEM)
