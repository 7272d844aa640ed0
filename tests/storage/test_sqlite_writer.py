"""The SQLite writer thread (``storage/_sqlite_writer.py``): meter rows, the message log
and last-seen on a connection of its own, each batch one transaction; and how both
writers answer a locked database.

The contract it shares with the group committer (callers committed when they return,
one bad caller failing alone, shared rows new for the first caller) is tested for both in
test_group_commit.py; these are its own ways."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

import storage
from bridge.enums import (
    ChargePointErrorCode,
    ChargePointStatus,
    OcppVersion,
    RegistrationStatus,
    Transport,
)
from bridge.errors import InternalError
from bridge.records import ConnectorState
from storage import SqlStore
from storage._engine import SqliteFile, sqlite_file
from storage._sqlite_writer import SqliteHotWriter

from .conftest import CHARGER, NOW
from .factories import log_entry, meter_row, odd_log_entries, odd_meter_rows


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def path(engine: AsyncEngine) -> str:
    file = sqlite_file(engine)
    assert file is not None
    return file.path


def _rows(path: str, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


async def test_only_file_databases_made_by_create_engine_have_a_writer_thread(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    assert sqlite_file(engine) is not None
    memory = create_async_engine("sqlite+aiosqlite://")
    try:
        assert sqlite_file(memory) is None
        async with SqlStore(memory) as store:
            assert store._hot is None
    finally:
        await memory.dispose()
    async with SqlStore(engine, hot_writer=False) as store:
        assert store._hot is None
    async with SqlStore(engine) as store:
        assert store._hot is not None


async def test_rows_are_stored_as_the_orm_path_stores_them(
    engine: AsyncEngine, charger: str, tmp_path: Path
) -> None:
    """The same calls through the thread's JSON statements and through SQLAlchemy's
    group commit leave byte-identical rows, value types included."""
    other_url = f"sqlite+aiosqlite:///{tmp_path / 'other.db'}"
    other = storage.create_engine(other_url)
    async with other.begin() as connection:
        await connection.run_sync(storage.metadata.create_all)
    rows = odd_meter_rows()
    entries = odd_log_entries()
    stored = {}
    try:
        for name, store_engine, kwargs in (
            ("thread", engine, {}),
            ("orm", other, {"hot_writer": False}),
        ):
            async with SqlStore(store_engine, **kwargs) as store:
                if name == "orm":
                    await store.add_charger(CHARGER, RegistrationStatus.ACCEPTED, now=NOW)
                assert (store._hot is not None) is (name == "thread")
                assert await store.save_meter_values(rows) == len(rows)
                for entry in entries:
                    store.note_message(entry)
                store.touch(CHARGER, NOW + dt.timedelta(minutes=5))
            file = sqlite_file(store_engine)
            assert file is not None
            stored[name] = [
                _rows(
                    file.path,
                    "SELECT charger_id, connector_id, transaction_id, timestamp, value, context,"
                    " format, measurand, phase, location, unit, energy_wh, typeof(energy_wh),"
                    " fingerprint, flags, typeof(transaction_id) FROM meter_values ORDER BY id",
                ),
                _rows(
                    file.path,
                    "SELECT charger_id, direction, transport, action, message, flags, timestamp"
                    " FROM message_log ORDER BY id",
                ),
                _rows(file.path, "SELECT first_seen, last_seen FROM chargers"),
            ]
    finally:
        await other.dispose()
    assert stored["thread"] == stored["orm"]
    assert len(stored["thread"][0]) == len(rows) and len(stored["thread"][1]) == len(entries)


async def test_notes_and_touches_are_written_without_waiting(
    store: SqlStore, charger: str, path: str
) -> None:
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)
    for seconds in (30, 10, 20, -5):  # out of order: seen times only widen
        store.touch(charger, NOW + dt.timedelta(seconds=seconds))
    for i in range(50):
        store.note_message(log_entry(f"m{i}"))
    await store.close()  # commits what is queued
    assert _rows(path, "SELECT count(*) FROM message_log") == [(50,)]
    assert [e.message for e in await store.list_messages(limit=1)] == ["m49"]
    store._forget(charger)  # read the row, not the cache
    record = await store.get_charger(charger)
    assert record is not None
    assert record.first_seen == NOW - dt.timedelta(seconds=5)
    assert record.last_seen == NOW + dt.timedelta(seconds=30)
    assert store.group_commits <= 1 + 3  # the contact, then a few batches at most


async def test_close_commits_what_is_queued_and_refuses_later_writes(
    store: SqlStore, charger: str, path: str
) -> None:
    tasks = [asyncio.create_task(store.save_meter_values([meter_row(f"q{i}")])) for i in range(10)]
    await asyncio.sleep(0)
    await store.close()
    assert [task.result() for task in tasks] == [1] * 10
    assert _rows(path, "SELECT count(*) FROM meter_values") == [(10,)]
    with pytest.raises(InternalError, match="closed"):
        await store.save_meter_values([meter_row("late")])
    store.note_message(log_entry("too late"))
    assert store.dropped_messages == 1
    store.touch(charger, NOW)  # dropped quietly


async def test_notes_beyond_the_bound_are_dropped_and_counted(
    engine: AsyncEngine, charger: str
) -> None:
    file = sqlite_file(engine)
    assert file is not None
    writer = SqliteHotWriter(file, max_pending_notes=3)
    try:
        accepted = [writer.note(log_entry(f"n{i}")) for i in range(5)]  # not handed over yet
        assert accepted == [True, True, True, False, False]
        assert writer.dropped_notes == 2
        await writer.save_meter_rows([meter_row("flush")])  # the notes went before it
        await asyncio.sleep(0)
        assert writer.note(log_entry("room again"))
    finally:
        await writer.close()


class _Failing:
    """A connection set-up that fails while ``failing``: each thread dies at its start."""

    def __init__(self, file: SqliteFile) -> None:
        self.file = file
        self.failing = True

    def __call__(self, connection: sqlite3.Connection) -> None:
        if self.failing:
            raise sqlite3.OperationalError("disk I/O error (planted)")
        self.file.configure(connection)


async def test_callers_never_hang_when_the_thread_dies(engine: AsyncEngine, charger: str) -> None:
    file = sqlite_file(engine)
    assert file is not None
    failing = _Failing(file)
    writer = SqliteHotWriter(SqliteFile(file.path, failing), max_pending_notes=100)
    try:
        with pytest.raises(InternalError, match="stopped"):
            await asyncio.wait_for(writer.save_meter_rows([meter_row("stranded")]), 5)
        failing.failing = False
        # A new thread takes the next call.
        assert await asyncio.wait_for(writer.save_meter_rows([meter_row("next")]), 5) == 1
    finally:
        await writer.close()


async def test_a_failed_batch_is_retried_call_by_call(
    store: SqlStore, charger: str, path: str
) -> None:
    """Notes and touches of a failed batch are written in a transaction of their own."""
    store.note_message(log_entry("before the failure"))
    results = await asyncio.gather(
        store.save_meter_values([meter_row("good/1")]),
        store.save_meter_values([meter_row("bad", charger_id="unknown charger")]),
        store.save_meter_values([meter_row("good/2")]),
        return_exceptions=True,
    )
    assert results[0] == 1 and results[2] == 1
    assert isinstance(results[1], storage.StorageError)
    await store.close()
    assert _rows(path, "SELECT fingerprint FROM meter_values ORDER BY id") == [
        ("good/1",),
        ("good/2",),
    ]
    assert _rows(path, "SELECT message FROM message_log") == [("before the failure",)]


async def test_many_callers_share_few_transactions(store: SqlStore, charger: str) -> None:
    async def caller(i: int) -> int:
        store.note_message(log_entry(f"in {i}"))
        return await store.save_meter_values([meter_row(f"{i}/a"), meter_row(f"{i}/b")])

    assert await asyncio.gather(*(caller(i) for i in range(200))) == [2] * 200
    assert store.group_commits <= 200 / 4
    assert len(await store.list_messages(limit=500)) == 200


async def test_flush_waits_for_what_was_queued(store: SqlStore, charger: str, path: str) -> None:
    """Last-seen times wait up to BACKGROUND_DELAY to be handed over; flush does not."""
    assert store._hot is not None
    later = NOW + dt.timedelta(hours=1)
    store.touch(charger, later)
    store.note_message(log_entry("queued"))
    await store._hot.flush()
    assert _rows(path, "SELECT last_seen FROM chargers") == [(storage_text(later),)]
    assert _rows(path, "SELECT message FROM message_log") == [("queued",)]


def storage_text(at: dt.datetime) -> str:
    return at.replace(tzinfo=None).isoformat(" ", "microseconds")


async def test_the_checkpointer_keeps_the_wal_short(engine: AsyncEngine, charger: str) -> None:
    """The writer never checkpoints; the Checkpointer copies the WAL back and, past its
    limit, has it started over, so the WAL file stops growing."""
    file = sqlite_file(engine)
    assert file is not None
    writer = SqliteHotWriter(
        file, max_pending_notes=100, checkpoint_interval=0.01, restart_after_frames=20
    )
    wal = file.path + "-wal"
    sizes = []
    try:
        for batch in range(60):
            rows = [meter_row(f"{batch}/{i}", value="x" * 500) for i in range(20)]
            assert await writer.save_meter_rows(rows) == 20
            sizes.append(await asyncio.to_thread(os.path.getsize, wal))
            await asyncio.sleep(0.005)
    finally:
        await writer.close()
    assert writer.checkpointer.checkpoints > 0 and writer.checkpointer.restarts > 0
    # ~60 x 20 rows of 500+ bytes is over 600 KiB of pages; the WAL stayed far smaller.
    assert max(sizes) < 400 * 1024, sizes


async def test_a_locked_database_fails_the_batch_at_once(engine: AsyncEngine, charger: str) -> None:
    """Locked past the busy timeout is the database's trouble, not a call's: the batch's
    callers all fail after one wait, instead of one more wait each."""
    file = sqlite_file(engine)
    assert file is not None

    def short_wait(connection: sqlite3.Connection) -> None:
        file.configure(connection)
        connection.execute("PRAGMA busy_timeout=300")

    writer = SqliteHotWriter(SqliteFile(file.path, short_wait), max_pending_notes=100)
    holder = sqlite3.connect(file.path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        calls = [writer.save_meter_rows([meter_row(f"locked/{i}")]) for i in range(5)]
        started = asyncio.get_running_loop().time()
        results = await asyncio.gather(*calls, return_exceptions=True)
        waited = asyncio.get_running_loop().time() - started
        assert all(isinstance(r, storage.StorageError) for r in results), results
        assert waited < 0.3 * 4  # one busy timeout, not one per call as well
        holder.execute("ROLLBACK")
        assert await writer.save_meter_rows([meter_row("unlocked")]) == 1
    finally:
        holder.close()
        await writer.close()


async def test_a_locked_database_fails_the_group_committers_batch_at_once(
    database_url: str,
) -> None:
    """The group committer's side of the same rule (its writes, hot_writer=False)."""
    engine = storage.create_engine(database_url, sqlite_busy_timeout_ms=300)
    async with engine.begin() as connection:
        await connection.run_sync(storage.metadata.create_all)
    store = SqlStore(engine, hot_writer=False)
    await store.add_charger(CHARGER, RegistrationStatus.ACCEPTED, now=NOW)
    path = database_url.split("///", 1)[1]
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        loop = asyncio.get_running_loop()
        started = loop.time()
        results = await asyncio.gather(
            *(
                store.save_status(
                    ConnectorState(
                        charger_id=CHARGER,
                        connector_id=i,
                        status=ChargePointStatus.AVAILABLE,
                        error_code=ChargePointErrorCode.NO_ERROR,
                    )
                )
                for i in range(1, 6)
            ),
            return_exceptions=True,
        )
        waited = loop.time() - started
        assert all(isinstance(r, storage.StorageError) for r in results), results
        assert waited < 0.3 * 4  # one busy timeout (two: the first caller may go alone)
        holder.execute("ROLLBACK")
        assert await store.save_meter_values([meter_row("unlocked")]) == 1
    finally:
        holder.close()
        await store.close()
        await engine.dispose()
