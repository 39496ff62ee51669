"""What every reader shares: fault collection, decoding, names, and multi-skill expansion.

An *answer* is one response of a learner. A source row may tag it with several skills
(``a~~b``, as DataShop writes it; or, in ASSISTments CSV, several rows with the same
learner and order, one per skill). `expand_answers` turns each answer into consecutive
log rows, one per distinct skill, sharing `ResponseLog.answer`. Tracers predict all
rows of one answer from the state before it (BKT does so by construction: each skill
is its own chain), and metrics count each row, as pyBKT does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError
from its.tracing.log import ResponseLog

StrPath = str | os.PathLike[str]
SKILL_SEPARATOR = "~~"
"""Separates the skills of one answer in a skill field (DataShop's convention)."""
MAX_REPORTED = 20


class Faults:
    """Collects problems in a file and raises them together (at most `MAX_REPORTED`)."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_REPORTED:
            self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.count:
            more = self.count - len(self.messages)
            tail = [f"... and {more} more problems"] if more else []
            raise DataFormatError("\n".join(self.messages + tail))


def read_text(path: StrPath) -> str:
    """The file as text: UTF-8 (with or without BOM), else Latin-1 (ASSISTments exports)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise DataFormatError(f"{path}: cannot read the file: {error.strerror}") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def split_skills(field: str) -> tuple[str, ...]:
    """The distinct skills of one field, in order: split on `SKILL_SEPARATOR`, stripped.

    Plain string splitting (no regex), so names may hold any other characters.
    """
    if SKILL_SEPARATOR not in field:
        name = field.strip()
        return (name,) if name else ()
    names = (part.strip() for part in field.split(SKILL_SEPARATOR))
    return tuple(dict.fromkeys(name for name in names if name))


def encode(values: Sequence[str]) -> tuple[tuple[str, ...], npt.NDArray[np.int64]]:
    """Names (numbers in numeric order, then the rest) and each value's index into them."""
    names = sorted(set(values), key=natural_key)
    index = {name: k for k, name in enumerate(names)}
    return tuple(names), np.array([index[value] for value in values], dtype=np.int64)


def natural_key(name: str) -> tuple[int, int, str]:
    return (0, int(name), name) if name.isascii() and name.isdigit() else (1, 0, name)


@dataclass(frozen=True, slots=True)
class Rows:
    """Checked rows of a source, before sorting and expansion; lists are parallel.

    Attributes:
        path: the source, for messages.
        learner: learner name of each row.
        skills: the skills each row tags (at least one).
        correct: 1 or 0.
        order: time order within a learner (ints or floats).
        line: the row's line in the file, which breaks ties of `order`.
        item: item name of each row, or None when the source has no items.
    """

    path: StrPath
    learner: list[str]
    skills: list[tuple[str, ...]]
    correct: list[int]
    order: npt.NDArray[np.float64] | npt.NDArray[np.int64]
    line: list[int]
    item: list[str] | None


def expand_answers(rows: Rows, *, same_order_is_one_answer: bool) -> ResponseLog:
    """Sort rows by learner, then order, then line, and expand answers to one row per skill.

    Args:
        rows: the checked rows.
        same_order_is_one_answer: rows of one learner with equal `order` are one answer
            (ASSISTments' form of multi-skill problems); they must agree on correctness.

    Raises:
        DataFormatError: rows of one answer disagree on correctness.
    """
    learners, learner = encode(rows.learner)
    line = np.asarray(rows.line, dtype=np.int64)
    order = np.lexsort((line, rows.order, learner))
    new_answer = np.ones(order.shape[0], dtype=bool)
    if same_order_is_one_answer and order.size > 1:
        sorted_learner, sorted_order = learner[order], rows.order[order]
        new_answer[1:] = (sorted_learner[1:] != sorted_learner[:-1]) | (
            sorted_order[1:] != sorted_order[:-1]
        )
    faults = Faults()
    out_learner: list[int] = []
    out_skill: list[str] = []
    out_correct: list[int] = []
    out_item: list[str] = []
    out_answer: list[int] = []
    starts = np.flatnonzero(new_answer).tolist()
    positions = order.tolist()
    for answer, (start, end) in enumerate(zip(starts, [*starts[1:], len(positions)], strict=True)):
        members = positions[start:end]
        first = members[0]
        for other in members[1:]:
            if rows.correct[other] != rows.correct[first]:
                faults.add(
                    f"{rows.path}:{rows.line[other]}: one answer (learner "
                    f"{rows.learner[first]!r}, same order as line {rows.line[first]}) is "
                    "both correct and wrong; rows with the same learner and order are one "
                    "answer tagged with several skills"
                )
        skills = dict.fromkeys(s for k in members for s in rows.skills[k])
        for skill in skills:
            out_learner.append(int(learner[first]))
            out_skill.append(skill)
            out_correct.append(rows.correct[first])
            out_answer.append(answer)
            if rows.item is not None:
                out_item.append(rows.item[first])
    faults.raise_if_any()
    skill_names, skill = encode(out_skill)
    items: tuple[str, ...] = ()
    item = None
    if rows.item is not None:
        items, item = encode(out_item)
    return ResponseLog.from_arrays(
        learner=np.array(out_learner, dtype=np.int64),
        skill=skill,
        correct=np.array(out_correct, dtype=np.int8),
        learners=learners,
        skills=skill_names,
        item=item,
        items=items,
        answer=np.array(out_answer, dtype=np.int64),
    )
