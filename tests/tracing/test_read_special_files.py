"""Every log reader refuses a FIFO, a device or a folder at once, saying what it is: a FIFO
(or /dev/stdin) used to block forever and a device (/dev/zero) never ends."""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from its.errors import DataFormatError
from its.tracing.datasets import FORMATS, read_log

_TEXT = "is (a FIFO \\(named pipe\\)|a device), not a regular file"
_NOT_REGULAR = {
    "dkvmn": _TEXT,
    "pybkt": _TEXT,
    "datashop": _TEXT,
    "its-db": "is not a regular file",
}
"""The text readers say what the file is; the event store's reader (its.store.export) only
that it is not a regular file."""


class _Blocked(Exception):
    pass


@pytest.fixture
def no_wait() -> Iterator[None]:
    """Turns a read that blocks into a failure after 5 s instead of a hung test run."""

    def give_up(signum: int, frame: FrameType | None) -> None:
        raise _Blocked("the reader blocked on a file that never ends")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, 5.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, no_wait: None, fmt: str) -> None:
    fifo = tmp_path / "log.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataFormatError, match=f"^{fifo}: {_NOT_REGULAR[fmt]}"):
        read_log(fifo, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_device_is_refused_before_it_is_read(no_wait: None, fmt: str) -> None:
    with pytest.raises(DataFormatError, match=f"^/dev/zero: {_NOT_REGULAR[fmt]}"):
        read_log("/dev/zero", fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_folder_is_refused_as_a_folder(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(DataFormatError, match=f"^{tmp_path}: (is a folder|is not a regular)"):
        read_log(tmp_path, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_socket_is_refused_saying_so(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "log.sock"
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
        expected = "is not a regular file" if fmt == "its-db" else "is a socket, not a regular"
        with pytest.raises(DataFormatError, match=f"^{path}: {expected}"):
            read_log(path, fmt)
