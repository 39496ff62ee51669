"""Readers decode UTF-16/32 with a byte-order mark, refuse mixed encodings at the line,
fall back to Latin-1 only for files with no UTF-8 in them, and never print NUL bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.datasets import read_log
from its.tracing.readers._common import ReaderWarning

TEXT = "order_id,user_id,skill_name,correct\n1,u1,Café,1\n2,u1,Café,0\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "log.csv"
    data = TEXT.encode(codec)
    path.write_bytes(data if codec != "utf-16-be" else b"\xfe\xff" + data)
    log = read_log(path, "pybkt")
    assert log.skills == ("Café",) and log.correct.tolist() == [1, 0]


def test_utf16_without_a_bom_is_named_and_no_nul_is_printed(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(TEXT.encode("utf-16-le"))
    with pytest.raises(DataFormatError) as caught:
        read_log(path, "pybkt")
    message = str(caught.value)
    assert message.startswith(f"{path}:1: a NUL byte") and "UTF-16" in message
    assert "\x00" not in message


def test_a_utf8_file_with_one_latin1_line_is_refused_at_that_line(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(TEXT.encode("utf-8") + "3,u2,Café,1\n".encode("latin-1"))
    with pytest.raises(DataFormatError, match=re.escape(f"{path}:4:9: byte 0xe9 is not UTF-8")):
        read_log(path, "pybkt")


def test_a_file_without_utf8_is_read_as_latin1_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(TEXT.encode("latin-1"))
    with pytest.warns(ReaderWarning, match=re.escape(f"{path}:2:9: not UTF-8; read as Latin-1")):
        log = read_log(path, "pybkt")
    assert log.skills == ("Café",)
