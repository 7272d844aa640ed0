"""What chargers report: connector status, meter values, status reports, data transfers,
and the raw message log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, Result, Table, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bridge.enums import ChargePointErrorCode, ChargePointStatus, Direction, Transport
from bridge.records import (
    ConnectorState,
    DataTransferRecord,
    MessageLogEntry,
    MeterRow,
    StatusReport,
)

from ._batch import Operation, Unit
from ._dialect import rowcount, upsert
from ._errors import StorageError
from ._models import (
    Connector,
    DataTransfer,
    MessageLog,
    MeterValue,
    connectors_table,
    message_log_table,
    meter_values_table,
)
from ._models import StatusReport as StatusReportRow
from ._rows import (
    LOG_COLUMNS,
    METER_COLUMNS,
    columns,
    postgres_log_row,
    postgres_meter_rows,
    sqlite_log_row,
    sqlite_meter_rows,
)

# --- connectors ------------------------------------------------------------------------


_CONNECTOR_KEY = ("charger_id", "connector_id")


class SaveStatus(Operation[ConnectorState, None]):
    """Each connector's current state: an upsert; the latest call wins."""

    async def run(self, unit: Unit, calls: Sequence[ConnectorState]) -> list[None]:
        updated_at = dt.datetime.now(dt.UTC)
        latest = {(state.charger_id, state.connector_id): state for state in calls}
        params = [
            {
                "charger_id": state.charger_id,
                "connector_id": state.connector_id,
                "status": state.status.value,
                "error_code": state.error_code.value,
                "info": state.info,
                "vendor_id": state.vendor_id,
                "vendor_error_code": state.vendor_error_code,
                "timestamp": state.timestamp,
                "updated_at": updated_at,
                "flags": list(state.flags),
            }
            for state in latest.values()
        ]
        statement = upsert(unit.session, connectors_table)
        statement = statement.on_conflict_do_update(
            index_elements=_CONNECTOR_KEY,
            set_={
                name: statement.excluded[name] for name in params[0] if name not in _CONNECTOR_KEY
            },
        )
        await unit.session.execute(statement, params)
        return [None] * len(calls)


SAVE_STATUS = SaveStatus()


async def get_connectors(session: AsyncSession, charger_id: str) -> list[ConnectorState]:
    rows = await session.scalars(
        select(Connector).where(Connector.charger_id == charger_id).order_by(Connector.connector_id)
    )
    return [
        ConnectorState(
            charger_id=row.charger_id,
            connector_id=row.connector_id,
            status=ChargePointStatus(row.status),
            error_code=ChargePointErrorCode(row.error_code),
            info=row.info,
            vendor_id=row.vendor_id,
            vendor_error_code=row.vendor_error_code,
            timestamp=row.timestamp,
            flags=tuple(row.flags),
        )
        for row in rows
    ]


# --- bulk INSERTs sent to the driver as they are ------------------------------------------
# The two hot writes, meter rows and the message log, are thousands of rows a second.
# SQLAlchemy processes every parameter of every row on the event loop (type decorators,
# then the dialect's own processors); these statements take tuples already in the
# driver's form (``storage/_types.py``): SQLite gets one ``executemany`` of a prepared
# INSERT, PostgreSQL one INSERT of ``unnest`` over a column of values per array.


@dataclass(frozen=True, slots=True)
class _BulkInsert:
    sqlite: str  # qmark, for executemany
    postgresql: str  # numeric_dollar, one array per column


def bulk_insert(
    table: Table, columns: dict[str, str], conflict: str = "", *, first: int = 1
) -> _BulkInsert:
    """``columns``: each column's PostgreSQL type. JSONB goes as JSON text, since
    SQLAlchemy gives asyncpg a jsonb codec that takes text. ``first``: the number of the
    first PostgreSQL parameter ($1 unless the INSERT is part of a larger statement)."""
    names = ", ".join(f'"{table.c[name].name}"' for name in columns)
    marks = ", ".join("?" for _ in columns)
    arrays, selected = [], []
    for number, (name, sql_type) in enumerate(columns.items(), start=first):
        if sql_type == "JSONB":
            arrays.append(f"${number}::TEXT[]")
            selected.append(f'"{name}"::JSONB')
        else:
            arrays.append(f"${number}::{sql_type}[]")
            selected.append(f'"{name}"')
    return _BulkInsert(
        sqlite=f'INSERT INTO "{table.name}" ({names}) VALUES ({marks}){conflict}',
        postgresql=(
            f'INSERT INTO "{table.name}" ({names}) SELECT {", ".join(selected)} '
            f"FROM unnest({', '.join(arrays)}) AS bulk ({names}){conflict}"
        ),
    )


