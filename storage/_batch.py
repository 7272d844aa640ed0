"""Group commit: many callers' small writes, one database transaction.

A commit is the expensive part of a small write (an fsync on PostgreSQL; a lock
hand-over on SQLite), and with SQLAlchemy each statement costs CPU. The
:class:`GroupCommitter` has one writer task. Callers queue a call of an
:class:`Operation` and wait; the writer takes every call queued at that moment (up to
``max_batch``), hands each operation all of its calls at once (so fifty callers' meter
values become one INSERT), commits once, and only then resolves each caller's future.
A caller that returns has its write committed, as ``bridge.store`` requires. Batches
form by themselves: while one commits, the next one queues. No timer delays a lone
caller.

Failure: when any call of a batch fails (or the commit does), the whole transaction is
rolled back and every call is run again in a transaction of its own (unless SQLite
itself failed: locked past the busy timeout, I/O, a full disk; then every call gets
that error at once). One bad caller
gets its own error; the others are committed, and nothing is half-written. Operations
must therefore be safe to run again after a rollback: touch only the session.

A caller that is cancelled before its batch starts is dropped; one cancelled later
may still be committed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bridge.errors import InternalError

from ._models import chargers_table
from ._types import postgres_datetime, sqlite_datetime

A = TypeVar("A")
T = TypeVar("T")

log = logging.getLogger(__name__)

# Most calls one transaction takes; a bound on how long the write lock is held.
DEFAULT_MAX_BATCH = 256
# How long a posted write (nobody waits for it) is held for others to join it, unless a
# caller's write comes first and takes it along.
BACKGROUND_DELAY = 0.02


class Unit:
    """One transaction's session, plus the writes that are coalesced until its end."""

    __slots__ = ("_seen", "session")

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._seen: dict[str, tuple[dt.datetime, dt.datetime]] = {}

    def touch(self, charger_id: str, at: dt.datetime) -> None:
        """Note that the charger was seen: one UPDATE per charger, at :meth:`flush`."""
        first, last = self._seen.get(charger_id, (at, at))
        self._seen[charger_id] = (min(first, at), max(last, at))

    async def flush(self) -> None:
        if not self._seen:
            return
        seen = sorted(self._seen.items())
        self._seen.clear()
        # Straight to the driver, like the telemetry writes: a flush is hundreds of rows
        # under load, and SQLAlchemy would process each one's parameters on the event loop.
        # One executemany, in charger order: batches lock rows in the same order.
        connection = await self.session.connection()
        if connection.dialect.name == "sqlite":
            await connection.exec_driver_sql(
                _TOUCH_SQLITE,
                [
                    (charger_id, sqlite_datetime(first_at), sqlite_datetime(last_at))
                    for charger_id, (first_at, last_at) in seen
                ],
            )
        else:
            await connection.exec_driver_sql(
                _TOUCH_POSTGRESQL,
                [
                    (charger_id, postgres_datetime(first_at), postgres_datetime(last_at))
                    for charger_id, (first_at, last_at) in seen
                ],
            )


# Messages may arrive out of order: the seen times only ever widen. SQLite compares the
# stored text (``storage/_types.py``: naive UTC, which sorts as time does).
_TOUCH = (
    'UPDATE "chargers" SET '
    '"first_seen" = CASE WHEN "first_seen" IS NULL OR "first_seen" > {first} THEN {first} '
    'ELSE "first_seen" END, '
    '"last_seen" = CASE WHEN "last_seen" IS NULL OR "last_seen" < {last} THEN {last} '
    'ELSE "last_seen" END '
    'WHERE "id" = {charger_id}'
)
# SQLite's numbered parameters (?NNN) take a tuple, as PostgreSQL's $N do.
_TOUCH_SQLITE = _TOUCH.format(charger_id="?1", first="?2", last="?3")
_TOUCH_POSTGRESQL = _TOUCH.format(charger_id="$1", first="$2::TIMESTAMPTZ", last="$3::TIMESTAMPTZ")
assert chargers_table.name == "chargers" and {"id", "first_seen", "last_seen"} <= set(
    chargers_table.c.keys()
)


class Operation(Generic[A, T]):
    """A write whose concurrent calls can run together. :meth:`run` must give the
    results that running the calls one after the other, in order, would give."""

    async def run(self, unit: Unit, calls: Sequence[A]) -> list[T]:
        raise NotImplementedError


Work = Callable[[Unit], Awaitable[T]]


class _RunEach(Operation[Work[Any], Any]):
    """Calls that are async functions of the unit, run one by one."""

    async def run(self, unit: Unit, calls: Sequence[Work[Any]]) -> list[Any]:
        return [await work(unit) for work in calls]


RUN_EACH = _RunEach()

Call = tuple[Operation[Any, Any], Any]


async def run_in_one_transaction(
    sessions: async_sessionmaker[AsyncSession], calls: Sequence[Call]
) -> list[Any]:
    """Run the calls in one transaction, each operation once; results in call order."""
    by_operation: dict[Operation[Any, Any], list[int]] = {}
    for index, (operation, _) in enumerate(calls):
        by_operation.setdefault(operation, []).append(index)
    results: list[Any] = [None] * len(calls)
    async with sessions() as session, session.begin():
        unit = Unit(session)
        for operation, indexes in by_operation.items():
            outcome = await operation.run(unit, [calls[i][1] for i in indexes])
            for index, result in zip(indexes, outcome, strict=True):
                results[index] = result
        await unit.flush()
    return results


@dataclass(slots=True)
class _Job(Generic[A, T]):
    operation: Operation[A, T]
    argument: A
    future: asyncio.Future[T]


