"""How long the learner app takes to start: import, first frame, and the home screen.

Each run is a fresh Python process (imports are not cached between runs), on the starter bank
with one learner who has answered `--history` items (default 40; the bank's items in turn).
It reports, as medians over the runs:

- `import_s`: importing the app, the store and the bank reader;
- `first_frame_s`: from process start to the profile screen ready (bank loaded, store opened,
  first screen composed and rendered at 80x24, headless);
- `home_s`: from choosing the profile to the home screen rendered (mastery, uncertainty bands,
  job targets and due reviews are computed here).

`--source DIR` runs another checkout of the project (e.g. an older commit unpacked with
`git archive COMMIT | tar -x -C DIR`) with the same environment, to compare in one run:

    nice -n 10 .venv/bin/python benchmarks/app_start.py --runs 5
    nice -n 10 .venv/bin/python benchmarks/app_start.py --runs 5 --source /tmp/its-base
    nice -n 10 .venv/bin/python benchmarks/app_start.py --runs 3 --history 2000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import time
start = time.perf_counter()
import asyncio, json, sys
from datetime import UTC, datetime, timedelta
from its.events import Attempt, LearnerId, SessionId, new_event_id
from its.items.load import load_bank, starter_bank_path
from its.store import append_event, create_learner, open_store
from its.tui.app import make_app
imported = time.perf_counter()

db_path, history = sys.argv[1], int(sys.argv[2])
now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
db = open_store(db_path)
bank = load_bank(starter_bank_path())
learner = create_learner(db, "Bench", language="en", now=now)
for n, item in enumerate((bank.items * (history // len(bank.items) + 1))[:history]):
    append_event(db, Attempt(
        event_id=new_event_id(), learner_id=LearnerId(learner.id), session_id=SessionId("s1"),
        item_id=item.id, item_version=item.version, competencies=item.competencies,
        response="a", correct=n % 3 != 0, hints_used=0, seconds=10.0,
        at=now + timedelta(minutes=n),
    ))
prepared = time.perf_counter() - imported

async def main():
    t0 = time.perf_counter()
    app = make_app(open_store(db_path), load_bank(starter_bank_path()), seed=1,
                   clock=lambda: now + timedelta(days=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = time.perf_counter() - t0
        t1 = time.perf_counter()
        await pilot.press("1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen", app.screen
        home = time.perf_counter() - t1
    print(json.dumps({"import_s": imported - start, "first_frame_s": imported - start + first,
                      "home_s": home}))

asyncio.run(main())
"""


def run_once(source: Path | None, history: int) -> dict[str, float]:
    env = dict(os.environ, TEXTUAL_ANIMATIONS="none")
    if source is not None:
        env["PYTHONPATH"] = str(source)
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(Path(folder) / "its.db"), str(history)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--history", type=int, default=40, help="answers the learner has given")
    parser.add_argument("--source", type=Path, default=None, help="another checkout to time")
    args = parser.parse_args()
    runs = [run_once(args.source, args.history) for _ in range(args.runs)]
    summary = {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}
    source = str(args.source or "this checkout")
    print(json.dumps({"source": source, "runs": args.runs, "history": args.history, **summary}))


if __name__ == "__main__":
    main()
