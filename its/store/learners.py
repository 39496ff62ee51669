"""Learner profiles."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from its.errors import StoreError
from its.events import LearnerId
from its.i18n import LANGUAGES
from its.store._sqlite import sqlite_utils
from its.store.db import writing

NAME_MAX = 40


@dataclass(frozen=True, slots=True)
class Learner:
    id: LearnerId
    name: str
    language: str
    created_at: datetime
    job_family: str | None = None
    """The bank's job family id (targets.yaml); None for a profile without a job."""
    job_level: str | None = None


def _from_row(row: dict[str, str | None]) -> Learner:
    return Learner(
        id=LearnerId(str(row["id"])),
        name=str(row["name"]),
        language=str(row["language"]),
        created_at=datetime.fromisoformat(str(row["created_at"])),
        job_family=row.get("job_family"),
        job_level=row.get("job_level"),
    )


def clean_name(name: str) -> str:
    """A profile name with surrounding and repeated spaces removed.

    Raises:
        StoreError: the name is empty, too long or has control characters.
    """
    cleaned = re.sub(r"\s+", " ", name).strip()
    if not cleaned:
        raise StoreError("a profile name cannot be empty")
    if len(cleaned) > NAME_MAX:
        raise StoreError(f"a profile name has at most {NAME_MAX} characters")
    if any(ord(ch) < 32 for ch in cleaned):
        raise StoreError("a profile name cannot contain control characters")
    return cleaned


def create_learner(
    db: sqlite_utils.Database,
    name: str,
    *,
    language: str,
    now: datetime,
    job_family: str | None = None,
    job_level: str | None = None,
) -> Learner:
    """Create a profile, optionally with a job family and level (ids from the bank's
    targets.yaml). Raises StoreError for a bad or already used name."""
    cleaned = clean_name(name)
    if language not in LANGUAGES:
        raise StoreError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    existing = [r for r in db.table("learners").rows_where("lower(name) = lower(?)", [cleaned])]
    if existing:
        raise StoreError(f"a profile named {cleaned!r} already exists")
    _check_job(job_family, job_level)
    learner = Learner(LearnerId(uuid.uuid4().hex), cleaned, language, now, job_family, job_level)
    with writing(db, "the new profile"):
        db.table("learners").insert(
            {
                "id": learner.id,
                "name": learner.name,
                "language": learner.language,
                "created_at": now.isoformat(),
                "job_family": job_family,
                "job_level": job_level,
            }
        )
    return learner


def _check_job(job_family: str | None, job_level: str | None) -> None:
    if (job_family is None) != (job_level is None):
        raise StoreError("a job needs both a family and a level, or neither")


def list_learners(db: sqlite_utils.Database) -> list[Learner]:
    return [_from_row(r) for r in db.table("learners").rows_where(order_by="created_at")]


def get_learner(db: sqlite_utils.Database, learner_id: str) -> Learner:
    rows = list(db.table("learners").rows_where("id = ?", [learner_id]))
    if not rows:
        raise StoreError(f"no learner with id {learner_id!r}")
    return _from_row(rows[0])


def set_language(db: sqlite_utils.Database, learner_id: str, language: str) -> None:
    """The one profile field that changes: the learner's chosen language."""
    if language not in LANGUAGES:
        raise StoreError(f"unknown language {language!r}")
    with writing(db, "the profile"):
        db.table("learners").update(learner_id, {"language": language})


def set_job(
    db: sqlite_utils.Database, learner_id: str, job_family: str | None, job_level: str | None
) -> None:
    """Change (or, with None and None, remove) the learner's job family and level."""
    _check_job(job_family, job_level)
    get_learner(db, learner_id)
    with writing(db, "the profile"):
        db.table("learners").update(learner_id, {"job_family": job_family, "job_level": job_level})
