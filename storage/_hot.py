"""The hot writes, the event loop's side: meter rows, the message log and last-seen.

These are most of the rows a busy gateway writes: a MeterValues of ten sampled values is
ten meter rows and two message-log rows, thousands a second. A :class:`HotWriter`
collects them on the loop, in the driver's form, and hands them to its backend's writer
at most once per loop iteration: at the end of the iteration when a caller waits (meter
values), otherwise after :data:`BACKGROUND_DELAY` (message-log rows and last-seen times,
which nobody waits for, so they go in larger batches). The writer writes what it was
handed in one transaction and settles the batch's callers at once.

The backends: ``_sqlite_writer.py`` (a thread with a connection of its own) and
``_postgres_writer.py`` (one statement per batch on a connection of its own).

The contract is the group commit's (``_batch.py``): a meter-values call returns once its
rows are committed; when a batch fails, each meter-values call is written again in a
transaction of its own, so one bad call gets its own error. Message-log rows and
last-seen times are not awaited; their failure is logged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any, Final

from bridge.errors import InternalError
from bridge.records import MessageLogEntry, MeterRow

from ._errors import StorageError
from ._rows import METER_CHARGER, METER_FINGERPRINT, Row

log = logging.getLogger(__name__)

# Calls one transaction takes at most: a bound on how long the write lock is held.
MAX_CALLS_PER_BATCH: Final = 1024
# How long message-log rows and last-seen times wait for others to join their write.
BACKGROUND_DELAY: Final = 0.02

METER, NOTE, TOUCHED = 0, 1, 2
# (kind, and the call's arguments: a future and rows; a row; a charger id and a time)
Call = tuple[int, Any, Any]
STOP: Final[Call] = (3, None, None)

# (future, result, error) for the loop to settle.
Outcome = tuple["asyncio.Future[int]", int, BaseException | None]
MeterCall = tuple["asyncio.Future[int]", list[Row]]


class HotWriter:
    """Meter rows (awaited), message-log rows and last-seen times (not awaited) for one
    database. Call from one event loop. Subclasses say how rows look to their driver
    and hand the batches to their writer."""

    def __init__(self, *, max_pending_notes: int) -> None:
        self._pending: list[Call] = []  # collected on the loop, not yet handed over
        self._handover: asyncio.Handle | asyncio.TimerHandle | None = None
        self._handover_soon = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._max_pending_notes = max_pending_notes
        self._pending_notes = 0
        self.dropped_notes = 0  # notes refused: too many waiting, or closed
        self.batches = 0  # committed transactions, for tests and benchmarks

    # --- the backend's part ---------------------------------------------------------------

    def _meter_rows(self, rows: Sequence[MeterRow]) -> list[Row]:
        """The rows in the driver's form; ValueError for a naive timestamp."""
        raise NotImplementedError

    def _log_row(self, entry: MessageLogEntry) -> Row:
        raise NotImplementedError

    def _seen(self, at: dt.datetime) -> Any:
        """A last-seen time in the driver's form, ordered as times are."""
        raise NotImplementedError

    def _deliver(self, calls: list[Call]) -> None:
        """Hand ``calls`` to the writer, starting it if it is not running."""
        raise NotImplementedError

    async def _finish(self) -> None:
        """After close: wait until the writer has written all it was handed."""
        raise NotImplementedError

    # --- the callers' part ------------------------------------------------------------------

    def save_meter_rows(self, rows: Sequence[MeterRow]) -> asyncio.Future[int]:
        """How many of ``rows`` were new, once committed. Raises StorageError at once for
        a naive timestamp."""
        try:
            driver_rows = self._meter_rows(rows)
        except ValueError as exc:
            raise refused("meter values", exc) from exc
        loop = self._running()
        future: asyncio.Future[int] = loop.create_future()
        self._pending.append((METER, future, driver_rows))
        if not self._handover_soon:  # at the end of this loop iteration
            if self._handover is not None:
                self._handover.cancel()
            self._handover = loop.call_soon(self._hand_over)
            self._handover_soon = True
        return future

    def note(self, entry: MessageLogEntry) -> bool:
        """Queue a message-log row; False when it was dropped."""
        if self._closed or self._pending_notes >= self._max_pending_notes:
            self.dropped_notes += 1
            return False
        try:
            row = self._log_row(entry)
        except ValueError as exc:  # a naive timestamp
            log.error("message from %r not logged: %s", entry.charger_id, exc)
            return False
        self._pending_notes += 1
        self._pending.append((NOTE, row, None))
        self._hand_over_later()
        return True

    def touch(self, charger_id: str, at: dt.datetime) -> None:
        """Queue a last-seen time (dropped once closed)."""
        if self._closed:
            return
        try:
            seen = self._seen(at)
        except ValueError as exc:
            log.error("last-seen of %r not written: %s", charger_id, exc)
            return
        self._pending.append((TOUCHED, charger_id, seen))
        self._hand_over_later()

    async def flush(self) -> None:
        """Return once everything queued so far is committed (or has failed)."""
        await self.save_meter_rows(())  # a write of nothing, after all that came before

    async def close(self) -> None:
        """Write what is queued, then stop the writer. Later meter writes fail."""
        if self._closed:
            return
        if self._pending:
            self._hand_over()
        self._closed = True
        await self._finish()

    # --- handing over and settling ------------------------------------------------------------

    def _running(self) -> asyncio.AbstractEventLoop:
        if self._closed:
            raise InternalError("storage is closed")
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    def _hand_over_later(self) -> None:
        if self._handover is None:
            self._handover = self._running().call_later(BACKGROUND_DELAY, self._hand_over)

    def _hand_over(self) -> None:
        if self._handover is not None:
            self._handover.cancel()
            self._handover = None
        self._handover_soon = False
        if self._pending:
            calls, self._pending = self._pending, []
            self._deliver(calls)

    def _settle(self, outcomes: list[Outcome], notes: int, commits: int) -> None:
        self._pending_notes -= notes
        self.batches += commits
        for future, result, error in outcomes:
            if future.done():  # the caller was cancelled meanwhile
                continue
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)


