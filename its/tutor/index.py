"""Look-ups a decision needs often, built once per bank (a bank of thousands of items is
scanned once, not at every decision)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from its.items.model import Bank, CompetencyId, Item, ItemId


@dataclass(frozen=True, slots=True)
class BankIndex:
    """Items by id and by competency, and each competency's transitive prerequisites
    (`ancestors`) and the competencies that build on it (`descendants`)."""

    items: Mapping[ItemId, Item]
    by_competency: Mapping[CompetencyId, tuple[Item, ...]]
    position: Mapping[ItemId, int]
    ancestors: Mapping[CompetencyId, frozenset[CompetencyId]]
    descendants: Mapping[CompetencyId, frozenset[CompetencyId]]


def _closure(
    start: CompetencyId, edges: Mapping[CompetencyId, tuple[CompetencyId, ...]]
) -> frozenset[CompetencyId]:
    seen: set[CompetencyId] = set()
    stack = list(edges.get(start, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return frozenset(seen)


def build_index(bank: Bank) -> BankIndex:
    by_competency: dict[CompetencyId, list[Item]] = {c: [] for c in bank.competencies}
    for item in bank.items:
        for competency in item.competencies:
            by_competency.setdefault(competency, []).append(item)
    up = {c.id: c.prerequisites for c in bank.competencies.values()}
    down: dict[CompetencyId, list[CompetencyId]] = {c: [] for c in bank.competencies}
    for competency, prerequisites in up.items():
        for prerequisite in prerequisites:
            down.setdefault(prerequisite, []).append(competency)
    down_edges = {c: tuple(d) for c, d in down.items()}
    return BankIndex(
        items={it.id: it for it in bank.items},
        by_competency={c: tuple(items) for c, items in by_competency.items()},
        position={it.id: i for i, it in enumerate(bank.items)},
        ancestors={c: _closure(c, up) for c in bank.competencies},
        descendants={c: _closure(c, down_edges) for c in bank.competencies},
    )
