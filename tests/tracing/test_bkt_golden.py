"""BKT on fixed simulated data matches the stored reference (golden/make_bkt_golden.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

_SCRIPT = Path(__file__).with_name("golden") / "make_bkt_golden.py"
_spec = importlib.util.spec_from_file_location("make_bkt_golden", _SCRIPT)
assert _spec is not None and _spec.loader is not None
make_bkt_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_bkt_golden)


@pytest.mark.parametrize("variant", sorted(make_bkt_golden.VARIANTS))
def test_fit_matches_golden_numbers(variant: str) -> None:
    golden = json.loads(make_bkt_golden.GOLDEN.read_text(encoding="utf-8"))[variant]
    got = make_bkt_golden.fit_variant(variant)
    assert got["log_likelihood"] == pytest.approx(golden["log_likelihood"], rel=1e-10)
    assert list(got["skills"]) == list(golden["skills"])
    for skill, values in golden["skills"].items():
        for name, value in values.items():
            _assert_close(got["skills"][skill][name], value, (skill, name))


def _assert_close(got: Any, expected: Any, where: tuple[Any, ...]) -> None:
    """Equal structure; numbers within 1e-9."""
    if isinstance(expected, dict):
        assert list(got) == list(expected), where
        for key in expected:
            _assert_close(got[key], expected[key], (*where, key))
    elif isinstance(expected, list):
        assert len(got) == len(expected), where
        for k, (a, b) in enumerate(zip(got, expected, strict=True)):
            _assert_close(a, b, (*where, k))
    elif isinstance(expected, float):
        assert got == pytest.approx(expected, abs=1e-9), where
    else:
        assert got == expected, where
