"""The item variants recover the item parameters of simulated learners.

2000 learners, 15 answers per skill, items drawn at random: with guess/slip and
learn per item, every fitted item value lies within 0.04 of the truth (sampling
error about 0.01-0.02; items see a third to a half of the answers), and the skill
prior within 0.04.
"""

from __future__ import annotations

import numpy as np
import pytest

from its.tracing.bkt.model import BKT
from its.tracing.bkt.online import BKTParams
from its.tracing.bkt.simulate import simulate_items
from its.tracing.log import ResponseLog

TOLERANCE = 0.04
ITEMS = {
    "a": {"a1": BKTParams(0.3, 0.3, 0.1, 0.1), "a2": BKTParams(0.3, 0.05, 0.35, 0.2)},
    "b": {
        "b1": BKTParams(0.5, 0.2, 0.2, 0.05),
        "b2": BKTParams(0.5, 0.2, 0.4, 0.05),
        "b3": BKTParams(0.5, 0.02, 0.05, 0.25),
    },
}


@pytest.fixture(scope="module")
def log() -> ResponseLog:
    return simulate_items(ITEMS, n_learners=2000, n_answers=15, rng=np.random.default_rng(0))


def test_item_guess_slip_and_learn_are_recovered(log: ResponseLog) -> None:
    model = BKT(guess_slip_by="item", learn_by="item", tol=1e-7, n_iter=1000).fit(log)

    for skill, items in ITEMS.items():
        for item, truth in items.items():
            fitted = model.skill_params(skill, item=item)
            for name in ("guess", "slip", "learn"):
                assert getattr(fitted, name) == pytest.approx(
                    getattr(truth, name), abs=TOLERANCE
                ), (item, name)
        assert model.skill_params(skill).prior == pytest.approx(
            next(iter(items.values())).prior, abs=TOLERANCE
        )


def test_item_guess_slip_fit_better_than_one_per_skill(log: ResponseLog) -> None:
    standard = BKT().fit(log)
    per_item = BKT(guess_slip_by="item").fit(log)
    order = BKT(learn_by="item_order").fit(log)
    assert per_item.log_likelihood_ > standard.log_likelihood_ + 100
    assert order.log_likelihood_ > standard.log_likelihood_
    assert set(per_item.tables_.gs["b"]) == {"b1", "b2", "b3"}
    # pyBKT's multipair: a default group for the first answer, then (previous, item) pairs.
    assert None in order.tables_.learn["a"] and ("a1", "a2") in order.tables_.learn["a"]


def test_item_groups_share_parameters(log: ResponseLog) -> None:
    model = BKT(guess_slip_by="item", item_groups={"b1": "easy", "b2": "easy"}).fit(log)
    assert set(model.tables_.gs["b"]) == {"easy", "b3"}
    assert model.skill_params("b", item="b1") == model.skill_params("b", item="b2")


def test_learner_prior_separates_learners(log: ResponseLog) -> None:
    model = BKT(prior_by="learner").fit(log)
    priors = model.tables_.prior["a"]
    assert len(priors) == 2000
    # Learners who start right are more likely to have started mastered.
    first = {}
    for row in range(len(log)):
        key = (int(log.learner[row]), int(log.skill[row]))
        first.setdefault(key, int(log.correct[row]))
    right = [priors[str(k)] for (k, s), c in first.items() if s == 0 and c == 1]
    wrong = [priors[str(k)] for (k, s), c in first.items() if s == 0 and c == 0]
    assert np.mean(right) > np.mean(wrong) + 0.2
    assert model.skill_params("a", learner="someone new").prior == pytest.approx(model.prior_[0])
