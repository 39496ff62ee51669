"""Malformed input of any kind becomes a Problem with a place, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from its.errors import BankError
from its.items import load_bank, validate_bank

WriteBank = Callable[..., Path]

COMPETENCIES = """\
- id: web
  name: {id: "Web", en: "Web"}
  description: {id: "Peramban.", en: "Browsers."}
"""

ITEM = """\
- id: q-01
  competencies: [web]
  type: single_choice
  stem: {id: "Pilih b.", en: "Pick b."}
  choices:
    - {key: a, text: {id: "A", en: "A"}, feedback: {id: "Bukan.", en: "No."}}
    - {key: b, text: {id: "B", en: "B"}, feedback: {id: "Ya.", en: "Yes."}}
  answer: b
  hints:
    - {id: "Huruf kedua.", en: "The second letter."}
"""

NUMERIC = """\
- id: n-01
  competencies: [web]
  type: numeric
  stem: {id: "Berapa?", en: "How many?"}
  answer: 2
  hints: [{id: "Hitung.", en: "Count."}]
"""


def problems_of(bank: Path) -> list[tuple[str, int | None, int | None]]:
    return [(problem.code, problem.line, problem.col) for problem in validate_bank(bank)]


def edit(old: str, new: str, base: str = ITEM) -> str:
    assert old in base
    return base.replace(old, new)


@pytest.mark.parametrize(
    ("items", "expected", "message"),
    [
        pytest.param("- ~\n", [("E002", 1, 3)], "an item must be a mapping", id="null-item"),
        pytest.param("- just text\n", [("E002", 1, 3)], 'got text "just text"', id="text-item"),
        pytest.param(
            edit("id: q-01", "id: [q-01]"),
            [("E002", 1, 7)],
            "the item id must be text",
            id="list-id",
        ),
        pytest.param(
            edit("competencies: [web]", "competencies:"),
            [("E002", 2, 16)],
            "competencies must be a list, got nothing (null)",
            id="null-competencies",
        ),
        pytest.param(
            edit("competencies: [web]", "competencies: []"),
            [("E105", 2, 17)],
            "at least one competency",
            id="no-competencies",
        ),
        pytest.param(
            edit("  hints:\n    - {", '  hints: "x"\n  h: {'),
            [("E004", 10, 3), ("E002", 9, 10)],
            'hints must be a list, got text "x"',
            id="text-hints",
        ),
        pytest.param(
            edit("  answer: b\n", "  answer: [b]\n"),
            [("E002", 8, 11)],
            "one key (for several: multiple_response)",
            id="list-answer",
        ),
        pytest.param(
            edit("  answer: b\n", "  answer: {b: 1}\n"),
            [("E002", 8, 11)],
            "an answer key must be text, got a mapping",
            id="mapping-answer",
        ),
        pytest.param(
            edit("single_choice", "multiple_response"),
            [("E002", 8, 11)],
            "e.g. [a, c]) must be a list, got text",
            id="text-answer-for-multiple-response",
        ),
        pytest.param(
            edit("  choices:\n", "  choices: {a: 1}\n  x:\n"),
            [("E004", 6, 3), ("E002", 5, 12)],
            "choices must be a list, got a mapping",
            id="mapping-choices",
        ),
        pytest.param(
            edit("    - {key: a,", "    - a\n    - {key: c,"),
            [("E002", 6, 7)],
            "a choice must be a mapping",
            id="text-choice",
        ),
        pytest.param(
            edit("stem:", "stem: 12\n  x:"),
            [("E002", 4, 9), ("E004", 5, 3)],
            "got the number 12",
            id="number-stem",
        ),
        pytest.param(
            edit("  answer: b\n", "  answer: b\n  answer: a\n"),
            [("E002", 9, 3)],
            'key "answer" appears twice (first on line 8)',
            id="repeated-key",
        ),
        pytest.param(
            edit("  answer: b\n", "  answer: b\n  ~: 1\n"),
            [("E002", 9, 3)],
            "a key must be a plain name",
            id="null-key",
        ),
        pytest.param(
            edit("  answer: b\n", "  answer: b\n  difficulty: yes\n"),
            [("E002", 9, 15)],
            "difficulty must be a number, got true/false (yes)",
            id="bool-difficulty",
        ),
        pytest.param(
            edit("type: single_choice", "type: 5"),
            [("E105", 3, 9)],
            'unknown item type "5"; types: single_choice',
            id="number-type",
        ),
        pytest.param(
            edit("answer: 2", "answer: 2,5", NUMERIC),
            [("E002", 5, 11)],
            'got text "2,5"; write 2.5 (no quotes, decimal point)',
            id="decimal-comma",
        ),
        pytest.param(
            edit("answer: 2", "answer: .inf", NUMERIC),
            [("E105", 5, 11)],
            "must be a finite number",
            id="infinite-answer",
        ),
        pytest.param(
            edit("answer: 2", "answer: 1.0e+400", NUMERIC),
            [("E105", 5, 11)],
            "must be a finite number",
            id="overflowing-answer",
        ),
        pytest.param(
            edit("answer: 2", "answer: two", NUMERIC),
            [("E002", 5, 11)],
            'the answer must be a number, got text "two"',
            id="text-number",
        ),
        pytest.param(
            edit(
                "type: numeric\n", "type: short_text\n", edit("answer: 2", "answer: PDF", NUMERIC)
            ),
            [("E002", 5, 11)],
            "the accepted answers",
            id="text-for-accepted-list",
        ),
        pytest.param(
            edit(
                "type: numeric\n", "type: short_text\n", edit("answer: 2", 'answer: [" "]', NUMERIC)
            ),
            [("E105", 5, 12)],
            "an accepted answer is empty",
            id="blank-accepted-answer",
        ),
        pytest.param(
            edit(
                "type: numeric\n",
                "type: true_false\n",
                edit("answer: 2", 'answer: "true"', NUMERIC),
            ),
            [("E002", 5, 11)],
            "must be true or false",
            id="quoted-true",
        ),
        pytest.param("a: [1\n", [("E001", 2, 1)], "invalid YAML", id="syntax"),
        pytest.param(
            ITEM + "---\n" + ITEM, [("E001", 11, 1)], "another document", id="two-documents"
        ),
        pytest.param("x: \x07\n", [("E001", 1, 4)], "special characters", id="control-character"),
        pytest.param(
            edit(
                '  hints:\n    - {id: "Huruf kedua.", en: "The second letter."}\n',
                "  hints: &h [*h]\n",
            ),
            [("E002", 9, 10)],
            "hint 1 must be a text in both languages",
            id="recursive-alias",
        ),
    ],
)
def test_malformed_item_file(
    write_bank: WriteBank,
    items: str,
    expected: list[tuple[str, int, int]],
    message: str,
) -> None:
    bank = write_bank(COMPETENCIES, {"x.yaml": items})
    assert sorted(problems_of(bank)) == sorted(expected)
    assert any(message in problem.message for problem in validate_bank(bank))


def test_empty_competencies_file(write_bank: WriteBank) -> None:
    bank = write_bank("", {"x.yaml": ITEM})
    assert [str(p) for p in validate_bank(bank)] == [
        f"{bank / 'competencies.yaml'}: E107 lists no competencies"
    ]


def test_empty_item_file_next_to_others_is_fine(write_bank: WriteBank) -> None:
    assert validate_bank(write_bank(COMPETENCIES, {"x.yaml": ITEM, "y.yaml": ""})) == []


def test_folder_instead_of_competencies_file(write_bank: WriteBank) -> None:
    bank = write_bank(None, {"x.yaml": ITEM})
    (bank / "competencies.yaml").mkdir()
    assert [str(p) for p in validate_bank(bank)] == [
        f"{bank / 'competencies.yaml'}: E001 is a folder, not a YAML file"
    ]


def test_folder_instead_of_item_file(write_bank: WriteBank) -> None:
    bank = write_bank(COMPETENCIES, {"x.yaml": ITEM})
    (bank / "items" / "y.yaml").mkdir()
    assert problems_of(bank) == [("E001", None, None)]


def test_unreadable_file(write_bank: WriteBank, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = write_bank(COMPETENCIES, {"x.yaml": ITEM})
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "x.yaml":
            raise PermissionError(13, "Permission denied")
        return read_bytes(self)

    # Running as root ignores file modes, so the refusal is simulated.
    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert [str(p) for p in validate_bank(bank)] == [
        f"{bank / 'items' / 'x.yaml'}: E001 cannot be read: Permission denied"
    ]


def test_no_items_folder(write_bank: WriteBank) -> None:
    bank = write_bank(COMPETENCIES)
    (bank / "items").rmdir()
    with pytest.raises(BankError, match=re.escape(f"{bank}: E107 the bank has no items/ folder")):
        load_bank(bank)


def test_nesting_too_deep_for_the_parser(write_bank: WriteBank) -> None:
    bank = write_bank(COMPETENCIES, {"x.yaml": "[" * 20_000 + "]" * 20_000})
    assert [p.message for p in validate_bank(bank)] == ["invalid YAML: nested too deeply"]


def test_non_utf8_competencies_file(write_bank: WriteBank) -> None:
    bank = write_bank(COMPETENCIES.encode("utf-8") + b"# caf\xe9\n", {"x.yaml": ITEM})
    assert problems_of(bank) == [("E001", 4, 6)]


@pytest.mark.parametrize(
    ("answer", "code"),
    [('!!int ""', "E105"), ("!!float x", "E105"), ("!!int 1:x", "E105"), ("!!str 2", "E002")],
)
def test_explicit_tags_on_numbers(write_bank: WriteBank, answer: str, code: str) -> None:
    bank = write_bank(COMPETENCIES, {"x.yaml": edit("answer: 2", f"answer: {answer}", NUMERIC)})
    assert problems_of(bank) == [(code, 5, 11)]


def test_explicit_bool_tag_on_a_non_boolean(write_bank: WriteBank) -> None:
    true_false = edit("type: numeric", "type: true_false", NUMERIC)
    bank = write_bank(
        COMPETENCIES, {"x.yaml": edit("answer: 2", "answer: !!bool maybe", true_false)}
    )
    assert problems_of(bank) == [("E002", 5, 11)]
