"""A real round trip for the live-model tests: simulated learners practise the bundled bank
through the tutor, their answers are written with the store, and a small DKT is trained on
that event store with the real trainer (`its.tracing.replay.train`, `--format its-db`).

Built once per test run (the files sit in pytest's base temporary folder), so the tutor and
app tests share one trained model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from its.events import LearnerId, new_event_id
from its.items.load import load_bank, starter_bank_path
from its.sim.runner import simulate
from its.store import open_store
from its.store.events import append_event
from its.store.learners import create_learner

LEARNERS = 70
"""Simulated learners whose answers the DKT is trained on (about 8,000 attempts)."""
POLICY = "random"
"""Random items, locked or not, so that the events hold learners who go on answering wrong
where they lack a prerequisite: the DKT then tells knowing learners from others on about
half the competencies (those it traces) and not on the rest (they keep BKT)."""
SETTINGS = {"epochs": 6, "hidden": 64, "embedding": 32, "lr": 0.005}
"""A small DKT (a few seconds to train) that has learned enough to behave like one: right
answers raise its prediction, wrong ones lower it, and it levels off (its slip) below 1."""


@dataclass(frozen=True, slots=True)
class TrainedDKT:
    events: Path  # the event store the model was trained on
    model: Path  # the trained DKT file (.npz)


def trained_dkt(tmp_path_factory: pytest.TempPathFactory) -> TrainedDKT:
    folder = tmp_path_factory.getbasetemp() / "live-dkt"
    found = TrainedDKT(events=folder / "its.db", model=folder / "bank-dkt.npz")
    if found.model.exists():
        return found
    folder.mkdir(exist_ok=True)
    write_simulated_events(found.events)
    from its.tracing.replay import train  # torch: the trainer, not the learner's path

    train(
        found.events, found.model, fmt="its-db", model="dkt", seed=0, settings=SETTINGS, threads=1
    )
    return found


def write_simulated_events(
    path: Path, *, learners: int = LEARNERS, policy: str = POLICY, seed: int = 7
) -> None:
    """Simulated learners' attempts on the starter bank, one profile each, in a store at
    `path` (written in memory, then copied: one commit per answer on disk is slow)."""
    bank = load_bank(starter_bank_path())
    db = open_store(":memory:")
    for number, run in enumerate(simulate(bank, policy=policy, learners=learners, seed=seed)):
        learner = create_learner(db, f"learner {number}", language="en", now=run.attempts[0].at)
        for attempt in run.attempts:
            own = replace(attempt, learner_id=LearnerId(learner.id), event_id=new_event_id())
            append_event(db, own)
    db.execute(f"VACUUM INTO '{path}'")
