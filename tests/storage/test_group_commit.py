"""Group commit: concurrent hot writes share a transaction, and each caller still returns
only after its own write is committed; one failing caller fails alone.

Tests taking ``store`` run on both writers of meter values: on SQLite that is the
writer thread (``storage/_sqlite_writer.py``). Tests of the group committer's own ways
take ``grouped``: a store whose writes all go through it, on both backends."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

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
from storage import SqlStore, StorageError
from storage._models import MeterValue

from .conftest import CHARGER, NOW
from .factories import log_entry, meter_row


@pytest.fixture
async def observer(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """A second engine: its own connections see only what is committed."""
    other = storage.create_engine(database_url)
    yield other
    await other.dispose()


@pytest.fixture
async def grouped(engine: AsyncEngine) -> AsyncIterator[SqlStore]:
    """A store without the SQLite writer thread, holding the charger CHARGER."""
    async with SqlStore(engine, hot_writer=False) as store:
        await store.add_charger(CHARGER, RegistrationStatus.ACCEPTED, now=NOW)
        yield store


async def _count(engine: AsyncEngine, prefix: str = "") -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            select(func.count())
            .select_from(MeterValue)
            .where(MeterValue.fingerprint.startswith(prefix))
        )
    return count or 0


async def test_every_caller_is_committed_when_it_returns(
    store: SqlStore, charger: str, observer: AsyncEngine
) -> None:
    callers = 100

    async def caller(i: int) -> tuple[int, int]:
        new = await store.save_meter_values([meter_row(f"{i}/a"), meter_row(f"{i}/b")])
        return new, await _count(observer, f"{i}/")  # looked at the moment it returned

    results = await asyncio.gather(*(caller(i) for i in range(callers)))
    assert results == [(2, 2)] * callers
    assert await _count(observer) == 2 * callers
    assert store.group_commits < callers / 4  # they really shared transactions


async def test_one_bad_caller_fails_alone(
    store: SqlStore, charger: str, observer: AsyncEngine
) -> None:
    """Its batch is rolled back and every caller retried alone: the bad one gets the error,
    none of its rows are written (not even the good ones), and the others commit."""
    bad_rows = [
        meter_row("bad/1"),
        meter_row("bad/2"),
        meter_row("bad/3", charger_id="unknown charger"),  # breaks the foreign key
    ]
    naive = [meter_row("naive/1"), meter_row("naive/2", timestamp=dt.datetime(2024, 5, 1))]
    calls = [store.save_meter_values([meter_row(f"good{i}/x")]) for i in range(20)]
    calls.insert(5, store.save_meter_values(bad_rows))
    calls.insert(12, store.save_meter_values(naive))
    results = await asyncio.gather(*calls, return_exceptions=True)
    assert isinstance(results[5], StorageError)
    assert isinstance(results[12], StorageError)
    assert [r for i, r in enumerate(results) if i not in (5, 12)] == [1] * 20
    assert await _count(observer, "good") == 20
    assert await _count(observer, "bad") == 0
    assert await _count(observer, "naive") == 0


async def test_noted_messages_in_a_failed_batch_are_written_and_counted_once(
    store: SqlStore, charger: str
) -> None:
    """The batch fails on another caller and is retried call by call: the noted messages
    go in once, and the bound on queued notes is not loosened by the retry."""
    first = asyncio.create_task(store.save_meter_values([meter_row("first")]))
    await asyncio.sleep(0)  # the writer starts on it: what follows queues up behind
    await asyncio.sleep(0)
    store.note_message(log_entry("noted while the batch forms"))  # runs first in the batch
    bad = asyncio.create_task(
        store.save_meter_values([meter_row("bad", charger_id="unknown charger")])
    )
    ok = asyncio.create_task(store.save_meter_values([meter_row("ok")]))
    results = await asyncio.gather(first, bad, ok, return_exceptions=True)
    assert results[0] == 1 and isinstance(results[1], StorageError) and results[2] == 1
    assert store.group_commits == 3  # first; then the batch failed: note and ok alone
    assert [m.message for m in await store.list_messages(CHARGER)] == [
        "noted while the batch forms"
    ]
    assert store._noted_total == 0


async def test_a_server_that_is_gone_fails_the_batch_without_a_wait_per_call(
    grouped: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch fails, and its first call alone fails too, not for its data: the server
    is gone. The other calls fail with it, instead of each waiting for a connection."""
    from storage import _batch

    attempts = 0

    async def gone(*args: Any) -> Any:
        nonlocal attempts
        attempts += 1
        raise OperationalError("connect", None, ConnectionRefusedError("planted: gone"))

    monkeypatch.setattr(_batch, "run_in_one_transaction", gone)
    calls = [grouped.save_meter_values([meter_row(f"gone/{i}")]) for i in range(5)]
    results = await asyncio.gather(*calls, return_exceptions=True)
    assert all(isinstance(r, StorageError | OperationalError) for r in results), results
    assert attempts == 2  # the batch, then the first call alone (six before: one per call)


