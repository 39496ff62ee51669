from datetime import UTC, datetime

import pytest
from live_dkt_support import TrainedDKT, trained_dkt

from its.items.model import Bank, Choice, Competency, CompetencyId, Item, ItemId, ItemType, Text


def _text(s: str) -> Text:
    return Text(id=f"{s} (id)", en=s)


def _item(item_id: str, competency: str, difficulty: float = 0.5) -> Item:
    return Item(
        id=ItemId(item_id),
        type=ItemType.SINGLE_CHOICE,
        competencies=(CompetencyId(competency),),
        stem=_text(f"stem {item_id}"),
        hints=(_text("nudge"), _text("answer is a")),
        choices=(
            Choice("a", _text("right"), _text("yes")),
            Choice("b", _text("wrong"), _text("no")),
            Choice("c", _text("also wrong"), _text("no")),
            Choice("d", _text("wrong too"), _text("no")),
        ),
        answer_keys=frozenset({"a"}),
        difficulty=difficulty,
        version=f"v-{item_id}",
    )


@pytest.fixture
def bank() -> Bank:
    """basics <- data <- analytics, each with four items of rising difficulty."""
    comps = {
        CompetencyId("basics"): Competency(CompetencyId("basics"), _text("Basics"), _text("d")),
        CompetencyId("data"): Competency(
            CompetencyId("data"), _text("Data"), _text("d"), (CompetencyId("basics"),)
        ),
        CompetencyId("analytics"): Competency(
            CompetencyId("analytics"), _text("Analytics"), _text("d"), (CompetencyId("data"),)
        ),
    }
    items = tuple(
        _item(f"{c}-{i}", c, difficulty=0.2 + 0.2 * i)
        for c in ("basics", "data", "analytics")
        for i in range(4)
    )
    return Bank(competencies=comps, items=items)


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def starter() -> Bank:
    """The bundled starter bank."""
    from its.items.load import load_bank, starter_bank_path

    return load_bank(starter_bank_path())


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> TrainedDKT:
    """The DKT trained once per run on simulated learners' events (`live_dkt_support`)."""
    return trained_dkt(tmp_path_factory)
