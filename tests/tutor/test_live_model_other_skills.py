"""A live model fitted on other skills is refused with advice that names its own model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from its.cli import cli
from its.errors import ItsError
from its.items.load import load_bank, starter_bank_path
from its.tracing.datasets import read_log
from its.tracing.deep.attention import AttentionKT
from its.tutor.fitted import tracing_from_file


def test_an_attention_file_on_other_skills_is_told_to_train_attention(
    kt_data: Path, tmp_path: Path
) -> None:
    source = kt_data / "assist2009_updated/assist2009_updated_valid1.csv"
    small = tmp_path / "assist-small.csv"  # 30 learners of the real log: a fast fit
    small.write_text("".join(source.read_text().splitlines(keepends=True)[:90]))
    log = read_log(small, "dkvmn")
    model = AttentionKT(size=8, heads=2, epochs=1, window=20, random_state=0).fit(log)
    path = tmp_path / "assist-attention.npz"
    model.save(path)
    advice = re.escape("--format its-db --model attention`")
    with pytest.raises(ItsError, match="knows none of the bank's competencies.*" + advice):
        tracing_from_file(path, load_bank(starter_bank_path()))
    result = CliRunner().invoke(
        cli, ["learn", "--db", str(tmp_path / "a.db"), "--model", str(path)]
    )
    assert result.exit_code == 1
    assert "--model attention`" in result.stderr
    assert not (tmp_path / "a.db").exists()
