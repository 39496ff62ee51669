"""`its train -o` never writes a model over a file another part of its owns: the app's event
store and its SQLite companions (a model written through a link to the store's -wal file was
lost when SQLite removed the WAL), any other SQLite database or companion, a device, or a
file of the installed package. `its learn --db` never opens a companion as a database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import its
from its.cli import DB_ENV_VAR, cli
from its.store import open_store
from its.store.db import DB_ENV_VAR as STORE_DB_ENV_VAR

SYNTHETIC = "synthetic/naive_c5_q50_s4000_v0"


def _train_bkt(kt_data: Path, out: Path, env: dict[str, str]) -> tuple[int, str]:
    log = str(kt_data / f"{SYNTHETIC}_test.csv")
    result = CliRunner().invoke(cli, ["train", log, "--model", "bkt", "-o", str(out)], env=env)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("companion", ["", "-wal", "-shm", "-journal"])
def test_o_through_a_link_to_the_app_store_or_a_companion_is_refused(
    kt_data: Path, tmp_path: Path, companion: str
) -> None:
    database = tmp_path / "data" / "its.db"
    store = open_store(database)  # open: WAL mode keeps its.db-wal and its.db-shm
    try:
        target = Path(f"{database}{companion}")
        if not target.exists():  # -journal: only during a rollback-mode write
            target.write_bytes(b"")
        before = target.read_bytes()
        link = tmp_path / "model.json"
        link.symlink_to(target)
        code, stderr = _train_bkt(kt_data, link, {DB_ENV_VAR: str(database)})
        assert code == 1, stderr
        role = "the app's event store" if not companion else f"the {companion} file of the app"
        assert stderr.startswith(f"Error: {link} (a link to {target}): is {role}"), stderr
        assert target.read_bytes() == before and link.is_symlink()
    finally:
        store.close()


def test_o_through_a_link_to_a_wal_file_not_yet_there_is_refused(
    kt_data: Path, tmp_path: Path
) -> None:
    database = tmp_path / "its.db"
    open_store(database).close()  # closed: SQLite has removed its.db-wal
    link = tmp_path / "model.json"
    link.symlink_to(tmp_path / "its.db-wal")
    code, stderr = _train_bkt(kt_data, link, {DB_ENV_VAR: str(database)})
    assert code == 1 and "is the -wal file of the app's event store" in stderr
    assert not (tmp_path / "its.db-wal").exists()


def test_o_through_a_link_to_another_database_or_its_companion_is_refused(
    kt_data: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    store = open_store(other)
    try:
        env = {DB_ENV_VAR: str(tmp_path / "its.db")}
        for target, what in {
            other: "is an SQLite database",
            Path(f"{other}-wal"): f"is SQLite's -wal file of the database {other}",
        }.items():
            link = tmp_path / f"{target.name}.json"
            link.symlink_to(target)
            before = target.read_bytes()
            code, stderr = _train_bkt(kt_data, link, env)
            assert code == 1 and f"(a link to {target}): {what}" in stderr, stderr
            assert target.read_bytes() == before
    finally:
        store.close()


def test_o_through_a_link_to_a_package_file_or_a_device_is_refused(
    kt_data: Path, tmp_path: Path
) -> None:
    draws = Path(its.__file__).parent / "data" / "population_draws.json"
    env = {DB_ENV_VAR: str(tmp_path / "its.db")}
    for target, what in {
        draws: "is a file of the installed its package",
        Path(os.devnull): "is a device, not a regular file",
    }.items():
        link = tmp_path / f"{target.name}.json"
        link.symlink_to(target)
        code, stderr = _train_bkt(kt_data, link, env)
        assert code == 1 and what in stderr, stderr
    assert Path(os.devnull).is_char_device()


def test_a_db_naming_a_companion_of_an_existing_store_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "its.db"
    store = open_store(database)
    try:
        wal = Path(f"{database}-wal")
        result = CliRunner().invoke(cli, ["learn", "--db", str(wal)])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {wal}: is SQLite's -wal file of {database}")
    finally:
        store.close()


def test_the_cli_names_the_stores_variable() -> None:
    assert DB_ENV_VAR == STORE_DB_ENV_VAR
