"""Meter and message-log rows in each driver's form, for the statements that bypass
SQLAlchemy's parameter processing (the group committer's bulk INSERTs in
``_telemetry.py`` and the hot writers in ``_sqlite_writer.py`` and
``_postgres_writer.py``).

A row is a tuple in the column order of :data:`METER_COLUMNS` or :data:`LOG_COLUMNS`,
with values as the type decorators of ``_types.py`` would store them
(``tests/storage/test_types.py`` compares them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final

from bridge.records import MessageLogEntry, MeterRow
from bridge.text import storable

from ._models import message_log_table, meter_values_table
from ._types import json_list, postgres_datetime, sqlite_datetime, sqlite_decimal

Row = tuple[Any, ...]

# Each column's PostgreSQL type, in row order.
METER_COLUMNS: Final = {
    "charger_id": "VARCHAR",
    "connector_id": "INTEGER",
    "transaction_id": "BIGINT",
    "timestamp": "TIMESTAMPTZ",
    "value": "TEXT",
    "context": "VARCHAR",
    "format": "VARCHAR",
    "measurand": "VARCHAR",
    "phase": "VARCHAR",
    "location": "VARCHAR",
    "unit": "VARCHAR",
    "energy_wh": "NUMERIC",
    "fingerprint": "VARCHAR",
    "flags": "JSONB",
}
LOG_COLUMNS: Final = {
    "charger_id": "VARCHAR",
    "direction": "VARCHAR",
    "transport": "VARCHAR",
    "action": "VARCHAR",
    "message": "TEXT",
    "flags": "JSONB",
    "timestamp": "TIMESTAMPTZ",
}
assert set(METER_COLUMNS) < set(meter_values_table.c.keys())
assert set(LOG_COLUMNS) < set(message_log_table.c.keys())
# Where a meter row's (charger, fingerprint) key is.
METER_CHARGER: Final = list(METER_COLUMNS).index("charger_id")
METER_FINGERPRINT: Final = list(METER_COLUMNS).index("fingerprint")


def sqlite_meter_rows(rows: Sequence[MeterRow]) -> list[Row]:
    """A meter value's readings share one timestamp: it is written out once."""
    times: dict[dt.datetime, str] = {}
    driver_rows = []
    for row in rows:
        at = times.get(row.timestamp)
        if at is None:
            at = times[row.timestamp] = sqlite_datetime(row.timestamp)
        driver_rows.append(_meter_row(row, at, sqlite_decimal(row.energy_wh)))
    return driver_rows


def postgres_meter_rows(rows: Sequence[MeterRow]) -> list[Row]:
    return [_meter_row(row, postgres_datetime(row.timestamp), row.energy_wh) for row in rows]


def _meter_row(row: MeterRow, timestamp: Any, energy_wh: Any) -> Row:
    return (
        row.charger_id,
        row.connector_id,
        row.transaction_id,
        timestamp,
        row.value,
        row.context,
        row.format,
        row.measurand,
        row.phase,
        row.location,
        row.unit,
        energy_wh,
        row.fingerprint,
        json_list(row.flags),
    )


def sqlite_log_row(entry: MessageLogEntry) -> Row:
    return _log_row(entry, sqlite_datetime(entry.timestamp))


def postgres_log_row(entry: MessageLogEntry) -> Row:
    return _log_row(entry, postgres_datetime(entry.timestamp))


def _log_row(entry: MessageLogEntry, timestamp: Any) -> Row:
    # A broken frame is logged as it came, less what no database keeps (PostgreSQL's
    # text refuses NUL): one such row would fail the whole batch it is written with.
    return (
        entry.charger_id,
        entry.direction.value,
        entry.transport.value,
        entry.action,
        storable(entry.message),
        json_list(entry.flags),
        timestamp,
    )


def columns(rows: Sequence[Row], width: int) -> list[list[Any]]:
    """One list per column: the arrays PostgreSQL's ``unnest`` takes."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]
