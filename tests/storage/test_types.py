"""Values that must come back exactly as they went in, on both backends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from storage import SqlStore, StorageError

from .conftest import CHARGER, NOW
from .factories import meter_row

CEST = dt.timezone(dt.timedelta(hours=2))


async def test_aware_datetimes_come_back_as_utc(store: SqlStore, charger: str) -> None:
    local = dt.datetime(2024, 7, 1, 14, 30, 15, 123456, tzinfo=CEST)
    await store.save_meter_values([meter_row("f", timestamp=local)])
    (row,) = await store.list_meter_values(charger)
    assert row.timestamp == local
    assert row.timestamp.tzinfo is dt.UTC
    assert row.timestamp == dt.datetime(2024, 7, 1, 12, 30, 15, 123456, tzinfo=dt.UTC)


async def test_timestamps_compare_in_utc(store: SqlStore, charger: str) -> None:
    """Filters work across offsets: the stored text on SQLite is UTC, so it sorts."""
    await store.save_meter_values(
        [
            meter_row("early", timestamp=dt.datetime(2024, 7, 1, 13, 0, tzinfo=CEST)),  # 11:00Z
            meter_row("late", timestamp=dt.datetime(2024, 7, 1, 12, 0, tzinfo=dt.UTC)),
        ]
    )
    since = dt.datetime(2024, 7, 1, 11, 30, tzinfo=dt.UTC)
    rows = await store.list_meter_values(charger, since=since)
    assert [r.fingerprint for r in rows] == ["late"]


async def test_naive_datetimes_are_refused(store: SqlStore, charger: str) -> None:
    with pytest.raises(StorageError):
        await store.save_meter_values([meter_row("f", timestamp=dt.datetime(2024, 7, 1, 12))])
    assert await store.list_meter_values(charger) == []


@pytest.mark.parametrize(
    "energy", [Decimal("0.1"), Decimal("1234567890123456.123456789"), Decimal("-5"), None]
)
async def test_energy_is_exact(store: SqlStore, charger: str, energy: Decimal | None) -> None:
    await store.save_meter_values([meter_row("f", energy_wh=energy)])
    (row,) = await store.list_meter_values(charger)
    assert row.energy_wh == energy


async def test_json_and_64_bit_values(store: SqlStore, charger: str) -> None:
    await store.save_meter_values(
        [meter_row("f", transaction_id=2**63 - 1, flags=("truncated:value", "ünïcode"))]
    )
    (row,) = await store.list_meter_values(CHARGER, transaction_id=2**63 - 1)
    assert row.transaction_id == 2**63 - 1
    assert row.flags == ("truncated:value", "ünïcode")
    assert row.timestamp == NOW
