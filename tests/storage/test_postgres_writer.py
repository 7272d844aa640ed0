"""The PostgreSQL writer of the hot writes (``storage/_postgres_writer.py``): one
statement per batch on a connection of its own.

The contract it shares with the group committer is tested for both in
test_group_commit.py and the other storage tests (their ``store`` uses it on
PostgreSQL); these are its own ways."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bridge.enums import OcppVersion, Transport
from storage import SqlStore
from storage._postgres_writer import PostgresHotWriter

from .conftest import NOW
from .factories import log_entry, meter_row


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
