"""What the bridge knows about chargers, tags, transactions and commands.

These are the shapes that cross the :class:`bridge.store.Store` interface: storage
loads and saves them, the rules decide over them. Frozen, like everything here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .enums import (
    AuthorizationStatus,
    ChargePointErrorCode,
    ChargePointStatus,
    CommandStatus,
    Direction,
    OcppVersion,
    Reason,
    RegistrationStatus,
    Transport,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargerRecord:
    id: str
    registration_status: RegistrationStatus
    transport: Transport | None = None
    version: OcppVersion | None = None
    soap_endpoint: str | None = None  # learned from wsa:From
    soap_endpoint_override: str | None = None  # set by an operator; wins
    password_hash: str | None = None
    auth_required: bool = False
    allowed_ips: tuple[str, ...] = ()
    vendor: str | None = None
    model: str | None = None
    charge_point_serial_number: str | None = None
    charge_box_serial_number: str | None = None
    firmware_version: str | None = None
    iccid: str | None = None
    imsi: str | None = None
    meter_type: str | None = None
    meter_serial_number: str | None = None
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    online: bool = False
    notes: str | None = None

    @property
    def command_endpoint(self) -> str | None:
        return self.soap_endpoint_override or self.soap_endpoint


@dataclass(frozen=True, slots=True, kw_only=True)
class IdTagRecord:
    id_tag: str
    status: AuthorizationStatus = AuthorizationStatus.ACCEPTED
    expiry_date: dt.datetime | None = None
    parent_id_tag: str | None = None
    blocked: bool = False
    max_active_transactions: int | None = None  # None: no limit


@dataclass(frozen=True, slots=True, kw_only=True)
class TransactionRecord:
    id: int
    charger_id: str
    connector_id: int
    id_tag: str | None
    meter_start: int | None
    start_timestamp: dt.datetime | None
    reservation_id: int | None = None
    meter_stop: int | None = None
    stop_timestamp: dt.datetime | None = None
    stop_reason: Reason | None = None
    stop_id_tag: str | None = None
    reported_transaction_id: int | None = None  # as the charger sent it in StopTransaction
    transaction_data: Any = None  # the 1.6 JSON of StopTransaction's transactionData
    flags: tuple[str, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.stop_timestamp is None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewTransaction:
    """A StartTransaction as storage must record it (idempotent on :attr:`start_key`)."""

    charger_id: str
    connector_id: int
    id_tag: str
    meter_start: int
    start_timestamp: dt.datetime
    reservation_id: int | None
    start_key: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TransactionStop:
    """A StopTransaction as storage must record it."""

    charger_id: str
    reported_transaction_id: int  # what the charger sent: may be unknown, 0, -1 or 2**63-1
    transaction_id: int | None  # ours, when matched
    meter_stop: int
    stop_timestamp: dt.datetime
    reason: Reason | None
    id_tag: str | None
    transaction_data: Any  # the 1.6 JSON of transactionData, kept as sent
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectorState:
    charger_id: str
    connector_id: int
    status: ChargePointStatus
    error_code: ChargePointErrorCode
    info: str | None = None
    vendor_id: str | None = None
    vendor_error_code: str | None = None
    timestamp: dt.datetime | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterRow:
    """One sampled value, with every attribute it came with."""

    charger_id: str
    connector_id: int
    transaction_id: int | None
    timestamp: dt.datetime
    value: str
    context: str | None
    format: str | None
    measurand: str | None
    phase: str | None
    location: str | None
    unit: str | None
    energy_wh: Decimal | None  # normalised, for energy measurands in Wh or kWh
    fingerprint: str  # content hash: the same reading re-sent is stored once
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusReport:
    """DiagnosticsStatusNotification / FirmwareStatusNotification / security extension."""

    charger_id: str
    kind: str  # the OCPP action
    status: str
    timestamp: dt.datetime
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class DataTransferRecord:
    charger_id: str
    direction: Direction
    vendor_id: str
    message_id: str | None
    data: str | None
    status: str | None
    timestamp: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageLogEntry:
    charger_id: str
    direction: Direction
    transport: Transport
    action: str | None
    message: str  # the raw wire text
    timestamp: dt.datetime
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandRecord:
    id: int
    charger_id: str
    action: str
    payload: dict[str, Any]
    status: CommandStatus
    transport: Transport | None = None
    version: OcppVersion | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    created_at: dt.datetime | None = None
    sent_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """Who is talking, over what, right now: handed to the bridge with every message."""

    charger_id: str
    transport: Transport
    version: OcppVersion
    received_at: dt.datetime
    soap_endpoint: str | None = None  # a usable wsa:From, when the charger sent one
    remote_addr: str | None = None
