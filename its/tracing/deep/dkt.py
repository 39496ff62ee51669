"""`DKT`: deep knowledge tracing, an LSTM over embedded (skill, correct) interactions,
plus (`last_answer`) a direct term for the answer just before.

The last-answer term is a table of logits, one per (previous interaction, asked skill):
what the answer just before says about this one, learned outright rather than squeezed
through the LSTM state. ASSISTments logs one answer to a multi-skill problem as several
rows in a row, with the same correctness; the table learns such pairs at once.

Evaluation runs each learner's full sequence through the LSTM (the state carries over
every answer; nothing is cut or dropped). Training cuts learners into `window`-long
windows, which bounds the cost of back-propagation through time.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from its.tracing.deep._tracer import SequenceTracer


class DKTNet(nn.Module):
    """Embedding of `2 * skill + correct` -> LSTM -> per-skill logit of the next answer.

    The prediction for row t uses the LSTM state after row first[t] - 1, the last row
    before t's answer (zeros before the first answer), so it never sees its own answer
    (any of its skills) or later ones. With `last_answer`, the logit adds
    `last[x, skill_t]`, x the interaction of that same row first[t] - 1 (nothing before
    the first answer).
    """

    def __init__(
        self, n_skills: int, *, hidden: int, embedding: int, dropout: float, last_answer: bool
    ) -> None:
        super().__init__()
        self.interaction = nn.Embedding(2 * n_skills, embedding)
        self.lstm = nn.LSTM(embedding, hidden, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, n_skills)
        self.last = nn.Embedding(2 * n_skills, n_skills) if last_answer else None
        if self.last is not None:
            nn.init.zeros_(self.last.weight)  # starts as plain DKT

    def forward(
        self,
        skill: torch.Tensor,
        item: torch.Tensor,
        correct: torch.Tensor,
        first: torch.Tensor,
        after: bool = False,
    ) -> torch.Tensor:
        interaction = 2 * skill + correct
        state, _ = self.lstm(self.interaction(interaction))  # (B, T, H): after row t
        state = self.dropout(state)
        previous = interaction  # after=True: row t's own interaction is the one before
        if not after:
            before = torch.cat([torch.zeros_like(state[:, :1]), state[:, :-1]], dim=1)
            # before[:, k] is the state after row k - 1; row t takes it at k = first[t].
            state = before.gather(1, first[..., None].expand(-1, -1, before.shape[-1]))
            shifted = torch.cat([torch.zeros_like(interaction[:, :1]), interaction[:, :-1]], 1)
            previous = shifted.gather(1, first)
        # Only the asked skill's output unit is needed: a row of the weight per answer.
        logits: torch.Tensor = (state * self.out.weight[skill]).sum(-1) + self.out.bias[skill]
        if self.last is not None:
            term = self.last(previous).gather(-1, skill[..., None])[..., 0]
            # Before a learner's first answer (first == 0) there is no answer before.
            logits = logits + (term if after else torch.where(first > 0, term, 0.0))
        return logits


class DKT(SequenceTracer):
    """Deep knowledge tracing (Piech et al. 2015) with the scikit-learn contract.

    Args:
        hidden: LSTM state size.
        embedding: size of the interaction embedding.
        dropout: dropout on the LSTM output during training.
        last_answer: add the last-answer table (see the module docstring).
        epochs, batch_size, lr, window, patience, weight_decay, device,
            random_state: see `SequenceTracer`.
    """

    model_name = "dkt"
    shape_settings = ("hidden", "embedding", "last_answer")

    def __init__(
        self,
        *,
        hidden: int = 200,
        embedding: int = 100,
        dropout: float = 0.3,
        last_answer: bool = True,
        epochs: int = 30,
        batch_size: int = 32,
        lr: float = 2e-3,
        window: int = 200,
        patience: int = 4,
        weight_decay: float = 0.0,
        device: str = "cpu",
        random_state: int | None = None,
    ) -> None:
        self.hidden = hidden
        self.embedding = embedding
        self.dropout = dropout
        self.last_answer = last_answer
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
            "hidden": self.hidden,
            "embedding": self.embedding,
            "dropout": self.dropout,
            "last_answer": self.last_answer,
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "lr": self.lr,
            "window": self.window,
            "patience": self.patience,
            "weight_decay": self.weight_decay,
            "random_state": self.random_state,
        }

    def _make_net(self, n_skills: int, n_items: int) -> nn.Module:
        return DKTNet(
            n_skills,
            hidden=self.hidden,
            embedding=self.embedding,
            dropout=self.dropout,
            last_answer=bool(self.last_answer),
        )
