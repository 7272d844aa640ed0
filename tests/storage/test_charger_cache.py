"""The charger cache and the coalesced last-seen: cheap reads for every message, and
nothing stale after a write made through this store."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from bridge.enums import OcppVersion, RegistrationStatus, Transport
from storage import SqlStore

from .conftest import NOW


async def test_writes_through_this_store_are_seen_at_once(store: SqlStore, charger: str) -> None:
    assert (await store.get_charger(charger)).registration_status is RegistrationStatus.ACCEPTED
    await store.set_registration(charger, RegistrationStatus.REJECTED)
    assert (await store.get_charger(charger)).registration_status is RegistrationStatus.REJECTED
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)
    assert (await store.get_charger(charger)).transport is Transport.JSON


async def test_writes_from_elsewhere_are_seen_after_the_cache_time(
    store: SqlStore, engine: AsyncEngine, charger: str
) -> None:
    other = SqlStore(engine)  # another process, as far as this store can tell
    try:
        assert (await store.get_charger(charger)).registration_status is RegistrationStatus.ACCEPTED
        await other.set_registration(charger, RegistrationStatus.PENDING)
        cached = await store.get_charger(charger)
        assert cached.registration_status is RegistrationStatus.ACCEPTED  # still cached
        store.charger_cache_seconds = 0.05
        store._forget(charger)
        await store.get_charger(charger)
        await other.set_registration(charger, RegistrationStatus.REJECTED)
        await asyncio.sleep(0.1)
        fresh = await store.get_charger(charger)
        assert fresh.registration_status is RegistrationStatus.REJECTED
    finally:
        await other.close()


async def test_an_unknown_charger_is_cached_as_unknown_until_added(store: SqlStore) -> None:
    assert await store.get_charger("CP-NEW") is None
    await store.add_charger("CP-NEW", RegistrationStatus.PENDING, now=NOW)
    assert (await store.get_charger("CP-NEW")).registration_status is RegistrationStatus.PENDING


async def test_touch_is_coalesced_and_written_with_the_next_batch(
    store: SqlStore, charger: str
) -> None:
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)
    later = [NOW + dt.timedelta(seconds=s) for s in (30, 10, 20)]
    for at in later:
        store.touch(charger, at)
    # Any awaited grouped write commits the touches queued before it.
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)
    store._forget(charger)
    record = await store.get_charger(charger)
    assert record.last_seen == NOW + dt.timedelta(seconds=30)
    assert record.first_seen == NOW
