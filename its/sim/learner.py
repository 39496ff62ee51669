"""Simulated learners who learn by rules that are not the tutor's own BKT.

Each learner has an ability per competency on a logit scale. The chance of a right answer
is `guess + (1 - guess - slip) * sigmoid(ability - item_difficulty)`, with the weakest
tagged competency counting for items with several. Practice (with feedback, right or wrong)
closes a share `learn_rate` of the gap to `CEILING`, scaled by how well the prerequisites
are known (`readiness`). What was learned in practice fades exponentially with the time
since the competency was last practised (`forget_days`); what the learner knew before the
tutor is long-term and does not fade. Learners differ in prior knowledge (which
competencies they know: always a set closed under prerequisites), learning speed, guessing,
slipping and forgetting (`draw_learner`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

from its.items.model import Bank, CompetencyId, Item, ItemType
from its.tutor.review import SECONDS_PER_DAY

CEILING = 3.5
"""The ability practice converges to (logits)."""
KNOWN_ABILITY = (3.0, 0.4)
"""Mean and spread of the ability on a competency known before the tutor."""
UNKNOWN_ABILITY = (-1.5, 0.7)
"""Mean and spread of the ability on a competency not known yet."""
DIFFICULTY_LOGITS = 3.0
"""How many logits the author's difficulty 0..1 spans."""
KNOWN_P = 0.9
"""A competency counts as known when the learner masters a middling item this surely
(before guessing and slipping)."""


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True, slots=True)
class Traits:
    """What makes one simulated learner differ from another (fixed for a run)."""

    start_ability: Mapping[CompetencyId, float]
    learn_rate: float
    guess: float
    slip: float
    forget_days: float


@dataclass(frozen=True, slots=True)
class SimulatedLearner:
    """A learner's traits plus what practice has added (`gain`, as of `last_practice`)."""

    traits: Traits
    prerequisites: Mapping[CompetencyId, tuple[CompetencyId, ...]]
    gain: Mapping[CompetencyId, float] = field(default_factory=dict)
    last_practice: Mapping[CompetencyId, datetime] = field(default_factory=dict)

    def ability(self, competency: CompetencyId, now: datetime) -> float:
        """Ability at `now`: the start ability plus the practice gain that is left."""
        gain = self.gain.get(competency, 0.0)
        if gain:
            days = (now - self.last_practice[competency]).total_seconds() / SECONDS_PER_DAY
            gain *= math.exp(-max(0.0, days) / self.traits.forget_days)
        return self.traits.start_ability[competency] + gain

    def readiness(self, competency: CompetencyId, now: datetime) -> float:
        """How well the prerequisites are known: 1 with none, else the weakest one's chance
        of a middling item without guessing."""
        return min(
            (_sigmoid(self.ability(p, now)) for p in self.prerequisites.get(competency, ())),
            default=1.0,
        )

    def p_correct(self, competencies: Sequence[CompetencyId], logit: float, now: datetime) -> float:
        """P(right) on an item of these competencies whose difficulty is `logit`."""
        ability = min(self.ability(c, now) for c in competencies)
        t = self.traits
        return t.guess + (1.0 - t.guess - t.slip) * _sigmoid(ability - logit)

    def knows(self, competency: CompetencyId, now: datetime) -> bool:
        return _sigmoid(self.ability(competency, now)) >= KNOWN_P

    def practise(self, competencies: Sequence[CompetencyId], now: datetime) -> SimulatedLearner:
        """The learner after one practised item with feedback."""
        gain = dict(self.gain)
        last = dict(self.last_practice)
        for competency in competencies:
            ability = self.ability(competency, now)
            step = self.traits.learn_rate * self.readiness(competency, now)
            gain[competency] = ability - self.traits.start_ability[competency]
            gain[competency] += step * max(0.0, CEILING - ability)
            last[competency] = now
        return replace(self, gain=gain, last_practice=last)


def item_logit(item: Item, offset: float = 0.0) -> float:
    """An item's true difficulty: the author's estimate plus what the author misjudged."""
    return DIFFICULTY_LOGITS * (item.difficulty - 0.5) + offset


def known_set(bank: Bank, size: int, rng: np.random.Generator) -> frozenset[CompetencyId]:
    """A random set of `size` competencies closed under prerequisites."""
    known: set[CompetencyId] = set()
    while len(known) < size:
        ready = [
            c.id
            for c in bank.competencies.values()
            if c.id not in known and all(p in known for p in c.prerequisites)
        ]
        if not ready:
            break
        known.add(ready[int(rng.integers(len(ready)))])
    return frozenset(known)


def draw_learner(
    bank: Bank, rng: np.random.Generator, *, known_fraction: float | None = None
) -> tuple[SimulatedLearner, frozenset[CompetencyId]]:
    """One learner and the competencies they know at the start.

    Args:
        known_fraction: share of the competencies known at the start; None draws it
            uniformly from 0 to 0.7 per learner.
    """
    n = len(bank.competencies)
    fraction = rng.uniform(0.0, 0.7) if known_fraction is None else known_fraction
    known = known_set(bank, round(fraction * n), rng)
    ability = {
        c: float(rng.normal(*(KNOWN_ABILITY if c in known else UNKNOWN_ABILITY)))
        for c in bank.competencies
    }
    traits = Traits(
        start_ability=ability,
        learn_rate=float(np.clip(rng.lognormal(math.log(0.25), 0.4), 0.05, 0.7)),
        guess=float(rng.uniform(0.1, 0.3)),
        slip=float(rng.uniform(0.03, 0.15)),
        forget_days=float(rng.lognormal(math.log(10.0), 0.5)),
    )
    prerequisites = {c.id: c.prerequisites for c in bank.competencies.values()}
    return SimulatedLearner(traits, prerequisites), known


def respond(item: Item, right: bool, rng: np.random.Generator) -> str:
    """A response the tutor will score as `right` (or not)."""
    wrong_keys = [c.key for c in item.choices if c.key not in item.answer_keys]
    match item.type:
        case ItemType.SINGLE_CHOICE | ItemType.MULTIPLE_RESPONSE | ItemType.TRUE_FALSE:
            if right or not wrong_keys:
                return ",".join(sorted(item.answer_keys))
            return wrong_keys[int(rng.integers(len(wrong_keys)))]
        case ItemType.NUMERIC:
            answer = item.numeric_answer or 0.0
            return format(answer if right else answer + item.tolerance + 1.0, "f")
        case ItemType.SHORT_TEXT:
            return item.accepted[0] if right and item.accepted else "-"