async def test_failing_alone_without_group_commit(
    engine: AsyncEngine, charger: str, observer: AsyncEngine
) -> None:
    async with SqlStore(engine, group_commit=False) as direct:
        with pytest.raises(StorageError):
            await direct.save_meter_values(
                [meter_row("bad/1"), meter_row("bad/2", charger_id="unknown charger")]
            )
        assert await direct.save_meter_values([meter_row("good")]) == 1
        assert direct.group_commits == 0
    assert await _count(observer, "bad") == 0


async def test_different_writes_share_a_batch(grouped: SqlStore, observer: AsyncEngine) -> None:
    await grouped.add_charger("CP-2", RegistrationStatus.ACCEPTED, now=NOW)
    state = ConnectorState(
        charger_id=CHARGER,
        connector_id=1,
        status=ChargePointStatus.CHARGING,
        error_code=ChargePointErrorCode.NO_ERROR,
    )
    before = grouped.group_commits
    changed = list(
        await asyncio.gather(
            grouped.record_contact(CHARGER, Transport.JSON, OcppVersion.V16, NOW),
            grouped.save_status(state),
            grouped.save_meter_values([meter_row("m")]),
            grouped.log_messages([log_entry("hello")]),
            grouped.record_contact("CP-2", Transport.SOAP, OcppVersion.V15, NOW),
        )
    )
    assert changed == [True, None, 1, None, True]
    assert grouped.group_commits == before + 1
    assert [c.status for c in await grouped.get_connectors(CHARGER)] == [ChargePointStatus.CHARGING]
    assert await _count(observer) == 1


async def test_last_seen_is_coalesced(store: SqlStore, charger: str) -> None:
    times = [NOW + dt.timedelta(seconds=s) for s in (5, 1, 9, 3, 7)]
    changed = await asyncio.gather(
        *(store.record_contact(charger, Transport.JSON, OcppVersion.V16, t) for t in times)
    )
    assert changed.count(True) == 1  # the first one in; the rest see it current
    record = await store.get_charger(charger)
    assert record is not None
    assert (record.first_seen, record.last_seen) == (min(times), max(times))
    assert len(await store.protocol_history(charger)) == 1


async def test_close_commits_what_is_queued(
    store: SqlStore, charger: str, observer: AsyncEngine
) -> None:
    tasks = [asyncio.create_task(store.save_meter_values([meter_row(f"q{i}")])) for i in range(10)]
    await asyncio.sleep(0)  # they are queued
    await store.close()
    assert [task.result() for task in tasks] == [1] * 10
    assert await _count(observer, "q") == 10
    with pytest.raises(InternalError, match="closed"):
        await store.save_meter_values([meter_row("late")])
    await store.close()  # twice is fine


async def test_a_caller_cancelled_while_queued_is_dropped(
    grouped: SqlStore, observer: AsyncEngine
) -> None:
    task = asyncio.create_task(grouped.save_meter_values([meter_row("cancelled")]))
    await asyncio.sleep(0)  # queued; the writer has not run yet
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await grouped.save_meter_values([meter_row("after")]) == 1
    assert await _count(observer, "cancelled") == 0


async def test_callers_never_hang_when_the_writer_dies(grouped: SqlStore) -> None:
    await grouped.save_meter_values([meter_row("start the writer")])
    writer = grouped._writer._writer
    assert writer is not None
    pending = asyncio.create_task(grouped.save_meter_values([meter_row("stranded")]))
    await asyncio.sleep(0)
    writer.cancel()
    with pytest.raises(InternalError, match="stopped"):
        await asyncio.wait_for(pending, 5)


