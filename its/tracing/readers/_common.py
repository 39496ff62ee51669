"""What every reader shares: fault collection, decoding, names, and multi-skill expansion.

An *answer* is one response of a learner. A source row may tag it with several skills
(``a~~b``, as DataShop writes it; or, in ASSISTments CSV, several rows with the same
learner and order, one per skill). `expand_answers` turns each answer into consecutive
log rows, one per distinct skill, sharing `ResponseLog.answer`. Tracers predict all
rows of one answer from the state before it (BKT does so by construction: each skill
is its own chain), and metrics count each row, as pyBKT does. A row that repeats an
earlier row of its answer (same learner, order and skill) adds nothing: it is merged
into the answer, with a `ReaderWarning` giving the count and the first line.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError
from its.tracing.log import ResponseLog
from its.tracing.regular_file import open_regular_file

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


class ReaderWarning(UserWarning):
    """A log was read, but something in it deserves a look (encoding, merged rows)."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# UTF-32 first: its little-endian mark starts with UTF-16's.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
"""One well-formed multi-byte UTF-8 character: a file with one is UTF-8 text."""


def read_text(path: StrPath) -> str:
    """The file as text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else Latin-1.

    Latin-1 (ASSISTments exports) only when the file holds no multi-byte UTF-8 at all,
    with a `ReaderWarning` naming the first line that is not UTF-8; a UTF-8 file with
    some other bytes in it is refused, since guessing would garble its UTF-8 names.

    Raises:
        DataFormatError: a missing or unreadable file, a folder, FIFO or device (never
            waited on), mixed encodings, or a NUL byte in the text.
    """
    with open_regular_file(path, "log") as file:  # a FIFO or /dev/stdin would block
        try:
            data = file.read()
        except OSError as error:
            raise DataFormatError(f"{path}: cannot read the log: {error.strerror}") from error
    if data.startswith(_SQLITE):
        raise DataFormatError(
            f"{path}: an SQLite database, not a text log; for the app's event store "
            "(its.db) add --format its-db"
        )
    text = _decode(path, data)
    nul = text.find("\x00")
    if nul >= 0:
        _refuse_nul(path, text.count("\n", 0, nul) + 1)
    return text


_SQLITE = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


def _refuse_nul(path: StrPath, line: int) -> NoReturn:
    raise DataFormatError(
        f"{path}:{line}: a NUL byte in the text; a log is plain text (if the file is "
        "UTF-16 without a byte-order mark, save it as UTF-8)"
    )


def _decode(path: StrPath, data: bytes) -> str:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise DataFormatError(
                    f"{path}: the file starts as {name} but byte {error.start + len(bom)} is "
                    f"not {name}; save it as UTF-8"
                ) from error
    nul = data.find(b"\x00")
    if nul >= 0:  # before decoding: UTF-16 without a byte-order mark would pass as Latin-1
        _refuse_nul(path, data.count(b"\n", 0, nul) + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        where = f"{path}:{line}:{column}"
        if _UTF8_MULTIBYTE.search(data):
            raise DataFormatError(
                f"{where}: byte 0x{data[error.start]:02x} is not UTF-8, but the file has "
                "UTF-8 text elsewhere; save the whole file in one encoding (UTF-8)"
            ) from error
        warnings.warn(ReaderWarning(f"{where}: not UTF-8; read as Latin-1"), stacklevel=4)
        return data.decode("latin-1")


def printable(text: str) -> str:
    """`text` with control characters escaped, so a message never prints raw bytes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


INTEGER = re.compile(r"[+-]?[0-9]+")
"""A strict integer: ASCII digits only (`int` also takes ``1_000``, `` 7 `` and ``٣``)."""


def csv_rows(reader: Any, path: StrPath, faults: Faults) -> Iterator[tuple[int, list[str]]]:
    """(line, row) of each non-empty row of a `csv.reader`, `line` where the row starts.

    A row running over several lines (a quote left open swallows the lines after it) is
    a fault at the line where the quoted value starts; a `csv.Error` (a field over the
    size limit) is a fault that ends the reading.
    """
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            faults.add(f"{path}:{start}: {_csv_error(error)}")
            return
        end = reader.line_num
        broken = next((k for k, field in enumerate(row) if "\n" in field or "\r" in field), None)
        if end > start and broken is not None:
            opened = start + sum(field.count("\n") for field in row[:broken])
            faults.add(
                f"{path}:{opened}: unclosed quote: the quoted value that starts on this line "
                f'runs on to line {end}; close it (a quote inside a value is written "")'
            )
        elif any(row):
            yield start, row
        start = end + 1


def _csv_error(error: csv.Error) -> str:
    if "field limit" in str(error):
        return (
            f"a field longer than {csv.field_size_limit():,} characters; values in a log "
            "are short (is a quote left open?)"
        )
    return f"not a readable CSV row ({error})"


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


def natural_key(name: str) -> tuple[int, int, str, str]:
    """Numbers (ASCII digits, any length) in numeric order, then other names."""
    if name.isascii() and name.isdigit():
        digits = name.lstrip("0")
        return (0, len(digits), digits, name)
    return (1, 0, "", name)


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
    duplicates: list[int] = []
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
        seen = set(rows.skills[first])
        for other in members[1:]:
            if seen.issuperset(rows.skills[other]):
                duplicates.append(rows.line[other])
            seen.update(rows.skills[other])
        skills = dict.fromkeys(s for k in members for s in rows.skills[k])
        for skill in skills:
            out_learner.append(int(learner[first]))
            out_skill.append(skill)
            out_correct.append(rows.correct[first])
            out_answer.append(answer)
            if rows.item is not None:
                out_item.append(rows.item[first])
    faults.raise_if_any()
    if duplicates:
        warnings.warn(
            ReaderWarning(
                f"{rows.path}:{min(duplicates)}: {len(duplicates)} duplicate "
                f"row{'s' if len(duplicates) > 1 else ''} (the same learner, order and skill "
                "as an earlier row) merged into that answer; each answer counts once"
            ),
            stacklevel=3,
        )
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
