"""A NUL byte in a skill name is a file:line fault, printed escaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from its.errors import DataFormatError
from its.tracing.datasets import read_log


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("pybkt", "order_id,user_id,skill_name,correct\n1,u1,A,1\n2,u1,A\x00B,1\n"),
        ("datashop", "Anon Student Id\tOutcome\tKC (A)\ns\tCORRECT\tk\ns\tCORRECT\tk\x00\n"),
    ],
)
def test_a_nul_byte_names_its_line(tmp_path: Path, fmt: str, text: str) -> None:
    path = tmp_path / "log.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFormatError, match=re.escape(f"{path}:3: a NUL byte")) as caught:
        read_log(path, fmt)
    assert "\x00" not in str(caught.value)