# --- calls that share a statement give the results of running one after the other ----------


async def test_a_batch_of_meter_values_is_one_insert(
    grouped: SqlStore, engine: AsyncEngine
) -> None:
    inserts: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO METER_VALUES"):
            inserts.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        results = await asyncio.gather(
            *(
                grouped.save_meter_values([meter_row(f"{i}/a"), meter_row(f"{i}/b")])
                for i in range(50)
            )
        )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert results == [2] * 50
    assert len(inserts) <= 2  # the first caller may commit alone before the rest queue


async def test_a_row_shared_by_two_callers_is_new_for_the_first(
    store: SqlStore, charger: str, observer: AsyncEngine
) -> None:
    results = list(
        await asyncio.gather(
            store.save_meter_values([meter_row("shared"), meter_row("mine")]),
            store.save_meter_values([meter_row("shared"), meter_row("yours"), meter_row("yours")]),
            store.save_meter_values([meter_row("mine")]),
        )
    )
    assert results == [2, 1, 0]
    assert await _count(observer) == 3


async def test_the_last_status_in_a_batch_wins(store: SqlStore, charger: str) -> None:
    def state(status: ChargePointStatus) -> ConnectorState:
        return ConnectorState(
            charger_id=CHARGER,
            connector_id=1,
            status=status,
            error_code=ChargePointErrorCode.NO_ERROR,
        )

    await asyncio.gather(
        store.save_status(state(ChargePointStatus.PREPARING)),
        store.save_status(state(ChargePointStatus.CHARGING)),
        store.save_status(state(ChargePointStatus.FINISHING)),
    )
    assert [c.status for c in await store.get_connectors(CHARGER)] == [ChargePointStatus.FINISHING]


async def test_protocol_changes_within_one_batch(store: SqlStore, charger: str) -> None:
    at = [NOW + dt.timedelta(seconds=s) for s in range(4)]
    changed = list(
        await asyncio.gather(
            store.record_contact(CHARGER, Transport.JSON, OcppVersion.V16, at[0]),
            store.record_contact(CHARGER, Transport.SOAP, OcppVersion.V15, at[1], "http://cp/a"),
            store.record_contact(CHARGER, Transport.SOAP, OcppVersion.V15, at[2], "http://cp/b"),
            store.record_contact(CHARGER, Transport.SOAP, OcppVersion.V16, at[3]),
            store.record_contact("unknown", Transport.SOAP, OcppVersion.V16, at[3]),
        )
    )
    assert changed == [True, True, False, True, False]
    history = await store.protocol_history(CHARGER)
    assert [(h.transport, h.version, h.at) for h in history] == [
        (Transport.JSON, OcppVersion.V16, at[0]),
        (Transport.SOAP, OcppVersion.V15, at[1]),
        (Transport.SOAP, OcppVersion.V16, at[3]),
    ]
    record = await store.get_charger(CHARGER)
    assert record is not None
    assert (record.transport, record.version) == (Transport.SOAP, OcppVersion.V16)
    assert record.soap_endpoint == "http://cp/b"
    assert (record.first_seen, record.last_seen) == (at[0], at[3])


# --- posted writes wait a moment for company ----------------------------------------------


async def test_posted_writes_wait_for_company_then_ride_with_an_awaited_one(
    grouped: SqlStore, observer: AsyncEngine
) -> None:
    await grouped.save_meter_values([meter_row("warm")])  # the writer is running
    before = grouped.group_commits
    grouped.note_message(log_entry("noted"))
    grouped.touch(CHARGER, NOW + dt.timedelta(minutes=1))
    await asyncio.sleep(0)
    assert grouped.group_commits == before  # held, not written on their own
    assert await grouped.save_meter_values([meter_row("awaited")]) == 1
    assert grouped.group_commits == before + 1  # one transaction took all three
    assert [e.message for e in await grouped.list_messages()] == ["noted"]


async def test_posted_writes_are_written_alone_after_the_delay(grouped: SqlStore) -> None:
    grouped.note_message(log_entry("alone"))
    for _ in range(100):  # BACKGROUND_DELAY is 20 ms; allow a slow machine 2 s
        await asyncio.sleep(0.02)
        if await grouped.list_messages():
            break
    assert [e.message for e in await grouped.list_messages()] == ["alone"]
