"""Mastery per competency, traced live with BKT (pure functions over plain floats).

A learner's mastery is derived from their events; nothing here reads or writes a store.
Answers given in a placement session (its id starts with `PLACEMENT_PREFIX`) count twice
over: as ordinary BKT evidence, and a right one also places the item's competencies and
all their prerequisites at `PLACED_MASTERY` (answering an advanced item right needs what it
builds on). That is just under the threshold, so one right answer in practice confirms it
and a wrong one sends the competency back to ordinary practice. For the same reason a right
placement answer is also BKT evidence of a right answer on every prerequisite, so a
prerequisite that several right answers built on is placed more surely (and needs fewer
confirming answers in practice) than one that a single, perhaps guessed, answer did.

The chance of guessing right depends on the item, not only on the competency (an item-level
guess, as KT-IDEM gives each item its own guess): `item_guess` is 1/n for a single choice of
n, 1/2 for true/false, 1/(2^n - 1) for ticking a subset of n choices (any non-empty subset),
and `TYPED_GUESS` for a typed number or word. It replaces the competency's guess both in the
expected success of an item (`its.tutor.success`) and in the BKT update after an answer to it,
so a right short answer is strong evidence and a right true/false one is weak. The chance of
a right answer the learner is shown follows from the mastery shown with the same guess
(`MasteryModel.for_item`, `its.tutor.success.chance_of_right`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from its.events import Attempt, SessionId
from its.items.model import Bank, CompetencyId, Item, ItemId, ItemType
from its.tracing.bkt.online import BKTParams, held, update
from its.tutor.index import build_index

MASTERY_THRESHOLD = 0.95
"""P(mastered) at which a competency counts as mastered."""

# Priors for a bank with no fitted parameters yet: a new learner is assumed not to know a
# competency (0.2), learns it with probability 0.1 per practised item, guesses a quarter of
# the time (four-choice items) and slips one time in ten. With a learn rate below the prior, a
# wrong answer never raises mastery above where the learner started; four right answers in a
# row reach the mastery threshold.
DEFAULT_PARAMS = BKTParams(prior=0.2, learn=0.1, guess=0.25, slip=0.1, forget=0.0)

PLACED_MASTERY = 0.9
"""Mastery of a competency placed as known (below `MASTERY_THRESHOLD`: one right answer
in practice confirms it)."""

PLACEMENT_PREFIX = "placement-"
"""Session ids of placement sessions start with this."""

Mastery = Mapping[CompetencyId, float]

TYPED_GUESS = 0.02
"""The chance of typing a right number or word without knowing it."""


def item_guess(item: Item) -> float:
    """The chance of answering `item` right by guessing (module docstring)."""
    if item.type is ItemType.TRUE_FALSE:
        return 0.5
    if item.type is ItemType.SINGLE_CHOICE and item.choices:
        return 1.0 / len(item.choices)
    if item.type is ItemType.MULTIPLE_RESPONSE and item.choices:
        return 1.0 / float(2 ** len(item.choices) - 1)
    return TYPED_GUESS


def is_placement(session_id: SessionId | str) -> bool:
    return session_id.startswith(PLACEMENT_PREFIX)


@dataclass(frozen=True, slots=True)
class MasteryModel:
    """BKT parameters per competency, with a default for competencies not fitted."""

    params: Mapping[CompetencyId, BKTParams] = field(default_factory=dict)
    default: BKTParams = DEFAULT_PARAMS
    threshold: float = MASTERY_THRESHOLD
    # Competencies whose guess stays their own on every item: those a live model traces,
    # whose mastery is its P(correct) inverted with that guess (`its.tutor.live`).
    own_guess: frozenset[CompetencyId] = frozenset()

    def for_competency(self, competency: CompetencyId) -> BKTParams:
        return self.params.get(competency, self.default)

    def for_item(self, competency: CompetencyId, item: Item | None) -> BKTParams:
        """The guess and slip the tutor traces an answer to `item` with: the competency's
        parameters with the item's own guess (unknown item, or a competency in
        `own_guess`: as they are). The chance of a right answer shown
        (`its.tutor.success.chance_of_right`) uses the same."""
        params = self.for_competency(competency)
        if item is None or competency in self.own_guess:
            return params
        return replace(params, guess=item_guess(item))


EVIDENCE_PRIOR = DEFAULT_PARAMS.prior
"""Where a learner's own answers start when they must show mastery by themselves."""


