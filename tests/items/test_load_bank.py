"""Loading a valid bank gives the model the rest of its uses, in the order it was written."""

from __future__ import annotations

from pathlib import Path

from its.items import item_version, load_bank, read_bank, validate_bank
from its.items.model import Choice, CompetencyId, ItemType, SourceRef, Text


def test_valid_bank_has_no_problems(bank_ok: Path) -> None:
    assert validate_bank(bank_ok) == []


def test_read_bank_returns_the_bank_and_no_problems(bank_ok: Path) -> None:
    bank, problems = read_bank(bank_ok)
    assert problems == []
    assert bank == load_bank(bank_ok)


def test_competencies_keep_their_order_and_prerequisites(bank_ok: Path) -> None:
    bank = load_bank(bank_ok)
    assert list(bank.competencies) == ["digital-literacy", "information", "ai-basics"]
    ai = bank.competencies[CompetencyId("ai-basics")]
    assert ai.prerequisites == ("digital-literacy", "information")
    assert ai.name == Text(id="Dasar kecerdasan artifisial", en="AI basics")
    assert bank.competencies[CompetencyId("digital-literacy")].prerequisites == ()


def test_items_are_read_in_file_name_order(bank_ok: Path) -> None:
    bank = load_bank(bank_ok)
    assert [item.id for item in bank.items] == [
        "dl-password-01",
        "dl-phishing-01",
        "dl-update-01",
        "info-storage-01",
        "info-format-01",
        "ai-halluc-01",
    ]
    assert {item.type for item in bank.items} == set(ItemType)


def test_bank_path_is_kept_as_given(bank_ok: Path) -> None:
    assert load_bank(str(bank_ok)).path == str(bank_ok)


def test_single_choice_item(bank_ok: Path) -> None:
    item = load_bank(bank_ok).item("dl-password-01")
    assert item.answer_keys == frozenset({"b"})
    assert [choice.key for choice in item.choices] == ["a", "b"]
    assert item.choices[1].feedback == Text(
        id="Benar: frasa panjang acak.", en="Right: a long random passphrase."
    )
    assert item.difficulty == 0.3
    assert item.source == SourceRef(str(bank_ok / "items" / "01-digital-literacy.yaml"), 1)


def test_multiple_response_item_has_feedback_and_hints(bank_ok: Path) -> None:
    item = load_bank(bank_ok).item("dl-phishing-01")
    assert item.answer_keys == frozenset({"a", "b"})
    assert item.competencies == ("digital-literacy", "information")
    assert len(item.hints) == 2
    assert item.feedback_correct == Text(id="Tepat.", en="Exactly.")
    assert item.feedback_incorrect == Text(id="Belum tepat.", en="Not quite.")
    assert item.difficulty == 0.5  # the default


def test_true_false_item_gets_true_and_false_choices(bank_ok: Path) -> None:
    item = load_bank(bank_ok).item("dl-update-01")
    assert item.choices == (
        Choice(
            "true",
            Text(id="Benar", en="True"),
            Text(id="Pembaruan menutup celah keamanan.", en="Updates close security holes."),
        ),
        Choice(
            "false",
            Text(id="Salah", en="False"),
            Text(id="Benar, pasang pembaruan segera.", en="Right, install updates promptly."),
        ),
    )
    assert item.answer_keys == frozenset({"false"})
    assert item.feedback_correct is None


def test_true_false_item_without_feedback_has_plain_choices(bank_ok: Path) -> None:
    item = load_bank(bank_ok).item("ai-halluc-01")
    assert [(c.key, c.feedback) for c in item.choices] == [("true", None), ("false", None)]
    assert item.answer_keys == frozenset({"true"})


def test_numeric_and_short_text_items(bank_ok: Path) -> None:
    bank = load_bank(bank_ok)
    numeric = bank.item("info-storage-01")
    assert (numeric.numeric_answer, numeric.tolerance) == (250.0, 0.5)
    assert numeric.choices == ()
    assert bank.item("info-format-01").accepted == ("PDF", "pdf file")


def test_every_item_carries_its_content_version(bank_ok: Path) -> None:
    for item in load_bank(bank_ok).items:
        assert item.version == item_version(item)
        assert len(item.version) == 12
