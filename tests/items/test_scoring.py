"""Scoring a response: choice keys in any order, numbers as typed, short text loosely."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from its.items import is_correct, parse_numeric
from its.items.model import Choice, CompetencyId, Item, ItemId, ItemType, Text
from its.items.scoring import is_ambiguous_number, normalize_text

TEXT = Text(id="x", en="x")


def make(item_type: ItemType, **fields: object) -> Item:
    base = Item(
        id=ItemId("q"),
        type=item_type,
        competencies=(CompetencyId("web"),),
        stem=TEXT,
        hints=(TEXT,),
        choices=tuple(Choice(key, TEXT) for key in "abcd"),
    )
    return replace(base, **fields)  # type: ignore[arg-type]


SINGLE = make(ItemType.SINGLE_CHOICE, answer_keys=frozenset({"b"}))
MULTIPLE = make(ItemType.MULTIPLE_RESPONSE, answer_keys=frozenset({"a", "c"}))
TRUE_FALSE = make(ItemType.TRUE_FALSE, answer_keys=frozenset({"false"}))
NUMERIC = make(ItemType.NUMERIC, choices=(), numeric_answer=2.5, tolerance=0.1)
SHORT = make(ItemType.SHORT_TEXT, choices=(), accepted=("PDF", "Portable  Document Format"))


@pytest.mark.parametrize(
    ("item", "response", "expected"),
    [
        (SINGLE, "b", True),
        (SINGLE, " b ", True),
        (SINGLE, "B", True),
        (SINGLE, "a", False),
        (SINGLE, "a,b", False),
        (SINGLE, "", False),
        (MULTIPLE, "a,c", True),
        (MULTIPLE, "c, a", True),
        (MULTIPLE, "c,a,", True),
        (MULTIPLE, "a", False),
        (MULTIPLE, "a,b,c", False),
        (TRUE_FALSE, "false", True),
        (TRUE_FALSE, "true", False),
        (NUMERIC, "2.5", True),
        (NUMERIC, "2,5", True),
        (NUMERIC, " 2,6 ", True),
        (NUMERIC, "2.4", True),
        (NUMERIC, "2.7", False),
        (NUMERIC, "2.5%", True),
        (NUMERIC, "two and a half", False),
        (NUMERIC, "", False),
        (SHORT, "pdf", True),
        (SHORT, "  PDF ", True),
        (SHORT, "portable document   FORMAT", True),
        (SHORT, "pdf file", False),
    ],
)
def test_is_correct(item: Item, response: str, expected: bool) -> None:
    assert is_correct(item, response) is expected


def test_tolerance_edge_survives_binary_rounding() -> None:
    item = make(ItemType.NUMERIC, choices=(), numeric_answer=0.3, tolerance=0.0)
    assert is_correct(item, "0.30000000000000004")
    assert is_correct(replace(NUMERIC, numeric_answer=0.2), "0,3")


def test_numeric_item_without_an_answer_is_never_right() -> None:
    assert not is_correct(replace(NUMERIC, numeric_answer=None), "2.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.5", 2.5),
        ("2,5", 2.5),
        ("  -3 ", -3.0),
        ("+4", 4.0),
        (".5", 0.5),
        (",5", 0.5),
        ("5.", 5.0),
        ("50%", 50.0),
        ("50 %", 50.0),
        ("1.000,5", None),
        ("1,000.5", None),
        ("1e3", None),
        ("nan", None),
        ("inf", None),
        ("", None),
        ("%", None),
        ("2,5,1", None),
        ("9" * 400, None),
        ("1.195", None),  # 1195 in Indonesian, 1.195 in English: refused, not guessed
        ("2,500", None),
        ("-12.500 %", None),
        ("0.125", 0.125),  # a leading zero is never a thousands group
        ("1.1950", 1.195),
        ("1195", 1195.0),
    ],
)
def test_parse_numeric(text: str, expected: float | None) -> None:
    assert parse_numeric(text) == expected


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite)
def test_typed_number_reads_back_with_point_or_comma(value: float) -> None:
    typed = repr(value)
    if "e" not in typed and not is_ambiguous_number(typed):
        assert parse_numeric(typed) == value
        assert parse_numeric(typed.replace(".", ",")) == value


@given(answer=finite, tolerance=st.floats(0, 100), offset=st.floats(-1, 1))
def test_numeric_within_tolerance_is_correct(
    answer: float, tolerance: float, offset: float
) -> None:
    item = replace(NUMERIC, numeric_answer=answer, tolerance=tolerance)
    response = answer + offset * tolerance
    assert is_correct(item, f"{response:.17f}")


@given(answer=finite, tolerance=st.floats(0, 100), excess=st.floats(1e-3, 1e3))
def test_numeric_beyond_tolerance_is_wrong(answer: float, tolerance: float, excess: float) -> None:
    item = replace(NUMERIC, numeric_answer=answer, tolerance=tolerance)
    assert not is_correct(item, f"{answer + tolerance + excess:.17f}")
    assert not is_correct(item, f"{answer - tolerance - excess:.17f}")


@given(st.permutations(["a", "c"]), st.sampled_from([",", ", ", " ,"]))
def test_multiple_response_ignores_order_and_spacing(keys: list[str], separator: str) -> None:
    assert is_correct(MULTIPLE, separator.join(keys))


@given(st.sets(st.sampled_from("abcd")))
def test_multiple_response_needs_the_exact_set(keys: set[str]) -> None:
    assert is_correct(MULTIPLE, ",".join(sorted(keys))) is (keys == {"a", "c"})


@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12))
def test_short_text_ignores_case_and_spacing(word: str) -> None:
    item = replace(SHORT, accepted=(word,))
    assert is_correct(item, f"  {word.upper()}  ") is (word.upper().casefold() == word.casefold())
    assert is_correct(item, f" {word} ")


@pytest.mark.parametrize(
    ("text", "ambiguous"),
    [
        ("1.195", True),
        ("2,500", True),
        (" 10.000 ", True),
        ("50,000%", True),
        ("1195", False),
        ("0,125", False),
        ("1.5", False),
        ("1234.567", False),
        ("1.000,5", False),
    ],
)
def test_thousands_like_numbers_are_flagged(text: str, ambiguous: bool) -> None:
    assert is_ambiguous_number(text) is ambiguous


@pytest.mark.parametrize(
    "typed", ["Halusinasi.", "  halusinasi!  ", "“Halusinasi”", "'halusinasi'", "(halusinasi)"]
)
def test_punctuation_typed_around_a_short_answer_is_ignored(typed: str) -> None:
    assert normalize_text(typed) == "halusinasi"


def test_punctuation_inside_a_short_answer_still_counts() -> None:
    assert normalize_text("U.S.A.") == "u.s.a"
    assert normalize_text("e-mail") != normalize_text("email")