class GroupCommitter:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, max_batch: int = DEFAULT_MAX_BATCH
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._sessions = sessions
        self._max_batch = max_batch
        self._queue: asyncio.Queue[_Job[Any, Any] | None] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self._held: list[_Job[Any, Any]] = []  # posted, waiting for company
        self._release: asyncio.TimerHandle | None = None
        self._closed = False
        self.batches = 0  # committed transactions, for tests and benchmarks

    async def submit(self, operation: Operation[A, T], argument: A) -> T:
        """Run the call in the next group transaction; return once it is committed."""
        future: asyncio.Future[T] = self._start().create_future()
        self._release_held()  # first: what was noted before this call is written with it
        self._queue.put_nowait(_Job(operation, argument, future))
        return await future

    def post(self, work: Work[Any]) -> None:
        """Queue ``work`` with nobody waiting for it: a failure is logged, not raised.
        It waits up to :data:`BACKGROUND_DELAY` for other writes to join, so a stream
        of them (the message log, last-seen) makes a few large transactions, not many
        small ones. Call from the event loop; raises InternalError once closed."""
        loop = self._start()
        future: asyncio.Future[Any] = loop.create_future()
        future.add_done_callback(_log_failure)
        self._held.append(_Job(RUN_EACH, work, future))
        if self._release is None:
            self._release = loop.call_later(BACKGROUND_DELAY, self._release_held)

    def _release_held(self) -> None:
        if self._release is not None:
            self._release.cancel()
            self._release = None
        if not self._held:
            return
        self._start()  # a writer that stopped meanwhile is replaced
        for job in self._held:
            self._queue.put_nowait(job)
        self._held.clear()

    async def close(self) -> None:
        """Commit what is queued, then stop the writer. Later submits fail."""
        if self._closed:
            return
        self._release_held()
        self._closed = True
        if self._writer is None:
            return
        self._queue.put_nowait(None)
        await asyncio.wait({self._writer})  # cancelling close() leaves the writer be

    def _start(self) -> asyncio.AbstractEventLoop:
        if self._closed:
            raise InternalError("storage is closed")
        loop = asyncio.get_running_loop()
        if self._writer is None:
            self._writer = loop.create_task(self._write_forever(), name="storage-group-commit")
        return loop

    async def _write_forever(self) -> None:
        batch: list[_Job[Any, Any]] = []
        try:
            while True:
                job = await self._queue.get()
                if job is None:
                    return
                batch = [job]
                stop = False
                while len(batch) < self._max_batch and not self._queue.empty():
                    queued = self._queue.get_nowait()
                    if queued is None:
                        stop = True
                        break
                    batch.append(queued)
                await self._commit(batch)
                batch = []
                if stop:
                    return
        finally:
            # Cancelled or broken: nobody may wait forever, and the next submit starts
            # a new writer.
            self._writer = None
            while not self._queue.empty():
                queued = self._queue.get_nowait()
                if queued is not None:
                    batch.append(queued)
            for job in batch:
                if not job.future.done():
                    job.future.set_exception(InternalError("storage writer stopped"))

    async def _commit(self, batch: list[_Job[Any, Any]]) -> None:
        live = [job for job in batch if not job.future.done()]
        if not live:
            return
        try:
            results = await run_in_one_transaction(
                self._sessions, [(job.operation, job.argument) for job in live]
            )
        except Exception as exc:
            if len(live) == 1 or not _one_call_may_be_at_fault(exc):
                for job in live:
                    _settle(job, exc=exc)
                return
            first, *rest = live
            failure = await self._commit_alone(first)
            if failure is not None and not _the_calls_own_fault(failure):
                # The batch and its first call alone both failed, and not for the call's
                # data: the server is gone or refusing us. The others would each fail
                # the same way after a wait of their own.
                for job in rest:
                    _settle(job, exc=failure)
                return
            for job in rest:
                await self._commit_alone(job)
            return
        self.batches += 1
        for job, result in zip(live, results, strict=True):
            _settle(job, result=result)

    async def _commit_alone(self, job: _Job[Any, Any]) -> BaseException | None:
        """Write one call in a transaction of its own; its error, if it failed."""
        try:
            (result,) = await run_in_one_transaction(
                self._sessions, [(job.operation, job.argument)]
            )
        except Exception as exc:
            _settle(job, exc=exc)
            return exc
        self.batches += 1
        _settle(job, result=result)
        return None


def _one_call_may_be_at_fault(exc: BaseException) -> bool:
    """Whether writing each call again could tell a bad call from good ones. Not when
    SQLite itself failed (locked past the busy timeout, I/O, a full disk): each call
    would only wait that long again. A PostgreSQL error may be a dropped connection or
    a deadlock, which a call alone on another connection gets past."""
    return not isinstance(getattr(exc, "orig", None), sqlite3.OperationalError)


def _the_calls_own_fault(exc: BaseException) -> bool:
    """Whether ``exc`` is about the call's data (a constraint, a value the column refuses,
    a rule of ours), not about the database (a connection refused or lost, a timeout)."""
    if isinstance(exc, IntegrityError | DataError):
        return True
    return not isinstance(exc, SQLAlchemyError | OSError | TimeoutError)


def _log_failure(future: asyncio.Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("background write failed", exc_info=future.exception())


def _settle(job: _Job[Any, Any], *, result: Any = None, exc: BaseException | None = None) -> None:
    if job.future.done():  # the caller was cancelled meanwhile
        return
    if exc is not None:
        job.future.set_exception(exc)
    else:
        job.future.set_result(result)
