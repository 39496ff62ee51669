"""targets.yaml: job families and levels map to target competencies and target mastery."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from its.items import load_bank, starter_bank_path, validate_bank
from its.items.model import CompetencyId, JobKind

TARGETS = """\
- id: analis-kebijakan
  kind: functional
  name: {id: "Analis Kebijakan", en: "Policy analyst"}
  levels:
    - id: ahli-pertama
      name: {id: "Ahli Pertama", en: "First expert"}
      targets:
        information: 0.8
        digital-literacy: 0.95
"""


def with_targets(bank_ok_copy: Path, text: str) -> Path:
    (bank_ok_copy / "targets.yaml").write_text(text, encoding="utf-8")
    return bank_ok_copy


def test_targets_keep_the_authors_order_and_values(bank_ok_copy: Path) -> None:
    bank = load_bank(with_targets(bank_ok_copy, TARGETS))
    family = bank.job("analis-kebijakan")
    assert family is not None and family.kind is JobKind.FUNCTIONAL
    assert family.name.get("en") == "Policy analyst"
    targets = bank.targets_for("analis-kebijakan", "ahli-pertama")
    assert list(targets.items()) == [("information", 0.8), ("digital-literacy", 0.95)]


def test_a_bank_without_targets_has_no_jobs(bank_ok: Path) -> None:
    bank = load_bank(bank_ok)
    assert bank.jobs == ()
    assert bank.targets_for("analis-kebijakan", "ahli-pertama") == {}
    assert bank.targets_for(None, None) == {}


def test_unknown_job_or_level_has_no_targets(bank_ok_copy: Path) -> None:
    bank = load_bank(with_targets(bank_ok_copy, TARGETS))
    assert bank.targets_for("analis-kebijakan", "ahli-utama") == {}
    assert bank.targets_for("guru", "ahli-pertama") == {}


def test_starter_bank_has_structural_and_functional_jobs_within_single_keys() -> None:
    bank = load_bank(starter_bank_path())
    kinds = {family.kind for family in bank.jobs}
    assert kinds == {JobKind.STRUCTURAL, JobKind.FUNCTIONAL}
    # The new-profile screen picks a family and a level with the keys 1-9.
    assert 1 <= len(bank.jobs) <= 9
    assert all(1 <= len(family.levels) <= 9 for family in bank.jobs)
    for family in bank.jobs:
        for level in family.levels:
            assert level.targets, (family.id, level.id)
            assert set(level.targets) <= set(bank.competencies)
            assert all(0 < v <= 1 for v in level.targets.values())


def test_higher_levels_of_the_starter_bank_never_ask_for_less() -> None:
    bank = load_bank(starter_bank_path())
    family = bank.job("analis-kebijakan")
    assert family is not None
    for lower, higher in zip(family.levels, family.levels[1:], strict=False):
        for competency, mastery in lower.targets.items():
            assert higher.targets.get(CompetencyId(competency), 0.0) >= mastery


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- id: x\n  kind: functional\n  name: {id: X, en: X}\n",
            'targets.yaml:1:3: E003 a job family is missing the required key "levels"',
        ),
        (
            TARGETS.replace("      targets:", "      target:"),
            'targets.yaml:7:7: E004 unknown key "target" in a job level; did you mean "targets"?',
        ),
        (
            TARGETS.replace(
                "        information: 0.8\n        digital-literacy: 0.95\n", ""
            ).replace("      targets:", "      targets: [information]"),
            "targets.yaml:7:16: E002 targets must be a mapping of competency id to target "
            "mastery, got a list",
        ),
        (
            TARGETS.replace("digital-literacy: 0.95", "information: 0.95"),
            'targets.yaml:9:9: E101 duplicate target competency id "information" '
            "(first defined at {bank}/targets.yaml:8:9)",
        ),
        (
            TARGETS.replace("0.8", '"0.8"'),
            'targets.yaml:8:22: E002 a target mastery must be a number, got text "0.8"; '
            "write 0.8 (no quotes, decimal point)",
        ),
    ],
    ids=["missing-levels", "misspelt-key", "list-of-targets", "repeated-target", "quoted-mastery"],
)
def test_malformed_targets_name_the_place(bank_ok_copy: Path, text: str, expected: str) -> None:
    problems = [str(p) for p in validate_bank(with_targets(bank_ok_copy, text))]
    wanted = f"{bank_ok_copy}/{expected}".replace("{bank}", str(bank_ok_copy))
    assert wanted in problems, problems


def test_starter_bank_targets_survive_a_copy(tmp_path: Path) -> None:
    copy = Path(shutil.copytree(starter_bank_path(), tmp_path / "bank"))
    assert load_bank(copy).jobs == load_bank(starter_bank_path()).jobs
