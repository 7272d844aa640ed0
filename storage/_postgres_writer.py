"""The hot writes on PostgreSQL (``_hot.py``): one statement, one round trip, per batch.

Through the group committer a batch of meter rows, message-log rows and last-seen times
was a SQLAlchemy session and five round trips (BEGIN, two INSERTs, the UPDATE, COMMIT),
each awaited through a loop iteration. :class:`PostgresHotWriter` holds a connection of
its own and writes a batch with one statement: three data-modifying CTEs over
``unnest`` of one array per column, which PostgreSQL runs atomically in the implicit
transaction of the statement. Its answer is the (charger, fingerprint) of the meter
rows that were new.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bridge.errors import InternalError
from bridge.records import MessageLogEntry, MeterRow

from ._hot import (
    MAX_CALLS_PER_BATCH,
    METER,
    NOTE,
    STOP,
    Call,
    HotWriter,
    MeterCall,
    Outcome,
    failed,
    new_rows,
    sort_calls,
)
from ._models import chargers_table, message_log_table, meter_values_table
from ._rows import (
    LOG_COLUMNS,
    METER_COLUMNS,
    Row,
    columns,
    postgres_log_row,
    postgres_meter_rows,
)
from ._telemetry import METER_CONFLICT, bulk_insert
from ._types import postgres_datetime

log = logging.getLogger(__name__)

_METER = bulk_insert(meter_values_table, METER_COLUMNS, METER_CONFLICT)
_LOG = bulk_insert(message_log_table, LOG_COLUMNS, first=len(METER_COLUMNS) + 1)
_SEEN_FIRST = len(METER_COLUMNS) + len(LOG_COLUMNS) + 1
assert {"id", "first_seen", "last_seen"} <= set(chargers_table.c.keys())
# Seen times only ever widen (messages may arrive out of order), as in _batch.py.
_BATCH: Final = (
    f'WITH meter AS ({_METER.postgresql} RETURNING "charger_id", "fingerprint"), '
    f"logged AS ({_LOG.postgresql}), "
    'seen AS (UPDATE "chargers" SET '
    '"first_seen" = CASE WHEN "first_seen" IS NULL OR "first_seen" > seen_first '
    'THEN seen_first ELSE "first_seen" END, '
    '"last_seen" = CASE WHEN "last_seen" IS NULL OR "last_seen" < seen_last '
    'THEN seen_last ELSE "last_seen" END '
    f"FROM unnest(${_SEEN_FIRST}::VARCHAR[], ${_SEEN_FIRST + 1}::TIMESTAMPTZ[], "
    f"${_SEEN_FIRST + 2}::TIMESTAMPTZ[]) AS touched (seen_id, seen_first, seen_last) "
    'WHERE "chargers"."id" = seen_id) '
    'SELECT "charger_id", "fingerprint" FROM meter'
)


def _data_error(exc: BaseException) -> bool:
    """A statement refused for its data (SQLSTATE classes 22 and 23: a bad value, a
    constraint), which another call's rows would not share."""
    return str(getattr(exc, "sqlstate", "") or "")[:2] in ("22", "23")


