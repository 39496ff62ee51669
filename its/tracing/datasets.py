"""Named readers that turn log files into a `ResponseLog`: `read_log(path, fmt)`.

The formats registered in `FORMATS` (one module each in `its.tracing.readers`):

- ``dkvmn``: the "3-line" format of the DKVMN/DKT data sets (`readers.three_line`).
- ``pybkt``: pyBKT / ASSISTments CSV with a header and a column map (`readers.csv_log`,
  `DEFAULT_COLUMNS`).
- ``datashop``: PSLC DataShop tab-delimited exports (`readers.datashop`).
- ``its-db``: the app's own event store, an SQLite file (`its.store.export`).

Several skills on one answer (``a~~b`` in a skill field, or ASSISTments rows sharing a
learner and order) are handled one way everywhere: the answer becomes consecutive rows,
one per skill, with one `ResponseLog.answer` index. Each row is predicted from the
learner's state before that answer, never from the other rows of the same answer
(per-skill BKT chains guarantee it), and metrics count every row, as pyBKT does.

Every malformed input raises `DataFormatError` naming ``file:line`` (and the column
where one applies) and what was expected; faults are collected and raised together.
Text files are decoded as UTF-8, or UTF-16/32 when they start with a byte-order mark;
a file with no UTF-8 in it at all is read as Latin-1 (ASSISTments exports) with a
`ReaderWarning` naming its first non-UTF-8 line, and a UTF-8 file with other bytes in it
is refused at that line. Numbers are ASCII digits only. A row repeating an earlier row of
its answer (same learner, order and skill) is merged into it, with a `ReaderWarning`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from its.errors import DataFormatError
from its.tracing.log import ResponseLog
from its.tracing.readers._common import StrPath
from its.tracing.readers.csv_log import DEFAULT_COLUMNS, read_pybkt_csv
from its.tracing.readers.datashop import read_datashop
from its.tracing.readers.three_line import read_three_line

Reader = Callable[[StrPath], ResponseLog]


def _read_event_store(path: StrPath) -> ResponseLog:
    from its.store.export import read_event_store  # the store's reader; loaded when asked

    return read_event_store(path)


FORMATS: dict[str, Reader] = {
    "dkvmn": read_three_line,
    "pybkt": read_pybkt_csv,
    "datashop": read_datashop,
    "its-db": _read_event_store,
}
"""Log formats by name, as `--format` gives them."""

_WITH_COLUMNS: dict[str, Callable[..., ResponseLog]] = {
    "pybkt": read_pybkt_csv,
    "datashop": read_datashop,
}


def read_log(
    path: StrPath, fmt: str = "dkvmn", *, columns: Mapping[str, str] | None = None
) -> ResponseLog:
    """Read `path` with the reader registered in `FORMATS` under `fmt`.

    Args:
        path: the file to read.
        fmt: a key of `FORMATS`.
        columns: field -> column overrides, for the ``pybkt`` and ``datashop`` formats.

    Raises:
        DataFormatError: `fmt` is not a known format, `columns` does not apply to it,
            or the file does not fit it.
    """
    reader = FORMATS.get(fmt)
    if reader is None:
        raise DataFormatError(
            f"unknown log format {fmt!r}; formats are {', '.join(sorted(FORMATS))}"
        )
    if columns:
        if fmt not in _WITH_COLUMNS:
            raise DataFormatError(
                f"a column map applies to the {' and '.join(_WITH_COLUMNS)} formats, not to {fmt!r}"
            )
        return _WITH_COLUMNS[fmt](path, columns=columns)
    return reader(path)


def parse_columns(text: str | None) -> dict[str, str] | None:
    """A column map from ``FIELD=COLUMN,FIELD=COLUMN`` (the CLI's ``--columns``).

    Column names may hold spaces, brackets and ``=``; a comma always ends a pair.

    Raises:
        DataFormatError: a pair has no ``=``, a field or column is empty, a field is
            repeated, or one column is given for two fields (but item and skill).
    """
    if text is None or not text.strip():
        return None
    columns: dict[str, str] = {}
    for pair in text.split(","):
        field, equals, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not equals or not field or not column or field in columns:
            raise DataFormatError(
                f"--columns: expected FIELD=COLUMN pairs separated by commas, each field once, "
                f"got {pair.strip()!r} (e.g. --columns learner=Anon Student Id,skill=KC(x))"
            )
        # One column read as two fields (learner=Row,skill=Row) is a slip; only an item
        # column may double as the skill (each item its own skill).
        twice = [
            other
            for other, taken in columns.items()
            if taken == column and {other, field} != {"item", "skill"}
        ]
        if twice:
            raise DataFormatError(
                f"--columns: column {column!r} is given for both {twice[0]} and {field}; "
                "map each field to its own column"
            )
        columns[field] = column
    return columns


__all__ = [
    "DEFAULT_COLUMNS",
    "FORMATS",
    "parse_columns",
    "read_datashop",
    "read_log",
    "read_pybkt_csv",
    "read_three_line",
]
