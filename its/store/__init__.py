"""The event store: SQLite through sqlite-utils, append-only.

Only this package imports sqlite_utils. Functions take a `Database` and return domain objects.
"""

from its.store._sqlite import Database
from its.store.db import DB_ENV_VAR, default_db_path, open_store
from its.store.events import append_event, events_for, merge_events
from its.store.learners import Learner, create_learner, get_learner, list_learners

__all__ = [
    "DB_ENV_VAR",
    "Database",
    "Learner",
    "append_event",
    "create_learner",
    "default_db_path",
    "events_for",
    "get_learner",
    "list_learners",
    "merge_events",
    "open_store",
]
