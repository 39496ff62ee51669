"""`its learn` sets numpy's BLAS to one thread before numpy is first imported (a multi-threaded
BLAS inflated the live model's p99 update time on a busy weak machine), unless the user
chose a count; the research commands keep the user's environment as it is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from its.cli import BLAS_THREAD_VARIABLES

# Runs the `its` entry point; at numpy's first import, prints the environment numpy would see
# and exits, so the app itself never starts.
_AT_NUMPY_IMPORT = """
import json, os, sys
class Spy:
    def find_spec(self, name, path=None, target=None):
        if name == "numpy":
            seen = {v: os.environ.get(v) for v in %r}
            print(json.dumps(seen), flush=True)
            os._exit(0)
        return None
sys.meta_path.insert(0, Spy())
sys.argv = ["its", *%r]
from its.cli import main
main()
"""


def _environment_at_numpy_import(args: list[str], tmp_path: Path, **env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-c", _AT_NUMPY_IMPORT % (BLAS_THREAD_VARIABLES, args)],
        env={**clean, "ITS_DB": str(tmp_path / "its.db"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen: dict[str, str] = json.loads(done.stdout)
    return seen


def test_learn_sets_one_blas_thread_before_numpy_loads(tmp_path: Path) -> None:
    seen = _environment_at_numpy_import(["learn", "--lang", "en"], tmp_path)
    assert seen == dict.fromkeys(BLAS_THREAD_VARIABLES, "1")


def test_learn_keeps_a_count_the_user_chose(tmp_path: Path) -> None:
    seen = _environment_at_numpy_import(["learn"], tmp_path, OPENBLAS_NUM_THREADS="2")
    assert seen == {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@pytest.mark.parametrize("command", ["replay", "train"])
def test_research_commands_leave_the_thread_variables_alone(tmp_path: Path, command: str) -> None:
    log = tmp_path / "log.csv"
    log.write_text("1\n1\n1\n", encoding="utf-8")
    args = [command, str(log), str(log)] if command == "replay" else [command, str(log)]
    if command == "train":
        args += ["--model", "bkt", "-o", str(tmp_path / "m.json")]
    seen = _environment_at_numpy_import(args, tmp_path)
    assert seen == dict.fromkeys(BLAS_THREAD_VARIABLES)
