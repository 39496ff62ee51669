"""The DKVMN "3-line" format: per learner, a count, a line of ids, a line of 0/1.

Per learner: a line with the number of answers, a line of comma-separated integer skill
(or question) ids and a line of comma-separated 0/1 correctness. A trailing comma is
allowed. Learners are named by their 1-based position in the file. Each answer has one
skill (the DKVMN splits were expanded before they were published).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError
from its.tracing.log import ResponseLog
from its.tracing.readers._common import Faults, StrPath, clip, read_text


def read_three_line(path: StrPath) -> ResponseLog:
    """Read a log in the DKVMN "3-line" format; the ids become the skills.

    Args:
        path: the file to read.

    Returns:
        The log, with skills named by their ids (sorted numerically), learners named
        "<file name>:1", "<file name>:2", ... in file order (the format has no learner ids,
        so a name is a position, and positions in two files are different learners), and
        no items.

    Raises:
        DataFormatError: the file is unreadable, empty or malformed.
    """
    lines = read_text(path).splitlines()
    kept = len(lines)
    while kept and not lines[kept - 1].strip():
        kept -= 1
    # Blank lines after the last learner are dropped, but a last learner with no answers
    # ends in its two empty lines: they are kept, as they are for any other learner.
    kept += min(-kept % 3, len(lines) - kept)
    lines = lines[:kept]
    if not lines:
        raise DataFormatError(
            f"{path}: empty file; expected the 3-line format "
            "(per learner: answer count, skill ids, 0/1 correctness)"
        )
    faults = Faults()
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
        learners=[f"{Path(path).name}:{k + 1}" for k in range(len(counts))],
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
    path: StrPath, lines: Sequence[str], start: int, faults: Faults
) -> tuple[list[str], list[str]] | None:
    """Parse the learner whose count is on `lines[start]`; None (and faults) if bad."""
    # A trailing comma, as the id and 0/1 lines of these files often have.
    count_text = lines[start].strip().removesuffix(",").strip()
    if not _is_digits(count_text) or len(count_text) > _MAX_ID_DIGITS:
        hint = ""
        if "," in count_text:
            hint = "; is this a CSV with a header? try --format pybkt"
        elif "\t" in count_text:  # DataShop exports are tab-delimited
            hint = "; is this a DataShop export? try --format datashop"
        faults.add(
            f"{path}:{start + 1}: expected the number of answers (an integer), "
            f"got {clip(count_text)!r}{hint}"
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
    if ids and ("" in ids or not _is_digits("".join(ids)) or max(map(len, ids)) > _MAX_ID_DIGITS):
        bad = next(k for k, value in enumerate(ids) if not _is_id(value))
        faults.add(
            f"{path}:{start + 2}:{_column(lines[start + 1], bad)}: expected an integer id "
            f"of at most {_MAX_ID_DIGITS} digits, "
            f"got {clip(ids[bad])!r}"
        )
        ok = False
    joined = "".join(correct)
    if len(joined) != len(correct) or joined.strip("01"):
        bad = next(k for k, value in enumerate(correct) if value not in ("0", "1"))
        faults.add(
            f"{path}:{start + 3}:{_column(lines[start + 2], bad)}: expected 0 or 1 "
            f"(answer {bad + 1}), got {clip(correct[bad])!r}"
        )
        ok = False
    return (ids, correct) if ok else None


_MAX_ID_DIGITS = 18
"""Ids are stored as 64-bit integers; longer ones are not ids but damage."""


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _is_id(text: str) -> bool:
    return _is_digits(text) and len(text) <= _MAX_ID_DIGITS


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
