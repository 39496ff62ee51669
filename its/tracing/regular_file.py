"""How every file we read or write is checked first (standard library only).

A FIFO (or /dev/stdin) blocks forever on open, and a device (/dev/zero) never ends;
neither is a log or a model file, so readers open files with `open_regular_file`, and
the CLI checks every path it is given with the `check_*` functions here, so a bad path
is told as ``<path>: <what is wrong>`` (missing, a folder, not readable, a FIFO) before
any work starts. Outputs are checked so that a model never replaces a file another part
of its owns: an SQLite database and its companions (``-wal``, ``-shm``, ``-journal``;
SQLite deletes a WAL file once it has checkpointed it, and a model written there is
lost), or a file of the installed package.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from its.errors import DataFormatError, ItsError

StrPath = str | os.PathLike[str]

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database (`database` + suffix)."""

_SQLITE_HEADER = b"SQLite format 3\x00"
_PACKAGE = Path(__file__).resolve().parents[1]  # the installed `its` package


def describe(mode: int) -> str:
    """What a file of `mode` (`os.stat`'s `st_mode`) is, for a message: "a FIFO (named pipe)"."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular_file(path: StrPath, kind: str) -> None:
    """Refuse `path` unless it is an existing regular file that we may read.

    Args:
        path: the file.
        kind: what the file should be, for the message ("model file", "log").

    Raises:
        DataFormatError: `path` is missing (or a link to nothing), a folder, a FIFO,
            device or socket, or not readable.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise DataFormatError(_missing(path, kind, error)) from error
    if stat.S_ISDIR(mode):
        raise DataFormatError(f"{path}: is a folder, not a {kind}")
    if not stat.S_ISREG(mode):
        raise DataFormatError(
            f"{path}: is {describe(mode)}, not a regular file; give the {kind} itself"
        )
    if not os.access(path, os.R_OK):
        raise DataFormatError(f"{path}: cannot read the {kind}: permission denied")


def check_folder(path: StrPath, kind: str) -> None:
    """Refuse `path` unless it is an existing folder whose files we may list and read.

    Raises:
        DataFormatError: `path` is missing, not a folder, or not readable.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise DataFormatError(_missing(path, kind, error)) from error
    if not stat.S_ISDIR(mode):
        what = "a file" if stat.S_ISREG(mode) else describe(mode)
        raise DataFormatError(f"{path}: is {what}, not a folder; give the {kind}")
    if not os.access(path, os.R_OK | os.X_OK):
        raise DataFormatError(f"{path}: cannot read the {kind}: permission denied")


def _missing(path: StrPath, kind: str, error: OSError) -> str:
    if not isinstance(error, FileNotFoundError):
        return f"{path}: cannot read the {kind}: {error.strerror}"
    if os.path.islink(path):
        return f"{path}: is a link to {os.readlink(path)}, which does not exist"
    return f"{path}: does not exist; give an existing {kind}"


def open_regular_file(path: StrPath, kind: str) -> BinaryIO:
    """`path` opened for binary reading, refused first unless it is a regular file.

    The file is opened without blocking and checked again once open, so a FIFO put in
    its place after the first check is refused too, never waited on.

    Args:
        path: the file.
        kind: what the file should be, for the message ("model file").

    Raises:
        DataFormatError: `path` cannot be read or is no regular file (a folder, FIFO
            or device).
    """
    check_regular_file(path, kind)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise DataFormatError(f"{path}: cannot read the {kind}: {error.strerror}") from error
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise DataFormatError(
            f"{path}: is {describe(mode)}, not a regular file; give the {kind} itself"
        )
    return os.fdopen(descriptor, "rb")


def check_model_output(path: StrPath, *, keep: Mapping[str, StrPath] | None = None) -> None:
    """Refuse a model file `path` that would replace a file another part of its owns.

    A link is followed, since the model replaces its target: the target must be new or a
    regular file, and none of: a file in `keep` or one of its SQLite companions, an
    SQLite database or the companion of one, a file of the installed package.

    Args:
        path: the model file to write.
        keep: files that must never be replaced, by what they are ("the app's event
            store").

    Raises:
        ItsError: naming `path` (and the file it leads to) and why it is refused.
    """
    target = os.path.realpath(path)
    shown = _shown(path, target)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise ItsError(f"{shown}: is a folder; give a file name")
    if not os.path.isdir(folder):
        raise ItsError(f"{shown}: the folder {folder} does not exist; create it first")
    for role, kept in (keep or {}).items():
        owned = os.path.realpath(kept)
        for suffix in ("", *SQLITE_COMPANIONS):
            if same_file(target, owned + suffix):
                what = role if not suffix else f"the {suffix} file of {role}"
                raise ItsError(f"{shown}: is {what} ({kept}{suffix}); name another file")
    if Path(target).is_relative_to(_PACKAGE):
        raise ItsError(f"{shown}: is a file of the installed its package; name another file")
    companion = _companion_of(target)
    if companion is not None:
        raise ItsError(
            f"{shown}: is SQLite's {companion[0]} file of the database {companion[1]}; "
            "a model written there is lost; name another file"
        )
    _check_replaceable(shown, target)


def _check_replaceable(shown: str, target: str) -> None:
    """An existing `target` must be a regular file, and no SQLite database."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise ItsError(f"{shown}: is {describe(mode)}, not a regular file; name another file")
    try:
        with open(target, "rb") as file:
            start = file.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise ItsError(f"{shown}: cannot check the file it replaces: {error.strerror}") from error
    if start.startswith(_SQLITE_HEADER):
        raise ItsError(
            f"{shown}: is an SQLite database (an event store?); name another file for the model"
        )


def check_database_path(path: StrPath) -> None:
    """Refuse an event store path that is a folder, a special file or an SQLite companion.

    A missing file is fine (the store creates it, and its folders).

    Raises:
        ItsError: naming `path` and what is wrong.
    """
    target = os.path.realpath(path)
    shown = _shown(path, target)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise ItsError(f"{shown}: cannot open the event store: {error.strerror}") from error
    if mode is not None and stat.S_ISDIR(mode):
        raise ItsError(f"{shown}: is a folder; give a database file path with --db")
    if mode is not None and not stat.S_ISREG(mode):
        raise ItsError(f"{shown}: is {describe(mode)}, not a regular file; give a database file")
    companion = _companion_of(target)
    if companion is not None:
        raise ItsError(
            f"{shown}: is SQLite's {companion[0]} file of {companion[1]}; give the database itself"
        )


def _companion_of(path: str) -> tuple[str, str] | None:
    """(suffix, database) when `path` is an SQLite companion of an existing file."""
    for suffix in SQLITE_COMPANIONS:
        if path.endswith(suffix) and os.path.isfile(path[: -len(suffix)]):
            return suffix, path[: -len(suffix)]
    return None


def _shown(path: StrPath, target: str) -> str:
    """`path` for a message, with the file it leads to when it is a link."""
    return f"{path} (a link to {target})" if os.path.islink(path) else str(path)


def same_file(path: StrPath, other: StrPath) -> bool:
    """Whether two paths name one file: by path, through links, or (both existing) as
    hard links of one file."""
    if os.path.realpath(path) == os.path.realpath(other):
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False
