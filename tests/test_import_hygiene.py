"""The learner's path never loads torch, pyro, pandas or lightgbm (slow, heavy on old laptops)."""

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("torch", "pyro", "pandas", "lightgbm")

LEARNER_PATH = [
    "its.items",
    "its.items.load",
    "its.tutor",
    "its.tutor.fitted",
    "its.tutor.live",
    "its.store",
    "its.tracing.bkt.online",
    "its.tui.app",
    "its.cli",
]


@pytest.mark.parametrize("module", LEARNER_PATH)
def test_learner_path_imports_nothing_heavy(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imports {out.stdout.strip()}"


@pytest.mark.parametrize("module", ["its.tutor", "its.items", "its.store", "its.tracing"])
def test_core_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}\nprint('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stdout + result.stderr
