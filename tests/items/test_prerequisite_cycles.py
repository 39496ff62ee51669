"""Prerequisite cycles are named in full (`a -> b -> a`) at the reference that closes them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from its.items import validate_bank
from its.items.validate import Entry, Place, Ref, check_bank

WriteBank = Callable[..., Path]


def competency(name: str, *prerequisites: str, line: int = 1) -> Entry:
    refs = tuple(Ref(p, Place("c.yaml", line, 10 + i)) for i, p in enumerate(prerequisites))
    return Entry("competency", Ref(name, Place("c.yaml", line, 7)), refs)


def cycles(*entries: Entry) -> list[str]:
    return [str(p) for p in check_bank(entries, []) if p.code == "E104"]


def test_no_cycle_in_a_diamond() -> None:
    assert (
        cycles(
            competency("a"), competency("b", "a"), competency("c", "a"), competency("d", "b", "c")
        )
        == []
    )


def test_self_prerequisite() -> None:
    assert cycles(competency("a", "a", line=3)) == ["c.yaml:3:10: E104 prerequisite cycle a -> a"]


def test_three_step_cycle_is_named_from_where_the_walk_entered_it() -> None:
    found = cycles(
        competency("a", "b", line=1), competency("b", "c", line=2), competency("c", "a", line=3)
    )
    assert found == ["c.yaml:3:10: E104 prerequisite cycle a -> b -> c -> a"]


def test_two_separate_cycles_are_both_reported() -> None:
    found = cycles(
        competency("a", "b"), competency("b", "a"), competency("x", "y"), competency("y", "x")
    )
    assert [message.split(" E104 ")[1] for message in found] == [
        "prerequisite cycle a -> b -> a",
        "prerequisite cycle x -> y -> x",
    ]


def test_unknown_prerequisite_is_not_a_cycle() -> None:
    problems = check_bank([competency("a", "zzz")], [])
    assert [p.code for p in problems] == ["E102"]


def test_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    chain = [competency(f"c{n}", f"c{n + 1}") for n in range(5000)]
    assert cycles(*chain, competency("c5000", "c0")) == [
        "c.yaml:1:10: E104 prerequisite cycle " + " -> ".join(f"c{n}" for n in [*range(5001), 0])
    ]


def test_cycle_in_a_bank_file(write_bank: WriteBank) -> None:
    competencies = """\
- id: a
  name: {id: "A", en: "A"}
  description: {id: "A", en: "A"}
  prerequisites: [b]
- id: b
  name: {id: "B", en: "B"}
  description: {id: "B", en: "B"}
  prerequisites: [a]
"""
    bank = write_bank(competencies, {"x.yaml": ""})
    assert [str(p) for p in validate_bank(bank)] == [
        f"{bank / 'competencies.yaml'}:8:19: E104 prerequisite cycle a -> b -> a",
        f"{bank / 'items'}: E107 the bank has no items",
    ]
