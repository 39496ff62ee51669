"""The pairwise model's sum over earlier answers is Best-LR's log counts, for every skill."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from _small_logs import small_log

from its.tracing.deep.pairwise import PairwiseLR, PairwiseNet
from its.tracing.metrics import auc


def test_with_one_hot_vectors_the_logit_is_a_weighted_sum_of_log_counts() -> None:
    n_skills = 3
    net = PairwiseNet(n_skills, n_skills, size=2 * n_skills, dropout=0.0).eval()
    with torch.no_grad():
        net.value.weight.copy_(torch.eye(2 * n_skills))  # x = 2 * skill + correct -> e_x
        weights = torch.arange(1.0, 2 * n_skills + 1)
        net.query.weight.copy_(weights.expand(n_skills, -1))  # every skill weighs x by x + 1
    skill = torch.tensor([[1, 1, 2, 1, 2, 1]])
    correct = torch.tensor([[1, 1, 0, 0, 0, 1]])
    logits = net(skill, skill, correct, torch.arange(6)[None])[0].detach().numpy()
    expected = []
    for t in range(skill.shape[1]):
        keys = (2 * skill[0, :t] + correct[0, :t]).numpy()
        counts = np.bincount(keys, minlength=2 * n_skills)
        expected.append(float(np.log1p(counts) @ weights.numpy()))
    np.testing.assert_allclose(logits, expected, rtol=0, atol=1e-5)


def test_it_learns_synthetic_learners_better_than_chance(kt_data: Path) -> None:
    train, valid = small_log(kt_data, "train1", 300), small_log(kt_data, "valid1", 100)
    model = PairwiseLR(epochs=3, lr=1e-2, random_state=0).fit(train, valid=valid)
    assert auc(valid.correct, model.predict(valid).p_correct) > 0.7
