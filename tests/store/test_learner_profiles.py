import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from its.errors import StoreError
from its.store import create_learner, list_learners, open_store
from its.store.db import MIGRATIONS
from its.store.learners import set_language

NOW = datetime(2026, 12, 3, tzinfo=UTC)


def test_names_are_cleaned_and_unique_ignoring_case() -> None:
    db = open_store(":memory:")
    learner = create_learner(db, "  Sari   Dewi ", language="id", now=NOW)
    assert learner.name == "Sari Dewi"
    with pytest.raises(StoreError, match=re.escape("a profile named 'sari dewi' already exists")):
        create_learner(db, "sari dewi", language="en", now=NOW)
    assert [x.name for x in list_learners(db)] == ["Sari Dewi"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "a\x07b"])
def test_bad_names_are_refused(name: str) -> None:
    db = open_store(":memory:")
    with pytest.raises(StoreError):
        create_learner(db, name, language="id", now=NOW)
    assert list_learners(db) == []


def test_language_can_change() -> None:
    db = open_store(":memory:")
    learner = create_learner(db, "Budi", language="id", now=NOW)
    set_language(db, learner.id, "en")
    assert list_learners(db)[0].language == "en"


def test_a_folder_or_a_non_database_file_gives_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    junk = tmp_path / "junk.db"
    junk.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="cannot open the event store"):
        open_store(junk)


def test_reopening_applies_no_migration_twice(tmp_path: Path) -> None:
    path = tmp_path / "its.db"
    create_learner(open_store(path), "Ani", language="id", now=NOW)
    db = open_store(path)
    assert [r["name"] for r in db["_migrations"].rows] == [name for name, _ in MIGRATIONS]
    assert len(list_learners(db)) == 1
