"""The tutor's BKT can be fitted on a pilot cohort of simulated learners."""

from its.items.load import load_bank, starter_bank_path
from its.sim.calibrate import calibrated_model


def test_a_pilot_cohort_gives_parameters_for_every_competency() -> None:
    bank = load_bank(starter_bank_path())
    model, notes = calibrated_model(bank, seed=0, learners=40)
    assert set(model.params) == set(bank.competencies)
    for params in model.params.values():
        assert 0.0 < params.prior < 1.0 and 0.0 < params.learn < 1.0
        assert params.guess <= 0.5 and params.slip <= 0.5
    assert all(isinstance(note, str) for note in notes)
