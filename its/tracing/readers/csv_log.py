"""pyBKT / ASSISTments CSV: a header, then one row per answer (or per answer and skill).

The columns are given by a map field -> column (default `DEFAULT_COLUMNS`): learner,
skill, correct (0/1), order (an integer time order within a learner) and, optionally,
item. A skill field may name several skills separated by ``~~``; rows of one learner
with the same order are one answer tagged with several skills (ASSISTments writes
multi-skill problems so); see `its.tracing.readers._common` for how such answers
become rows. Values may hold any characters (quote those with commas).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import numpy as np

from its.errors import DataFormatError
from its.tracing.log import ResponseLog
from its.tracing.readers._common import (
    INTEGER,
    Faults,
    Rows,
    StrPath,
    clip,
    csv_rows,
    expand_answers,
    printable,
    read_text,
    split_skills,
)

DEFAULT_COLUMNS: Mapping[str, str] = {
    "learner": "user_id",
    "skill": "skill_name",
    "correct": "correct",
    "order": "order_id",
    "item": "problem_id",
}
"""Field of the log -> CSV column; every field but ``item`` must be present."""

REQUIRED_FIELDS = ("learner", "skill", "correct", "order")
_CORRECT_VALUES = {"0": 0, "1": 1, "0.0": 0, "1.0": 1}


def check_fields(columns: Mapping[str, str] | None, known: Mapping[str, str]) -> None:
    """Refuse a column map with unknown fields.

    Raises:
        DataFormatError: a field is not one of `known`.
    """
    unknown = sorted(set(columns or {}) - set(known))
    if unknown:
        raise DataFormatError(
            f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} in the column "
            f"map; fields are {', '.join(known)} (e.g. --columns learner=Anon,skill=KC)"
        )


def read_pybkt_csv(path: StrPath, *, columns: Mapping[str, str] | None = None) -> ResponseLog:
    """Read a CSV log with a header, as pyBKT does.

    Args:
        path: the file to read.
        columns: overrides of `DEFAULT_COLUMNS`, field -> column name.

    Returns:
        The log with rows sorted by learner, then by order (file order breaks ties), an
        answer with several skills expanded to one row per skill.

    Raises:
        DataFormatError: the file is unreadable or empty, a column is missing, a row
            is malformed, or `columns` names an unknown field.
    """
    check_fields(columns, DEFAULT_COLUMNS)
    mapping = {**DEFAULT_COLUMNS, **(columns or {})}
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    faults = Faults()
    rows = csv_rows(reader, path, faults)
    first = next(rows, None)
    if first is None:
        faults.raise_if_any()
        raise DataFormatError(
            f"{path}: empty file; expected a CSV header with columns "
            f"{', '.join(mapping[f] for f in REQUIRED_FIELDS)}"
        )
    header_line, header = first[0], [name.strip() for name in first[1]]
    hint = "or try --format dkvmn"
    if len(header) == 1 and "\t" in header[0]:
        hint = "the file is tab-delimited: try --format datashop"
    position = column_positions(path, header_line, header, mapping, columns or {}, hint=hint)
    learner: list[str] = []
    skills: list[tuple[str, ...]] = []
    correct: list[int] = []
    orders: list[int] = []
    lines: list[int] = []
    item: list[str] | None = [] if "item" in position else None
    for line, row in rows:
        if len(row) != len(header):
            faults.add(
                f"{path}:{line}: expected {len(header)} fields as in the header, found "
                f"{len(row)}; quote values that contain commas"
            )
            continue
        checked = _check_row(path, line, row, position, mapping, faults)
        if checked is None:
            continue
        learner.append(row[position["learner"]].strip())
        skills.append(checked[2])
        correct.append(checked[0])
        orders.append(checked[1])
        lines.append(line)
        if item is not None:
            item.append(row[position["item"]].strip())
    faults.raise_if_any()
    if not correct:
        raise DataFormatError(f"{path}: no answers after the header")
    checked_rows = Rows(
        path, learner, skills, correct, np.array(orders, dtype=np.int64), lines, item
    )
    return expand_answers(checked_rows, same_order_is_one_answer=True)


_MIN_ORDER, _MAX_ORDER = -(2**63), 2**63 - 1


def column_positions(
    path: StrPath,
    line: int,
    header: list[str],
    mapping: Mapping[str, str],
    explicit: Mapping[str, str],
    *,
    hint: str = "or try --format dkvmn",
    repeatable: tuple[str, ...] = (),
) -> dict[str, int]:
    """Index of each field's column; ``item`` only if mapped explicitly or present.

    Raises:
        DataFormatError: a required (or explicitly mapped) column is missing, or the
            header holds a field's column twice (unless the field is `repeatable`).
    """
    fields = [f for f in mapping if f != "item"] + (["item"] if "item" in explicit else [])
    missing = [f"`{mapping[field]}` ({field})" for field in fields if mapping[field] not in header]
    if missing:
        raise DataFormatError(
            printable(
                f"{path}:{line}: missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}; columns are {', '.join(header)}; "
                "map fields to columns with --columns FIELD=COLUMN,... "
                f"(fields: learner, skill, correct, order, item), {hint}"
            )
        )
    if "item" not in fields and mapping.get("item") in header:
        fields.append("item")
    repeated = [
        f"`{mapping[field]}` ({field}) is columns "
        + " and ".join(str(k + 1) for k, name in enumerate(header) if name == mapping[field])
        for field in fields
        if field not in repeatable and header.count(mapping[field]) > 1
    ]
    if repeated:
        raise DataFormatError(
            printable(
                f"{path}:{line}: the header repeats a column: {'; '.join(repeated)}; "
                "rename one of them, or map the field to another with --columns"
            )
        )
    return {field: header.index(mapping[field]) for field in fields}


def _check_row(
    path: StrPath,
    line: int,
    row: list[str],
    position: Mapping[str, int],
    mapping: Mapping[str, str],
    faults: Faults,
) -> tuple[int, int, tuple[str, ...]] | None:
    """(correct, order, skills) of one CSV row, or None after adding its faults."""
    ok = True
    value = row[position["correct"]].strip()
    if value not in _CORRECT_VALUES:
        faults.add(
            f"{path}:{line}: column `{mapping['correct']}`: expected 0 or 1, got {clip(value)!r}"
        )
        ok = False
    value = row[position["order"]].strip()
    # Length first: `int` refuses over 4,300 digits with an error of its own.
    order = int(value) if len(value) <= 20 and INTEGER.fullmatch(value) else _MAX_ORDER + 1
    if not _MIN_ORDER <= order <= _MAX_ORDER:
        faults.add(
            f"{path}:{line}: column `{mapping['order']}`: expected an integer order "
            f"(64-bit), got {clip(value)!r}"
        )
        ok = False
    if not row[position["learner"]].strip():
        faults.add(f"{path}:{line}: column `{mapping['learner']}`: empty learner name")
        ok = False
    skills = split_skills(row[position["skill"]])
    if not skills:
        faults.add(f"{path}:{line}: column `{mapping['skill']}`: empty skill name")
        ok = False
    return (_CORRECT_VALUES[row[position["correct"]].strip()], order, skills) if ok else None
