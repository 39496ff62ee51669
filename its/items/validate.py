"""Findings about a bank, and the bank-wide rules that need every file read first.

A `Problem` names the file, line and column it was found at. Rules that look at a single
value (a bad difficulty, an answer that is not a choice) run while parsing, in `load.py`;
the rules here compare entries across files: duplicate ids, unknown competencies and
prerequisite cycles.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypedDict


class ProblemDict(TypedDict):
    path: str
    line: int | None
    col: int | None
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a bank, printed as `path:line:col: CODE message`.

    `line` and `col` are 1-based, and None where the reader cannot know them (a missing file).
    """

    path: str
    line: int | None
    col: int | None
    code: str
    message: str

    def __str__(self) -> str:
        place = self.path
        if self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        return f"{place}: {self.code} {self.message}"

    def to_dict(self) -> ProblemDict:
        return ProblemDict(
            path=self.path, line=self.line, col=self.col, code=self.code, message=self.message
        )

    @classmethod
    def from_dict(cls, data: ProblemDict) -> Problem:
        return cls(data["path"], data["line"], data["col"], data["code"], data["message"])


class BankReportDict(TypedDict):
    competencies: int
    items: int
    problems: list[ProblemDict]


@dataclass(frozen=True, slots=True)
class BankReport:
    """The outcome of validating a bank folder."""

    competencies: int
    items: int
    problems: list[Problem]

    def to_dict(self) -> BankReportDict:
        return {
            "competencies": self.competencies,
            "items": self.items,
            "problems": [problem.to_dict() for problem in self.problems],
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return problems ordered by file, then line and column; unplaced ones first in a file."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.col or 0, p.code, p.message))


@dataclass(frozen=True, slots=True)
class Place:
    """Where a value was written (1-based line and column)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def problem(self, code: str, message: str) -> Problem:
        return Problem(self.path, self.line, self.col, code, message)


@dataclass(frozen=True, slots=True)
class Ref:
    """An id as written at a place: a definition or a reference to a competency."""

    id: str
    place: Place


@dataclass(frozen=True, slots=True)
class Entry:
    """A competency or item as written, reduced to what the bank-wide rules compare.

    Entries exist even for invalid competencies and items, so that one broken field does
    not also make every reference to that id "unknown".

    Attributes:
        kind: "competency" or "item", used in messages.
        id: the entry's own id, or None when it could not be read.
        refs: competency ids it names (an item's competencies, a competency's prerequisites).
    """

    kind: str
    id: Ref | None
    refs: tuple[Ref, ...] = ()


def check_bank(
    competencies: Sequence[Entry], items: Sequence[Entry], *, references: Sequence[Entry] = ()
) -> list[Problem]:
    """Apply the rules that span files: E101 duplicates, E102 unknown ids, E104 cycles.

    Args:
        competencies: one entry per competency written, in reading order.
        items: one entry per item written, in reading order.
        references: other entries that only name competencies (job levels in targets.yaml).

    Returns:
        The problems found, in no particular order.
    """
    known = [entry.id.id for entry in competencies if entry.id is not None]
    problems = [
        *_duplicates(competencies),
        *_duplicates(items),
        *_prerequisite_cycles(competencies),
    ]
    # Without any competency read (no file, or a syntax error already reported), every
    # reference would be "unknown": that is one problem, not one per item.
    if competencies:
        problems += _unknown_references([*competencies, *items, *references], known)
    return problems


def _duplicates(entries: Sequence[Entry]) -> Iterator[Problem]:
    first: dict[str, Place] = {}
    for entry in entries:
        if entry.id is None:
            continue
        seen = first.setdefault(entry.id.id, entry.id.place)
        if seen is not entry.id.place:
            yield entry.id.place.problem(
                "E101", f'duplicate {entry.kind} id "{entry.id.id}" (first defined at {seen})'
            )


def _unknown_references(entries: Sequence[Entry], known: Sequence[str]) -> Iterator[Problem]:
    known_set = set(known)
    for entry in entries:
        for ref in entry.refs:
            if ref.id not in known_set:
                yield ref.place.problem(
                    "E102", f'unknown competency "{ref.id}"{_did_you_mean(ref.id, known)}'
                )


def _did_you_mean(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f'; did you mean "{close[0]}"?'
    return "; known competencies: " + ", ".join(sorted(known))


def _prerequisite_cycles(competencies: Sequence[Entry]) -> list[Problem]:
    """Report each cycle closed by a back edge of a depth-first walk, at that edge.

    The walk is iterative so that a long prerequisite chain cannot hit the recursion limit.
    """
    graph: dict[str, tuple[Ref, ...]] = {}
    for entry in competencies:
        if entry.id is not None:
            graph.setdefault(entry.id.id, entry.refs)
    finished: set[str] = set()
    problems: list[Problem] = []
    for root in graph:
        if root in finished:
            continue
        path = [root]
        pending = [iter(graph[root])]
        while pending:
            ref = next(pending[-1], None)
            if ref is None:
                finished.add(path.pop())
                pending.pop()
            elif ref.id in path:
                cycle = [*path[path.index(ref.id) :], ref.id]
                problems.append(
                    ref.place.problem("E104", "prerequisite cycle " + " -> ".join(cycle))
                )
            elif ref.id in graph and ref.id not in finished:
                path.append(ref.id)
                pending.append(iter(graph[ref.id]))
    return problems
