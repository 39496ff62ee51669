"""`its learn --model FILE`: the tutor takes a fitted BKT file's parameters for the
competencies it knows, and a file that fits none of them is refused with a message."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from its.cli import cli
from its.errors import DataFormatError, ItsError
from its.items.model import Bank, CompetencyId
from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate
from its.tutor import Tutor
from its.tutor.fitted import fitted_mastery_model
from its.tutor.mastery import DEFAULT_PARAMS


def _fitted_file(tmp_path: Path, skills: list[str]) -> Path:
    truth = {s: BKTParams(prior=0.4, learn=0.25, guess=0.2, slip=0.1) for s in skills}
    log = simulate(truth, n_learners=60, n_answers=12, rng=np.random.default_rng(0))
    path = tmp_path / "bank-bkt.json"
    BKT(random_state=0).fit(log).save(path)
    return path


def test_known_competencies_take_the_fitted_parameters(bank: Bank, tmp_path: Path) -> None:
    first = sorted(bank.competencies)[0]
    path = _fitted_file(tmp_path, [first, "not-in-this-bank"])
    model = fitted_mastery_model(path, bank)
    fitted = model.for_competency(CompetencyId(first))
    assert fitted != DEFAULT_PARAMS and 0.25 < fitted.prior < 0.55
    others = set(bank.competencies) - {first}
    assert all(model.for_competency(CompetencyId(c)) == DEFAULT_PARAMS for c in others)
    Tutor(bank, model=model)  # the tutor accepts it


def test_a_file_for_other_skills_is_refused(bank: Bank, tmp_path: Path) -> None:
    path = _fitted_file(tmp_path, ["fractions"])
    with pytest.raises(
        ItsError, match=r"fits none of the bank's competencies \(it has fractions\)"
    ):
        fitted_mastery_model(path, bank)


def test_the_command_refuses_a_bad_file_before_starting_the_app(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["learn", "--db", str(tmp_path / "a.db"), "--model", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}")
    assert "Traceback" not in result.output
    with pytest.raises(DataFormatError):
        fitted_mastery_model(bad, Bank(competencies={}, items=()))
