from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bridge.enums import AuthorizationStatus, Reason, RegistrationStatus
from bridge.records import IdTagRecord
from storage import SqlStore, StorageError
from storage._models import Transaction

from .conftest import CHARGER, NOW
from .factories import new_transaction, transaction_stop

# --- id tags ------------------------------------------------------------------------------


async def test_id_tags(store: SqlStore) -> None:
    assert await store.get_id_tag("TAG-1") is None
    tag = IdTagRecord(
        id_tag="TAG-1",
        expiry_date=NOW,
        parent_id_tag="FLEET",
        max_active_transactions=2,
    )
    await store.upsert_id_tag(tag)
    assert await store.get_id_tag("TAG-1") == tag
    blocked = IdTagRecord(id_tag="TAG-1", status=AuthorizationStatus.BLOCKED, blocked=True)
    await store.upsert_id_tag(blocked)
    await store.upsert_id_tag(IdTagRecord(id_tag="A-TAG"))
    assert await store.list_id_tags() == [IdTagRecord(id_tag="A-TAG"), blocked]
    assert await store.delete_id_tag("A-TAG")
    assert not await store.delete_id_tag("A-TAG")


async def test_count_open_transactions(store: SqlStore, charger: str) -> None:
    first, _ = await store.start_transaction(new_transaction("a"))
    await store.start_transaction(new_transaction("b", connector_id=2))
    await store.start_transaction(new_transaction("c", id_tag="OTHER"))
    assert await store.count_open_transactions("TAG-1") == 2
    await store.stop_transaction(transaction_stop(first.id, first.id))
    assert await store.count_open_transactions("TAG-1") == 1
    assert await store.count_open_transactions("NOBODY") == 0


# --- starting -------------------------------------------------------------------------------


async def test_start_records_the_transaction(store: SqlStore, charger: str) -> None:
    tx, created = await store.start_transaction(
        new_transaction(reservation_id=7, flags=("legacy_status:Occupied",))
    )
    assert created
    assert 0 < tx.id <= 2**31 - 1
    assert (tx.charger_id, tx.connector_id, tx.id_tag, tx.meter_start) == (CHARGER, 1, "TAG-1", 100)
    assert (tx.start_timestamp, tx.reservation_id, tx.flags) == (
        NOW,
        7,
        ("legacy_status:Occupied",),
    )
    assert tx.is_open
    assert await store.get_transaction(tx.id) == tx


async def test_retried_start_gives_the_same_transaction(store: SqlStore, charger: str) -> None:
    first, created = await store.start_transaction(new_transaction())
    again, created_again = await store.start_transaction(new_transaction())
    assert (created, created_again) == (True, False)
    assert again == first
    other, _ = await store.start_transaction(new_transaction("another start"))
    assert other.id != first.id


async def test_concurrent_retried_starts_make_one_row(
    store: SqlStore, charger: str, engine: AsyncEngine
) -> None:
    results = await asyncio.gather(*(store.start_transaction(new_transaction()) for _ in range(20)))
    assert len({tx.id for tx, _ in results}) == 1
    assert [created for _, created in results].count(True) == 1
    assert len(await store.list_transactions()) == 1


async def test_concurrent_starts_from_two_gateways(
    store: SqlStore, charger: str, database_url: str
) -> None:
    """Two processes (here: two engines) racing on one start_key still make one row."""
    import storage

    engine = storage.create_engine(database_url)
    try:
        async with SqlStore(engine) as other:
            results = await asyncio.gather(
                *(
                    (store if i % 2 else other).start_transaction(new_transaction())
                    for i in range(10)
                )
            )
    finally:
        await engine.dispose()
    assert len({tx.id for tx, _ in results}) == 1
    assert [created for _, created in results].count(True) == 1


async def test_start_for_an_unknown_charger_fails(store: SqlStore) -> None:
    with pytest.raises(StorageError):
        await store.start_transaction(new_transaction())