class PostgresHotWriter(HotWriter):
    """:class:`HotWriter` for PostgreSQL: a task and a connection of its own."""

    def __init__(self, engine: AsyncEngine, *, max_pending_notes: int) -> None:
        super().__init__(max_pending_notes=max_pending_notes)
        self._engine = engine
        self._queue: asyncio.Queue[list[Call]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._connection: AsyncConnection | None = None

    def _meter_rows(self, rows: Sequence[MeterRow]) -> list[Row]:
        return postgres_meter_rows(rows)

    def _log_row(self, entry: MessageLogEntry) -> Row:
        return postgres_log_row(entry)

    def _seen(self, at: dt.datetime) -> dt.datetime:
        return postgres_datetime(at)

    def _deliver(self, calls: list[Call]) -> None:
        self._queue.put_nowait(calls)
        if self._task is None:
            loop = self._loop or asyncio.get_running_loop()
            self._task = loop.create_task(self._run(), name="storage-postgres-writer")

    async def _finish(self) -> None:
        if self._task is not None:
            self._queue.put_nowait([STOP])
            await asyncio.wait({self._task})  # cancelling close() leaves the writer be
        await self._release()

    async def _run(self) -> None:
        calls: list[Call] = []
        batch: list[Call] = []  # being written, not yet settled
        try:
            stop = False
            while not stop:
                calls = await self._queue.get()
                while not self._queue.empty():
                    calls += self._queue.get_nowait()
                stop = STOP in calls
                while calls:
                    batch, calls = calls[:MAX_CALLS_PER_BATCH], calls[MAX_CALLS_PER_BATCH:]
                    self._settle(*await self._write(batch))
                    batch = []
        finally:
            # Cancelled or broken: nobody may wait forever, and the next call starts a
            # new writer.
            self._task = None
            calls = batch + calls
            while not self._queue.empty():
                calls += self._queue.get_nowait()
            stopped = InternalError("storage writer stopped")
            self._settle(
                [(f, 0, stopped) for kind, f, _ in calls if kind == METER],
                sum(kind == NOTE for kind, _, _ in calls),
                0,
            )

    async def _driver(self) -> Any:
        """The asyncpg connection of a pooled connection this writer keeps."""
        if self._connection is None or self._connection.invalidated:
            await self._release()
            self._connection = await self._engine.connect()
        raw = await self._connection.get_raw_connection()
        return raw.driver_connection

    async def _release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()

    async def _write(self, calls: list[Call]) -> tuple[list[Outcome], int, int]:
        """What to tell each meter call, how many notes were taken, and how many
        transactions were committed."""
        meters, notes, touches = sort_calls(calls)
        if not (meters or notes or touches):
            return [], 0, 0
        try:
            counts = await self._statement([rows for _, rows in meters], notes, touches)
        except Exception as exc:
            if len(meters) + bool(notes or touches) <= 1 and _data_error(exc):
                # A lone call refused for its data: written again, it would fail again.
                log.warning(
                    "PostgreSQL write failed (%s): %d message-log rows and %d last-seen "
                    "times not written",
                    exc,
                    len(notes),
                    len(touches),
                )
                error = failed(exc)
                return [(future, 0, error) for future, _ in meters], len(notes), 0
            # Perhaps one call's data, or a connection that died: each call alone, on a
            # new connection if need be, tells.
            log.warning("PostgreSQL batch failed (%s); writing each call alone", exc)
            outcomes: list[Outcome] = []
            commits = await self._write_alone(meters, notes, touches, outcomes)
            return outcomes, len(notes), commits
        outcomes = [
            (future, count, None) for (future, _), count in zip(meters, counts, strict=True)
        ]
        return outcomes, len(notes), 1

    async def _write_alone(
        self,
        meters: list[MeterCall],
        notes: list[Row],
        touches: list[Row],
        outcomes: list[Outcome],
    ) -> int:
        commits = 0
        for index, (future, rows) in enumerate(meters):
            try:
                (count,) = await self._statement([rows], [], [])
            except Exception as exc:
                outcomes.append((future, 0, failed(exc)))
                if not _data_error(exc):
                    # The server or the connection failed, not this call's rows: the
                    # rest fail now rather than each wait for a connection of its own.
                    error = failed(exc)
                    outcomes.extend((f, 0, error) for f, _ in meters[index + 1 :])
                    log.error(
                        "PostgreSQL write failed (%s): %d message-log rows and %d "
                        "last-seen times not written",
                        exc,
                        len(notes),
                        len(touches),
                    )
                    return commits
            else:
                commits += 1
                outcomes.append((future, count, None))
        if notes or touches:
            try:
                await self._statement([], notes, touches)
                commits += 1
            except Exception:
                log.exception(
                    "%d message-log rows and %d last-seen times not written",
                    len(notes),
                    len(touches),
                )
        return commits

    async def _statement(
        self, meters: list[list[Row]], notes: list[Row], touches: list[Row]
    ) -> list[int]:
        """Write everything with one statement; how many rows of each meter call were
        new. A row several calls share counts as new for the first of them only."""
        rows, owner = new_rows(meters)
        driver = await self._driver()
        try:
            new = await driver.fetch(
                _BATCH,
                *columns(rows, len(METER_COLUMNS)),
                *columns(notes, len(LOG_COLUMNS)),
                *columns(touches, 3),
            )
        except Exception:
            if driver.is_closed():  # the connection is gone: the next write takes another
                if self._connection is not None:
                    with contextlib.suppress(Exception):
                        await self._connection.invalidate()
                await self._release()
            raise
        counts = [0] * len(meters)
        for charger_id, fingerprint in new:
            counts[owner[charger_id, fingerprint]] += 1
        return counts
