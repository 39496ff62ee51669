"""Every notebook in `notebooks/` runs top to bottom with small settings.

The code cells are executed in order in one namespace (as a kernel would), from the
notebook's folder, with ITS_NOTEBOOK_SMALL=1. A new notebook is picked up on its own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ holds no .ipynb"


# Tiny fits make some models warn (convergence, bounds); running the cells is the point.
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_top_to_bottom(
    notebook: Path, kt_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ITS_NOTEBOOK_SMALL", "1")
    monkeypatch.setenv("ITS_NOTEBOOK_OUT", str(tmp_path))
    monkeypatch.setenv("ITS_KT_DATA", str(kt_data))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(notebook.parent)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, object] = {"__name__": "__main__"}
    for number, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            exec(compile(source, f"{notebook.name}:cell {number}", "exec"), namespace)
    assert sorted(os.listdir(tmp_path)) == ["calibration.png", "learning_curves.png"]
