"""An answer that was stored survives the process being killed right after."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from its.store import events_for, list_learners, open_store

WRITER = """
import os, signal, sys
from datetime import UTC, datetime
from its.events import Attempt, LearnerId, SessionId, new_event_id
from its.items.model import CompetencyId, ItemId
from its.store import append_event, create_learner, open_store

db = open_store(sys.argv[1])
now = datetime(2026, 12, 3, tzinfo=UTC)
learner = create_learner(db, "Killed", language="id", now=now)
append_event(db, Attempt(new_event_id(), learner.id, SessionId("s"), ItemId("i"), "v",
                         (CompetencyId("c"),), "a", True, 0, 1.0, now))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_stored_attempt_survives_sigkill(tmp_path: Path) -> None:
    db_path = tmp_path / "its.db"
    result = subprocess.run([sys.executable, "-c", WRITER, str(db_path)], check=False)
    assert result.returncode == -signal.SIGKILL
    db = open_store(db_path)
    (learner,) = list_learners(db)
    assert len(events_for(db, learner.id)) == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert os.path.exists(str(db_path) + "-wal") or db_path.exists()
