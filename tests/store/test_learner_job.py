"""A profile may carry a job family and level; profiles made before jobs existed keep working."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from its.errors import StoreError
from its.store import create_learner, get_learner, list_learners, open_store
from its.store.db import MIGRATIONS
from its.store.learners import set_job

NOW = datetime(2026, 12, 3, tzinfo=UTC)


def test_a_job_is_saved_with_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "its.db"
    made = create_learner(
        open_store(path),
        "Sari",
        language="id",
        now=NOW,
        job_family="pranata-komputer",
        job_level="ahli-muda",
    )
    again = get_learner(open_store(path), made.id)
    assert (again.job_family, again.job_level) == ("pranata-komputer", "ahli-muda")


def test_a_profile_without_a_job_has_none() -> None:
    learner = create_learner(open_store(":memory:"), "Budi", language="en", now=NOW)
    assert (learner.job_family, learner.job_level) == (None, None)


def test_half_a_job_is_refused() -> None:
    db = open_store(":memory:")
    with pytest.raises(StoreError, match=re.escape("both a family and a level, or neither")):
        create_learner(db, "Ani", language="id", now=NOW, job_family="auditor")
    assert list_learners(db) == []


def test_the_job_can_change_and_be_removed() -> None:
    db = open_store(":memory:")
    learner = create_learner(db, "Ani", language="id", now=NOW)
    set_job(db, learner.id, "auditor", "ahli-pertama")
    assert get_learner(db, learner.id).job_level == "ahli-pertama"
    set_job(db, learner.id, None, None)
    assert get_learner(db, learner.id).job_family is None
    with pytest.raises(StoreError, match="no learner with id 'nobody'"):
        set_job(db, "nobody", "auditor", "ahli-pertama")


def test_a_database_from_before_jobs_is_migrated_and_its_profiles_work(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    old.table("_migrations").create({"name": str}, pk="name")
    first_name, first = MIGRATIONS[0]
    first(old)
    old.table("_migrations").insert({"name": first_name})
    old.table("learners").insert(
        {"id": "abc", "name": "Lama", "language": "id", "created_at": NOW.isoformat()}
    )
    old.conn.close()
    db = open_store(path)
    [learner] = list_learners(db)
    assert (learner.name, learner.job_family, learner.job_level) == ("Lama", None, None)
    set_job(db, learner.id, "perencana", "ahli-madya")
    assert get_learner(open_store(path), "abc").job_family == "perencana"