def sort_calls(calls: list[Call]) -> tuple[list[MeterCall], list[Row], list[Row]]:
    """The live meter calls, the message-log rows, and one (charger, first, last) per
    charger, in charger order (batches lock rows in the same order)."""
    meters: list[MeterCall] = []
    notes: list[Row] = []
    touched: dict[str, tuple[Any, Any]] = {}
    for kind, first, second in calls:
        if kind == METER:
            if not first.cancelled():  # its caller gave up before the write began
                meters.append((first, second))
        elif kind == NOTE:
            notes.append(first)
        elif kind == TOUCHED:
            seen = touched.get(first)
            touched[first] = (
                (min(seen[0], second), max(seen[1], second)) if seen else (second, second)
            )
    touches = [(charger_id, *seen) for charger_id, seen in sorted(touched.items())]
    return meters, notes, touches


def new_rows(meters: list[list[Row]]) -> tuple[list[Row], dict[Any, int]]:
    """The rows to insert, each (charger_id, fingerprint) once, and which call each is
    counted for: a row several calls share is new for the first of them only."""
    owner: dict[Any, int] = {}
    rows: list[Row] = []
    for index, call in enumerate(meters):
        for row in call:
            key = (row[METER_CHARGER], row[METER_FINGERPRINT])
            if key not in owner:  # a repeat would only conflict with the first
                owner[key] = index
                rows.append(row)
    return rows, owner


def refused(what: str, exc: Exception) -> StorageError:
    error = StorageError(f"{what} refused: {exc}")
    error.__cause__ = exc
    return error


def failed(exc: BaseException) -> StorageError:
    # The detail may reach a charger or integrator: name the failure, not the SQL.
    error = StorageError(f"storage failed ({type(exc).__name__})")
    error.__cause__ = exc
    return error
