"""Engines for the two supported backends, from one URL."""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

# How long a SQLite connection waits for another one's write lock before failing.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# WAL with synchronous=NORMAL: a commit survives a crash of the process, but the last
# commits before a power loss may roll back. FULL also syncs the WAL on every commit.
SQLITE_SYNCHRONOUS = "NORMAL"
# Page cache per connection (SQLite's default is 2 MiB). Meter rows go into a unique
# index on a hash, so their inserts land on random pages: with the default cache most of
# them were a read of a page evicted since.
SQLITE_CACHE_KIB = 16 * 1024
# WAL pages after which a commit copies the WAL back into the database (default 1,000:
# 4 MiB). A page the hot inserts change again and again is copied once per checkpoint,
# so rarer checkpoints cost less per row; the WAL file grows to about 40 MiB.
SQLITE_WAL_AUTOCHECKPOINT_PAGES = 10_000

# PostgreSQL connections older than this are replaced at checkout (idle connections
# through NAT or firewalls die silently). No pre-ping: it costs a round trip per unit of
# work, and SQLAlchemy replaces the whole pool on the first disconnect error anyway.
POSTGRES_POOL_RECYCLE_S = 1800

# Execution option: how a SQLite transaction begins (default: a plain deferred BEGIN).
# Writers BEGIN IMMEDIATE, taking the write lock at once: a deferred transaction that
# reads first and writes later fails with SQLITE_BUSY, without waiting, when another
# connection committed in between. The store's reads are single SELECTs and need no
# transaction at all (each BEGIN is one more hop to aiosqlite's thread).
_SQLITE_BEGIN = "storage_sqlite_begin"


def database_url(url: str) -> URL:
    """The URL with its async driver: ``sqlite://`` becomes ``sqlite+aiosqlite://``,
    ``postgres://`` and ``postgresql://`` become ``postgresql+asyncpg://``."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    if backend in ("postgres", "postgresql") and parsed.drivername in ("postgres", "postgresql"):
        return parsed.set(drivername="postgresql+asyncpg")
    return parsed


def create_engine(
    url: str,
    *,
    sqlite_synchronous: str = SQLITE_SYNCHRONOUS,
    sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
) -> AsyncEngine:
    """An engine for ``sqlite[+aiosqlite]:///path`` or ``postgres[ql][+asyncpg]://…``.

    SQLite: the parent folder is created, and every connection gets WAL, the given
    ``synchronous`` level, a busy timeout and foreign keys. PostgreSQL: a
    ``search_path`` query parameter (``…/db?search_path=ocpp``) selects the schema.
    """
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, sqlite_synchronous, sqlite_busy_timeout_ms)
    connect_args: dict[str, Any] = {}
    search_path = parsed.query.get("search_path")
    if isinstance(search_path, str):
        parsed = parsed.difference_update_query(["search_path"])
        connect_args["server_settings"] = {"search_path": search_path}
    return create_async_engine(
        parsed, connect_args=connect_args, pool_recycle=POSTGRES_POOL_RECYCLE_S
    )


def write_engine(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (same pool), for units of work that write."""
    return engine.execution_options(**{_SQLITE_BEGIN: "BEGIN IMMEDIATE"})


def read_engine(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (same pool), for units of work that are one SELECT."""
    return engine.execution_options(**{_SQLITE_BEGIN: ""})


@dataclass(frozen=True, slots=True)
class SqliteFile:
    """The database file of a SQLite engine made by :func:`create_engine`, and how its
    connections are set up: for a connection of storage's own, outside the pool."""

    path: str
    configure: Callable[[sqlite3.Connection], None]

    def connect(self) -> sqlite3.Connection:
        """A plain sqlite3 connection, set up as the engine's are (autocommit: the caller
        BEGINs). Use it in one thread only."""
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.configure(connection)
        return connection


_SQLITE_FILES: weakref.WeakKeyDictionary[Any, SqliteFile] = weakref.WeakKeyDictionary()


def sqlite_file(engine: AsyncEngine) -> SqliteFile | None:
    """The file behind ``engine`` when it is a SQLite file database made by
    :func:`create_engine`; None for PostgreSQL, in-memory databases and other engines."""
    return _SQLITE_FILES.get(engine.sync_engine)


def _sqlite_engine(url: URL, synchronous: str, busy_timeout_ms: int) -> AsyncEngine:
    if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
        raise ValueError(f"sqlite synchronous level {synchronous!r}")
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # Last in, first out: a connection's page cache holds only while no other connection
    # writes, so the writer should keep getting the connection it had.
    engine = create_async_engine(url, pool_use_lifo=True)

    pragmas = (
        "journal_mode=WAL",
        f"synchronous={synchronous.upper()}",
        f"busy_timeout={int(busy_timeout_ms)}",
        "foreign_keys=ON",
        f"cache_size=-{SQLITE_CACHE_KIB}",
        f"wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT_PAGES}",
    )

    def configure(dbapi_connection: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    def on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the sqlite3 module, emit BEGIN (see on_begin).
        dbapi_connection.isolation_level = None
        configure(dbapi_connection)

    def on_begin(connection: Connection) -> None:
        begin = connection.get_execution_options().get(_SQLITE_BEGIN, "BEGIN")
        if begin:
            connection.exec_driver_sql(begin)

    event.listen(engine.sync_engine, "connect", on_connect)
    event.listen(engine.sync_engine, "begin", on_begin)
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        _SQLITE_FILES[engine.sync_engine] = SqliteFile(
            str(Path(url.database).expanduser()), configure
        )
    return engine
