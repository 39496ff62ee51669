"""The hierarchical BKT model and its variational guide (Pyro).

Each skill k has logits ``z[k, p]`` for its parameters p (prior, learn, guess, slip,
and forget when fitted), drawn from a population prior shared by every skill:

    population_mean[p]  ~ Normal(0, 2)
    population_scale[p] ~ HalfNormal(2)
    z[k, p]             ~ Normal(population_mean[p], population_scale[p])

and ``prior = sigmoid(z0)``, ``learn = sigmoid(z1)``, ``guess = sigmoid(z2) / 2``,
``slip = sigmoid(z3) / 2``, ``forget = sigmoid(z4)`` (or 0). Guess and slip stay below
0.5, as in `its.tracing.bkt`, so mastery never lowers P(correct). The answers enter as
one `pyro.factor` with the exact log-likelihood of the forward pass (the hidden state
is summed out, not sampled). A skill with few answers is pulled toward the population
mean; a skill with many follows its own data.

`guide` is mean-field: a normal per logit, a normal per population mean and a
log-normal per population scale.
"""

from __future__ import annotations

import pyro
import pyro.distributions as dist
import torch
from torch.distributions import constraints

from its.tracing.bayes._forward import PackedTensors, log_likelihood

N_PARAMETERS = 5
START = (0.3, 0.1, 0.2, 0.1, 0.01)
"""Where the guide's means start (probabilities), as BKT's first EM start."""


def to_probabilities(z: torch.Tensor, *, forgets: bool) -> torch.Tensor:
    """(..., 5) logits -> (..., 5) prior, learn, guess, slip, forget."""
    p = torch.sigmoid(z)
    scale = torch.tensor([1.0, 1.0, 0.5, 0.5, 1.0 if forgets else 0.0], dtype=z.dtype)
    return p * scale


def start_logits(*, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """(5,) logits of `START` under `to_probabilities`."""
    p = torch.tensor(START, dtype=dtype) / torch.tensor([1.0, 1.0, 0.5, 0.5, 1.0], dtype=dtype)
    return torch.logit(p)


def model(data: PackedTensors, forgets: bool) -> None:
    """The generative model; `data` holds every chain, `forgets` fits P(forget)."""
    zero = torch.zeros(N_PARAMETERS, dtype=torch.float64)
    with pyro.plate("parameters", N_PARAMETERS, dim=-1):  # (5,)
        mean = pyro.sample("population_mean", dist.Normal(zero, 2.0))
        scale = pyro.sample("population_scale", dist.HalfNormal(zero + 2.0))
    with (
        pyro.plate("skills", data.n_skills, dim=-2),  # (n_skills, 1)
        pyro.plate("skill_parameters", N_PARAMETERS, dim=-1),  # (n_skills, 5)
    ):
        z = pyro.sample("skill_logit", dist.Normal(mean, scale))
    pyro.factor("answers", log_likelihood(to_probabilities(z, forgets=forgets), data))


def guide(data: PackedTensors, forgets: bool) -> None:
    """Mean-field variational posterior, with the sites of `model`."""
    start = start_logits()
    mean_loc = pyro.param("population_mean_loc", lambda: start.clone())
    mean_scale = pyro.param(
        "population_mean_scale",
        lambda: torch.full((N_PARAMETERS,), 0.1, dtype=torch.float64),
        constraint=constraints.positive,
    )
    scale_loc = pyro.param(
        "population_scale_loc", lambda: torch.zeros(N_PARAMETERS, dtype=torch.float64)
    )
    scale_scale = pyro.param(
        "population_scale_scale",
        lambda: torch.full((N_PARAMETERS,), 0.1, dtype=torch.float64),
        constraint=constraints.positive,
    )
    skill_loc = pyro.param("skill_loc", lambda: start.repeat(data.n_skills, 1))
    skill_scale = pyro.param(
        "skill_scale",
        lambda: torch.full((data.n_skills, N_PARAMETERS), 0.1, dtype=torch.float64),
        constraint=constraints.positive,
    )
    with pyro.plate("parameters", N_PARAMETERS, dim=-1):  # (5,)
        pyro.sample("population_mean", dist.Normal(mean_loc, mean_scale))
        pyro.sample(
            "population_scale",
            dist.LogNormal(scale_loc, scale_scale),  # type: ignore[no-untyped-call]
        )
    with (
        pyro.plate("skills", data.n_skills, dim=-2),  # (n_skills, 1)
        pyro.plate("skill_parameters", N_PARAMETERS, dim=-1),  # (n_skills, 5)
    ):
        pyro.sample("skill_logit", dist.Normal(skill_loc, skill_scale))
