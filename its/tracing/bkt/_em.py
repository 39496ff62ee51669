"""EM for BKT over the kernels: the M-step and the per-skill EM loop."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from its.tracing.bkt._kernels import (
    NAMES,
    Estep,
    Groups,
    Params,
    Workspace,
    clip,
    e_step,
    sum_by,
)
from its.tracing.bkt._layout import Chains, Packed, deduplicate, pack

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Bounds = Mapping[str, tuple[float, float]]


@dataclass(frozen=True, slots=True, eq=False)
class Counts:
    """Sizes of the data per group: ``answers`` and ``correct`` (n_gs,), ``chains``
    (n_prior,), ``transitions`` (n_learn,); and ``skill_answers`` (n_skills,)."""

    answers: FloatArray
    correct: FloatArray
    chains: FloatArray
    transitions: FloatArray
    skill_answers: FloatArray

    @classmethod
    def of(cls, packed: Packed, n_skills: int, groups: Groups | None = None) -> Counts:
        groups = Groups.by_skill(n_skills) if groups is None else groups
        weight = packed.pos_weight
        if weight is None:
            weight = np.ones(packed.obs.shape[0])
        n_gs, n_learn, n_prior = groups.gs.shape[0], groups.learn.shape[0], groups.prior.shape[0]
        answers = sum_by(packed.gs_index, weight, n_gs)
        chains = sum_by(packed.prior_index, weight[: packed.n_seq], n_prior)
        correct = sum_by(packed.gs_index, weight * packed.obs, n_gs)
        transitions = sum_by(packed.trans_learn, weight[packed.n_seq :], n_learn)
        skill_answers = sum_by(packed.pos_skill, weight, n_skills)
        return cls(answers, correct, chains, transitions, skill_answers)


@dataclass(frozen=True, slots=True, eq=False)
class Fixed:
    """Parameters held at given values: per name, (n_group,) values, NaN where free."""

    values: Params

    def apply(self, params: Params) -> Params:
        """`params` with the fixed values put in."""
        return Params(
            *(
                np.where(
                    np.isnan(getattr(self.values, n)), getattr(params, n), getattr(self.values, n)
                )
                for n in NAMES
            )
        )


def m_step(
    stats: Estep,
    counts: Counts,
    params: Params,
    *,
    forgets: bool,
    bounds: Bounds | None = None,
    fixed: Fixed | None = None,
) -> Params:
    """Maximise the expected complete log-likelihood within the bounds.

    Each parameter has its own concave term, so clipping the unconstrained maximiser
    to the bounds gives the constrained maximiser and EM stays monotone; holding some
    parameters fixed keeps that true. A parameter without data (say, `learn` of a
    skill whose chains all have one answer) keeps its value.
    """
    unmastered = counts.answers - stats.mastered
    from_unmastered = counts.transitions - stats.from_mastered
    updated = Params(
        prior=_ratio(stats.first_mastered, counts.chains, params.prior),
        learn=_ratio(stats.learned, from_unmastered, params.learn),
        guess=_ratio(counts.correct - stats.mastered_correct, unmastered, params.guess),
        slip=_ratio(stats.mastered - stats.mastered_correct, stats.mastered, params.slip),
        forget=_ratio(stats.forgot, stats.from_mastered, params.forget),
    )
    updated = clip(updated, forgets=forgets, bounds=bounds)
    return updated if fixed is None else fixed.apply(updated)


def _ratio(numerator: FloatArray, denominator: FloatArray, fallback: FloatArray) -> FloatArray:
    ok = denominator > 1e-12
    return np.where(ok, numerator / np.where(ok, denominator, 1.0), fallback)


@dataclass(frozen=True, slots=True, eq=False)
class EmResult:
    """Outcome of `em`: fitted parameters (per group) and, per skill, the final
    log-likelihood, the number of EM iterations done, and whether the mean
    log-likelihood change fell below `tol`."""

    params: Params
    log_likelihood: FloatArray
    n_iter: npt.NDArray[np.int64]
    converged: BoolArray


def em(
    params: Params,
    chains: Chains,
    n_skills: int,
    *,
    n_iter: int,
    tol: float,
    forgets: bool,
    groups: Groups | None = None,
    bounds: Bounds | None = None,
    fixed: Fixed | None = None,
) -> EmResult:
    """Fit every skill by EM from `params`, each skill stopping on its own.

    A skill converges when its log-likelihood per answer rises by less than `tol` in an
    iteration; its parameters then stay fixed, and once the skills still running hold
    under half of the packed answers, their chains are packed again without the others.
    Skills are independent, so this gives the same result as fitting each alone.

    Args:
        params: starting parameters, one value per group.
        chains: the data.
        n_skills: number of skills.
        n_iter: most EM iterations per skill.
        tol: threshold on the change of the mean log-likelihood per answer.
        forgets: fit `forget` too (else it stays 0).
        groups: the skill of each parameter group (default: one group per skill).
        bounds: (low, high) per parameter name (default `DEFAULT_BOUNDS`).
        fixed: parameters held at given values.
    """
    groups = Groups.by_skill(n_skills) if groups is None else groups
    chains = deduplicate(chains)
    packed, _ = pack(chains)
    work = Workspace(packed)
    counts = Counts.of(packed, n_skills, groups)
    active = counts.skill_answers > 0
    per_answer = np.maximum(counts.skill_answers, 1.0)
    params = clip(params, forgets=forgets, bounds=bounds)
    if fixed is not None:
        params = fixed.apply(params)
    stats = e_step(params, packed, n_skills, work)
    log_likelihood = stats.log_likelihood
    iterations = np.zeros(n_skills, dtype=np.int64)
    converged = ~active
    packed_answers = counts.skill_answers.sum()
    for _ in range(n_iter):
        if not active.any():
            break
        step = m_step(stats, counts, params, forgets=forgets, bounds=bounds, fixed=fixed)
        params = step.where_skill(active, params, groups)
        running_answers = counts.skill_answers[active].sum()
        if running_answers < 0.5 * packed_answers:
            packed, _ = pack(chains.subset(active))
            work = Workspace(packed, memory=work.memory)  # pages already mapped
            packed_answers = running_answers
        stats = e_step(params, packed, n_skills, work)
        change = (stats.log_likelihood - log_likelihood) / per_answer
        log_likelihood = np.where(active, stats.log_likelihood, log_likelihood)
        iterations += active
        done = active & (change < tol)
        converged |= done
        active &= ~done
    return EmResult(params, log_likelihood, iterations, converged)