async def test_ids_stay_within_32_bits(
    store: SqlStore, charger: str, engine: AsyncEngine, backend: str
) -> None:
    await store.start_transaction(new_transaction("first"))
    async with engine.begin() as connection:
        if backend == "sqlite":
            await connection.exec_driver_sql(
                "UPDATE sqlite_sequence SET seq = 2147483646 WHERE name = 'transactions'"
            )
        else:
            await connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('transactions', 'id'), 2147483646)"
            )
    last, _ = await store.start_transaction(new_transaction("last"))
    assert last.id == 2**31 - 1
    with pytest.raises(StorageError):
        await store.start_transaction(new_transaction("one too many"))


async def test_get_transaction_of_any_reported_id(store: SqlStore, charger: str) -> None:
    for reported in (0, -1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1):
        assert await store.get_transaction(reported) is None


async def test_open_transaction_on(store: SqlStore, charger: str) -> None:
    assert await store.open_transaction_on(charger, 1) is None
    tx, _ = await store.start_transaction(new_transaction())
    assert await store.open_transaction_on(charger, 1) == tx
    assert await store.open_transaction_on(charger, 2) is None
    await store.stop_transaction(transaction_stop(tx.id, tx.id))
    assert await store.open_transaction_on(charger, 1) is None


# --- stopping -------------------------------------------------------------------------------


async def _rows(engine: AsyncEngine) -> list[Transaction]:
    async with engine.connect() as connection:
        result = await connection.execute(select(Transaction.__table__).order_by(Transaction.id))
        return [Transaction(**row._asdict()) for row in result]


async def test_matched_stop_closes_the_transaction(
    store: SqlStore, charger: str, engine: AsyncEngine
) -> None:
    tx, _ = await store.start_transaction(new_transaction(flags=("a",)))
    data: list[dict[str, Any]] = [{"timestamp": "2024-05-01T13:00:00Z", "sampledValue": []}]
    stop = transaction_stop(tx.id, tx.id, transaction_data=data, flags=("a", "b"))
    await store.stop_transaction(stop)
    closed = await store.get_transaction(tx.id)
    assert closed is not None and not closed.is_open
    assert (closed.meter_stop, closed.stop_timestamp) == (2100, NOW + dt.timedelta(hours=1))
    assert (closed.stop_reason, closed.stop_id_tag, closed.flags) == (
        Reason.LOCAL,
        "TAG-1",
        ("a", "b"),
    )
    (row,) = await _rows(engine)
    assert row.transaction_data == data
    assert row.reported_transaction_id == tx.id


@pytest.mark.parametrize("reported", [0, -1, 2**63 - 1, 12345])
async def test_unmatched_stop_is_recorded(
    store: SqlStore, charger: str, engine: AsyncEngine, reported: int
) -> None:
    stop = transaction_stop(
        reported, None, reason=None, id_tag=None, flags=(f"unknown_transaction:{reported}",)
    )
    await store.stop_transaction(stop)
    await store.stop_transaction(stop)  # the charger retries: stored once
    (row,) = await _rows(engine)
    assert row.reported_transaction_id == reported
    assert (row.start_timestamp, row.meter_start, row.id_tag, row.start_key) == (
        None,
        None,
        None,
        None,
    )
    assert (row.meter_stop, row.stop_timestamp) == (2100, NOW + dt.timedelta(hours=1))
    assert row.flags == [f"unknown_transaction:{reported}"]
    assert await store.list_transactions(open_only=True) == []
    assert await store.count_open_transactions("TAG-1") == 0


async def test_unmatched_stops_that_differ_are_all_kept(
    store: SqlStore, charger: str, engine: AsyncEngine
) -> None:
    await store.stop_transaction(transaction_stop(0, None))
    await store.stop_transaction(transaction_stop(0, None, meter_stop=3000))
    await store.stop_transaction(transaction_stop(-1, None))
    assert [r.meter_stop for r in await _rows(engine)] == [2100, 3000, 2100]


