"""Values that must come back exactly as they went in, on both backends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeEngine

from storage import SqlStore, StorageError
from storage._types import (
    ExactDecimal,
    JSONDocument,
    UTCDateTime,
    json_list,
    postgres_datetime,
    sqlite_datetime,
    sqlite_decimal,
)

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


# --- the bulk writers' values are exactly what the types store ---------------------------------

_SQLITE = sqlite.dialect()


def _stored(type_: TypeEngine[Any], value: Any) -> Any:
    process = type_.dialect_impl(_SQLITE).bind_processor(_SQLITE)
    return value if process is None else process(value)


@pytest.mark.parametrize(
    "value",
    [
        NOW,
        dt.datetime(2024, 7, 1, 14, 30, 15, 123456, tzinfo=CEST),
        dt.datetime(999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
        dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-11, minutes=-30))),
    ],
)
def test_bulk_datetimes_match_the_type(value: dt.datetime) -> None:
    assert sqlite_datetime(value) == _stored(UTCDateTime(), value)
    assert postgres_datetime(value) == value
    assert postgres_datetime(value).tzinfo is dt.UTC


def test_bulk_datetimes_refuse_naive_ones() -> None:
    with pytest.raises(ValueError, match="naive"):
        sqlite_datetime(dt.datetime(2024, 7, 1, 12))
    with pytest.raises(ValueError, match="naive"):
        postgres_datetime(dt.datetime(2024, 7, 1, 12))


@pytest.mark.parametrize(
    "value", [Decimal("0.1"), Decimal("1E+3"), Decimal("-0"), Decimal("1234567890.000"), None]
)
def test_bulk_decimals_match_the_type(value: Decimal | None) -> None:
    assert sqlite_decimal(value) == _stored(ExactDecimal(), value)


@pytest.mark.parametrize("flags", [(), ("a",), ("truncated:value", "ünïcode", 'quo"te')])
def test_bulk_json_lists_match_the_type(flags: tuple[str, ...]) -> None:
    assert json_list(flags) == _stored(JSONDocument, list(flags))
