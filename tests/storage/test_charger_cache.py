"""The charger cache and the coalesced last-seen: cheap reads for every message, and
nothing stale after a write made through this store."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from bridge.enums import OcppVersion, RegistrationStatus, Transport
from bridge.messages import BootNotification
from bridge.records import ChargerRecord
from storage import SqlStore, _chargers

from .conftest import NOW

LATER = NOW + dt.timedelta(minutes=5)


async def stored(store: SqlStore, charger_id: str) -> ChargerRecord:
    """The charger as the store answers (from its cache or not); it must exist."""
    record = await store.get_charger(charger_id)
    assert record is not None
    return record


async def test_writes_through_this_store_are_seen_at_once(store: SqlStore, charger: str) -> None:
    assert (await stored(store, charger)).registration_status is RegistrationStatus.ACCEPTED
    await store.set_registration(charger, RegistrationStatus.REJECTED)
    assert (await stored(store, charger)).registration_status is RegistrationStatus.REJECTED
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)
    assert (await stored(store, charger)).transport is Transport.JSON


async def test_writes_from_elsewhere_are_seen_after_the_cache_time(
    store: SqlStore, engine: AsyncEngine, charger: str
) -> None:
    other = SqlStore(engine)  # another process, as far as this store can tell
    try:
        assert (await stored(store, charger)).registration_status is RegistrationStatus.ACCEPTED
        await other.set_registration(charger, RegistrationStatus.PENDING)
        cached = await stored(store, charger)
        assert cached.registration_status is RegistrationStatus.ACCEPTED  # still cached
        store.charger_cache_seconds = 0.05
        store._forget(charger)
        await store.get_charger(charger)
        await other.set_registration(charger, RegistrationStatus.REJECTED)
        await asyncio.sleep(0.1)
        fresh = await stored(store, charger)
        assert fresh.registration_status is RegistrationStatus.REJECTED
    finally:
        await other.close()


async def test_an_unknown_charger_is_cached_as_unknown_until_added(store: SqlStore) -> None:
    assert await store.get_charger("CP-NEW") is None
    await store.add_charger("CP-NEW", RegistrationStatus.PENDING, now=NOW)
    assert (await stored(store, "CP-NEW")).registration_status is RegistrationStatus.PENDING


async def test_touch_is_coalesced_and_written_with_the_next_batch(
    engine: AsyncEngine, charger: str
) -> None:
    """Through the group committer (the SQLite writer thread: test_sqlite_writer.py)."""
    store = SqlStore(engine, hot_writer=False)
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)
    later = [NOW + dt.timedelta(seconds=s) for s in (30, 10, 20)]
    for at in later:
        store.touch(charger, at)
    # Any awaited grouped write commits the touches queued before it.
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)
    store._forget(charger)
    record = await stored(store, charger)
    assert record.last_seen == NOW + dt.timedelta(seconds=30)
    assert record.first_seen == NOW
    await store.close()


async def _fresh(engine: AsyncEngine, charger: str) -> ChargerRecord | None:
    async with SqlStore(engine) as other:  # reads the row, not this store's cache
        return await other.get_charger(charger)


async def test_the_connect_and_boot_writes_leave_the_cache_true(
    store: SqlStore, engine: AsyncEngine, charger: str
) -> None:
    """What a charger's connection and boot write is revised into the cached record, so
    its next message reads nothing, and the record is the one the row now holds."""
    boot = BootNotification(charge_point_vendor="V", charge_point_model="M", firmware_version="1.2")
    writes = [
        lambda: store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW),
        lambda: store.set_online(charger, True, NOW),
        lambda: store.record_boot(charger, boot, RegistrationStatus.PENDING, NOW),
        lambda: store.record_contact(
            charger, Transport.SOAP, OcppVersion.V15, LATER, "http://cp.example/ocpp"
        ),
        lambda: store.set_online(charger, False, LATER),
    ]
    for write in writes:
        await store.get_charger(charger)
        await write()
        assert charger in store._chargers  # revised, not dropped
        assert await store.get_charger(charger) == await _fresh(engine, charger)


async def test_a_new_charger_is_cached_as_added(store: SqlStore, engine: AsyncEngine) -> None:
    assert await store.get_charger("CP-NEW") is None
    await store.add_charger("CP-NEW", RegistrationStatus.PENDING, now=NOW)
    assert "CP-NEW" in store._chargers
    assert await store.get_charger("CP-NEW") == await _fresh(engine, "CP-NEW")


async def test_a_read_that_overlaps_a_write_is_not_cached(store: SqlStore, charger: str) -> None:
    release = asyncio.Event()

    async def slow_write() -> bool:
        await release.wait()
        return True

    writing = asyncio.create_task(store._charger_write(charger, slow_write))
    await asyncio.sleep(0)
    await store.get_charger(charger)  # may miss what the write is about to commit
    assert charger not in store._chargers
    release.set()
    await writing
    await store.get_charger(charger)
    assert charger in store._chargers


async def test_a_revision_is_dropped_when_another_write_overlapped(
    store: SqlStore, charger: str
) -> None:
    """Two writes to one charger at once: which committed last is not known here, so
    neither revises the cached record."""
    await store.get_charger(charger)

    async def write_meanwhile_elsewhere() -> None:
        # As the integrator API's writes do: forget, then write.
        store._forget(charger)
        await store._write(
            lambda s: _chargers.set_registration(s, charger, RegistrationStatus.REJECTED)
        )

    await store._charger_write(
        charger,
        write_meanwhile_elsewhere,
        lambda record, _: dataclasses.replace(record, notes="stale"),
    )
    assert charger not in store._chargers
    record = await store.get_charger(charger)
    assert record is not None
    assert record.registration_status is RegistrationStatus.REJECTED and record.notes is None
