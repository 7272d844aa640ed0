from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

import storage
from storage._engine import write_engine


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///gw.db", "sqlite+aiosqlite:///gw.db"),
        ("sqlite+aiosqlite:///gw.db", "sqlite+aiosqlite:///gw.db"),
        ("sqlite+pysqlite:////var/gw.db", "sqlite+aiosqlite:////var/gw.db"),
        ("postgres://u@db/gw", "postgresql+asyncpg://u@db/gw"),
        ("postgresql://u:p@db:5433/gw", "postgresql+asyncpg://u:p@db:5433/gw"),
        ("postgresql+asyncpg://u@db/gw", "postgresql+asyncpg://u@db/gw"),
    ],
)
def test_urls_get_async_drivers(given: str, expected: str) -> None:
    assert storage.database_url(given).render_as_string(hide_password=False) == expected


async def test_sqlite_connections_are_configured(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "gw.db"
    engine = storage.create_engine(f"sqlite:///{path}")
    try:
        async with engine.connect() as connection:
            pragmas = {
                name: (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
            }
    finally:
        await engine.dispose()
    assert path.parent.is_dir()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": storage.SQLITE_BUSY_TIMEOUT_MS,
        "foreign_keys": 1,
    }


async def test_sqlite_synchronous_is_configurable(tmp_path: Path) -> None:
    engine = storage.create_engine(f"sqlite:///{tmp_path}/gw.db", sqlite_synchronous="full")
    try:
        async with engine.connect() as connection:
            assert (await connection.exec_driver_sql("PRAGMA synchronous")).scalar() == 2
    finally:
        await engine.dispose()
    with pytest.raises(ValueError, match="synchronous"):
        storage.create_engine(f"sqlite:///{tmp_path}/gw.db", sqlite_synchronous="sometimes")


async def test_sqlite_writers_take_the_lock_at_begin(tmp_path: Path) -> None:
    """A write unit holds SQLite's write lock from BEGIN, so it never has to upgrade a read
    snapshot (which fails at once, without waiting, when another writer got in between)."""
    path = tmp_path / "gw.db"
    engine = storage.create_engine(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        async with engine.begin() as connection:  # a read unit: deferred
            await connection.execute(text("SELECT 1"))
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        async with write_engine(engine).begin() as connection:
            await connection.execute(text("SELECT 1"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        await engine.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_postgres_search_path_selects_the_schema(database_url: str) -> None:
    schema = storage.database_url(database_url).query["search_path"]
    engine = storage.create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT current_schema()"))).scalar() == schema
    finally:
        await engine.dispose()
