"""EM for BKT over the kernels: the M-step and the per-skill EM loop."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from its.tracing.bkt._kernels import Estep, Params, Workspace, clip, e_step, sum_by
from its.tracing.bkt._layout import Chains, Packed, deduplicate, pack

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, eq=False)
class Counts:
    """Per-skill sizes of the data, each (n_skills,) float."""

    answers: FloatArray
    correct: FloatArray
    chains: FloatArray
    transitions: FloatArray

    @classmethod
    def of(cls, packed: Packed, n_skills: int) -> Counts:
        weight = packed.pos_weight
        if weight is None:
            weight = np.ones(packed.obs.shape[0])
        answers = sum_by(packed.pos_skill, weight, n_skills)
        chains = sum_by(packed.seq_skill, weight[: packed.n_seq], n_skills)
        correct = sum_by(packed.pos_skill, weight * packed.obs, n_skills)
        return cls(answers, correct, chains, answers - chains)


def m_step(stats: Estep, counts: Counts, params: Params, *, forgets: bool) -> Params:
    """Maximise the expected complete log-likelihood within the bounds.

    Each parameter has its own concave term, so clipping the unconstrained maximiser
    to the bounds gives the constrained maximiser and EM stays monotone. A parameter
    without data (say, `learn` of a skill whose chains all have one answer) keeps its
    value.
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
    return clip(updated, forgets=forgets)


def _ratio(numerator: FloatArray, denominator: FloatArray, fallback: FloatArray) -> FloatArray:
    ok = denominator > 1e-12
    return np.where(ok, numerator / np.where(ok, denominator, 1.0), fallback)


@dataclass(frozen=True, slots=True, eq=False)
class EmResult:
    """Outcome of `em`, per skill: fitted parameters, final log-likelihood, number of
    EM iterations done, and whether the mean log-likelihood change fell below `tol`."""

    params: Params
    log_likelihood: FloatArray
    n_iter: npt.NDArray[np.int64]
    converged: BoolArray


def em(
    params: Params, chains: Chains, n_skills: int, *, n_iter: int, tol: float, forgets: bool
) -> EmResult:
    """Fit every skill by EM from `params`, each skill stopping on its own.

    A skill converges when its log-likelihood per answer rises by less than `tol` in an
    iteration; its parameters then stay fixed, and once the skills still running hold
    under half of the packed answers, their chains are packed again without the others.
    Skills are independent, so this gives the same result as fitting each alone.

    Args:
        params: starting parameters, (n_skills,) each.
        chains: the data.
        n_skills: number of skills.
        n_iter: most EM iterations per skill.
        tol: threshold on the change of the mean log-likelihood per answer.
        forgets: fit `forget` too (else it stays 0).
    """
    chains = deduplicate(chains)
    packed, _ = pack(chains)
    work = Workspace(packed)
    counts = Counts.of(packed, n_skills)
    active = counts.answers > 0
    per_answer = np.maximum(counts.answers, 1.0)
    params = clip(params, forgets=forgets)
    stats = e_step(params, packed, n_skills, work)
    log_likelihood = stats.log_likelihood
    iterations = np.zeros(n_skills, dtype=np.int64)
    converged = ~active
    packed_answers = counts.answers.sum()
    for _ in range(n_iter):
        if not active.any():
            break
        params = m_step(stats, counts, params, forgets=forgets).where(active, params)
        running_answers = counts.answers[active].sum()
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
