"""Opening the database, and its ordered migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

from its.errors import StoreError
from its.store._sqlite import sqlite_utils

DB_ENV_VAR = "ITS_DB"

Migration = Callable[[sqlite_utils.Database], None]


def default_db_path() -> Path:
    """`$ITS_DB` if set, else `its.db` in the user's data directory."""
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("its", appauthor=False)) / "its.db"


def _m001_initial(db: sqlite_utils.Database) -> None:
    db.table("learners").create(
        {"id": str, "name": str, "language": str, "created_at": str}, pk="id", not_null={"name"}
    )
    db.table("learners").create_index(["name"], unique=True)
    common = {
        "event_id": str,
        "learner_id": str,
        "session_id": str,
        "item_id": str,
        "item_version": str,
        "competencies": str,  # JSON list
        "at": str,
    }
    db.table("attempts").create(
        {**common, "response": str, "correct": int, "hints_used": int, "seconds": float},
        pk="event_id",
        foreign_keys=[("learner_id", "learners", "id")],
    )
    db.table("hints_shown").create(
        {**common, "rung": int}, pk="event_id", foreign_keys=[("learner_id", "learners", "id")]
    )
    for table in ("attempts", "hints_shown"):
        db.table(table).create_index(["learner_id", "at"])


def _m002_learner_job(db: sqlite_utils.Database) -> None:
    # NULL for profiles made before jobs existed: they keep working, without job targets.
    db.table("learners").add_column("job_family", str)
    db.table("learners").add_column("job_level", str)


# Ordered; a released migration is never edited: add a new one instead.
MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("001_initial", _m001_initial),
    ("002_learner_job", _m002_learner_job),
)


def migrate(db: sqlite_utils.Database) -> None:
    """Apply the migrations this database has not seen yet, each in its own transaction."""
    if "_migrations" not in db.table_names():
        db.table("_migrations").create({"name": str}, pk="name")
    done = {row["name"] for row in db.table("_migrations").rows}
    for name, migration in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            migration(db)
            db.table("_migrations").insert({"name": name})


def open_store(path: str | Path | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) the event store at `path`, or the default one.

    `":memory:"` gives an in-memory store (tests). WAL mode with synchronous=FULL makes each
    committed event durable before the call returns, so an answer whose feedback was shown
    survives the process being killed.

    Raises:
        StoreError: the file cannot be created or is not an its database.
    """
    target = default_db_path() if path is None else path
    if str(target).strip() == "":
        raise StoreError("the event store path is empty; give a file path with --db or ITS_DB")
    try:
        if str(target) == ":memory:":
            db = sqlite_utils.Database(memory=True)
        else:
            file = Path(target)
            if file.is_dir():
                raise StoreError(f"{file}: is a folder; give a database file path with --db")
            file.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite_utils.Database(file)
            db.enable_wal()
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        _refuse_foreign(db, target)
        migrate(db)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{target}: cannot open the event store ({error})") from error
    except OSError as error:
        raise StoreError(f"{target}: cannot create the event store ({error.strerror})") from error
    return db


def _refuse_foreign(db: sqlite_utils.Database, target: str | Path) -> None:
    """Never add our tables to another program's database."""
    tables = db.table_names()
    if tables and "_migrations" not in tables:
        shown = ", ".join(sorted(tables)[:5])
        raise StoreError(
            f"{target}: is not an its event store (it holds the tables {shown}); "
            "choose another file with --db"
        )


@contextmanager
def writing(db: sqlite_utils.Database, what: str) -> Iterator[None]:
    """One transaction; a disk that is full, read-only or locked becomes a `StoreError` that
    names the file, and the transaction is rolled back, so nothing is half-written."""
    try:
        with db.conn:
            yield
    except sqlite3.Error as error:
        files = [row[2] for row in db.conn.execute("PRAGMA database_list") if row[2]]
        place = files[0] if files else "the in-memory store"
        raise StoreError(
            f"{place}: could not save {what}, nothing was recorded ({error})"
        ) from error
