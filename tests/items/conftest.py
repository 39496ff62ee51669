"""Shared fixtures for the item-bank tests: the data folders and a bank writer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"

WriteBank = Callable[..., Path]


@pytest.fixture
def bank_ok() -> Path:
    return DATA / "bank_ok"


@pytest.fixture
def bank_ok_copy(tmp_path: Path) -> Path:
    """A writable copy of the valid bank, to break one thing at a time."""
    return Path(shutil.copytree(DATA / "bank_ok", tmp_path / "bank"))


@pytest.fixture
def write_bank(tmp_path: Path) -> WriteBank:
    """Write a bank folder from texts: `write_bank(competencies="...", items={"x.yaml": "..."})`.

    `competencies=None` leaves competencies.yaml out; bytes are written as they are.
    """

    def write(
        competencies: str | bytes | None = "",
        items: dict[str, str | bytes] | None = None,
    ) -> Path:
        root = tmp_path / "bank"
        (root / "items").mkdir(parents=True)
        files = {"items/" + name: text for name, text in (items or {}).items()}
        if competencies is not None:
            files["competencies.yaml"] = competencies
        for name, text in files.items():
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            (root / name).write_bytes(data)
        return root

    return write
