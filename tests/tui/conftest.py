from __future__ import annotations

import pytest
import sqlite_utils
from tui_support import BANK_OK, TickingClock

from its.items.load import load_bank
from its.items.model import Bank
from its.store import open_store


@pytest.fixture
def db() -> sqlite_utils.Database:
    return open_store(":memory:")


@pytest.fixture
def bank() -> Bank:
    return load_bank(BANK_OK)


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture(autouse=True)
def _no_colour_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the same app whatever the terminal that runs them says."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
