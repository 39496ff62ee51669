"""Whatever is in the files, validation returns problems and never raises."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from its.errors import BankError
from its.items import Problem, load_bank, validate_bank

CODES = {"E001", "E002", "E003", "E004", "E005", *(f"E10{n}" for n in range(1, 8))}
KEYS = [
    "id", "competencies", "type", "difficulty", "stem", "choices", "answer", "tolerance",
    "hints", "feedback", "key", "text", "name", "description", "prerequisites",
    "en", "correct", "incorrect", "true", "false",
]  # fmt: skip
WORDS = ["a", "b", "c", "web", "single_choice", "multiple_response", "true_false", "numeric",
         "short_text", "", " ", "2,5"]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.sampled_from(WORDS),
    st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), children, max_size=6),
    ),
    max_leaves=25,
)
entries = st.lists(st.dictionaries(st.sampled_from(KEYS), values, max_size=10), max_size=3)
COMPETENCIES = '- {id: web, name: {id: "W", en: "W"}, description: {id: "D", en: "D"}}\n'
fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(competencies: bytes, items: bytes) -> list[Problem]:
    """Validate a bank made of these two files; load_bank must agree with validate_bank."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "items").mkdir()
        (root / "competencies.yaml").write_bytes(competencies)
        (root / "items" / "x.yaml").write_bytes(items)
        problems = validate_bank(root)
        assert {problem.code for problem in problems} <= CODES
        try:
            load_bank(root)
        except BankError as error:
            assert str(error) == "\n".join(map(str, problems))
        else:
            assert problems == []
        return problems


def dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


@fuzz
@given(entries)
def test_any_item_structure_is_reported_not_raised(items: list[dict[str, Any]]) -> None:
    check(COMPETENCIES.encode(), dump(items))


@fuzz
@given(values)
def test_any_competencies_structure_is_reported_not_raised(competencies: Any) -> None:
    check(dump(competencies), b"")


@fuzz
@given(st.text(max_size=200))
def test_any_text_is_reported_not_raised(text: str) -> None:
    check(COMPETENCIES.encode(), text.encode("utf-8"))


@fuzz
@given(st.binary(max_size=200))
def test_any_bytes_are_reported_not_raised(data: bytes) -> None:
    check(data, data)


BANK_OK = Path(__file__).resolve().parents[1] / "data" / "bank_ok"


def replace_somewhere(data: Any, draw: st.DataObject, new: Any) -> Any:
    """Return data with one value, anywhere in the tree, replaced (or a mapping key dropped)."""
    if isinstance(data, list) and data and draw.draw(st.booleans()):
        index = draw.draw(st.integers(0, len(data) - 1))
        return [*data[:index], replace_somewhere(data[index], draw, new), *data[index + 1 :]]
    if isinstance(data, dict) and data and draw.draw(st.booleans()):
        key = draw.draw(st.sampled_from(sorted(data)))
        if draw.draw(st.integers(0, 4)) == 0:
            return {k: v for k, v in data.items() if k != key}
        return {**data, key: replace_somewhere(data[key], draw, new)}
    return new


@fuzz
@given(st.data(), values)
def test_one_broken_value_in_a_valid_bank_is_reported_not_raised(
    data: st.DataObject, new: Any
) -> None:
    name = data.draw(st.sampled_from(["competencies.yaml", "items/01-digital-literacy.yaml"]))
    broken = replace_somewhere(yaml.safe_load((BANK_OK / name).read_text()), data, new)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "bank"
        shutil.copytree(BANK_OK, root)
        (root / name).write_bytes(dump(broken))
        problems = validate_bank(root)
        assert {problem.code for problem in problems} <= CODES
        assert all(problem.path.startswith(str(root)) for problem in problems)
