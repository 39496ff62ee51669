"""The BKT forward pass in torch: the hidden mastery state summed out exactly.

Chains come in the packed, time-major layout of `its.tracing.bkt._layout.Packed`
(longest first, no padding): at step t the chains ``0 .. batch_sizes[t]-1`` are active
and their answers sit at ``offsets[t] .. offsets[t+1]-1``. One torch call handles one
time step of every chain, so autograd sees only O(T) small operations.

Symbols: ``prior`` = P(L0), ``learn`` = P(T), ``forget`` = P(F), ``guess`` = P(G),
``slip`` = P(S); ``pred`` = P(mastered | earlier answers), ``filt`` = P(mastered |
answers so far).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from its.tracing.bkt._layout import Packed


@dataclass(frozen=True, slots=True, eq=False)
class PackedTensors:
    """A `Packed` layout as torch tensors.

    Attributes:
        obs: (N,) float 1.0 correct, 0.0 wrong, in packed order.
        seq_skill: (n_seq,) skill of each chain, longest first.
        weight: (n_seq,) how many identical chains each chain stands for.
        batch_sizes: (T,) active chains per time step, as Python ints.
        offsets: (T + 1,) start of each time step, as Python ints.
        n_skills: number of skills the parameter tensors cover.
    """

    obs: torch.Tensor
    seq_skill: torch.Tensor
    weight: torch.Tensor
    batch_sizes: tuple[int, ...]
    offsets: tuple[int, ...]
    n_skills: int

    @classmethod
    def from_packed(
        cls,
        packed: Packed,
        n_skills: int,
        weight: np.ndarray | None = None,
        *,
        device: str | torch.device = "cpu",
    ) -> PackedTensors:
        """Convert `packed`; `weight` (n_seq,) in packed chain order, default all 1."""
        chain_weight = np.ones(packed.n_seq) if weight is None else weight
        return cls(
            obs=torch.as_tensor(packed.obs, dtype=torch.float64, device=device),
            seq_skill=torch.as_tensor(packed.seq_skill, dtype=torch.int64, device=device),
            weight=torch.as_tensor(chain_weight, dtype=torch.float64, device=device),
            batch_sizes=tuple(int(b) for b in packed.batch_sizes),
            offsets=tuple(int(o) for o in packed.offsets),
            n_skills=n_skills,
        )


def forward(params: torch.Tensor, data: PackedTensors) -> tuple[torch.Tensor, torch.Tensor]:
    """P(correct) before each answer and P(mastered) after it (after the transition).

    Args:
        params: (..., n_skills, 5) prior, learn, guess, slip, forget per skill; leading
            dimensions (e.g. draws) broadcast.
        data: the chains.

    Returns:
        p_correct and p_mastery, each (..., N) in packed order.
    """
    chain = params[..., data.seq_skill, :]  # (..., n_seq, 5)
    prior, learn, guess, slip, forget = chain.unbind(-1)
    pred = prior
    p_correct_steps: list[torch.Tensor] = []
    p_mastery_steps: list[torch.Tensor] = []
    for t, n in enumerate(data.batch_sizes):
        start = data.offsets[t]
        obs = data.obs[start : start + n]
        pred = pred[..., :n]
        g, s = guess[..., :n], slip[..., :n]
        p_correct = pred * (1 - s) + (1 - pred) * g
        mastered_and_answer = pred * torch.where(obs > 0.5, 1 - s, s)
        answer = torch.where(obs > 0.5, p_correct, 1 - p_correct)
        filt = mastered_and_answer / answer
        pred = filt * (1 - forget[..., :n]) + (1 - filt) * learn[..., :n]
        p_correct_steps.append(p_correct)
        p_mastery_steps.append(pred)
    return torch.cat(p_correct_steps, -1), torch.cat(p_mastery_steps, -1)


def log_likelihood(params: torch.Tensor, data: PackedTensors) -> torch.Tensor:
    """Weighted log-likelihood of every answer, summed: a (...,) tensor.

    Args:
        params: (..., n_skills, 5) as in `forward`.
        data: the chains.
    """
    p_correct, _ = forward(params, data)
    answer = torch.where(data.obs > 0.5, p_correct, 1 - p_correct)
    position_weight = torch.cat([data.weight[:n] for n in data.batch_sizes])
    return (position_weight * torch.log(answer.clamp_min(1e-12))).sum(-1)
