"""The storage interface the bridge owns; ``storage/`` implements it.

Every method that records what a charger will be told has succeeded returns only after
the write is committed. Methods are grouped by what they serve; each is one unit of
work (one database transaction), so nothing is ever half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

from .enums import CommandStatus, OcppVersion, RegistrationStatus, Transport
from .messages import BootNotification
from .records import (
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


class Store(Protocol):
    # --- chargers -------------------------------------------------------------------
    async def get_charger(self, charger_id: str) -> ChargerRecord | None:
        """May be served from a short-lived cache: the bridge calls it for every message."""
        ...

    async def add_charger(
        self,
        charger_id: str,
        registration_status: RegistrationStatus,
        *,
        password_hash: str | None = None,
        now: dt.datetime,
    ) -> ChargerRecord:
        """Create a charger (an operator's act, or an unknown charger's first boot)."""
        ...

    async def set_registration(self, charger_id: str, status: RegistrationStatus) -> bool: ...

    async def record_boot(
        self, charger_id: str, boot: BootNotification, status: RegistrationStatus, now: dt.datetime
    ) -> None:
        """Store the identity a charger reported and the status it was given."""
        ...

    async def record_contact(
        self,
        charger_id: str,
        transport: Transport,
        version: OcppVersion,
        now: dt.datetime,
        soap_endpoint: str | None = None,
    ) -> bool:
        """Note last-seen; on a change of transport or version, add a protocol-history
        entry and make it current. A usable ``soap_endpoint`` replaces the learned one.
        Returns True when the transport or version changed."""
        ...

    def touch(self, charger_id: str, now: dt.datetime) -> None:
        """Note last-seen without waiting (coalesced, written with the next batch): for
        messages whose contact changed nothing else."""
        ...

    async def set_online(self, charger_id: str, online: bool, now: dt.datetime) -> None: ...

    async def expire_soap_presence(self, silent_since: dt.datetime, now: dt.datetime) -> list[str]:
        """Mark offline the SOAP chargers online but not seen since ``silent_since``;
        return their ids."""
        ...

    # --- id tags ---------------------------------------------------------------------
    async def get_id_tag(self, id_tag: str) -> IdTagRecord | None: ...

    async def count_open_transactions(self, id_tag: str) -> int: ...

    # --- transactions ------------------------------------------------------------------
    async def start_transaction(self, tx: NewTransaction) -> tuple[TransactionRecord, bool]:
        """Create the transaction, or return the one with the same ``start_key``.
        The bool is True when it was created now."""
        ...

    async def get_transaction(self, transaction_id: int) -> TransactionRecord | None: ...

    async def open_transaction_on(
        self, charger_id: str, connector_id: int
    ) -> TransactionRecord | None: ...

    async def stop_transaction(self, stop: TransactionStop) -> None:
        """Close the matched transaction, or record an unmatched stop (flagged)."""
        ...

    # --- connectors, meter values, reports ------------------------------------------------
    async def save_status(self, state: ConnectorState) -> None: ...

    async def save_meter_values(self, rows: Sequence[MeterRow]) -> int:
        """Insert rows whose fingerprint is new; return how many were new."""
        ...

    async def save_report(self, report: StatusReport) -> None: ...

    async def save_data_transfer(self, record: DataTransferRecord) -> None: ...

    # --- message log ---------------------------------------------------------------------
    async def log_messages(self, entries: Sequence[MessageLogEntry]) -> None: ...

    def note_message(self, entry: MessageLogEntry) -> None:
        """Queue a raw message for the log; written with the next batch, never awaited on
        a charger's hot path (the log is a record, not a promise to the charger)."""
        ...

    # --- commands ---------------------------------------------------------------------------
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
    ) -> CommandRecord: ...

    async def update_command(
        self,
        command_id: int,
        status: CommandStatus,
        now: dt.datetime,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> CommandRecord: ...

    async def get_command(self, command_id: int) -> CommandRecord | None: ...
