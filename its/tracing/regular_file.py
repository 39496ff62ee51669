"""`open_regular_file`: how every model-file reader opens its file (standard library only).

A FIFO blocks forever on open and a device (/dev/zero) never ends; neither is a model
file, so both are refused before the file is opened.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from its.errors import DataFormatError


def open_regular_file(path: str | os.PathLike[str], kind: str) -> BinaryIO:
    """`path` opened for binary reading, refused first unless it is a regular file.

    Args:
        path: the file.
        kind: what the file should be, for the message ("model file").

    Raises:
        DataFormatError: `path` cannot be read or is no regular file (a folder, FIFO
            or device).
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise DataFormatError(
                f"{path}: not a {kind}: not a regular file (a folder, FIFO or device)"
            )
        return open(path, "rb")
    except OSError as error:
        raise DataFormatError(f"{path}: cannot read the {kind}: {error.strerror}") from error
