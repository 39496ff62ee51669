"""How long the tutor takes to choose the next item with a large bank and a long history.

Generates, in memory, a bank of 5,000 items over 100 competencies (a prerequisite graph in
layers of ten, each competency building on up to two of the layer below) and a learner
history of 10,000 answers spread over 60 days, then times `Tutor.next_question` (the call
the app makes) for each policy on a mix of states: early (little mastered), middle, late
(most mastered, reviews due); and the placement check of a new learner on the same bank.
Prints one JSON line per policy with p50, p99 and max in ms of wall-clock time, and the p99
of CPU time (what the decision itself costs when other processes share the cores).

Run: nice -n 10 .venv/bin/python benchmarks/next_item_speed.py [--items 5000] [--history 10000]
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np

from its.events import Attempt, LearnerId, SessionId
from its.items.model import Bank, Choice, Competency, CompetencyId, Item, ItemId, ItemType, Text
from its.tutor import POLICIES, Session, Tutor, new_placement_session_id

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def make_bank(n_items: int, n_competencies: int, rng: np.random.Generator) -> Bank:
    text = Text("t", "t")
    ids = [CompetencyId(f"c{k:03d}") for k in range(n_competencies)]
    competencies = {}
    for k, cid in enumerate(ids):
        below = ids[max(0, (k // 10 - 1) * 10) : (k // 10) * 10]
        prerequisites = tuple(rng.choice(below, size=min(2, len(below)), replace=False))
        competencies[cid] = Competency(
            cid, text, text, tuple(CompetencyId(p) for p in prerequisites)
        )
    items = []
    for i in range(n_items):
        tags: tuple[CompetencyId, ...] = (ids[i % n_competencies],)
        if i % 7 == 0:  # some items practise two competencies
            tags = (*tags, ids[(i + 1) % n_competencies])
        items.append(
            Item(
                id=ItemId(f"i{i:05d}"),
                type=ItemType.SINGLE_CHOICE,
                competencies=tags,
                stem=text,
                hints=(text,),
                choices=(Choice("a", text), Choice("b", text)),
                answer_keys=frozenset({"a"}),
                difficulty=float(rng.uniform(0.1, 0.9)),
                version=f"v{i}",
            )
        )
    return Bank(competencies=competencies, items=tuple(items))


def make_history(bank: Bank, n: int, rng: np.random.Generator) -> list[Attempt]:
    start = NOW - timedelta(days=60)
    step = timedelta(days=60) / n
    history = []
    for k in range(n):
        item = bank.items[int(rng.integers(len(bank.items)))]
        history.append(
            Attempt(
                event_id=f"e{k}",
                learner_id=LearnerId("l"),
                session_id=SessionId(f"s{k // 50}"),
                item_id=item.id,
                item_version=item.version,
                competencies=item.competencies,
                response="a",
                correct=bool(rng.random() < 0.75),
                hints_used=0,
                seconds=20.0,
                at=start + k * step,
            )
        )
    return history


def _row(
    name: str, times: tuple[list[float], list[float]], args: argparse.Namespace, history: int
) -> str:
    ms, cpu = (np.array(t) * 1e3 for t in times)
    return json.dumps(
        {
            "policy": name,
            "items": args.items,
            "competencies": args.competencies,
            "history": history,
            "decisions": len(ms),
            "ms_p50": round(float(np.percentile(ms, 50)), 3),
            "ms_p99": round(float(np.percentile(ms, 99)), 3),
            "ms_max": round(float(ms.max()), 3),
            "cpu_ms_p99": round(float(np.percentile(cpu, 99)), 3),
        }
    )


def _time(
    tutor: Tutor, states: list[Session], n: int, rng: np.random.Generator
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each decision (on a busy machine the wall clock also
    counts time the process waited for a core; the CPU time does not)."""
    wall, cpu = [], []
    for k in range(n):
        started, started_cpu = time.perf_counter(), time.thread_time()
        tutor.next_question(states[k % len(states)], rng=rng, now=NOW + timedelta(hours=k))
        wall.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--competencies", type=int, default=100)
    parser.add_argument("--history", type=int, default=10_000)
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    bank = make_bank(args.items, args.competencies, rng)
    history = make_history(bank, args.history, rng)
    for policy in POLICIES:
        tutor = Tutor(bank, policy=policy)
        session = tutor.start(LearnerId("l"), history, session_id=SessionId("bench"), now=NOW)
        competencies = list(bank.competencies)
        states = []
        for share in (0.1, 0.5, 0.9):  # little, half, most mastered
            mastered = set(competencies[: int(share * len(competencies))])
            mastery = {c: 0.99 if c in mastered else 0.3 for c in competencies}
            states.append(replace(session, mastery=mastery))
        print(_row(policy, _time(tutor, states, args.decisions, rng), args, args.history))
    tutor = Tutor(bank)
    placing = tutor.start(LearnerId("new"), [], session_id=new_placement_session_id(), now=NOW)
    print(_row("placement", _time(tutor, [placing], args.decisions, rng), args, 0))


if __name__ == "__main__":
    main()
