"""The hot writes on a SQLite file (``_hot.py``): a thread of their own.

Through SQLAlchemy and aiosqlite each group commit was six or more hops between the
event loop and aiosqlite's thread (BEGIN, each INSERT, the UPDATE, COMMIT), each
waiting behind a whole iteration of the loop, and a session's worth of Python on the
loop per batch. :class:`SqliteHotWriter` has one thread and one plain ``sqlite3``
connection, set up as the engine's connections are (``_engine.SqliteFile``). The thread
takes everything handed over, writes it in one transaction (BEGIN IMMEDIATE, one
INSERT per table, one UPDATE, COMMIT) and tells the loop once per batch.

Each statement takes its rows as one JSON text (orjson) read with ``json_each``, because of
the GIL, which this thread shares with the event loop. ``executemany`` gives up the GIL
for each row's step and must win it back from the busy loop each time; a multi-row
VALUES statement gives it up once, but binds its 1,400 parameters per 100 rows while
holding it. One text parameter is bound at once; SQLite's extra work taking the JSON
apart (113 against 70 us per MeterValues, a thread alone) runs without the GIL, on the
other core. MeterValues: faster with JSON in each of six alternating pairs of runs,
by 5-38% (1,710-2,178 against 1,374-1,868 req/s; bench/soap.md). Checkpoints run in a thread of their own too
(:class:`Checkpointer`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import queue
import sqlite3
import threading
from collections.abc import Sequence
from typing import Final

import orjson

from bridge.errors import InternalError
from bridge.records import MessageLogEntry, MeterRow

from ._engine import SqliteFile
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
from ._rows import LOG_COLUMNS, METER_COLUMNS, Row, sqlite_log_row, sqlite_meter_rows
from ._telemetry import METER_CONFLICT
from ._types import sqlite_datetime

log = logging.getLogger(__name__)


assert {"id", "first_seen", "last_seen"} <= set(chargers_table.c.keys())


def _insert(table: str, columns: Sequence[str], conflict: str = "") -> str:
    """An INSERT of the rows of one JSON array of arrays (``?``), in column order."""
    names = ", ".join(f'"{name}"' for name in columns)
    values = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    # "WHERE true": SQLite's parser needs it between a SELECT and ON CONFLICT.
    return f'INSERT INTO "{table}" ({names}) SELECT {values} FROM json_each(?) WHERE true{conflict}'


_METER_INSERT: Final = _insert(meter_values_table.name, list(METER_COLUMNS), METER_CONFLICT)
_LOG_INSERT: Final = _insert(message_log_table.name, list(LOG_COLUMNS))
# Seen times only ever widen (messages may arrive out of order), as in _batch.py. The
# (charger, first, last) rows come as one JSON text too.
_TOUCH: Final = (
    'UPDATE "chargers" SET '
    '"first_seen" = CASE WHEN "first_seen" IS NULL OR "first_seen" > seen.first '
    'THEN seen.first ELSE "first_seen" END, '
    '"last_seen" = CASE WHEN "last_seen" IS NULL OR "last_seen" < seen.last '
    'THEN seen.last ELSE "last_seen" END '
    "FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS first, "
    "json_extract(value, '$[2]') AS last FROM json_each(?)) AS seen "
    'WHERE "chargers"."id" = seen.id'
)
# The rows the INSERTs just added, when some were not new: the thread holds the write
# lock, and SQLite numbers new rows from the largest rowid so far (no AUTOINCREMENT).
_NEWEST_METER_KEYS: Final = (
    'SELECT "charger_id", "fingerprint" FROM "meter_values" ORDER BY "id" DESC LIMIT ?'
)
# How often committed WAL pages are copied back into the database (Checkpointer), and
# the WAL's length in pages (4 KiB: about 16 MiB) after which it is started over.
CHECKPOINT_INTERVAL: Final = 0.5
RESTART_AFTER_FRAMES: Final = 4_000
RESTART_BUSY_TIMEOUT_MS: Final = 100


class SqliteHotWriter(HotWriter):
    """:class:`HotWriter` for one SQLite file, written by a thread of its own."""

    def __init__(
        self,
        file: SqliteFile,
        *,
        max_pending_notes: int,
        checkpoint_interval: float = CHECKPOINT_INTERVAL,
        restart_after_frames: int = RESTART_AFTER_FRAMES,
    ) -> None:
        super().__init__(max_pending_notes=max_pending_notes)
        self._file = file
        self.checkpointer = Checkpointer(file, checkpoint_interval, restart_after_frames)
        # Lists of calls, handed from the loop to the thread.
        self._queue: queue.SimpleQueue[list[Call]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stopped: asyncio.Future[None] | None = None

    def _meter_rows(self, rows: Sequence[MeterRow]) -> list[Row]:
        return sqlite_meter_rows(rows)

    def _log_row(self, entry: MessageLogEntry) -> Row:
        return sqlite_log_row(entry)

    def _seen(self, at: dt.datetime) -> str:
        return sqlite_datetime(at)  # naive UTC text: sorts as time does

    def _deliver(self, calls: list[Call]) -> None:
        self._start()
        self._queue.put(calls)

    async def _finish(self) -> None:
        checkpointer = self.checkpointer.stop()
        if checkpointer is not None:
            await asyncio.to_thread(checkpointer.join)
        if self._thread is None or self._stopped is None:
            return
        self._queue.put([STOP])
        await asyncio.shield(self._stopped)

    def _start(self) -> None:
        assert self._loop is not None  # set by the call that queued what is handed over
        if self._thread is None:
            self.checkpointer.start()
            self._stopped = self._loop.create_future()
            self._thread = threading.Thread(
                target=self._run, name="storage-sqlite-writer", daemon=True
            )
            self._thread.start()

    def _exited(self, error: BaseException | None) -> None:
        """The thread has stopped: asked to, or broken (then a new one takes what was
        handed over after it failed everything it held)."""
        self._thread = None
        if error is not None:
            log.error("the SQLite writer thread failed", exc_info=error)
        if self._closed or self._queue.empty():
            assert self._stopped is not None
            if not self._stopped.done():
                self._stopped.set_result(None)
        else:
            self._start()

    # --- the writer thread's side -------------------------------------------------------

    def _run(self) -> None:
        assert self._loop is not None
        loop = self._loop
        error: BaseException | None = None
        calls: list[Call] = []
        try:
            connection = self._file.connect()
            connection.execute("PRAGMA wal_autocheckpoint=0")  # the Checkpointer's work
            try:
                stop = False
                while not stop:
                    calls = self._drain(self._queue.get())
                    stop = STOP in calls
                    while calls:  # a bound on how long one transaction holds the lock
                        batch, calls = calls[:MAX_CALLS_PER_BATCH], calls[MAX_CALLS_PER_BATCH:]
                        outcomes, notes, commits = self._write(connection, batch)
                        loop.call_soon_threadsafe(self._settle, outcomes, notes, commits)
            finally:
                connection.close()
        except BaseException as exc:  # nobody may wait forever: fail what this thread holds
            error = exc
            calls = self._drain(calls)
            stopped = InternalError("storage writer stopped")
            outcomes = [(f, 0, stopped) for kind, f, _ in calls if kind == METER]
            notes = sum(kind == NOTE for kind, _, _ in calls)
            loop.call_soon_threadsafe(self._settle, outcomes, notes, 0)
        finally:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting
                loop.call_soon_threadsafe(self._exited, error)

    def _drain(self, calls: list[Call]) -> list[Call]:
        """``calls`` and all that was handed over after them."""
        while True:
            try:
                calls += self._queue.get_nowait()
            except queue.Empty:
                return calls

    def _write(
        self, connection: sqlite3.Connection, calls: list[Call]
    ) -> tuple[list[Outcome], int, int]:
        """What to tell each meter call, how many notes were taken, and how many
        transactions were committed."""
        outcomes: list[Outcome] = []
        # Rows come in the driver's form, made on the loop: the thread holds the GIL as
        # little as it can, since the loop waits for every moment it does.
        meters, notes, touches = sort_calls(calls)
        if not (meters or notes or touches):
            return outcomes, 0, 0
        try:
            counts = _transaction(connection, [rows for _, rows in meters], notes, touches)
        except sqlite3.Error as exc:
            if isinstance(exc, sqlite3.IntegrityError) and len(meters) + bool(notes or touches) > 1:
                # One call's data, perhaps: each call alone tells which.
                log.warning("SQLite batch failed (%s); writing each call alone", exc)
                commits = _write_alone(connection, meters, notes, touches, outcomes)
                return outcomes, len(notes), commits
            # A lone call, or the database's trouble (locked past the busy timeout, I/O,
            # a full disk), not a call's: writing each call again would only fail again.
            log.error(
                "SQLite write failed (%s): %d meter calls failed, %d message-log rows and "
                "%d last-seen times not written",
                exc,
                len(meters),
                len(notes),
                len(touches),
            )
            error = failed(exc)
            outcomes.extend((future, 0, error) for future, _ in meters)
            return outcomes, len(notes), 0
        outcomes.extend(
            (future, count, None) for (future, _), count in zip(meters, counts, strict=True)
        )
        return outcomes, len(notes), 1


class Checkpointer:
    """Copies the WAL back into the database from a thread and a connection of its own.

    With SQLite's automatic checkpoints, the commit that takes the WAL past its limit
    copies all of it back before it returns: under MeterValues load a 40-55 ms stall of
    the writer every few seconds, which every caller waiting for a commit then felt (the
    p99). Here the writer never checkpoints: every ``interval`` a PASSIVE checkpoint
    copies what is committed without taking the write lock, and once the WAL holds
    ``restart_after_frames`` pages a RESTART checkpoint (the few pages since, under the
    write lock briefly) makes the next commit start the WAL from its beginning again,
    which a writer that never pauses would otherwise never do."""

    def __init__(self, file: SqliteFile, interval: float, restart_after_frames: int) -> None:
        self._file = file
        self._interval = interval
        self._restart_after_frames = restart_after_frames
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.checkpoints = 0  # PASSIVE checkpoints run, for tests
        self.restarts = 0  # RESTART checkpoints run

    def start(self) -> None:
        if self._thread is None and not self._stop.is_set():
            self._thread = threading.Thread(
                target=self._run, name="storage-sqlite-checkpoint", daemon=True
            )
            self._thread.start()

    def stop(self) -> threading.Thread | None:
        """Tell the thread to stop; it is returned to be joined (off the event loop)."""
        self._stop.set()
        return self._thread

    def _run(self) -> None:
        try:
            connection = self._file.connect()
        except sqlite3.Error:
            log.exception("the SQLite checkpoint thread could not connect")
            return
        try:
            connection.execute("PRAGMA wal_autocheckpoint=0")
            # A RESTART that must wait for a long reader (an export) would hold off the
            # writer meanwhile: it gives up after this, and is tried again next time.
            connection.execute(f"PRAGMA busy_timeout={RESTART_BUSY_TIMEOUT_MS}")
            while not self._stop.wait(self._interval):
                try:
                    busy, frames, copied = connection.execute(
                        "PRAGMA wal_checkpoint(PASSIVE)"
                    ).fetchone()
                    self.checkpoints += 1
                    if not busy and frames >= self._restart_after_frames and copied == frames:
                        connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
                        self.restarts += 1
                except sqlite3.Error as exc:  # busy for longer than the busy timeout
                    log.warning("SQLite checkpoint failed: %s", exc)
        finally:
            connection.close()


def _write_alone(
    connection: sqlite3.Connection,
    meters: list[MeterCall],
    notes: list[Row],
    touches: list[Row],
    outcomes: list[Outcome],
) -> int:
    commits = 0
    for future, rows in meters:
        try:
            (count,) = _transaction(connection, [rows], [], [])
        except sqlite3.Error as exc:
            outcomes.append((future, 0, failed(exc)))
        else:
            commits += 1
            outcomes.append((future, count, None))
    if notes or touches:
        try:
            _transaction(connection, [], notes, touches)
            commits += 1
        except sqlite3.Error:
            log.exception(
                "%d message-log rows and %d last-seen times not written", len(notes), len(touches)
            )
    return commits


def _write_rows(connection: sqlite3.Connection, statement: str, rows: list[Row]) -> int:
    """Run a statement that takes its rows as one JSON text; how many rows it changed."""
    return connection.execute(statement, (orjson.dumps(rows).decode(),)).rowcount


def _transaction(
    connection: sqlite3.Connection,
    meters: list[list[Row]],
    notes: list[Row],
    touches: list[Row],
) -> list[int]:
    """Write everything in one transaction; how many rows of each meter call were new.
    A row several calls share counts as new for the first of them only."""
    rows, owner = new_rows(meters)
    counts = [0] * len(meters)
    connection.execute("BEGIN IMMEDIATE")
    try:
        if rows:
            inserted = _write_rows(connection, _METER_INSERT, rows)
            if inserted == len(rows):
                for index in owner.values():
                    counts[index] += 1
            elif inserted:
                for charger_id, fingerprint in connection.execute(_NEWEST_METER_KEYS, (inserted,)):
                    counts[owner[charger_id, fingerprint]] += 1
        if notes:
            _write_rows(connection, _LOG_INSERT, notes)
        if touches:
            _write_rows(connection, _TOUCH, touches)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return counts
