"""`PairwiseLR`: logistic regression over (asked skill, earlier answer) pairs, factorised.

logit P(answer t correct) = bias[item_t] + bias[skill_t]
                          + u[skill_t] . sum over earlier answers j of delta_j v[x_j],
with x_j = 2 * skill_j + correct_j and delta_j = log(2 + n_j) - log(1 + n_j), where n_j
counts the earlier answers with the same x as j. The sum is thus sum_x log(1 + count_x) v[x]:
Best-LR's log counts, but of every skill and outcome, each weighed for the asked skill
through the low-rank product u . v (a factorisation machine, as in knowledge tracing
machines). With `size` at least the number of interactions it is the full pairwise
logistic model. Counts run within each prediction window of `window` answers, half of
which (the earlier half) are context only, as in the attention model.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from its.tracing.deep._tracer import SequenceTracer


class PairwiseNet(nn.Module):
    """See the module docstring; `forward` maps (B, T) ids to (B, T) logits."""

    def __init__(self, n_skills: int, n_items: int, *, size: int, dropout: float) -> None:
        super().__init__()
        self.value = nn.Embedding(2 * n_skills, size)
        self.query = nn.Embedding(n_skills, size)
        self.skill_bias = nn.Embedding(n_skills, 1)
        self.item_bias = nn.Embedding(n_items, 1)
        for table in (self.value, self.skill_bias, self.item_bias):
            nn.init.zeros_(table.weight)
        nn.init.normal_(self.query.weight, std=0.1)
        self.dropout = nn.Dropout(dropout)

    def forward(
        self,
        skill: torch.Tensor,
        item: torch.Tensor,
        correct: torch.Tensor,
        first: torch.Tensor,
        after: bool = False,
    ) -> torch.Tensor:
        key = 2 * skill + correct  # (B, T)
        length = key.shape[1]
        earlier = torch.ones(length, length, dtype=torch.bool, device=key.device).tril(-1)
        same = (key[:, :, None] == key[:, None, :]) & earlier  # (B, T, T): j' < j, same x
        seen = same.sum(-1).float()  # (B, T): n_j
        delta = torch.log(2 + seen) - torch.log(1 + seen)
        summed = torch.cumsum(delta[..., None] * self.dropout(self.value(key)), dim=1)
        if not after:  # the sum over the rows before t's answer (see SequenceTracer)
            before = torch.cat([torch.zeros_like(summed[:, :1]), summed[:, :-1]], dim=1)
            summed = before.gather(1, first[..., None].expand(-1, -1, before.shape[-1]))
        pair: torch.Tensor = (self.query(skill) * summed).sum(-1)
        bias: torch.Tensor = (self.skill_bias(skill) + self.item_bias(item)).squeeze(-1)
        return pair + bias


class PairwiseLR(SequenceTracer):
    """Factorised pairwise logistic knowledge tracing, with the scikit-learn contract.

    Args:
        size: rank of the pair weights.
        dropout: dropout on the earlier answers' vectors during training.
        epochs, batch_size, lr, window, patience, weight_decay, device, random_state:
            see `SequenceTracer`.
    """

    model_name = "pairwise-lr"

    def __init__(
        self,
        *,
        size: int = 64,
        dropout: float = 0.3,
        epochs: int = 30,
        batch_size: int = 32,
        lr: float = 1e-3,
        window: int = 200,
        patience: int = 4,
        weight_decay: float = 0.0,
        device: str = "cpu",
        random_state: int | None = None,
    ) -> None:
        self.size = size
        self.dropout = dropout
        self.epochs = epochs
        self.batch_size = batch_size
        self.lr = lr
        self.window = window
        self.patience = patience
        self.weight_decay = weight_decay
        self.device = device
        self.random_state = random_state

    def settings(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "dropout": self.dropout,
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "lr": self.lr,
            "window": self.window,
            "patience": self.patience,
            "weight_decay": self.weight_decay,
            "random_state": self.random_state,
        }

    def _make_net(self, n_skills: int, n_items: int) -> nn.Module:
        return PairwiseNet(n_skills, n_items, size=self.size, dropout=self.dropout)

    def _eval_span(self) -> tuple[int | None, int | None]:
        return self.window, max(1, self.window // 2)
