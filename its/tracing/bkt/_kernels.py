"""Bayesian Knowledge Tracing as pure functions over arrays: forward pass and E-step.

BKT is a two-state hidden Markov model per skill. The literature's symbols map to
our names (each an array in `Params`, one value per *group*: the skill in standard
BKT, finer in the variants; see `_layout` for the group indices):

==========  ===========  =============================================================
symbol      name         meaning
==========  ===========  =============================================================
P(L0)       ``prior``    P(skill mastered before the first answer)
P(T)        ``learn``    P(not mastered -> mastered) between two answers
P(F)        ``forget``   P(mastered -> not mastered) between two answers (0 in standard BKT)
P(G)        ``guess``    P(correct | not mastered)
P(S)        ``slip``     P(wrong | mastered)
==========  ===========  =============================================================

All chains of all skills run together in the `Packed` layout (see `_layout`); one
numpy call handles one time step of every chain, so the Python loops run over time
steps only, never over chains or skills. Arrays named per position are (N,) in packed
order; per transition, (N - n_seq,).

Notation in the code: ``pred`` = P(L_t | answers before t) (the prediction),
``filt`` = P(L_t | answers up to t) (filtered), ``post`` = P(L_t | all answers)
(smoothed), each the probability of the mastered state. `_em` adds the M-step and
the EM loop.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from its.tracing.bkt._layout import Packed
from its.tracing.bkt.online import EPS as EPS  # re-exported: fitted values stay inside

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

MAX_GUESS = 0.5
MAX_SLIP = 0.5
"""Upper bounds that keep P(correct | mastered) >= P(correct | not mastered)."""
DEFAULT_BOUNDS: Mapping[str, tuple[float, float]] = {
    "prior": (0.0, 1.0),
    "learn": (0.0, 1.0),
    "guess": (0.0, MAX_GUESS),
    "slip": (0.0, MAX_SLIP),
    "forget": (0.0, 1.0),
}
"""(low, high) of each parameter; `clip` keeps them inside [EPS, 1 - EPS] as well."""


@dataclass(frozen=True, slots=True, eq=False)
class Params:
    """BKT parameters: ``prior`` (n_prior,), ``learn`` and ``forget`` (n_learn,),
    ``guess`` and ``slip`` (n_gs,), one value per group (see the module docstring)."""

    prior: FloatArray
    learn: FloatArray
    guess: FloatArray
    slip: FloatArray
    forget: FloatArray

    def where(self, mask: BoolArray, other: Params) -> Params:
        """Self where `mask` is true, `other` elsewhere (groups = skills)."""
        return Params(*(np.where(mask, getattr(self, n), getattr(other, n)) for n in NAMES))

    def where_skill(self, active: BoolArray, other: Params, groups: Groups) -> Params:
        """Self for the groups of the skills where `active` (n_skills,) is true."""
        return Params(
            *(
                np.where(active[groups.skill_of(n)], getattr(self, n), getattr(other, n))
                for n in NAMES
            )
        )


NAMES = ("prior", "learn", "guess", "slip", "forget")


@dataclass(frozen=True, slots=True, eq=False)
class Groups:
    """The skill of each parameter group.

    Attributes:
        prior: (n_prior,) skill of each prior group.
        learn: (n_learn,) skill of each learn/forget group.
        gs: (n_gs,) skill of each guess/slip group.
    """

    prior: npt.NDArray[np.int64]
    learn: npt.NDArray[np.int64]
    gs: npt.NDArray[np.int64]

    @classmethod
    def by_skill(cls, n_skills: int) -> Groups:
        """Standard BKT: one group per skill."""
        skills = np.arange(n_skills, dtype=np.int64)
        return cls(skills, skills, skills)

    def skill_of(self, name: str) -> npt.NDArray[np.int64]:
        """The skill of each group of parameter `name`."""
        if name == "prior":
            return self.prior
        return self.learn if name in ("learn", "forget") else self.gs


def sum_by(group: npt.NDArray[np.int64], values: FloatArray, n_groups: int) -> FloatArray:
    """(n_groups,) sums of `values` per group (a weighted `np.bincount`)."""
    return np.bincount(group, values, n_groups).astype(np.float64, copy=False)


def clip(
    params: Params, *, forgets: bool, bounds: Mapping[str, tuple[float, float]] | None = None
) -> Params:
    """Project onto `bounds` (default `DEFAULT_BOUNDS`) within [EPS, 1 - EPS]; forget
    is 0 unless `forgets`."""
    limits = effective_bounds(bounds)
    clipped = [np.clip(getattr(params, name), *limits[name]) for name in NAMES]
    if not forgets:
        clipped[4] = np.zeros_like(params.forget)
    return Params(*clipped)


def bounded(params: Params) -> Params:
    """`params` as every kernel uses them (`online.EPS`): prior, learn, guess and slip
    within [EPS, 1 - EPS], forget within [0, 1 - EPS]. Fitted values are there already;
    fixed or loaded values of 0 or 1 would give some answer probability 0 (NaN traces)."""

    def inside(values: FloatArray) -> FloatArray:
        return np.clip(values, EPS, 1 - EPS)

    return Params(
        prior=inside(params.prior),
        learn=inside(params.learn),
        guess=inside(params.guess),
        slip=inside(params.slip),
        forget=np.minimum(params.forget, 1 - EPS),
    )


def effective_bounds(
    bounds: Mapping[str, tuple[float, float]] | None,
) -> dict[str, tuple[float, float]]:
    """`bounds` over `DEFAULT_BOUNDS`, each narrowed to [EPS, 1 - EPS]."""
    merged = {**DEFAULT_BOUNDS, **(bounds or {})}
    return {name: (max(low, EPS), min(high, 1 - EPS)) for name, (low, high) in merged.items()}


class Workspace:
    """Buffers for the kernels on one `Packed` layout, reused across EM iterations.

    Fresh multi-megabyte arrays cost page faults on first touch (a quarter of an
    E-step), so each iteration writes into the same buffers. The per-step slices of
    the forward and backward loops are made once here, too.
    """

    def __init__(self, packed: Packed, *, memory: FloatArray | None = None) -> None:
        """Carve the buffers out of `memory` (say, a larger layout's) if it is big enough."""
        size, n_seq = packed.obs.shape[0], packed.n_seq
        n_trans = size - n_seq
        needed = 8 * size + 7 * n_trans + n_seq
        if memory is None or memory.shape[0] < needed:
            memory = np.empty(needed)
        self.memory = memory
        self.packed = packed
        cuts = np.cumsum([0] + [size] * 8 + [n_trans] * 7 + [n_seq]).tolist()
        views = [memory[a:b] for a, b in itertools.pairwise(cuts)]
        self.e1, self.e0, self.diff, self.stay_e1 = views[0:4]
        self.pred, self.evidence, self.filt, self.post = views[4:8]
        self.learn_next, self.filt_source, self.slope, self.intercept = views[8:12]
        self.forget, self.scaled_filt, self.scratch = views[12:15]
        scratch = views[15]
        self.forward_steps = []
        self.backward_steps = []
        offsets, batch_sizes = packed.offsets.tolist(), packed.batch_sizes.tolist()
        for t in range(packed.n_steps - 1):
            n, a, b = batch_sizes[t + 1], offsets[t], offsets[t + 1]
            k = b - n_seq  # first transition into step t + 1
            self.forward_steps.append(
                (
                    scratch[:n],
                    self.e0[a : a + n],
                    self.pred[a : a + n],
                    self.diff[a : a + n],
                    self.stay_e1[a : a + n],
                    self.learn_next[k : k + n],
                    self.pred[b : b + n],
                )
            )
            self.backward_steps.append(
                (
                    self.post[a : a + n],
                    self.slope[k : k + n],
                    self.post[b : b + n],
                    self.intercept[k : k + n],
                )
            )
        self.backward_steps.reverse()


def _run_forward(params: Params, work: Workspace) -> None:
    """Fill the emission buffers and ``work.pred``.

    With ``d = e1 - e0`` (e1, e0 = P(answer | mastered / not mastered)) the filter
    P(L_t | answers up to t) is ``e1 / (d + e0 / pred_t)``, and the next prediction is
    ``pred_{t+1} = learn + (1 - learn - forget) * filter``.
    """
    packed = work.packed
    index = packed.emit_index
    slip, guess = params.slip, params.guess
    e1_table = np.stack([slip, 1 - slip], axis=1).ravel()
    e0_table = np.stack([1 - guess, guess], axis=1).ravel()
    stay = 1 - params.learn - params.forget
    # mode="clip" (indices are valid anyway) lets `take` write straight into `out`.
    np.take(e1_table, index, out=work.e1, mode="clip")
    np.take(e0_table, index, out=work.e0, mode="clip")
    np.take(e1_table - e0_table, index, out=work.diff, mode="clip")
    if packed.by_skill:
        # One table per (skill, answer) holds the stay factor of the next transition too.
        np.take(np.repeat(stay, 2) * e1_table, index, out=work.stay_e1, mode="clip")
    else:
        np.take(stay, packed.learn_index, out=work.stay_e1, mode="clip")
        work.stay_e1 *= work.e1
    np.take(params.learn, packed.trans_learn, out=work.learn_next, mode="clip")
    np.take(params.prior, packed.prior_index, out=work.pred[: packed.n_seq], mode="clip")
    divide, add = np.divide, np.add
    for x, e0, pred, diff, stay_e1, learn_next, pred_next in work.forward_steps:
        divide(e0, pred, out=x)
        add(x, diff, out=x)
        divide(stay_e1, x, out=x)
        add(x, learn_next, out=pred_next)


def forward(params: Params, packed: Packed) -> FloatArray:
    """Predictions P(L_t = mastered | answers before t), by the scaled forward pass.

    Args:
        params: per-skill parameters.
        packed: the chains.

    Returns:
        (N,) ``pred`` in packed order.
    """
    work = Workspace(packed)
    _run_forward(bounded(params), work)
    return work.pred


@dataclass(frozen=True, slots=True, eq=False)
class Estep:
    """Per-skill log-likelihoods (n_skills,) and expected counts per group: ``mastered``
    and ``mastered_correct`` (n_gs,), ``first_mastered`` (n_prior,), the rest (n_learn,).

    ``mastered`` and ``mastered_correct`` count positions (and correct answers) in the
    mastered state; ``first_mastered`` chains that start mastered; ``from_mastered``
    transitions that start mastered; ``learned`` and ``forgot`` transitions 0 -> 1 and
    1 -> 0. All are expectations under the posterior given every answer.
    """

    log_likelihood: FloatArray
    first_mastered: FloatArray
    mastered: FloatArray
    mastered_correct: FloatArray
    from_mastered: FloatArray
    learned: FloatArray
    forgot: FloatArray


def e_step(params: Params, packed: Packed, n_skills: int, work: Workspace | None = None) -> Estep:
    """Forward pass, backward smoothing and expected counts: the E-step of EM.

    Smoothing runs the two-state backward recursion on ``post``. With
    ``q = pred_{t+1}``, ``P(L_t = i, L_{t+1} = j | all) = filt_t(i) A_ij post_{t+1}(j) / q(j)``
    (A the transition matrix), so ``post_t = a_t + b_t * post_{t+1}`` with
    ``a_t = filt_t F / (1 - q)`` and ``b_t = filt_t ((1 - F) / q - F / (1 - q))``.

    Args:
        params: per-group parameters.
        packed: the chains.
        n_skills: length of `log_likelihood` (at least 1 + the largest skill); the
            other outputs have one value per group of their parameter.
        work: buffers from earlier calls on `packed`, if any.
    """
    work = Workspace(packed) if work is None else work
    params = bounded(params)
    _run_forward(params, work)
    n_seq, skill, trans_learn = packed.n_seq, packed.pos_skill, packed.trans_learn
    n_gs, n_learn, n_prior = params.guess.shape[0], params.learn.shape[0], params.prior.shape[0]
    pred, evidence, filt, post = work.pred, work.evidence, work.filt, work.post
    np.multiply(pred, work.diff, out=evidence)
    evidence += work.e0  # P(answer_t | answers before t)
    np.multiply(pred, work.e1, out=filt)
    filt /= evidence
    weight = packed.pos_weight  # None: every chain counts once
    log_evidence = np.log(evidence, out=evidence)
    if weight is not None:
        log_evidence *= weight
    log_likelihood = sum_by(skill, log_evidence, n_skills)
    pred_next = pred[n_seq:]
    filt_source = np.take(filt, packed.source, out=work.filt_source, mode="clip")
    slope = np.divide(filt_source, pred_next, out=work.slope)
    forgets = bool(params.forget.any())
    if forgets:
        forget = np.take(params.forget, trans_learn, out=work.forget, mode="clip")
        # scaled_filt = filt_t / (1 - pred_{t+1}); intercept a_t = F * scaled_filt.
        scaled_filt = np.subtract(1.0, pred_next, out=work.scaled_filt)
        np.maximum(scaled_filt, 1e-300, out=scaled_filt)
        np.divide(filt_source, scaled_filt, out=scaled_filt)
        intercept = np.multiply(scaled_filt, forget, out=work.intercept)
        slope -= np.multiply(slope, forget, out=work.scratch)
        slope -= intercept
    np.copyto(post, filt)
    multiply = np.multiply
    for out, slope_t, post_next, intercept_t in work.backward_steps:
        multiply(slope_t, post_next, out=out)
        if forgets:
            out += intercept_t
    weighted_post = post if weight is None else np.multiply(post, weight, out=evidence)
    # One pass sums post by (group, answer): wrong answers at 2g, right ones at 2g + 1.
    by_answer = sum_by(packed.emit_index, weighted_post, 2 * n_gs).reshape(n_gs, 2)
    mastered = by_answer.sum(axis=1)
    first_mastered = sum_by(packed.prior_index, weighted_post[:n_seq], n_prior)
    if packed.by_skill:
        last = post[packed.last] if weight is None else post[packed.last] * weight[:n_seq]
        from_mastered = mastered - sum_by(packed.seq_skill, last, n_skills)
        # Mastered at transition ends minus mastered at their starts = (0 -> 1) - (1 -> 0).
        gained = (mastered - first_mastered) - from_mastered
    else:
        at_start = np.take(weighted_post, packed.source)
        from_mastered = sum_by(trans_learn, at_start, n_learn)
        gained = sum_by(trans_learn, weighted_post[n_seq:], n_learn) - from_mastered
    if forgets:
        # Transitions 0 -> 1: (1 - filt_t) * learn * post_{t+1} / pred_{t+1}, summed.
        ratio = np.divide(post[n_seq:], pred_next, out=work.slope)
        ratio -= np.multiply(filt_source, ratio, out=work.scratch)
        if weight is not None:
            ratio *= weight[n_seq:]
        learned = params.learn * sum_by(trans_learn, ratio, n_learn)
        forgot = np.maximum(learned - gained, 0.0)
    else:
        learned, forgot = np.maximum(gained, 0.0), np.zeros(n_learn)
    return Estep(
        log_likelihood=log_likelihood,
        first_mastered=first_mastered,
        mastered=mastered,
        mastered_correct=by_answer[:, 1].copy(),
        from_mastered=from_mastered,
        learned=learned,
        forgot=forgot,
    )


def predict(params: Params, packed: Packed) -> tuple[FloatArray, FloatArray]:
    """P(correct) before each answer and P(mastered) after it (after the transition
    that follows it, with that position's learn group).

    Returns:
        p_correct and p_mastery, (N,) each in packed order.
    """
    work = Workspace(packed)
    params = bounded(params)
    _run_forward(params, work)
    pred, gs = work.pred, packed.gs_index
    guess, slip = params.guess[gs], params.slip[gs]
    p_correct = pred * (1 - slip - guess) + guess
    filt = pred * work.e1 / (pred * work.diff + work.e0)
    learn = params.learn[packed.learn_index]
    p_mastery = learn + (1 - learn - params.forget[packed.learn_index]) * filt
    return p_correct, p_mastery
