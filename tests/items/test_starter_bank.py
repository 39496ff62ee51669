"""The bank shipped with the package is found where the package is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

import its
from its.items import starter_bank_path, validate_bank


def test_starter_bank_path_is_inside_the_package() -> None:
    assert starter_bank_path() == Path(its.__file__).parent / "data" / "starter_bank"


@pytest.mark.skipif(
    not (starter_bank_path() / "competencies.yaml").exists(),
    reason="the starter bank's content is not in this checkout",
)
def test_starter_bank_is_valid() -> None:
    assert [str(problem) for problem in validate_bank(starter_bank_path())] == []