async def test_stop_retried_after_it_was_applied(
    store: SqlStore, charger: str, engine: AsyncEngine
) -> None:
    tx, _ = await store.start_transaction(new_transaction())
    await store.stop_transaction(transaction_stop(tx.id, tx.id))
    await store.stop_transaction(transaction_stop(tx.id, tx.id))
    assert len(await _rows(engine)) == 1


async def test_a_second_different_stop_is_kept_apart(
    store: SqlStore, charger: str, engine: AsyncEngine
) -> None:
    tx, _ = await store.start_transaction(new_transaction())
    await store.stop_transaction(transaction_stop(tx.id, tx.id))
    await store.stop_transaction(transaction_stop(tx.id, tx.id, meter_stop=9999))
    first, second = await _rows(engine)
    assert first.meter_stop == 2100
    assert (second.meter_stop, second.reported_transaction_id) == (9999, tx.id)
    assert second.start_timestamp is None
    assert second.flags == ["already_stopped"]


async def test_stop_naming_a_transaction_we_lack(
    store: SqlStore, charger: str, engine: AsyncEngine
) -> None:
    await store.stop_transaction(transaction_stop(77, 77))
    (row,) = await _rows(engine)
    assert (row.reported_transaction_id, row.flags) == (77, ["unknown_transaction:77"])


async def test_list_transactions(store: SqlStore, charger: str) -> None:
    await store.add_charger("CP-2", RegistrationStatus.ACCEPTED, now=NOW)
    a, _ = await store.start_transaction(new_transaction("a"))
    b, _ = await store.start_transaction(new_transaction("b", connector_id=2))
    c, _ = await store.start_transaction(new_transaction("c", charger_id="CP-2"))
    await store.stop_transaction(transaction_stop(a.id, a.id))
    assert [t.id for t in await store.list_transactions()] == [c.id, b.id, a.id]
    assert [t.id for t in await store.list_transactions(CHARGER)] == [b.id, a.id]
    assert [t.id for t in await store.list_transactions(CHARGER, open_only=True)] == [b.id]
    assert [t.id for t in await store.list_transactions(limit=1)] == [c.id]


async def test_id_tags_are_case_insensitive(store: SqlStore, charger: str) -> None:
    """OCPP's IdToken is a CiString20: the card an operator entered as ``04A1B2`` is the
    one a charger reads as ``04a1b2``. The stored spelling is kept."""
    await store.upsert_id_tag(IdTagRecord(id_tag="04A1B2", max_active_transactions=1))
    found = await store.get_id_tag("04a1b2")
    assert found is not None and found.id_tag == "04A1B2"

    await store.upsert_id_tag(IdTagRecord(id_tag="04a1B2", blocked=True))
    [tag] = await store.list_id_tags()
    assert tag.id_tag == "04A1B2" and tag.blocked  # updated in place, spelling kept

    await store.start_transaction(new_transaction("a", id_tag="04a1b2"))
    assert await store.count_open_transactions("04A1B2") == 1

    assert await store.delete_id_tag("04a1b2")
    assert await store.list_id_tags() == []


async def test_identical_unmatched_stops_racing_make_one_row(
    store: SqlStore, charger: str, database_url: str
) -> None:
    """A SOAP charger's retry can arrive while its first StopTransaction is still being
    written; from two gateways even. Racing copies of a stop we cannot match are one row."""
    import storage

    other_engine = storage.create_engine(database_url)
    try:
        async with SqlStore(other_engine) as other:
            stops = [transaction_stop(4242, None) for _ in range(8)]
            await asyncio.gather(
                *(
                    s.stop_transaction(stop)
                    for s, stop in zip([store, other] * 4, stops, strict=True)
                )
            )
    finally:
        await other_engine.dispose()
    unmatched = [t for t in await store.list_transactions(CHARGER) if t.start_timestamp is None]
    assert len(unmatched) == 1
