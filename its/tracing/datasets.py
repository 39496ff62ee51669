"""Named readers that turn log files into a `ResponseLog`.

Two formats are registered in `FORMATS`:

- ``dkvmn``: the "3-line" format of the DKVMN/DKT data sets. Per learner, a line with
  the number of answers, a line of comma-separated integer skill (or question) ids and a
  line of comma-separated 0/1 correctness. A trailing comma is allowed. Learners are
  named by their 1-based position in the file.
- ``pybkt``: a CSV with a header, as pyBKT reads it; the columns are given by `columns`
  (default `DEFAULT_COLUMNS`). Rows are sorted by learner, then by order.

Every malformed input raises `DataFormatError` naming ``file:line`` (and the column
where one applies) and what was expected; faults are collected and raised together.
Files are decoded as UTF-8 and, failing that, as Latin-1 (ASSISTments exports).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError
from its.tracing.log import ResponseLog

StrPath = str | os.PathLike[str]
Reader = Callable[[StrPath], ResponseLog]

DEFAULT_COLUMNS: Mapping[str, str] = {
    "learner": "user_id",
    "skill": "skill_name",
    "correct": "correct",
    "order": "order_id",
    "item": "problem_id",
}
"""Field of the log -> CSV column; every field but ``item`` must be present."""

_REQUIRED_FIELDS = ("learner", "skill", "correct", "order")
_CORRECT_VALUES = {"0": 0, "1": 1, "0.0": 0, "1.0": 1}
_MAX_REPORTED = 20


class _Faults:
    """Collects problems in a file and raises them together (at most `_MAX_REPORTED`)."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.messages) < _MAX_REPORTED:
            self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.count:
            more = self.count - len(self.messages)
            tail = [f"... and {more} more problems"] if more else []
            raise DataFormatError("\n".join(self.messages + tail))


def read_three_line(path: StrPath) -> ResponseLog:
    """Read a log in the DKVMN "3-line" format; the ids become the skills.

    Args:
        path: the file to read.

    Returns:
        The log, with skills named by their ids (sorted numerically), learners named
        "1", "2", ... in file order, and no items.

    Raises:
        DataFormatError: the file is unreadable, empty or malformed.
    """
    lines = _read_text(path).splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise DataFormatError(
            f"{path}: empty file; expected the 3-line format "
            "(per learner: answer count, skill ids, 0/1 correctness)"
        )
    faults = _Faults()
    counts: list[int] = []
    ids: list[str] = []
    correct: list[str] = []
    for start in range(0, len(lines), 3):
        block = _three_line_block(path, lines, start, faults)
        if block is not None:
            counts.append(len(block[0]))
            ids.extend(block[0])
            correct.extend(block[1])
    faults.raise_if_any()
    skill_ids, skill_index = _dense_codes(np.array(ids, dtype=np.int64))
    return ResponseLog.from_arrays(
        learner=np.repeat(np.arange(len(counts), dtype=np.int64), counts),
        skill=skill_index,
        correct=np.frombuffer("".join(correct).encode("ascii"), dtype=np.uint8) - ord("0"),
        learners=[str(k + 1) for k in range(len(counts))],
        skills=[str(s) for s in skill_ids.tolist()],
    )


