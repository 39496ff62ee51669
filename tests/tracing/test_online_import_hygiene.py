"""The learner's app imports `its.tracing.bkt.online` without torch, pyro or pandas."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_online_module_stays_light() -> None:
    code = (
        "import sys, its.tracing.bkt.online\n"
        "heavy = sorted({'torch', 'pyro', 'pandas'} & set(sys.modules))\n"
        "print(','.join(heavy))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""
