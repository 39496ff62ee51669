"""How item and competency files are read: defaults, leniencies, and one report per mistake."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from its.items import load_bank, validate_bank
from its.items.model import Text

WriteBank = Callable[..., Path]

COMPETENCIES = """\
- id: web
  name: {id: "Web", en: "Web"}
  description: {id: "Peramban.", en: "Browsers."}
  prerequisites:
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


def edit(old: str, new: str, base: str = ITEM) -> str:
    assert old in base
    return base.replace(old, new)


def codes(bank: Path) -> list[tuple[str, int | None]]:
    return [(problem.code, problem.line) for problem in validate_bank(bank)]


def test_null_optional_keys_take_their_defaults(write_bank: WriteBank) -> None:
    item = edit("  answer: b\n", "  answer: b\n  difficulty:\n  feedback:\n")
    bank = load_bank(write_bank(COMPETENCIES, {"x.yaml": item}))
    assert bank.competencies["web"].prerequisites == ()  # type: ignore[index]
    assert bank.items[0].difficulty == 0.5
    assert bank.items[0].feedback_correct is None


def test_texts_keep_numbers_and_words_as_written(write_bank: WriteBank) -> None:
    item = edit('text: {id: "A", en: "A"}', "text: {id: 2.50, en: yes}")
    bank = load_bank(write_bank(COMPETENCIES, {"x.yaml": item}))
    assert bank.items[0].choices[0].text == Text(id="2.50", en="yes")


def test_anchors_and_aliases_share_text(write_bank: WriteBank) -> None:
    item = edit('stem: {id: "Pilih b.", en: "Pick b."}', 'stem: &s {id: "Pilih b.", en: "Pick b."}')
    item = edit('    - {id: "Huruf kedua.", en: "The second letter."}', "    - *s", item)
    bank = load_bank(write_bank(COMPETENCIES, {"x.yaml": item}))
    assert bank.items[0].hints == (bank.items[0].stem,)


def test_byte_order_mark_is_accepted(write_bank: WriteBank) -> None:
    bank = write_bank(b"\xef\xbb\xbf" + COMPETENCIES.encode(), {"x.yaml": ITEM})
    assert validate_bank(bank) == []


def test_yml_files_are_read_and_hidden_or_other_files_ignored(write_bank: WriteBank) -> None:
    second = edit("id: q-01", "id: q-02")
    bank = write_bank(
        COMPETENCIES,
        {"a.yml": ITEM, "b.yaml": second, ".#a.yaml": "{{{", "README.md": "# notes"},
    )
    assert [item.id for item in load_bank(bank).items] == ["q-01", "q-02"]


def test_true_false_feedback_may_mix_choice_and_outcome_entries(write_bank: WriteBank) -> None:
    item = """\
- id: tf
  competencies: [web]
  type: true_false
  stem: {id: "Benar?", en: "True?"}
  answer: yes
  hints: [{id: "Pikir.", en: "Think."}]
  feedback:
    true: {id: "Ya.", en: "Yes."}
    incorrect: {id: "Bukan.", en: "No."}
"""
    loaded = load_bank(write_bank(COMPETENCIES, {"x.yaml": item})).items[0]
    assert loaded.answer_keys == frozenset({"true"})
    assert loaded.choice("true").feedback == Text(id="Ya.", en="Yes.")  # type: ignore[union-attr]
    assert loaded.choice("false").feedback is None  # type: ignore[union-attr]
    assert loaded.feedback_incorrect == Text(id="Bukan.", en="No.")


def test_choice_feedback_keys_are_only_for_true_false(write_bank: WriteBank) -> None:
    item = edit("  answer: b\n", '  answer: b\n  feedback: {true: {id: "Ya", en: "Yes"}}\n')
    assert codes(write_bank(COMPETENCIES, {"x.yaml": item})) == [("E004", 9)]


def test_typo_in_a_text_language_suggests_it(write_bank: WriteBank) -> None:
    item = edit('stem: {id: "Pilih b.", en: "Pick b."}', 'stem: {id: "Pilih b.", eng: "Pick b."}')
    problems = validate_bank(write_bank(COMPETENCIES, {"x.yaml": item}))
    assert [(p.code, p.message) for p in problems] == [
        ("E005", "the stem lacks its English version (en:)"),
        ("E004", 'unknown key "eng" in the stem; did you mean "en"?'),
    ]


def test_broken_competency_is_still_known_to_items(write_bank: WriteBank) -> None:
    competencies = edit('  name: {id: "Web", en: "Web"}\n', "", COMPETENCIES)
    assert codes(write_bank(competencies, {"x.yaml": ITEM})) == [("E003", 1)]


def test_badly_spelled_competency_id_is_reported_once(write_bank: WriteBank) -> None:
    competencies = edit("id: web", "id: Web", COMPETENCIES)
    item = edit("[web]", "[Web]")
    assert codes(write_bank(competencies, {"x.yaml": item})) == [("E105", 1)]


def test_bad_choice_key_is_not_also_a_missing_answer(write_bank: WriteBank) -> None:
    item = edit("{key: b,", "{key: g,", edit("answer: b", "answer: g"))
    problems = validate_bank(write_bank(COMPETENCIES, {"x.yaml": item}))
    assert [(p.code, p.message) for p in problems] == [
        ("E105", 'choice key "g" must be one of a, b, c, d, e, f')
    ]


def test_answer_is_not_checked_against_unreadable_choices(write_bank: WriteBank) -> None:
    item = edit("  choices:\n", "  choices: a, b\n  x:\n")
    assert [c for c, _ in codes(write_bank(COMPETENCIES, {"x.yaml": item}))] == ["E002", "E004"]


def test_multiple_response_needs_an_answer(write_bank: WriteBank) -> None:
    item = edit("answer: b", "answer: []", edit("single_choice", "multiple_response"))
    assert codes(write_bank(COMPETENCIES, {"x.yaml": item})) == [("E105", 8)]


def test_empty_hints_list(write_bank: WriteBank) -> None:
    item = edit('  hints:\n    - {id: "Huruf kedua.", en: "The second letter."}\n', "  hints: []\n")
    problems = validate_bank(write_bank(COMPETENCIES, {"x.yaml": item}))
    assert [(p.code, p.line, p.message) for p in problems] == [
        ("E106", 9, "hints is empty; add at least one hint")
    ]


def test_unknown_type_still_checks_common_keys(write_bank: WriteBank) -> None:
    item = edit("type: single_choice", "type: essay", edit("stem:", "stme:"))
    assert [c for c, _ in codes(write_bank(COMPETENCIES, {"x.yaml": item}))] == [
        "E003",
        "E105",
        "E004",
    ]
