"""Pack per-(learner, skill) answer sequences into flat, time-major arrays.

BKT treats the answers of one learner to one skill as one hidden Markov chain. The
kernels run all chains of all skills at once, one time step per numpy call, so the
layout must make "step t of every chain that is that long" a contiguous slice.

`Packed` stores the chains sorted longest first and time-major, as torch's
`PackedSequence` does: step t of chain j (0-based, in that order) sits at
``offsets[t] + j``, and the chains that reach step t are exactly ``0 .. batch_sizes[t]-1``.
There is no padding at all, so long and short chains cost only their own length.

A *transition* is a pair of consecutive steps (t, t+1) of one chain. Transitions are
numbered by their later step: transition k ends at position ``n_seq + k`` and starts at
position ``source[k]``.

Each parameter has its own *group* index: ``gs`` (guess and slip) per position,
``learn`` (learn and forget of the transition after a position) per position, and
``prior`` per chain. Standard BKT uses the skill for all three; the variants (item
guess/slip, item learn, item order, learner prior) give finer groups.

For fitting, identical chains (same skill, same answers) can be merged into one with a
weight (`deduplicate`): the E-step is linear in such weights. Short chains repeat a
lot (Statics 2011: 129k chains, 3k distinct).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Int8Array = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]

_KEY_BITS = 62
"""Bits of the non-negative int64 keys that `deduplicate` compares (one spare)."""


@dataclass(frozen=True, slots=True, eq=False)
class Chains:
    """Chains one after the other, each in time order.

    Attributes:
        obs: (N,) answers, 1 correct, 0 wrong.
        lengths: (n_seq,) length of each chain, all positive.
        skill: (n_seq,) skill of each chain.
        weight: (n_seq,) how many identical chains each stands for; None means all 1.
        gs: (N,) guess/slip group of each answer; None means its chain's skill.
        learn: (N,) learn/forget group of the transition after each answer; None
            means the skill.
        prior: (n_seq,) prior group of each chain; None means its skill.
    """

    obs: Int8Array
    lengths: IntArray
    skill: IntArray
    weight: FloatArray | None = None
    gs: IntArray | None = None
    learn: IntArray | None = None
    prior: IntArray | None = None

    @property
    def by_skill(self) -> bool:
        """Whether every group is the skill (standard BKT)."""
        return self.gs is None and self.learn is None and self.prior is None

    def subset(self, keep_skill: npt.NDArray[np.bool_]) -> Chains:
        """The chains of the skills where `keep_skill` is true."""
        keep = keep_skill[self.skill]
        keep_pos = np.repeat(keep, self.lengths)
        return Chains(
            self.obs[keep_pos],
            self.lengths[keep],
            self.skill[keep],
            None if self.weight is None else self.weight[keep],
            None if self.gs is None else self.gs[keep_pos],
            None if self.learn is None else self.learn[keep_pos],
            None if self.prior is None else self.prior[keep],
        )


def deduplicate(chains: Chains) -> Chains:
    """Merge identical chains (same skill and answers) into one weighted chain.

    Each chain gets a 63-bit key: its answers as bits, a bit marking its length, and
    its skill in the low bits. Chains too long for that are kept as they are. Returns
    `chains` itself when nothing repeats, or when groups other than the skill are
    set (two chains with equal answers may then differ in items or learner).
    """
    lengths = chains.lengths
    n_seq = lengths.shape[0]
    if n_seq == 0 or not chains.by_skill:
        return chains
    skill_bits = int(chains.skill.max()).bit_length()
    max_length = _KEY_BITS - skill_bits - 1
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    step = np.arange(chains.obs.shape[0], dtype=np.int64) - np.repeat(starts, lengths)
    bits = chains.obs.astype(np.int64) << np.minimum(step, max_length)
    code = np.add.reduceat(bits, starts) + (np.int64(1) << np.minimum(lengths, max_length))
    key = (code << skill_bits) | chains.skill
    long = lengths > max_length
    key[long] = -1 - np.flatnonzero(long)  # negative: never equal to another key
    order = np.argsort(key)
    sorted_key = key[order]
    first = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    if first.all():
        return chains
    group_start = np.flatnonzero(first)
    keep = order[first]
    base = chains.weight
    if base is None:
        weight = np.diff(np.r_[group_start, n_seq]).astype(np.float64)
    else:
        weight = np.add.reduceat(base[order], group_start)
    # Keep the representatives in their original order (and their weights with them).
    rank = np.argsort(keep, kind="stable")
    kept = keep[rank]
    keep_chain = np.zeros(n_seq, dtype=bool)
    keep_chain[kept] = True
    return Chains(
        chains.obs[np.repeat(keep_chain, lengths)],
        lengths[kept],
        chains.skill[kept],
        weight[rank],
    )


@dataclass(frozen=True, slots=True, eq=False)
class Packed:
    """Chains packed time-major, longest first.

    Attributes:
        obs: (N,) 1 correct, 0 wrong, in packed order.
        batch_sizes: (T,) number of chains with more than t steps; non-increasing.
        offsets: (T + 1,) start of each time step in the packed arrays.
        seq_skill: (n_seq,) skill of each chain (longest first).
        pos_skill: (N,) skill of each position.
        emit_index: (N,) ``2 * pos_skill + obs``, an index into per-(skill, answer) tables.
        source: (N - n_seq,) position where each transition starts.
        last: (n_seq,) position of each chain's last step.
        pos_weight: (N,) weight of each position's chain, or None if all are 1.
        gs_index: (N,) guess/slip group of each position.
        learn_index: (N,) learn group of the transition after each position.
        trans_learn: (N - n_seq,) learn group of each transition (that of its start).
        prior_index: (n_seq,) prior group of each chain.
        by_skill: every group is the skill, so tables per (skill, answer) serve all.
    """

    obs: Int8Array
    batch_sizes: IntArray
    offsets: IntArray
    seq_skill: IntArray
    pos_skill: IntArray
    emit_index: IntArray
    source: IntArray
    last: IntArray
    pos_weight: FloatArray | None
    gs_index: IntArray
    learn_index: IntArray
    trans_learn: IntArray
    prior_index: IntArray
    by_skill: bool

    @property
    def n_seq(self) -> int:
        return int(self.seq_skill.shape[0])

    @property
    def n_steps(self) -> int:
        return int(self.batch_sizes.shape[0])

    @property
    def trans_skill(self) -> IntArray:
        """(N - n_seq,) skill of each transition."""
        return self.pos_skill[self.n_seq :]


def chains(
    learner: IntArray, skill: IntArray, n_skills: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Group the rows of a log into (learner, skill) chains, keeping time order.

    Args:
        learner: (n,) learner index of each row, non-decreasing; rows are in time
            order per learner.
        skill: (n,) skill index of each row.
        n_skills: number of skills (an upper bound of `skill`).

    Returns:
        row_order: (n,) the rows, chain by chain, each chain in time order.
        lengths: (n_seq,) length of each chain.
        chain_skill: (n_seq,) skill of each chain.
    """
    key = learner * n_skills + skill
    small = np.iinfo(np.int16).max
    if n_skills <= small and (learner.size == 0 or learner[-1] <= small):
        # Two stable radix sorts (16-bit keys) beat one comparison sort of `key`.
        by_skill = np.argsort(skill.astype(np.int16), kind="stable")
        row_order = by_skill[np.argsort(learner[by_skill].astype(np.int16), kind="stable")]
    else:
        row_order = np.argsort(key, kind="stable")
    sorted_key = key[row_order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]]) if key.size else key
    lengths = np.diff(np.r_[starts, key.size]).astype(np.int64)
    return row_order.astype(np.int64), lengths, (sorted_key[starts] % n_skills).astype(np.int64)


