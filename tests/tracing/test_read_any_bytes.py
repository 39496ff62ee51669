"""Any bytes given to any text reader give a log or a `DataFormatError`, never another
exception, and a message never holds a NUL or other control byte."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from its.errors import DataFormatError
from its.tracing.datasets import read_log

PIECES = {
    "dkvmn": ["3", "\n", ",", "0", "1", "12", "²", "٣", " ", "-1", "1_0"],
    "pybkt": ["order_id,user_id,skill_name,correct\n", "\n", ",", '"', "0", "1", "u", "A", "é"],
    "datashop": ["Anon Student Id\tOutcome\tKC (A)\tTime\n", "\n", "\t", "CORRECT", "1", "k"],
}
NOISE = st.sampled_from([b"\x00", b"\xe9", b"\xc3\xa9", b"\xff\xfe", b"\r", b"\x01", b"~~"])


@pytest.mark.parametrize("fmt", sorted(PIECES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_input_is_a_log_or_a_clear_error(fmt: str, data: st.DataObject) -> None:
    pieces = st.sampled_from(PIECES[fmt]).map(lambda text: text.encode("utf-8"))
    content = b"".join(data.draw(st.lists(st.one_of(pieces, NOISE), max_size=40)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.txt"
        path.write_bytes(content)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Latin-1 and merged-row notes are not faults
            try:
                read_log(path, fmt)
            except DataFormatError as error:
                assert all(line.isprintable() for line in str(error).split("\n")), repr(error)
