"""Live tracing is on the learner's path: loading and stepping a model never imports torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _small_logs import small_log

from its.tracing.deep.dkt import DKT


def test_live_dkt_runs_without_torch(kt_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "dkt.npz"
    DKT(hidden=4, embedding=4, epochs=1, random_state=0).fit(small_log(kt_data, "train1", 20)).save(
        path
    )
    code = (
        "import sys\n"
        "from its.tracing.live.dkt import LiveDKT\n"
        f"model = LiveDKT.load({str(path)!r})\n"
        "state = model.update(model.initial_state(), model.skills[0], True)\n"
        "assert model.p_correct(state).shape == (len(model.skills),)\n"
        "print(','.join(m for m in ('torch', 'pyro', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