def pack(chains: Chains) -> tuple[Packed, IntArray]:
    """Pack chains into the `Packed` layout.

    Returns:
        The packed layout, and (N,) the packed position of each element of `chains.obs`.
    """
    obs, lengths, chain_skill = chains.obs, chains.lengths, chains.skill
    n_seq = lengths.shape[0]
    rank = np.argsort(-lengths, kind="stable")
    sorted_lengths = lengths[rank]
    n_steps = int(sorted_lengths[0]) if n_seq else 0
    # batch_sizes[t] = number of chains longer than t.
    batch_sizes = np.searchsorted(-sorted_lengths, -np.arange(n_steps), side="left").astype(
        np.int64
    )
    offsets = np.r_[0, np.cumsum(batch_sizes)].astype(np.int64)
    starts = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64) if n_seq else lengths
    # Element i of chain c (given order) is step t = i - starts[c] of packed chain j.
    chain_rank = np.empty(n_seq, dtype=np.int64)
    chain_rank[rank] = np.arange(n_seq, dtype=np.int64)
    step = np.arange(obs.shape[0], dtype=np.int64) - np.repeat(starts, lengths)
    position = offsets[step] + np.repeat(chain_rank, lengths)
    packed_obs = np.empty_like(obs)
    packed_obs[position] = obs
    seq_skill = chain_skill[rank]
    pos_skill = np.empty(obs.shape[0], dtype=np.int64)
    pos_skill[position] = np.repeat(chain_skill, lengths)
    pos_weight = None
    if chains.weight is not None:
        pos_weight = np.empty(obs.shape[0])
        pos_weight[position] = np.repeat(chains.weight, lengths)
    # The transition ending at (t + 1, j) starts at (t, j): its position minus batch_sizes[t].
    later = np.arange(n_seq, obs.shape[0], dtype=np.int64)
    later_step = np.repeat(np.arange(1, n_steps, dtype=np.int64), batch_sizes[1:])
    source = later - batch_sizes[later_step - 1]
    last = offsets[sorted_lengths - 1] + np.arange(n_seq, dtype=np.int64)
    gs_index = _scatter(chains.gs, position, pos_skill)
    learn_index = _scatter(chains.learn, position, pos_skill)
    trans_learn = learn_index[source] if chains.learn is not None else pos_skill[n_seq:]
    prior_index = seq_skill if chains.prior is None else chains.prior[rank]
    packed = Packed(
        obs=packed_obs,
        batch_sizes=batch_sizes,
        offsets=offsets,
        seq_skill=seq_skill,
        pos_skill=pos_skill,
        emit_index=2 * gs_index + packed_obs,
        source=source,
        last=last,
        pos_weight=pos_weight,
        gs_index=gs_index,
        learn_index=learn_index,
        trans_learn=trans_learn,
        prior_index=prior_index,
        by_skill=chains.by_skill,
    )
    return packed, position


def _scatter(values: IntArray | None, position: IntArray, default: IntArray) -> IntArray:
    """`values` (in chain order) moved to packed order, or `default` when None."""
    if values is None:
        return default
    out = np.empty_like(values)
    out[position] = values
    return out
