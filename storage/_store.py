"""``SqlStore``: the bridge's Store on SQLAlchemy, one unit of work per method."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import random
import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar, cast

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bridge.enums import CommandStatus, OcppVersion, RegistrationStatus, Transport
from bridge.errors import InternalError
from bridge.messages import BootNotification
from bridge.records import (
    ChargerRecord,
    CommandRecord,
    ConnectorState,
    DataTransferRecord,
    IdTagRecord,
    MessageLogEntry,
    MeterRow,
    NewTransaction,
    StatusReport,
    TransactionRecord,
    TransactionStop,
)

from . import (
    _chargers,
    _commands,
    _telemetry,
    _tokens,
    _transactions,
)
from ._batch import (
    DEFAULT_MAX_BATCH,
    GroupCommitter,
    Operation,
    Unit,
    run_in_one_transaction,
)
from ._chargers import RECORD_CONTACT, ContactCall, ProtocolChange
from ._engine import read_engine, sqlite_file, write_engine
from ._errors import StorageError, database_errors
from ._hot import HotWriter
from ._postgres_writer import PostgresHotWriter
from ._sqlite_writer import SqliteHotWriter
from ._tokens import ApiTokenRecord
from .queries import chargers as api_chargers
from .queries import transactions as api_transactions
from .queries import webhooks as api_webhooks

A = TypeVar("A")
T = TypeVar("T")

log = logging.getLogger(__name__)

# Noted messages waiting for their write, at most; beyond that they are dropped (and
# counted), so a stalled database cannot eat the gateway's memory.
MAX_NOTED_MESSAGES = 100_000
# Noted messages one write takes at most. Their parameters are processed on the event
# loop, so an unbounded write (thousands of rows under load) stalled every request in
# flight for tens of milliseconds; a full write hands further notes to the next one.
NOTED_PER_WRITE = 256
# Rows one message-log prune deletes per transaction: each holds the write lock briefly.
PRUNE_CHUNK = 5_000
# Message-log retention the gateway applies unless configured otherwise.
DEFAULT_MESSAGE_LOG_MAX_AGE = dt.timedelta(days=30)
DEFAULT_MESSAGE_LOG_MAX_ROWS = 5_000_000
MAX_CACHED_CHARGERS = 100_000
# How long a charger record read for one message serves the next ones. The bridge reads
# the charger on every message (registration check, transport); this store drops the
# entry on every write it makes to the charger, so only writes from another process
# (the CLI) take up to this long to be seen. Each entry's life is spread by up to a
# fifth, so a fleet that connected together does not miss together.
CHARGER_CACHE_SECONDS = 30.0


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageLogRetention:
    """How much raw wire text to keep: rows older than ``max_age`` and rows beyond the
    newest ``max_rows`` go (None: no limit of that kind)."""

    max_age: dt.timedelta | None = DEFAULT_MESSAGE_LOG_MAX_AGE
    max_rows: int | None = DEFAULT_MESSAGE_LOG_MAX_ROWS

    def cutoff(self, now: dt.datetime) -> dt.datetime | None:
        return None if self.max_age is None else now - self.max_age


class SqlStore:
    """:class:`bridge.store.Store` on SQLite or PostgreSQL.

    Each method is one unit of work, committed before it returns. The hot writes
    (``save_meter_values``, ``log_messages``, ``save_status``, ``record_contact``) go
    through group commit (see ``storage/_batch.py``) unless ``group_commit=False``.
    Meter values, noted messages and last-seen times go to a writer with a connection of
    its own instead (``storage/_hot.py``: a thread on a SQLite file, one statement per
    batch on PostgreSQL) unless ``hot_writer=False``. ``close()`` commits what is queued
    and stops the writers; the engine stays the caller's to dispose.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        group_commit: bool = True,
        max_batch: int = DEFAULT_MAX_BATCH,
        hot_writer: bool = True,
    ) -> None:
        self.engine = engine
        self._reads = async_sessionmaker(read_engine(engine), expire_on_commit=False)
        self._writes = async_sessionmaker(write_engine(engine), expire_on_commit=False)
        # The writer also serves note_message() when the awaited methods commit directly.
        self._writer = GroupCommitter(self._writes, max_batch=max_batch)
        self._committer = self._writer if group_commit else None
        # The hot writes (meter rows, the message log, last-seen) have a writer and a
        # connection of their own (see _hot.py).
        self._hot: HotWriter | None = None
        if group_commit and hot_writer:
            file = sqlite_file(engine)
            if file is not None:
                self._hot = SqliteHotWriter(file, max_pending_notes=MAX_NOTED_MESSAGES)
            elif engine.dialect.name == "postgresql":
                self._hot = PostgresHotWriter(engine, max_pending_notes=MAX_NOTED_MESSAGES)
        self._noted: list[MessageLogEntry] | None = None  # queued, not yet being written
        self._dropped_messages = 0
        self._noted_total = 0  # bound on notes queued for writing (in whole writes)
        self._touched: dict[str, dt.datetime] | None = None  # last-seen, not yet written
        self._chargers: dict[str, tuple[float, ChargerRecord | None]] = {}
        # Per charger, a number that changes when a write of ours to it begins or ends,
        # and how many are under way: a read that overlapped one is not cached.
        self._charger_writes = itertools.count()
        self._charger_seq: dict[str, int] = {}
        self._charger_writing: dict[str, int] = {}
        self.charger_cache_seconds = CHARGER_CACHE_SECONDS

    async def close(self) -> None:
        await self._writer.close()
        if self._hot is not None:
            await self._hot.close()

    async def __aenter__(self) -> SqlStore:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def group_commits(self) -> int:
        """Transactions the group-commit writers have committed so far."""
        return self._writer.batches + (self._hot.batches if self._hot is not None else 0)

    @property
    def dropped_messages(self) -> int:
        """Noted messages that could not be queued (too many waiting, or closed)."""
        hot = self._hot.dropped_notes if self._hot is not None else 0
        return self._dropped_messages + hot

    # --- units of work --------------------------------------------------------------------

    async def _read(self, query: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """One SELECT; on SQLite outside any transaction (see ``_engine.read_engine``)."""
        with database_errors():
            async with self._reads() as session:
                return await query(session)

    async def read(self, query: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run a read-only query (a function of a session) as one unit of work: for the
        API's listings, whose queries live in ``storage/queries/``."""
        return await self._read(query)

    async def _write(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        with database_errors():
            async with self._writes() as session, session.begin():
                return await work(session)

    async def _grouped(self, operation: Operation[A, T], argument: A) -> T:
        with database_errors():
            if self._committer is not None:
                return await self._committer.submit(operation, argument)
            (result,) = await run_in_one_transaction(self._writes, [(operation, argument)])
            return cast(T, result)

    # --- chargers -----------------------------------------------------------------------------

    async def get_charger(self, charger_id: str) -> ChargerRecord | None:
        now = time.monotonic()
        cached = self._chargers.get(charger_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        seq = self._charger_seq.get(charger_id)
        record = await self._read(lambda s: _chargers.get_charger(s, charger_id))
        # A write of ours to this charger that began or ended meanwhile may not be in
        # what was read: then the next message reads again.
        if self._charger_seq.get(charger_id) == seq and charger_id not in self._charger_writing:
            self._cache_charger(charger_id, record, now)
        return record

    def _cache_charger(self, charger_id: str, record: ChargerRecord | None, now: float) -> None:
        if len(self._chargers) >= MAX_CACHED_CHARGERS:
            self._chargers.clear()
            self._charger_seq.clear()
        life = self.charger_cache_seconds * (1.0 - 0.2 * random.random())
        self._chargers[charger_id] = (now + life, record)

    def _forget(self, charger_id: str) -> None:
        """Drop the cached record before a write to the charger's row; a revision of the
        record by a write of ours under way then is not cached either."""
        self._chargers.pop(charger_id, None)
        self._charger_seq[charger_id] = next(self._charger_writes)

    async def _charger_write(
        self,
        charger_id: str,
        write: Callable[[], Awaitable[T]],
        revise: Callable[[ChargerRecord, T], ChargerRecord | None] | None = None,
    ) -> T:
        """Run ``write``, which changes the charger's row, keeping the cache true: the
        entry is dropped first and, when ``revise`` says what the row became (from the
        cached record and the write's result), put back revised once committed, so the
        next message need not read it again. Only when no other write of ours to the
        charger overlapped: their order of commit is not known here."""
        entry = self._chargers.pop(charger_id, None)
        seq = self._charger_seq[charger_id] = next(self._charger_writes)
        self._charger_writing[charger_id] = self._charger_writing.get(charger_id, 0) + 1
        committed = False
        try:
            result = await write()
            committed = True
        finally:
            alone = self._charger_seq.get(charger_id) == seq
            writing = self._charger_writing.pop(charger_id) - 1
            if writing:
                self._charger_writing[charger_id] = writing
                alone = False
            self._charger_seq[charger_id] = next(self._charger_writes)
        if committed and alone and revise is not None and entry is not None:
            revised = revise(entry[1], result) if entry[1] is not None else None
            if revised is not None:
                self._chargers[charger_id] = (entry[0], revised)
        return result

    async def _write_charger(
        self,
        charger_id: str,
        work: Callable[[AsyncSession], Awaitable[T]],
        revise: Callable[[ChargerRecord, T], ChargerRecord | None] | None = None,
    ) -> T:
        return await self._charger_write(charger_id, lambda: self._write(work), revise)

    async def list_chargers(self) -> list[ChargerRecord]:
        return await self._read(_chargers.list_chargers)

    async def add_charger(
        self,
        charger_id: str,
        registration_status: RegistrationStatus,
        *,
        password_hash: str | None = None,
        now: dt.datetime,
    ) -> ChargerRecord:
        """Raises :class:`DuplicateChargerError` when the id exists."""
        record = await self._write_charger(
            charger_id,
            lambda s: _chargers.add_charger(s, charger_id, registration_status, password_hash, now),
        )
        if charger_id not in self._charger_writing:  # what was just added is the row
            self._cache_charger(charger_id, record, time.monotonic())
        return record

    async def set_registration(self, charger_id: str, status: RegistrationStatus) -> bool:
        return await self._write_charger(
            charger_id, lambda s: _chargers.set_registration(s, charger_id, status)
        )

    async def set_password(self, charger_id: str, password_hash: str | None) -> bool:
        return await self._write_charger(
            charger_id, lambda s: _chargers.set_password(s, charger_id, password_hash)
        )

    async def set_access(
        self, charger_id: str, *, auth_required: bool, allowed_ips: Sequence[str] = ()
    ) -> bool:
        return await self._write_charger(
            charger_id, lambda s: _chargers.set_access(s, charger_id, auth_required, allowed_ips)
        )

    async def set_soap_endpoint_override(self, charger_id: str, endpoint: str | None) -> bool:
        return await self._write_charger(
            charger_id, lambda s: _chargers.set_soap_endpoint_override(s, charger_id, endpoint)
        )

    async def delete_charger(self, charger_id: str) -> bool:
        """Delete a charger with its connectors, transactions, meter values and commands."""
        return await self._write_charger(
            charger_id, lambda s: _chargers.delete_charger(s, charger_id)
        )

    async def set_notes(self, charger_id: str, notes: str | None) -> bool:
        return await self._write_charger(
            charger_id, lambda s: _chargers.set_notes(s, charger_id, notes)
        )

    async def record_boot(
        self, charger_id: str, boot: BootNotification, status: RegistrationStatus, now: dt.datetime
    ) -> None:
        """Raises ``bridge.errors.UnknownChargerError`` for a charger not added first."""
        await self._write_charger(
            charger_id,
            lambda s: _chargers.record_boot(s, charger_id, boot, status, now),
            lambda record, _: _chargers.booted(record, boot, status),
        )

    async def record_contact(
        self,
        charger_id: str,
        transport: Transport,
        version: OcppVersion,
        now: dt.datetime,
        soap_endpoint: str | None = None,
    ) -> bool:
        return await self._charger_write(
            charger_id,
            lambda: self._grouped(
                RECORD_CONTACT, ContactCall(charger_id, transport, version, now, soap_endpoint)
            ),
            lambda record, _: _chargers.contacted(record, transport, version, now, soap_endpoint),
        )

    def touch(self, charger_id: str, now: dt.datetime) -> None:
        """Note last-seen without waiting: coalesced per charger and written with the
        writer's next transaction. Nothing a charger was told depends on it."""
        if self._hot is not None:
            self._hot.touch(charger_id, now)
            return
        if self._touched is not None:
            previous = self._touched.get(charger_id)
            if previous is None or previous < now:
                self._touched[charger_id] = now
            return
        touched = {charger_id: now}
        try:
            self._writer.post(lambda u: self._write_touched(u, touched))
        except InternalError:
            return
        self._touched = touched

    async def _write_touched(self, unit: Unit, touched: dict[str, dt.datetime]) -> None:
        if self._touched is touched:  # from now on, new touches start the next write
            self._touched = None
        for charger_id, at in touched.items():
            unit.touch(charger_id, at)

    async def set_online(self, charger_id: str, online: bool, now: dt.datetime) -> None:
        await self._write_charger(
            charger_id,
            lambda s: _chargers.set_online(s, charger_id, online, now),
            lambda record, _: dataclasses.replace(record, online=online),
        )

    async def expire_soap_presence(self, silent_since: dt.datetime, now: dt.datetime) -> list[str]:
        if self._hot is not None:  # the last-seen times it decides by, all of them
            await self._hot.flush()
        gone = await self._grouped(_chargers.EXPIRE_SOAP_PRESENCE, (silent_since, now))
        for charger_id in gone:
            self._forget(charger_id)
        return gone

    async def protocol_history(self, charger_id: str) -> list[ProtocolChange]:
        return await self._read(lambda s: _chargers.protocol_history(s, charger_id))

    # --- id tags ------------------------------------------------------------------------------

    async def get_id_tag(self, id_tag: str) -> IdTagRecord | None:
        return await self._read(lambda s: _transactions.get_id_tag(s, id_tag))

    async def list_id_tags(self) -> list[IdTagRecord]:
        return await self._read(_transactions.list_id_tags)

    async def upsert_id_tag(self, tag: IdTagRecord) -> None:
        await self._write(lambda s: _transactions.upsert_id_tag(s, tag))

    async def delete_id_tag(self, id_tag: str) -> bool:
        return await self._write(lambda s: _transactions.delete_id_tag(s, id_tag))

    async def count_open_transactions(self, id_tag: str) -> int:
        return await self._read(lambda s: _transactions.count_open_transactions(s, id_tag))

    # --- transactions ---------------------------------------------------------------------------

    async def start_transaction(self, tx: NewTransaction) -> tuple[TransactionRecord, bool]:
        # The unique start_key decides, not a read first: of racing identical starts one
        # INSERT wins, the others fail on the constraint and read the winner's row.
        try:
            created = await self._write(lambda s: _transactions.insert_transaction(s, tx))
        except StorageError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
            existing = await self._read(
                lambda s: _transactions.transaction_by_start_key(s, tx.start_key)
            )
            if existing is None:  # another constraint: unknown charger, id space used up
                raise
            if existing.charger_id != tx.charger_id:
                raise StorageError("start_key names another charger's transaction") from exc
            return existing, False
        return created, True

    async def get_transaction(self, transaction_id: int) -> TransactionRecord | None:
        if not -(2**63) <= transaction_id < 2**63:  # not a BIGINT: certainly not ours
            return None
        return await self._read(lambda s: _transactions.get_transaction(s, transaction_id))

    async def open_transaction_on(
        self, charger_id: str, connector_id: int
    ) -> TransactionRecord | None:
        return await self._read(
            lambda s: _transactions.open_transaction_on(s, charger_id, connector_id)
        )

    async def stop_transaction(self, stop: TransactionStop) -> None:
        await self._write(lambda s: _transactions.stop_transaction(s, stop))

    async def list_transactions(
        self, charger_id: str | None = None, *, open_only: bool = False, limit: int = 100
    ) -> list[TransactionRecord]:
        """Newest first."""
        return await self._read(
            lambda s: _transactions.list_transactions(s, charger_id, open_only, limit)
        )

    # --- connectors, meter values, reports --------------------------------------------------------

    async def save_status(self, state: ConnectorState) -> None:
        await self._grouped(_telemetry.SAVE_STATUS, state)

    async def get_connectors(self, charger_id: str) -> list[ConnectorState]:
        return await self._read(lambda s: _telemetry.get_connectors(s, charger_id))

    async def save_meter_values(self, rows: Sequence[MeterRow]) -> int:
        if not rows:
            return 0
        if self._hot is not None:
            return await self._hot.save_meter_rows(rows)
        return await self._grouped(_telemetry.SAVE_METER_VALUES, rows)

    async def list_meter_values(
        self,
        charger_id: str | None = None,
        *,
        transaction_id: int | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int = 1000,
    ) -> list[MeterRow]:
        """Oldest first, ``since`` <= timestamp < ``until``."""
        return await self._read(
            lambda s: _telemetry.list_meter_values(
                s, charger_id, transaction_id, since, until, limit
            )
        )

    async def save_report(self, report: StatusReport) -> None:
        await self._write(lambda s: _telemetry.save_report(s, report))

    async def list_reports(
        self, charger_id: str, *, kind: str | None = None, limit: int = 100
    ) -> list[StatusReport]:
        """Newest first."""
        return await self._read(lambda s: _telemetry.list_reports(s, charger_id, kind, limit))

    async def save_data_transfer(self, record: DataTransferRecord) -> None:
        await self._write(lambda s: _telemetry.save_data_transfer(s, record))

    async def list_data_transfers(
        self, charger_id: str, *, limit: int = 100
    ) -> list[DataTransferRecord]:
        """Newest first."""
        return await self._read(lambda s: _telemetry.list_data_transfers(s, charger_id, limit))

    # --- message log --------------------------------------------------------------------------------

    async def log_messages(self, entries: Sequence[MessageLogEntry]) -> None:
        if entries:
            await self._grouped(_telemetry.LOG_MESSAGES, entries)

    def note_message(self, entry: MessageLogEntry) -> None:
        """Queue a raw message for the log without waiting: the messages noted until the
        writer gets to them go in one INSERT. A failed write is logged, not raised."""
        if self._hot is not None:
            self._hot.note(entry)  # one that cannot be queued is counted in dropped_messages
            return
        if self._noted is not None and len(self._noted) < NOTED_PER_WRITE:
            self._noted.append(entry)
            return
        if self._noted_total >= MAX_NOTED_MESSAGES:
            self._dropped_messages += 1
            return
        noted = [entry]
        counted = [True]  # still in _noted_total
        try:
            self._writer.post(lambda u: self._write_noted(u, noted, counted))
        except InternalError:
            self._dropped_messages += 1
            log.warning("message from %r not logged: storage is closed", entry.charger_id)
            return
        self._noted = noted
        self._noted_total += NOTED_PER_WRITE

    async def _write_noted(
        self, unit: Unit, noted: list[MessageLogEntry], counted: list[bool]
    ) -> None:
        if self._noted is noted:  # from now on, new notes start the next write
            self._noted = None
        if counted[0]:  # a failed batch is retried call by call: count this write out once
            counted[0] = False
            self._noted_total -= NOTED_PER_WRITE
        await _telemetry.insert_log_entries(unit.session, noted)

    async def list_messages(
        self, charger_id: str | None = None, *, limit: int = 100
    ) -> list[MessageLogEntry]:
        """Newest first."""
        return await self._read(lambda s: _telemetry.list_messages(s, charger_id, limit))

    async def prune_message_log(
        self, older_than: dt.datetime | None, *, max_rows: int | None = None
    ) -> int:
        """Delete message-log rows older than ``older_than`` and beyond the newest
        ``max_rows``, in short transactions of :data:`PRUNE_CHUNK` rows, so it can run
        in the background beside live traffic. Returns how many rows went."""
        if max_rows is not None and max_rows < 0:
            raise ValueError("max_rows must not be negative")
        total = 0
        while True:
            deleted = await self._write(
                lambda s: _telemetry.prune_message_log_chunk(s, older_than, max_rows, PRUNE_CHUNK)
            )
            total += deleted
            if deleted < PRUNE_CHUNK:
                return total

    async def apply_retention(self, retention: MessageLogRetention, now: dt.datetime) -> int:
        return await self.prune_message_log(retention.cutoff(now), max_rows=retention.max_rows)

    # --- commands -----------------------------------------------------------------------------------

    async def create_command(
        self,
        charger_id: str,
        action: str,
        payload: dict[str, Any],
        status: CommandStatus,
        now: dt.datetime,
        *,
        transport: Transport | None = None,
        version: OcppVersion | None = None,
        error: str | None = None,
    ) -> CommandRecord:
        return await self._write(
            lambda s: _commands.create_command(
                s, charger_id, action, payload, status, now, transport, version, error
            )
        )

    async def update_command(
        self,
        command_id: int,
        status: CommandStatus,
        now: dt.datetime,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> CommandRecord:
        """Raises :class:`UnknownCommandError` for an id we do not have."""
        return await self._write(
            lambda s: _commands.update_command(s, command_id, status, now, result, error)
        )

    async def get_command(self, command_id: int) -> CommandRecord | None:
        return await self._read(lambda s: _commands.get_command(s, command_id))

    async def list_commands(
        self,
        charger_id: str | None = None,
        *,
        limit: int = 100,
        before_id: int | None = None,
        statuses: Collection[CommandStatus] = (),
        actions: Collection[str] = (),
    ) -> list[CommandRecord]:
        """Newest first; ``before_id`` continues a listing after the command with that id."""
        return await self._read(
            lambda s: _commands.list_commands(s, charger_id, limit, before_id, statuses, actions)
        )

    # --- integrator API: tokens ---------------------------------------------------------------------

    async def create_api_token(
        self, name: str, scopes: Sequence[str], secret_sha256: str, now: dt.datetime
    ) -> ApiTokenRecord:
        return await self._write(
            lambda s: _tokens.create_token(s, name, scopes, secret_sha256, now)
        )

    async def get_api_token(self, token_id: int) -> ApiTokenRecord | None:
        if not -(2**63) <= token_id < 2**63:
            return None
        return await self._read(lambda s: _tokens.get_token(s, token_id))

    async def list_api_tokens(self) -> list[ApiTokenRecord]:
        return await self._read(_tokens.list_tokens)

    async def revoke_api_token(self, token_id: int, now: dt.datetime) -> bool:
        return await self._write(lambda s: _tokens.revoke_token(s, token_id, now))

    async def note_api_token_used(self, token_id: int, now: dt.datetime) -> None:
        await self._write(lambda s: _tokens.note_token_used(s, token_id, now))

    # --- integrator API: id tags --------------------------------------------------------------------

    async def save_id_tags(
        self,
        tags: Sequence[IdTagRecord],
        *,
        overwrite: bool = True,
        fields: Sequence[str] = api_transactions.ID_TAG_FIELDS,
    ) -> api_transactions.IdTagsSaved:
        """Insert the new tags and (``overwrite``) set ``fields`` of the existing ones, in
        one transaction: all of them or none. Without ``overwrite`` existing tags are left
        as they are (``existing`` counts them), so one tag is created only if new."""
        return await self._write(
            lambda s: api_transactions.save_id_tags(s, tags, overwrite, fields)
        )

    # --- integrator API: webhooks -------------------------------------------------------------------

    async def create_webhook(
        self,
        *,
        url: str,
        secret: str,
        event_types: Sequence[str],
        charger_ids: Sequence[str],
        enabled: bool,
        description: str | None,
        now: dt.datetime,
    ) -> api_webhooks.WebhookRecord:
        return await self._write(
            lambda s: api_webhooks.create_webhook(
                s,
                url=url,
                secret=secret,
                event_types=event_types,
                charger_ids=charger_ids,
                enabled=enabled,
                description=description,
                now=now,
            )
        )

    async def update_webhook(
        self, webhook_id: int, changes: Mapping[str, Any]
    ) -> api_webhooks.WebhookRecord | None:
        """Set the given fields (``api_webhooks.WEBHOOK_FIELDS``); None for an unknown id."""
        return await self._write(lambda s: api_webhooks.update_webhook(s, webhook_id, changes))

    async def delete_webhook(self, webhook_id: int) -> bool:
        """The webhook with its delivery log."""
        return await self._write(lambda s: api_webhooks.delete_webhook(s, webhook_id))

    async def add_webhook_deliveries(self, deliveries: Sequence[api_webhooks.NewDelivery]) -> int:
        """Many pending deliveries in one transaction; returns how many were written."""
        return await self._write(lambda s: api_webhooks.insert_deliveries(s, deliveries))

    async def record_webhook_attempt(self, attempt: api_webhooks.Attempt) -> bool:
        return await self._write(lambda s: api_webhooks.record_attempt(s, attempt))

    # --- integrator API: chargers ---------------------------------------------------------------------

    async def create_charger(
        self,
        charger_id: str,
        registration_status: RegistrationStatus,
        now: dt.datetime,
        settings: Mapping[str, Any],
    ) -> ChargerRecord:
        """A charger with its operator fields (``api_chargers.OPERATOR_FIELDS``), all in
        one transaction. Raises :class:`DuplicateChargerError` when the id exists."""
        self._forget(charger_id)
        return await self._write(
            lambda s: api_chargers.create_charger(s, charger_id, registration_status, now, settings)
        )

    async def update_charger(self, charger_id: str, changes: Mapping[str, Any]) -> bool:
        """Set operator fields in one statement; False for an unknown charger."""
        self._forget(charger_id)
        return await self._write(lambda s: api_chargers.update_charger(s, charger_id, changes))
