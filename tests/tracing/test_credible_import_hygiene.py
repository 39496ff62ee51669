"""`its.tracing.credible` is on the learner's path: no torch, pyro, pandas, nor numpy."""

from __future__ import annotations

import subprocess
import sys


def test_credible_imports_nothing_heavy() -> None:
    code = (
        "import sys, its.tracing.credible\n"
        "print(','.join(sorted({'torch', 'pyro', 'pandas', 'numpy'} & set(sys.modules))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