def evidence_model(model: MasteryModel) -> MasteryModel:
    """`model` with every prior capped at `EVIDENCE_PRIOR`. Mastery traced with it rests on
    the learner's own answers, not on what the fitted prior assumes of learners in general:
    a BKT fitted on a tiny log had priors of 0.98-1.0, so a new learner was "mastered"
    everywhere before answering. Equal to `model` where no prior is above the cap (the
    defaults), so there the two traces agree."""

    def capped(params: BKTParams) -> BKTParams:
        return params if params.prior <= EVIDENCE_PRIOR else replace(params, prior=EVIDENCE_PRIOR)

    return replace(
        model,
        params={c: capped(p) for c, p in model.params.items()},
        default=capped(model.default),
    )


def gated(mastery: Mastery, supported: Mastery) -> dict[CompetencyId, float]:
    """The mastery that decides what counts as mastered: the estimate, but no higher than
    what the learner's own answers support (`supported`, traced with `evidence_model`; a
    competency missing there keeps its estimate). Practice ends, a prerequisite unlocks
    and a competency is announced as mastered only on this."""
    return {c: min(value, supported.get(c, value)) for c, value in mastery.items()}


def initial_mastery(bank: Bank, model: MasteryModel) -> dict[CompetencyId, float]:
    return {c: model.for_competency(c).prior for c in bank.competencies}


def counts_as_correct(attempt: Attempt, item: Item | None) -> bool:
    """Evidence of knowing: a right answer, unless every hint rung (which may give the answer
    away) was seen first."""
    if not attempt.correct:
        return False
    rungs = len(item.hints) if item is not None else 0
    return not (rungs > 0 and attempt.hints_used >= rungs)


def placed_below(
    attempt: Attempt,
    evidence: bool,
    ancestors: Mapping[CompetencyId, frozenset[CompetencyId]],
) -> frozenset[CompetencyId]:
    """The prerequisites a right placement answer places as known, besides its own
    competencies (empty for any other answer)."""
    if not (evidence and is_placement(attempt.session_id)):
        return frozenset()
    below: set[CompetencyId] = set()
    for competency in attempt.competencies:
        below |= ancestors.get(competency, frozenset())
    return frozenset(below - set(attempt.competencies))


def apply_attempt(
    mastery: Mastery,
    attempt: Attempt,
    item: Item | None,
    model: MasteryModel,
    *,
    ancestors: Mapping[CompetencyId, frozenset[CompetencyId]] | None = None,
) -> dict[CompetencyId, float]:
    """Mastery after one answer; every competency the item is tagged with is updated, in
    the direction of the evidence (`its.tracing.bkt.online.held`).

    `ancestors` (each competency's transitive prerequisites) is needed only for answers in
    a placement session; without it a placement answer places no prerequisite.
    """
    evidence = counts_as_correct(attempt, item)
    after = dict(mastery)
    for competency in attempt.competencies:
        if competency in after:
            step = update(after[competency], evidence, model.for_item(competency, item))
            after[competency] = held(after[competency], step, evidence)
    if evidence and is_placement(attempt.session_id):
        below = placed_below(attempt, evidence, ancestors or {})
        for competency in below:
            if competency in after:  # answering it needed this: evidence for it too
                step = update(after[competency], True, model.for_competency(competency))
                after[competency] = held(after[competency], step, True)
        for competency in below | set(attempt.competencies):
            if competency in after:
                after[competency] = max(after[competency], PLACED_MASTERY)
    return after


def replay_mastery(
    bank: Bank, attempts: Iterable[Attempt], model: MasteryModel
) -> dict[CompetencyId, float]:
    """Mastery after a learner's whole history (items no longer in the bank still count)."""
    index = build_index(bank)
    mastery = initial_mastery(bank, model)
    for attempt in attempts:
        mastery = apply_attempt(
            mastery, attempt, index.items.get(attempt.item_id), model, ancestors=index.ancestors
        )
    return mastery


def confirmed(attempts: Iterable[Attempt], items: Mapping[ItemId, Item]) -> frozenset[CompetencyId]:
    """Competencies with direct evidence: at least one answer on the competency itself that
    counts as right. A mastery that placement inferred from other answers is not confirmed."""
    return frozenset(
        c for a in attempts if counts_as_correct(a, items.get(a.item_id)) for c in a.competencies
    )


def is_mastered(mastery: Mastery, competency: CompetencyId, model: MasteryModel) -> bool:
    return mastery.get(competency, 0.0) >= model.threshold