def _dense_codes(
    values: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The sorted distinct values and each value's index among them (`np.unique`, faster
    for the small non-negative ids of these files)."""
    if values.size == 0 or values.max() > 50 * values.size + 10_000:
        distinct, index = np.unique(values, return_inverse=True)
        return distinct, index.astype(np.int64)
    present = np.bincount(values) > 0
    rank = np.cumsum(present) - 1
    return np.flatnonzero(present).astype(np.int64), rank[values].astype(np.int64)


def _three_line_block(
    path: StrPath, lines: Sequence[str], start: int, faults: _Faults
) -> tuple[list[str], list[str]] | None:
    """Parse the learner whose count is on `lines[start]`; None (and faults) if bad."""
    count_text = lines[start].strip()
    if not count_text.isdigit():
        hint = "; is this a CSV with a header? try --format pybkt" if "," in count_text else ""
        faults.add(
            f"{path}:{start + 1}: expected the number of answers (an integer), "
            f"got {_clip(count_text)!r}{hint}"
        )
        return None
    if start + 2 >= len(lines):
        faults.add(
            f"{path}:{start + 1}: the file ends inside a learner; expected a line of ids "
            "and a line of 0/1 after each count"
        )
        return None
    count = int(count_text)
    ids = _fields(lines[start + 1])
    correct = _fields(lines[start + 2])
    ok = True
    for line_no, values, what in (
        (start + 2, ids, "ids"),
        (start + 3, correct, "correctness values (0/1)"),
    ):
        if len(values) != count:
            faults.add(
                f"{path}:{line_no}: expected {count} {what} (the count on line {start + 1}), "
                f"found {len(values)}"
            )
            ok = False
    if ids and ("" in ids or not _is_digits("".join(ids))):
        bad = next(k for k, value in enumerate(ids) if not _is_digits(value))
        faults.add(
            f"{path}:{start + 2}:{_column(lines[start + 1], bad)}: expected an integer id, "
            f"got {_clip(ids[bad])!r}"
        )
        ok = False
    joined = "".join(correct)
    if len(joined) != len(correct) or joined.strip("01"):
        bad = next(k for k, value in enumerate(correct) if value not in ("0", "1"))
        faults.add(
            f"{path}:{start + 3}:{_column(lines[start + 2], bad)}: expected 0 or 1 "
            f"(answer {bad + 1}), got {_clip(correct[bad])!r}"
        )
        ok = False
    return (ids, correct) if ok else None


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _fields(line: str) -> list[str]:
    values = line.split(",")
    if " " in line or "\t" in line:
        values = [value.strip() for value in values]
    if values and values[-1] == "":
        values.pop()
    return values


def _column(line: str, field: int) -> int:
    """1-based character column of the comma-separated field number `field` (0-based)."""
    parts = line.split(",")
    offset = sum(len(part) + 1 for part in parts[:field])
    return offset + len(parts[field]) - len(parts[field].lstrip()) + 1


def read_pybkt_csv(path: StrPath, *, columns: Mapping[str, str] | None = None) -> ResponseLog:
    """Read a CSV log with a header, as pyBKT does.

    Args:
        path: the file to read.
        columns: overrides of `DEFAULT_COLUMNS`, field -> column name. The fields are
            learner, skill, correct (0/1), order (an integer giving the time order within
            a learner) and, optionally, item.

    Returns:
        The log with rows sorted by learner, then by order (file order breaks ties).

    Raises:
        DataFormatError: the file is unreadable or empty, a column is missing, or a row
            is malformed.
        ValueError: `columns` names an unknown field.
    """
    unknown = set(columns or {}) - set(DEFAULT_COLUMNS)
    if unknown:
        raise ValueError(
            f"unknown fields {sorted(unknown)} in columns; fields are {', '.join(DEFAULT_COLUMNS)}"
        )
    mapping = {**DEFAULT_COLUMNS, **(columns or {})}
    reader = csv.reader(io.StringIO(_read_text(path), newline=""))
    header = next(reader, None)
    while header is not None and not header:
        header = next(reader, None)
    if header is None:
        raise DataFormatError(
            f"{path}: empty file; expected a CSV header with columns "
            f"{', '.join(mapping[f] for f in _REQUIRED_FIELDS)}"
        )
    header = [name.strip() for name in header]
    position = _column_positions(path, reader.line_num, header, mapping, columns or {})
    faults = _Faults()
    rows: dict[str, list[str]] = {field: [] for field in position}
    orders: list[int] = []
    correct: list[int] = []
    for row in reader:
        if not row:
            continue
        line = reader.line_num
        if len(row) != len(header):
            faults.add(
                f"{path}:{line}: expected {len(header)} fields as in the header, found "
                f"{len(row)}; quote values that contain commas"
            )
            continue
        _check_row(path, line, row, position, mapping, faults, orders, correct)
        for field, index in position.items():
            rows[field].append(row[index])
    faults.raise_if_any()
    if not correct:
        raise DataFormatError(f"{path}: no answers after the header")
    return _log_from_columns(rows, np.array(orders, dtype=np.int64), correct)


def _column_positions(
    path: StrPath,
    line: int,
    header: list[str],
    mapping: Mapping[str, str],
    explicit: Mapping[str, str],
) -> dict[str, int]:
    fields = [*_REQUIRED_FIELDS, *(["item"] if "item" in explicit else [])]
    missing = [f"`{mapping[field]}` ({field})" for field in fields if mapping[field] not in header]
    if missing:
        raise DataFormatError(
            f"{path}:{line}: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; columns are {', '.join(header)}; "
            "map fields to columns with columns={field: column}, or try --format dkvmn"
        )
    position = {field: header.index(mapping[field]) for field in fields}
    if "item" not in position and mapping["item"] in header:
        position["item"] = header.index(mapping["item"])
    return position


def _check_row(
    path: StrPath,
    line: int,
    row: list[str],
    position: Mapping[str, int],
    mapping: Mapping[str, str],
    faults: _Faults,
    orders: list[int],
    correct: list[int],
) -> None:
    """Check one CSV row, appending its order and correctness (placeholders if bad)."""
    value = row[position["correct"]].strip()
    if value not in _CORRECT_VALUES:
        faults.add(
            f"{path}:{line}: column `{mapping['correct']}`: expected 0 or 1, got {_clip(value)!r}"
        )
    correct.append(_CORRECT_VALUES.get(value, 0))
    value = row[position["order"]].strip()
    try:
        orders.append(int(value))
    except ValueError:
        faults.add(
            f"{path}:{line}: column `{mapping['order']}`: expected an integer order, "
            f"got {_clip(value)!r}"
        )
        orders.append(0)
    for field in ("learner", "skill"):
        if not row[position[field]].strip():
            faults.add(f"{path}:{line}: column `{mapping[field]}`: empty {field} name")


def _log_from_columns(
    rows: Mapping[str, list[str]], orders: np.ndarray, correct: list[int]
) -> ResponseLog:
    learners, learner = _encode(rows["learner"])
    skills, skill = _encode(rows["skill"])
    order = np.lexsort((orders, learner))
    items: tuple[str, ...] = ()
    item = None
    if "item" in rows:
        items, item_all = _encode(rows["item"])
        item = item_all[order]
    return ResponseLog.from_arrays(
        learner=learner[order],
        skill=skill[order],
        correct=np.array(correct, dtype=np.int8)[order],
        learners=learners,
        skills=skills,
        item=item,
        items=items,
    )


def _encode(values: list[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """Names (stripped, numbers in numeric order) and each value's index into them."""
    stripped = [value.strip() for value in values]
    names = sorted(set(stripped), key=_natural_key)
    index = {name: k for k, name in enumerate(names)}
    return tuple(names), np.array([index[value] for value in stripped], dtype=np.int64)


def _natural_key(name: str) -> tuple[int, int, str]:
    return (0, int(name), name) if name.isdigit() else (1, 0, name)


def _read_text(path: StrPath) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise DataFormatError(f"{path}: cannot read the file: {error.strerror}") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


FORMATS: dict[str, Reader] = {"dkvmn": read_three_line, "pybkt": read_pybkt_csv}
"""Log formats by name, as `--format` gives them."""


def read_log(path: StrPath, fmt: str = "dkvmn") -> ResponseLog:
    """Read `path` with the reader registered in `FORMATS` under `fmt`.

    Raises:
        DataFormatError: `fmt` is not a known format, or the file does not fit it.
    """
    reader = FORMATS.get(fmt)
    if reader is None:
        raise DataFormatError(
            f"unknown log format {fmt!r}; formats are {', '.join(sorted(FORMATS))}"
        )
    return reader(path)
