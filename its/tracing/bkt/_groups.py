"""Parameter groups of the BKT variants: which rows share guess/slip, learn, prior.

Standard BKT has one group per skill for every parameter. The variants split a
skill's groups further, the way pyBKT's model types do:

- ``guess_slip_by="item"`` (KT-IDEM; pyBKT ``multigs``): one guess/slip per item
  (or item group) within each skill.
- ``learn_by="item"`` (pyBKT ``multilearn``): one learn/forget per item; the
  transition after an answer uses the learn of that answer's item (pyBKT's resource
  of the row drives the transition that follows it).
- ``learn_by="item_order"`` (item-order effect; pyBKT ``multipair``): one learn/forget
  per (previous item, item) pair; the transition after a chain's first answer uses
  the skill's default group (key None, pyBKT's "Default" resource).
- ``prior_by="learner"`` (individualised prior; pyBKT ``multiprior`` with the learner
  column): one prior per (skill, learner).

Everything here works in chain order (the rows of `_layout.chains`). Keys name the
groups: an item (or item group) name, a (previous, item) pair, None, or a learner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from its.tracing.bkt._kernels import Groups

IntArray = npt.NDArray[np.int64]
GroupKey = str | tuple[str, str] | None
GuessSlipBy = Literal["skill", "item"]
LearnBy = Literal["skill", "item", "item_order"]
PriorBy = Literal["skill", "learner"]


@dataclass(frozen=True, slots=True, eq=False)
class Level:
    """The groups of one parameter kind.

    Attributes:
        index: group of each position ((N,) for gs and learn, (n_seq,) for prior),
            or None when the groups are the skills.
        skill: (n_groups,) skill of each group.
        keys: name of each group within its skill (None for skill-level groups).
    """

    index: IntArray | None
    skill: IntArray
    keys: tuple[GroupKey, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Layout:
    """The three group levels of one log."""

    gs: Level
    learn: Level
    prior: Level

    @property
    def groups(self) -> Groups:
        return Groups(prior=self.prior.skill, learn=self.learn.skill, gs=self.gs.skill)


def build_layout(
    *,
    skill: IntArray,
    lengths: IntArray,
    chain_skill: IntArray,
    n_skills: int,
    item_keys: Sequence[str] | None,
    learner_names: Sequence[str] | None,
    guess_slip_by: GuessSlipBy,
    learn_by: LearnBy,
    prior_by: PriorBy,
) -> Layout:
    """Group codes for a log in chain order.

    Args:
        skill: (N,) skill of each row, chain order.
        lengths: (n_seq,) chain lengths.
        chain_skill: (n_seq,) skill of each chain.
        n_skills: number of skills.
        item_keys: (N,) group name of each row's item, chain order (needed by the item
            levels).
        learner_names: (n_seq,) learner of each chain (needed by ``prior_by="learner"``).
        guess_slip_by, learn_by, prior_by: the variant.
    """
    by_skill = Level(None, np.arange(n_skills, dtype=np.int64), (None,) * n_skills)
    gs, learn, prior = by_skill, by_skill, by_skill
    if guess_slip_by == "item":
        assert item_keys is not None
        gs = _pairs(skill, list(item_keys))
    if learn_by == "item":
        assert item_keys is not None
        learn = _pairs(skill, list(item_keys))
    elif learn_by == "item_order":
        assert item_keys is not None
        starts = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
        keys: list[GroupKey] = [None] * skill.shape[0]
        for row in range(skill.shape[0]):
            keys[row] = (item_keys[row - 1], item_keys[row])
        for row in starts.tolist():
            keys[row] = None
        learn = _pairs(skill, keys)
    if prior_by == "learner":
        assert learner_names is not None
        prior = _pairs(chain_skill, list(learner_names))
    return Layout(gs, learn, prior)


def _pairs(skill: IntArray, keys: Sequence[GroupKey]) -> Level:
    """One group per distinct (skill, key) pair, numbered in sorted order."""
    names: dict[GroupKey, int] = {}
    codes = np.fromiter(
        (names.setdefault(key, len(names)) for key in keys), dtype=np.int64, count=len(keys)
    )
    combined = skill * max(len(names), 1) + codes
    unique, index = np.unique(combined, return_inverse=True)
    by_code = list(names)
    group_keys = tuple(by_code[int(c)] for c in (unique % max(len(names), 1)).tolist())
    return Level(
        index.astype(np.int64), (unique // max(len(names), 1)).astype(np.int64), group_keys
    )


def item_keys_of(items: Sequence[str], item_groups: Mapping[str, str] | None) -> list[str]:
    """The group name of each item: `item_groups[item]`, else the item itself."""
    if item_groups is None:
        return list(items)
    return [item_groups.get(item, item) for item in items]


def one_answer_layout(
    *,
    item: str | None,
    previous_item: str | None,
    learner: str | None,
    item_groups: Mapping[str, str] | None,
    guess_slip_by: GuessSlipBy,
    learn_by: LearnBy,
    prior_by: PriorBy,
) -> Layout:
    """The groups of one answer of skill 0: to `item` (after `previous_item`, None for
    a chain's first answer) by `learner`; None names fall back to the skill level."""
    key = None if item is None else item_keys_of([item], item_groups)[0]
    one = np.zeros(1, dtype=np.int64)
    skill_level = Level(None, one, (None,))
    gs, learn, prior = skill_level, skill_level, skill_level
    if key is not None and guess_slip_by == "item":
        gs = Level(one, one, (key,))
    if key is not None and learn_by == "item":
        learn = Level(one, one, (key,))
    elif key is not None and learn_by == "item_order":
        previous = None if previous_item is None else item_keys_of([previous_item], item_groups)[0]
        learn = Level(one, one, (None if previous is None else (previous, key),))
    if learner is not None and prior_by == "learner":
        prior = Level(one, one, (learner,))
    return Layout(gs, learn, prior)
