"""`AttentionKT`: a simpleKT / AKT-style attention model with a Rasch difficulty term.

Question embedding x_t = c[skill] + mu[item] * d[skill] (mu: the item's scalar difficulty
around its skill, as in AKT's Rasch embedding); interaction y_t = x_t + r[correct].
Each layer lets x_t attend to x_tau (keys) and y_tau (values) for the rows tau before
t's answer only (tau < t unless the answer has several skills), with
scores lowered by a learned per-head rate times the distance t - tau (attention that
decays with distance). The prediction for answer t is an MLP of (attended, x_t).

Long learners are predicted in windows of `window` answers, half of which (the earlier
half) are context only: every answer is scored once, with at least `window / 2` earlier
answers as context where the learner has them.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from its.tracing.deep._tracer import SequenceTracer


class _DecayingAttention(nn.Module):
    """Multi-head attention over earlier positions, scores minus rate_h * distance."""

    def __init__(self, size: int, heads: int, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.query_key = nn.Linear(size, size)  # shared for queries and keys (as in AKT)
        self.value = nn.Linear(size, size)
        self.out = nn.Linear(size, size)
        self.rate = nn.Parameter(torch.zeros(heads))
        self.dropout = nn.Dropout(dropout)

    def forward(
        self, x: torch.Tensor, y: torch.Tensor, first: torch.Tensor, *, inclusive: bool
    ) -> torch.Tensor:
        batch, length, size = x.shape
        split = (batch, length, self.heads, size // self.heads)
        q = self.query_key(x).view(split).transpose(1, 2)  # (B, h, T, d)
        v = self.value(y).view(split).transpose(1, 2)
        scores = q @ q.transpose(-1, -2) / math.sqrt(size // self.heads)  # (B, h, T, T)
        position = torch.arange(length, device=x.device)
        distance = (position[:, None] - position[None, :]).clamp(min=0).float()
        scores = scores - nn.functional.softplus(self.rate)[:, None, None] * distance
        if inclusive:
            allowed = (position[None, :] <= position[:, None])[None, None]  # (1, 1, T, T)
        else:  # keys before the query's answer: never another skill of the same answer
            allowed = (position[None, None, :] < first[:, :, None])[:, None]  # (B, 1, T, T)
        # Masked weights are zeroed after the softmax, so a row with nothing allowed
        # (the first answer) attends to nothing instead of to the future.
        weights = torch.softmax(scores.masked_fill(~allowed, -1e9), dim=-1) * allowed
        mixed = (self.dropout(weights) @ v).transpose(1, 2).reshape(batch, length, size)
        out: torch.Tensor = self.out(mixed)
        return out


class _Layer(nn.Module):
    def __init__(self, size: int, heads: int, dropout: float) -> None:
        super().__init__()
        self.attention = _DecayingAttention(size, heads, dropout)
        self.norm1 = nn.LayerNorm(size)
        self.feed = nn.Sequential(
            nn.Linear(size, 2 * size), nn.ReLU(), nn.Dropout(dropout), nn.Linear(2 * size, size)
        )
        self.norm2 = nn.LayerNorm(size)
        self.dropout = nn.Dropout(dropout)

    def forward(
        self, x: torch.Tensor, y: torch.Tensor, first: torch.Tensor, *, inclusive: bool
    ) -> torch.Tensor:
        h = self.norm1(x + self.dropout(self.attention(x, y, first, inclusive=inclusive)))
        out: torch.Tensor = self.norm2(h + self.dropout(self.feed(h)))
        return out


class AttentionNet(nn.Module):
    """Rasch-embedded questions, decaying causal attention, MLP output (see the module)."""

    def __init__(
        self, n_skills: int, n_items: int, *, size: int, heads: int, layers: int, dropout: float
    ) -> None:
        super().__init__()
        self.concept = nn.Embedding(n_skills, size)
        self.variation = nn.Embedding(n_skills, size)
        self.difficulty = nn.Embedding(n_items, 1)
        nn.init.zeros_(self.difficulty.weight)
        self.response = nn.Embedding(2, size)
        self.layers = nn.ModuleList(_Layer(size, heads, dropout) for _ in range(layers))
        self.head = nn.Sequential(
            nn.Linear(2 * size, size), nn.ReLU(), nn.Dropout(dropout), nn.Linear(size, 1)
        )

    def forward(
        self,
        skill: torch.Tensor,
        item: torch.Tensor,
        correct: torch.Tensor,
        first: torch.Tensor,
        after: bool = False,
    ) -> torch.Tensor:
        x = self.concept(skill) + self.difficulty(item) * self.variation(skill)  # (B, T, D)
        y = x + self.response(correct)
        h = x
        for layer in self.layers:
            h = layer(h, y, first, inclusive=after)
        logits: torch.Tensor = self.head(torch.cat([h, x], dim=-1)).squeeze(-1)
        return logits


class AttentionKT(SequenceTracer):
    """Attention knowledge tracing (simpleKT / AKT family) with the scikit-learn contract.

    Args:
        size: embedding and attention size.
        heads: attention heads (must divide `size`).
        layers: attention layers.
        dropout: dropout during training.
        epochs, batch_size, lr, window, patience, weight_decay, device,
            random_state: see
            `SequenceTracer`.
    """

    model_name = "attention"

    def __init__(
        self,
        *,
        size: int = 64,
        heads: int = 4,
        layers: int = 1,
        dropout: float = 0.2,
        epochs: int = 30,
        batch_size: int = 32,
        lr: float = 3e-3,
        window: int = 200,
        patience: int = 4,
        weight_decay: float = 0.0,
        device: str = "cpu",
        random_state: int | None = None,
    ) -> None:
        self.size = size
        self.heads = heads
        self.layers = layers
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
            "heads": self.heads,
            "layers": self.layers,
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
        return AttentionNet(
            n_skills,
            n_items,
            size=self.size,
            heads=self.heads,
            layers=self.layers,
            dropout=self.dropout,
        )

    def _eval_span(self) -> tuple[int | None, int | None]:
        return self.window, max(1, self.window // 2)
