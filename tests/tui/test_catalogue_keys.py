"""Every catalogue key the app uses exists in Indonesian and English, with the same
placeholders, and the two catalogues have the same keys."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import its.tui
import its.tutor
from its.i18n import LANGUAGES, catalogue

TUI = Path(its.tui.__file__).parent
TUTOR = Path(its.tutor.__file__).parent
TUI_TABLES = ("app", "error", "profile", "job", "home", "practice", "summary", "help")
KEY = re.compile(rf"^(?:{'|'.join((*TUI_TABLES, 'reason'))})\.[a-z_]+$")


def _keys_in(folder: Path) -> set[str]:
    """String constants shaped like catalogue keys, except inside `Binding(...)`, where
    `app.quit` is a Textual action."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        actions = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Binding"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in actions
                and KEY.match(node.value)
            ):
                found.add(node.value)
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


USED = sorted(_keys_in(TUI) | _keys_in(TUTOR))


def test_the_scan_finds_the_keys() -> None:
    assert "practice.correct" in USED
    assert {"reason.continue", "reason.weakest", "reason.repeat", "reason.resume"} <= set(USED)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", USED)
def test_used_key_is_in_catalogue(key: str, language: str) -> None:
    assert key in catalogue(language)


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    indonesian, english = catalogue("id"), catalogue("en")
    assert sorted(indonesian) == sorted(english)
    for key, template in indonesian.items():
        assert _fields(template) == _fields(english[key]), key


def test_no_unused_app_keys() -> None:
    app_keys = {k for k in catalogue("id") if k.split(".")[0] in TUI_TABLES}
    assert app_keys - set(USED) == set()
