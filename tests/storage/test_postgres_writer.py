"""The PostgreSQL writer of the hot writes (``storage/_postgres_writer.py``): one
statement per batch on a connection of its own.

The contract it shares with the group committer is tested for both in
test_group_commit.py and the other storage tests (their ``store`` uses it on
PostgreSQL); these are its own ways."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bridge.enums import OcppVersion, RegistrationStatus, Transport
from storage import SqlStore, StorageError
from storage._postgres_writer import PostgresHotWriter

from .conftest import NOW
from .factories import log_entry, meter_row, odd_log_entries, odd_meter_rows


@pytest.fixture
def backend() -> str:
    return "postgresql"


async def test_a_batch_is_one_statement(store: SqlStore, charger: str) -> None:
    assert isinstance(store._hot, PostgresHotWriter)
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)

    async def caller(i: int) -> int:
        store.note_message(log_entry(f"in {i}"))
        store.touch(charger, NOW + dt.timedelta(seconds=i))
        return await store.save_meter_values([meter_row(f"{i}/a"), meter_row(f"{i}/b")])

    before = store._hot.batches
    assert await asyncio.gather(*(caller(i) for i in range(100))) == [2] * 100
    assert store._hot.batches - before <= 3  # the first caller may go alone
    assert len(await store.list_messages(limit=500)) == 100
    store._forget(charger)
    record = await store.get_charger(charger)
    assert record is not None
    assert (record.first_seen, record.last_seen) == (NOW, NOW + dt.timedelta(seconds=99))


async def test_a_lost_connection_is_replaced(
    store: SqlStore, charger: str, engine: AsyncEngine
) -> None:
    """The server ends the writer's connection: the batch on it fails, is written again
    call by call on a new connection, and its callers never see the loss."""
    assert isinstance(store._hot, PostgresHotWriter)
    assert await store.save_meter_values([meter_row("before")]) == 1
    driver = await store._hot._driver()
    async with engine.connect() as admin:
        await admin.exec_driver_sql(f"SELECT pg_terminate_backend({driver.get_server_pid()})")
    assert await store.save_meter_values([meter_row("after")]) == 1
    assert [row.fingerprint for row in await store.list_meter_values(charger)] == [
        "before",
        "after",
    ]
    assert (await store._hot._driver()) is not driver


async def test_rows_are_stored_as_the_group_committer_stores_them(
    store: SqlStore, engine: AsyncEngine
) -> None:
    """The same calls through the writer's JSON statement and through the group
    committer's typed arrays read back the same, odd values included."""
    grouped = SqlStore(engine, hot_writer=False)
    rows = odd_meter_rows()
    entries = odd_log_entries()
    seen = {}
    try:
        for name, writer in (("hot", store), ("grouped", grouped)):
            charger = f"CP-{name}"
            await writer.add_charger(charger, RegistrationStatus.ACCEPTED, now=NOW)
            mine = [dataclasses.replace(row, charger_id=charger) for row in rows]
            assert await writer.save_meter_values(mine) == len(rows)
            for entry in entries:
                writer.note_message(dataclasses.replace(entry, charger_id=charger))
            writer.touch(charger, NOW + dt.timedelta(minutes=5))
            writer.touch(charger, NOW - dt.timedelta(minutes=5))
            await writer.close()
            writer._forget(charger)
            record = await writer.get_charger(charger)
            assert record is not None
            seen[name] = (
                [
                    dataclasses.replace(row, charger_id="")
                    for row in await writer.list_meter_values(charger)
                ],
                [
                    dataclasses.replace(entry, charger_id="")
                    for entry in await writer.list_messages(charger)
                ],
                (record.first_seen, record.last_seen),
            )
    finally:
        await grouped.close()
    assert seen["hot"][:2] == seen["grouped"][:2]
    assert len(seen["hot"][0]) == len(rows) and len(seen["hot"][1]) == len(entries)
    # Both seen times widen: the group committer's path keeps only the newest touch it
    # holds, so its first_seen is the later one here.
    assert seen["hot"][2] == (NOW - dt.timedelta(minutes=5), NOW + dt.timedelta(minutes=5))


async def test_a_server_that_is_gone_fails_the_batch_without_a_wait_per_call(
    engine: AsyncEngine, charger: str
) -> None:
    """One bad call's rows (a constraint) are retried call by call; a server that cannot
    be reached is tried for the batch and once more, not once per call."""

    class Unreachable(PostgresHotWriter):
        connects = 0

        async def _driver(self) -> Any:
            Unreachable.connects += 1
            raise ConnectionRefusedError("planted: the server is gone")

    writer = Unreachable(engine, max_pending_notes=100)
    try:
        calls = [writer.save_meter_rows([meter_row(f"gone/{i}")]) for i in range(5)]
        results = await asyncio.gather(*calls, return_exceptions=True)
    finally:
        await writer.close()
    assert all(isinstance(r, StorageError) for r in results), results
    assert Unreachable.connects == 2  # the batch, then the first call alone
