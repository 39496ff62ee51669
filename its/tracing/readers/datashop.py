"""PSLC DataShop exports: tab-delimited, one row per transaction (or per student step).

Default columns, each overridable with `columns` (field -> column):

- learner: ``Anon Student Id``.
- skill: the first ``KC (...)`` / ``KC(...)`` column (not ``KC Category``); name another
  KC model with ``columns={"skill": "KC (Other)"}``. Several skills of one step are
  separated by ``~~`` or given in repeated columns of the same name (DataShop exports
  multi-skill steps both ways; every copy is read); the answer then becomes one row
  per skill (see
  `its.tracing.readers._common`). Rows without a KC are skipped: they trace nothing.
- correct: ``Correct First Attempt`` (0/1, the KDD Cup step export) if present, else
  ``Outcome`` (transactions) or ``First Attempt`` (step rollup), where ``CORRECT`` is 1
  and ``INCORRECT``, ``HINT``, ``ERROR`` or ``BUG`` is 0 (asking for a hint first is a
  wrong first attempt, as in DataShop's own rollup). With an ``Attempt At Step``
  column only first attempts (``1``) count: later attempts at a step are not new
  answers.
- order: the first of ``Time``, ``First Transaction Time``, ``Step Start Time``,
  ``Problem Start Time``; ISO-like times (``2010-09-15 10:23:45.0``) or numbers. Ties,
  and files without a time column, keep file order.
- item: ``Problem Name`` when present (optional).

Values are taken as they are (tabs separate; quotes and any other characters are part
of a name).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime

import numpy as np

from its.errors import DataFormatError
from its.tracing.log import ResponseLog
from its.tracing.readers._common import (
    Faults,
    Rows,
    StrPath,
    clip,
    csv_rows,
    expand_answers,
    read_text,
    split_skills,
)
from its.tracing.readers.csv_log import check_fields, column_positions

FIELDS: Mapping[str, str] = {
    "learner": "Anon Student Id",
    "skill": "KC (Default)",
    "correct": "Correct First Attempt",
    "order": "Time",
    "item": "Problem Name",
}
"""The fields a column map may set, with a typical column (defaults are found per file)."""

_CORRECT_COLUMNS = ("Correct First Attempt", "Outcome", "First Attempt")
_TIME_COLUMNS = ("Time", "First Transaction Time", "Step Start Time", "Problem Start Time")
_ATTEMPT_COLUMN = "Attempt At Step"
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
"""A plain number (not ``1_000``, ``nan`` or ``inf``)."""
_OUTCOMES = {"correct": 1, "1": 1, "incorrect": 0, "hint": 0, "error": 0, "bug": 0, "0": 0}


def read_datashop(path: StrPath, *, columns: Mapping[str, str] | None = None) -> ResponseLog:
    """Read a DataShop tab-delimited export (transactions, or student steps).

    Args:
        path: the file to read.
        columns: overrides of the default columns (module docstring), field -> column.

    Returns:
        The log, rows sorted by learner then time, one row per (answer, skill).

    Raises:
        DataFormatError: unreadable or empty file, missing column, malformed row, or
            an unknown field in `columns`.
    """
    check_fields(columns, FIELDS)
    reader = csv.reader(
        io.StringIO(read_text(path), newline=""), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    faults = Faults()
    rows = csv_rows(reader, path, faults)
    first = next(rows, None)
    if first is None:
        faults.raise_if_any()
        raise DataFormatError(
            f"{path}: empty file; expected a tab-delimited DataShop export with columns "
            "Anon Student Id, KC (...), Outcome or Correct First Attempt"
        )
    header_line, header = first[0], [name.strip() for name in first[1]]
    mapping = _default_columns(header, columns or {})
    position = column_positions(
        path,
        header_line,
        header,
        mapping,
        columns or {},
        hint="e.g. --columns skill=KC(x)",
        repeatable=("skill",),
    )
    # DataShop repeats a KC model's column for the extra skills of a multi-skill step.
    kc_columns = [k for k, name in enumerate(header) if name == mapping["skill"]]
    attempt = header.index(_ATTEMPT_COLUMN) if _ATTEMPT_COLUMN in header else None
    learner: list[str] = []
    skills: list[tuple[str, ...]] = []
    correct: list[int] = []
    orders: list[float] = []
    lines: list[int] = []
    item: list[str] | None = [] if "item" in position else None
    for line, row in rows:
        if len(row) != len(header):
            faults.add(
                f"{path}:{line}: expected {len(header)} tab-separated fields as in the header, "
                f"found {len(row)}"
            )
            continue
        if attempt is not None and row[attempt].strip() not in ("1", ""):
            continue
        row_skills = tuple(
            dict.fromkeys(skill for k in kc_columns for skill in split_skills(row[k]))
        )
        if not row_skills:
            continue
        checked = _check_row(path, line, row, position, mapping, faults)
        if checked is None:
            continue
        learner.append(row[position["learner"]].strip())
        skills.append(row_skills)
        correct.append(checked[0])
        orders.append(checked[1])
        lines.append(line)
        if item is not None:
            item.append(row[position["item"]].strip())
    faults.raise_if_any()
    if not correct:
        raise DataFormatError(
            f"{path}: no answers with a skill in column `{mapping['skill']}`; name the KC "
            "column with --columns skill=..."
        )
    checked_rows = Rows(
        path, learner, skills, correct, np.array(orders, dtype=np.float64), lines, item
    )
    return expand_answers(checked_rows, same_order_is_one_answer=False)


def _default_columns(header: list[str], explicit: Mapping[str, str]) -> dict[str, str]:
    """The column of each field in this file: explicit, else the first known one present."""
    kc = [
        name
        for name in header
        if (name.startswith("KC (") or name.startswith("KC(")) and "Category" not in name
    ]
    found = {
        "learner": FIELDS["learner"],
        "skill": kc[0] if kc else FIELDS["skill"],
        "correct": next((c for c in _CORRECT_COLUMNS if c in header), FIELDS["correct"]),
        "item": FIELDS["item"],
    }
    time = next((c for c in _TIME_COLUMNS if c in header), None)
    if time is not None:
        found["order"] = time
    return {**found, **explicit}


def _check_row(
    path: StrPath,
    line: int,
    row: list[str],
    position: Mapping[str, int],
    mapping: Mapping[str, str],
    faults: Faults,
) -> tuple[int, float] | None:
    """(correct, order) of one row, or None after adding its faults."""
    ok = True
    name = row[position["learner"]].strip()
    if not name:
        faults.add(f"{path}:{line}: column `{mapping['learner']}`: empty learner id")
        ok = False
    value = row[position["correct"]].strip()
    outcome = _OUTCOMES.get(value.lower())
    if outcome is None:
        faults.add(
            f"{path}:{line}: column `{mapping['correct']}`: expected 0/1 or CORRECT, INCORRECT, "
            f"HINT, got {clip(value)!r}"
        )
        ok = False
    order = float(line)
    if "order" in position:
        text = row[position["order"]].strip()
        parsed = _time(text)
        if parsed is None:
            faults.add(
                f"{path}:{line}: column `{mapping['order']}`: expected a time like "
                f"2010-09-15 10:23:45 or a number, got {clip(text)!r}"
            )
            ok = False
        else:
            order = parsed
    return (int(outcome or 0), order) if ok else None


def _time(text: str) -> float | None:
    """Seconds of an ISO-like time or a number; None if neither."""
    if not text.isascii():  # `float` and `fromisoformat` also take other scripts' digits
        return None
    if _NUMBER.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
