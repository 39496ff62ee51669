"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA_ENV = "ITS_SHARED_DATA"
SHARED_DATA = Path(
    os.environ.get(SHARED_DATA_ENV)
    or Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
)
"""The public data sets: `../shared/data` beside the checkout (CI has it there), or
`$ITS_SHARED_DATA` for a checkout elsewhere."""
KT_DATA = SHARED_DATA / "kt"


@pytest.fixture(scope="session")  # session: module-scoped fixtures train on it too
def kt_data() -> Path:
    if not KT_DATA.is_dir():
        pytest.fail(
            f"the shared data folder is missing: {KT_DATA}; "
            f"set {SHARED_DATA_ENV} to the folder that holds kt/"
        )
    return KT_DATA