def _is_sqlite(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "sqlite"


# --- meter values -------------------------------------------------------------------------

METER_CONFLICT = ' ON CONFLICT ("charger_id", "timestamp", "fingerprint") DO NOTHING'
_METER_INSERT = bulk_insert(meter_values_table, METER_COLUMNS, METER_CONFLICT)
_METER_RETURNING = ' RETURNING "charger_id", "fingerprint"'
# On SQLite, the rows one INSERT just added to meter_values: the writer holds the write
# lock, and SQLite gives each new row the largest rowid so far plus one
# (https://sqlite.org/autoinc.html; the table has no AUTOINCREMENT), so they are the
# newest ids.
_SQLITE_NEWEST_METER_KEYS = (
    'SELECT "charger_id", "fingerprint" FROM "meter_values" ORDER BY "id" DESC LIMIT ?'
)


class SaveMeterValues(Operation[Sequence[MeterRow], int]):
    """Insert the rows whose (charger, fingerprint) is new: one INSERT for every call.
    A row several calls share counts as new for the first of them only."""

    async def run(self, unit: Unit, calls: Sequence[Sequence[MeterRow]]) -> list[int]:
        owner: dict[tuple[str, str], int] = {}
        rows: list[MeterRow] = []
        for index, call in enumerate(calls):
            for row in call:
                key = (row.charger_id, row.fingerprint)
                if key not in owner:  # a repeat would only conflict with the first
                    owner[key] = index
                    rows.append(row)
        counts = [0] * len(calls)
        if not rows:
            return counts
        try:
            new = await _insert_meter_rows(unit.session, rows)
        except ValueError as exc:  # a naive timestamp
            raise StorageError(f"meter values refused: {exc}") from exc
        if new is None:  # every row was new
            for index in owner.values():
                counts[index] += 1
        else:
            for key in new:
                counts[owner[key]] += 1
        return counts


def _keys(result: Result[Any]) -> list[tuple[str, str]]:
    """(charger_id, fingerprint) rows."""
    return cast(list[tuple[str, str]], [tuple(row) for row in result])


async def _insert_meter_rows(
    session: AsyncSession, rows: list[MeterRow]
) -> list[tuple[str, str]] | None:
    """The (charger, fingerprint) of the rows that were new; None when all were."""
    connection = await session.connection()
    if not _is_sqlite(session):
        result = await connection.exec_driver_sql(
            _METER_INSERT.postgresql + _METER_RETURNING,
            tuple(columns(postgres_meter_rows(rows), len(METER_COLUMNS))),
        )
        return _keys(result)
    result = await connection.exec_driver_sql(_METER_INSERT.sqlite, sqlite_meter_rows(rows))
    inserted = rowcount(result)
    if inserted == len(rows):
        return None
    newest = await connection.exec_driver_sql(_SQLITE_NEWEST_METER_KEYS, (inserted,))
    return _keys(newest)


SAVE_METER_VALUES = SaveMeterValues()


def meter_row_record(row: MeterValue) -> MeterRow:
    return MeterRow(
        charger_id=row.charger_id,
        connector_id=row.connector_id,
        transaction_id=row.transaction_id,
        timestamp=row.timestamp,
        value=row.value,
        context=row.context,
        format=row.format,
        measurand=row.measurand,
        phase=row.phase,
        location=row.location,
        unit=row.unit,
        energy_wh=row.energy_wh,
        fingerprint=row.fingerprint,
        flags=tuple(row.flags),
    )


async def list_meter_values(
    session: AsyncSession,
    charger_id: str | None,
    transaction_id: int | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int,
) -> list[MeterRow]:
    query = select(MeterValue).order_by(MeterValue.timestamp, MeterValue.id).limit(limit)
    if charger_id is not None:
        query = query.where(MeterValue.charger_id == charger_id)
    if transaction_id is not None:
        query = query.where(MeterValue.transaction_id == transaction_id)
    if since is not None:
        query = query.where(MeterValue.timestamp >= since)
    if until is not None:
        query = query.where(MeterValue.timestamp < until)
    return [meter_row_record(row) for row in await session.scalars(query)]


# --- status reports and data transfers ----------------------------------------------------


async def save_report(session: AsyncSession, report: StatusReport) -> None:
    session.add(
        StatusReportRow(
            charger_id=report.charger_id,
            kind=report.kind,
            status=report.status,
            timestamp=report.timestamp,
            payload=dict(report.payload),
        )
    )


async def list_reports(
    session: AsyncSession, charger_id: str, kind: str | None, limit: int
) -> list[StatusReport]:
    query = (
        select(StatusReportRow)
        .where(StatusReportRow.charger_id == charger_id)
        .order_by(StatusReportRow.timestamp.desc(), StatusReportRow.id.desc())
        .limit(limit)
    )
    if kind is not None:
        query = query.where(StatusReportRow.kind == kind)
    return [
        StatusReport(
            charger_id=row.charger_id,
            kind=row.kind,
            status=row.status,
            timestamp=row.timestamp,
            payload=row.payload,
        )
        for row in await session.scalars(query)
    ]


async def save_data_transfer(session: AsyncSession, record: DataTransferRecord) -> None:
    session.add(
        DataTransfer(
            charger_id=record.charger_id,
            direction=record.direction.value,
            vendor_id=record.vendor_id,
            message_id=record.message_id,
            data=record.data,
            status=record.status,
            timestamp=record.timestamp,
        )
    )


async def list_data_transfers(
    session: AsyncSession, charger_id: str, limit: int
) -> list[DataTransferRecord]:
    query = (
        select(DataTransfer)
        .where(DataTransfer.charger_id == charger_id)
        .order_by(DataTransfer.timestamp.desc(), DataTransfer.id.desc())
        .limit(limit)
    )
    return [
        DataTransferRecord(
            charger_id=row.charger_id,
            direction=Direction(row.direction),
            vendor_id=row.vendor_id,
            message_id=row.message_id,
            data=row.data,
            status=row.status,
            timestamp=row.timestamp,
        )
        for row in await session.scalars(query)
    ]


# --- message log ------------------------------------------------------------------------------


class LogMessages(Operation[Sequence[MessageLogEntry], None]):
    """Append to the message log: one INSERT for every call."""

    async def run(self, unit: Unit, calls: Sequence[Sequence[MessageLogEntry]]) -> list[None]:
        await insert_log_entries(unit.session, [entry for entries in calls for entry in entries])
        return [None] * len(calls)


LOG_MESSAGES = LogMessages()


_LOG_INSERT = bulk_insert(message_log_table, LOG_COLUMNS)


async def insert_log_entries(session: AsyncSession, entries: Sequence[MessageLogEntry]) -> None:
    if not entries:
        return
    connection = await session.connection()
    try:
        if _is_sqlite(session):
            await connection.exec_driver_sql(
                _LOG_INSERT.sqlite, [sqlite_log_row(entry) for entry in entries]
            )
            return
        log_rows = [postgres_log_row(entry) for entry in entries]
    except ValueError as exc:  # a naive timestamp
        raise StorageError(f"message log refused: {exc}") from exc
    await connection.exec_driver_sql(
        _LOG_INSERT.postgresql, tuple(columns(log_rows, len(LOG_COLUMNS)))
    )


async def list_messages(
    session: AsyncSession, charger_id: str | None, limit: int
) -> list[MessageLogEntry]:
    query = select(MessageLog).order_by(MessageLog.id.desc()).limit(limit)
    if charger_id is not None:
        query = query.where(MessageLog.charger_id == charger_id)
    return [
        MessageLogEntry(
            charger_id=row.charger_id,
            direction=Direction(row.direction),
            transport=Transport(row.transport),
            action=row.action,
            message=row.message,
            timestamp=row.timestamp,
            flags=tuple(row.flags),
        )
        for row in await session.scalars(query)
    ]


async def prune_message_log_chunk(
    session: AsyncSession, older_than: dt.datetime | None, max_rows: int | None, chunk: int
) -> int:
    """Delete at most ``chunk`` of the oldest rows that are too old or beyond the newest
    ``max_rows``; return how many went. Small chunks keep each write lock short."""
    doomed = select(MessageLog.id).order_by(MessageLog.id).limit(chunk)
    conditions: list[ColumnElement[bool]] = []
    if older_than is not None:
        conditions.append(MessageLog.timestamp < older_than)
    if max_rows is not None:
        newest_doomed = await session.scalar(
            select(MessageLog.id).order_by(MessageLog.id.desc()).offset(max_rows).limit(1)
        )
        if newest_doomed is not None:
            conditions.append(MessageLog.id <= newest_doomed)
    if not conditions:
        return 0
    doomed = doomed.where(or_(*conditions))
    result = await session.execute(
        delete(MessageLog)
        .where(MessageLog.id.in_(doomed.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)
