"""Files in a bank that are not regular text files are problems, never a hang."""

from __future__ import annotations

import os
from pathlib import Path

from its.items import validate_bank
from its.items._yaml_nodes import MAX_FILE_BYTES

BANK_OK = Path(__file__).resolve().parents[1] / "data" / "bank_ok"


def _copy_bank(tmp_path: Path) -> Path:
    root = tmp_path / "bank"
    (root / "items").mkdir(parents=True)
    for file in [BANK_OK / "competencies.yaml", *(BANK_OK / "items").iterdir()]:
        target = root / file.relative_to(BANK_OK)
        target.write_bytes(file.read_bytes())
    return root


def test_a_pipe_among_the_items_is_reported_not_read(tmp_path: Path) -> None:
    root = _copy_bank(tmp_path)
    os.mkfifo(root / "items" / "pipe.yaml")
    messages = [str(p) for p in validate_bank(root)]
    assert messages == [f"{root}/items/pipe.yaml: E001 is not a regular file"]


def test_a_link_to_a_device_is_reported_not_read(tmp_path: Path) -> None:
    root = _copy_bank(tmp_path)
    (root / "items" / "zero.yaml").symlink_to("/dev/zero")
    messages = [str(p) for p in validate_bank(root)]
    assert messages == [f"{root}/items/zero.yaml: E001 is not a regular file"]


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    root = _copy_bank(tmp_path)
    with (root / "items" / "dump.yaml").open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    [problem] = validate_bank(root)
    assert problem.code == "E001" and "is larger than 20 MB" in problem.message
