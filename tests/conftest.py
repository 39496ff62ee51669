"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

KT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "kt"
"""The public KT data sets, beside the checkout (CI has the same folder)."""


@pytest.fixture
def kt_data() -> Path:
    if not KT_DATA.is_dir():
        pytest.fail(f"the shared data folder is missing: {KT_DATA}")
    return KT_DATA
