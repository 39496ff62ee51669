"""MIRT's simple-structure refit: varimax undoes a rotation, and on a bank where each item
measures one of two abilities the refit keeps each item on one dimension."""

from __future__ import annotations

import numpy as np

from its.tracing.irt.mirt import MIRT
from its.tracing.irt.rotation import simple_structure, varimax
from its.tracing.log import ResponseLog
from its.tracing.metrics import auc


def test_varimax_finds_the_simple_structure_behind_a_rotation() -> None:
    rng = np.random.default_rng(0)
    truth = np.zeros((30, 3))
    truth[np.arange(30), np.arange(30) % 3] = rng.uniform(1.0, 2.0, 30)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    rotated, dominant = simple_structure(truth @ q)
    rotation = varimax(truth @ q)
    assert np.allclose(rotation.T @ rotation, np.eye(3), atol=1e-9)
    # The same three groups of items, whatever the order and sign of the dimensions.
    groups = {tuple(np.flatnonzero(dominant == d)) for d in range(3)}
    assert groups == {tuple(range(k, 30, 3)) for k in range(3)}
    assert np.allclose(np.sort(np.abs(rotated), axis=1)[:, :2], 0.0, atol=1e-4)


def _two_ability_log(learners: int, seed: int) -> ResponseLog:
    """12 items, the even ones on ability 0 and the odd ones on ability 1 (independent),
    answered once each in order, 3PL with guess 0.2."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=(learners, 2))
    difficulty = np.linspace(-1.0, 1.0, 12)
    p = 0.2 + 0.8 / (1 + np.exp(-(2.0 * theta[:, np.arange(12) % 2] - difficulty)))
    return ResponseLog.from_arrays(
        learner=np.repeat(np.arange(learners), 12),
        skill=np.tile(np.arange(12), learners),
        correct=(rng.random(p.shape) < p).astype(int).ravel(),
        learners=[f"l{k}" for k in range(learners)],
        skills=[f"q{j}" for j in range(12)],
    )


def test_the_refit_puts_each_item_on_its_own_ability_and_validation_keeps_it() -> None:
    train, valid, test = (_two_ability_log(n, seed) for n, seed in ((500, 1), (300, 2), (300, 3)))
    settings = {"dims": 2, "particles": 256, "trace_particles": 1024, "lr": 0.1, "epochs": 10}
    free = MIRT(random_state=0, simple_structure=False, **settings).fit(train, valid=valid)
    simple = MIRT(random_state=0, **settings).fit(train, valid=valid)
    assert free.structure_ == "free" and simple.structure_ == "simple"
    loading = simple.weights_["loading"][1:]
    assert np.all((loading != 0).sum(axis=1) == 1)  # one dimension per item
    dominant = np.abs(loading).argmax(axis=1)
    assert len(set(dominant[0::2])) == 1 and len(set(dominant[1::2])) == 1
    assert dominant[0] != dominant[1]
    assert len(simple.history_) > len(free.history_)  # the refit's epochs follow on
    p_free, p_simple = free.predict(test).p_correct, simple.predict(test).p_correct
    assert auc(test.correct, p_simple) > auc(test.correct, p_free) - 0.002


def test_without_validation_the_refit_is_kept_and_one_dimension_skips_it() -> None:
    train = _two_ability_log(200, 4)
    settings = {"particles": 256, "trace_particles": 512, "epochs": 3}
    assert MIRT(random_state=0, dims=2, **settings).fit(train).structure_ == "simple"
    assert MIRT(random_state=0, dims=1, **settings).fit(train).structure_ == "free"
