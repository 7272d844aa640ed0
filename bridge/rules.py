"""The central system's business rules: pure decisions over state handed in.

Nothing here awaits or touches storage; ``bridge.service`` loads the state, calls these
and saves what they decide. Each OCPP action's rule is one function, in the order of
the action list in the README.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from .enums import (
    AuthorizationStatus,
    ChargePointStatus,
    CommandStatus,
    DataTransferStatus,
    Measurand,
    OcppVersion,
    RegistrationStatus,
    Transport,
    UnitOfMeasure,
    UnknownChargerPolicy,
    ValueFormat,
)
from .messages import IdTagInfo, MeterValue, StartTransaction, StopTransaction
from .records import ChargerRecord, IdTagRecord, MeterRow, TransactionRecord

# --- BootNotification ------------------------------------------------------------

_POLICY_STATUS = {
    UnknownChargerPolicy.ACCEPT: RegistrationStatus.ACCEPTED,
    UnknownChargerPolicy.PENDING: RegistrationStatus.PENDING,
    UnknownChargerPolicy.REJECT: RegistrationStatus.REJECTED,
}


@dataclass(frozen=True, slots=True)
class BootDecision:
    status: RegistrationStatus
    interval: int
    register_unknown: bool  # record the charger so an operator can approve it
    record_identity: bool  # a Rejected charger gets its answer but writes nothing


def decide_boot(
    charger: ChargerRecord | None,
    policy: UnknownChargerPolicy,
    heartbeat_interval: int,
    pending_retry_interval: int,
) -> BootDecision:
    """Known chargers keep their stored status; unknown ones follow the policy and are
    registered so an operator can approve them. A Rejected charger writes nothing beyond
    that registration (not even its reported identity)."""
    if charger is None:
        status = _POLICY_STATUS[policy]
        return BootDecision(
            status,
            _interval(status, heartbeat_interval, pending_retry_interval),
            register_unknown=True,
            record_identity=status is not RegistrationStatus.REJECTED,
        )
    status = charger.registration_status
    return BootDecision(
        status,
        _interval(status, heartbeat_interval, pending_retry_interval),
        register_unknown=False,
        record_identity=status is not RegistrationStatus.REJECTED,
    )


def _interval(status: RegistrationStatus, heartbeat: int, retry: int) -> int:
    # OCPP 1.6 4.2.1: when not Accepted, interval is when to send the next BootNotification.
    return heartbeat if status is RegistrationStatus.ACCEPTED else retry


def may_send(charger: ChargerRecord | None, action: str) -> bool:
    """OCPP 1.6 4.2.1: a charger that is not Accepted may only send BootNotification."""
    if action == "BootNotification":
        return True
    return charger is not None and charger.registration_status is RegistrationStatus.ACCEPTED


# --- Authorize (and the idTagInfo of Start/StopTransaction) ----------------------


def authorize(
    tag: IdTagRecord | None,
    parent: IdTagRecord | None,
    open_transactions: int,
    now: dt.datetime,
) -> IdTagInfo:
    """IdTagInfo for a tag: unknown is Invalid; a blocked or expired parent blocks its
    children; ``max_active_transactions`` bounds concurrent use (ConcurrentTx)."""
    if tag is None:
        return IdTagInfo(status=AuthorizationStatus.INVALID)
    status = _tag_status(tag, now)
    if status is AuthorizationStatus.ACCEPTED and parent is not None:
        parent_status = _tag_status(parent, now)
        if parent_status is not AuthorizationStatus.ACCEPTED:
            status = parent_status
    if (
        status is AuthorizationStatus.ACCEPTED
        and tag.max_active_transactions is not None
        and open_transactions >= tag.max_active_transactions
    ):
        status = AuthorizationStatus.CONCURRENT_TX
    return IdTagInfo(status=status, expiry_date=tag.expiry_date, parent_id_tag=tag.parent_id_tag)


def _tag_status(tag: IdTagRecord, now: dt.datetime) -> AuthorizationStatus:
    if tag.blocked:
        return AuthorizationStatus.BLOCKED
    if tag.expiry_date is not None and tag.expiry_date <= now:
        return AuthorizationStatus.EXPIRED
    return tag.status


# --- StartTransaction ----------------------------------------------------------------


def start_key(charger_id: str, start: StartTransaction) -> str:
    """A retried StartTransaction is the same charger, connector, idTag, meterStart and
    timestamp; chargers resend it when our answer was lost, and must get the same id."""
    parts = (
        charger_id,
        str(start.connector_id),
        start.id_tag,
        str(start.meter_start),
        start.timestamp.astimezone(dt.UTC).isoformat(),
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# OCPP 1.6 JSON and SOAP both type transactionId as a 32-bit int: the ids we hand out
# must fit, even though chargers may send us larger ones.
MAX_TRANSACTION_ID = 2**31 - 1


# --- StopTransaction --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StopDecision:
    transaction_id: int | None  # ours, when the stop matches an open transaction
    flags: tuple[str, ...]


def decide_stop(
    charger_id: str, stop: StopTransaction, tx: TransactionRecord | None
) -> StopDecision:
    """An unknown id (0 and -1 are common) is answered and recorded, flagged, never refused:
    refusing makes the charger retry forever or drop the energy reading."""
    if tx is None:
        return StopDecision(None, (f"unknown_transaction:{stop.transaction_id}",))
    if tx.charger_id != charger_id:
        return StopDecision(None, (f"transaction_of_other_charger:{stop.transaction_id}",))
    if not tx.is_open:
        if tx.stop_timestamp == stop.timestamp and tx.meter_stop == stop.meter_stop:
            return StopDecision(None, ("stop_retry",))
        return StopDecision(None, ("already_stopped",))
    flags = ("meter_stop_below_start",) if (tx.meter_start or 0) > stop.meter_stop else ()
    return StopDecision(tx.id, flags)


# --- StatusNotification -------------------------------------------------------------------


def status_for_legacy_occupied(has_open_transaction: bool) -> ChargePointStatus:
    """1.2/1.5 ``Occupied`` (rule R1 in bridge.versions): Charging while a transaction is
    open on the connector, Preparing (plugged in, no transaction yet) otherwise."""
    return ChargePointStatus.CHARGING if has_open_transaction else ChargePointStatus.PREPARING


# --- MeterValues ------------------------------------------------------------------------------

# Hex digits of SHA-256 a meter row's fingerprint keeps: 128 bits, so a collision (a
# reading silently taken for one already stored) stays out of reach for any fleet, and a
# short key is a cheaper insert into storage's unique index. The first 32 digits of the
# full digest, which was the fingerprint before (migration 0003 shortens stored ones).
FINGERPRINT_HEX_DIGITS = 32

_ENERGY_MEASURANDS = frozenset(m for m in Measurand if m.value.startswith("Energy.Active"))
_DEFAULT_MEASURAND = Measurand.ENERGY_ACTIVE_IMPORT_REGISTER  # OCPP 1.6 SampledValue
_WH_FACTOR = {UnitOfMeasure.WH: Decimal(1), UnitOfMeasure.KWH: Decimal(1000)}


def energy_wh(
    measurand: Measurand | None, unit: UnitOfMeasure | None, value: str
) -> Decimal | None:
    """One Wh figure for active-energy readings in Wh or kWh (OCPP defaults: measurand
    Energy.Active.Import.Register, unit Wh); None for anything else or unreadable values."""
    if (measurand or _DEFAULT_MEASURAND) not in _ENERGY_MEASURANDS:
        return None
    factor = _WH_FACTOR.get(unit or UnitOfMeasure.WH)
    if factor is None:
        return None
    try:
        wh = Decimal(value.strip()) * factor
    except ArithmeticError:  # InvalidOperation for garbage, Overflow for "1e999999" kWh
        return None
    return wh if wh.is_finite() else None


def meter_rows(
    charger_id: str,
    connector_id: int,
    transaction_id: int | None,
    meter_values: tuple[MeterValue, ...],
    flags: tuple[str, ...] = (),
) -> list[MeterRow]:
    """One row per sampled value, each with a content fingerprint.

    Chargers reuse small message ids ("4", "72") after a reboot, so a re-sent reading is
    recognised by what it says, never by the message id that carried it."""
    rows = []
    tx = "" if transaction_id is None else str(transaction_id)
    # The fingerprint is the SHA-256 of these fields joined by U+001F, the same bytes as
    # ever (a reading stored before must still be recognised); the fields every reading
    # of a meter value shares are joined once.
    head = f"{charger_id}\x1f{connector_id!s}\x1f{tx}\x1f"
    sha256 = hashlib.sha256
    for mv in meter_values:
        ts = mv.timestamp.astimezone(dt.UTC)
        prefix = f"{head}{ts.isoformat()}\x1f"
        for sv in mv.sampled_value:
            measurand, unit, value_format = sv.measurand, sv.unit, sv.format
            fields = (
                sv.value,
                sv.context or "",
                value_format or "",
                measurand or "",
                sv.phase or "",
                sv.location or "",
                unit or "",
            )
            digest = sha256((prefix + "\x1f".join(fields)).encode()).hexdigest()
            rows.append(
                MeterRow(
                    charger_id=charger_id,
                    connector_id=connector_id,
                    transaction_id=transaction_id,
                    timestamp=ts,
                    value=sv.value,
                    context=sv.context,
                    format=value_format,
                    measurand=measurand,
                    phase=sv.phase,
                    location=sv.location,
                    unit=unit,
                    # A SignedData value is a signed meter record, not a number, even
                    # when its encoding happens to be all digits.
                    energy_wh=None
                    if value_format is ValueFormat.SIGNED_DATA
                    or (measurand or _DEFAULT_MEASURAND) not in _ENERGY_MEASURANDS
                    else energy_wh(measurand, unit, sv.value),
                    fingerprint=digest[:FINGERPRINT_HEX_DIGITS],
                    flags=flags,
                )
            )
    return rows


# --- DataTransfer --------------------------------------------------------------------------------


def data_transfer_status(vendor_id: str, accepted_vendors: frozenset[str]) -> DataTransferStatus:
    return (
        DataTransferStatus.ACCEPTED
        if vendor_id in accepted_vendors
        else DataTransferStatus.UNKNOWN_VENDOR_ID
    )


# --- SOAP callback endpoint -------------------------------------------------------------------

_ANONYMOUS = frozenset(
    {
        "http://www.w3.org/2005/08/addressing/anonymous",
        "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous",
        "http://www.w3.org/2005/08/addressing/none",
    }
)


# Distinct wsa:From addresses whose verdict is remembered: a charger sends the same one
# with every message, so parsing it each time is waste; the bound keeps a charger that
# sends a new address each time from growing the cache.
ENDPOINT_CACHE_SIZE = 4096


def usable_endpoint(address: str | None) -> str | None:
    """A wsa:From address we can call back, or None (missing, anonymous, no host:
    some chargers send ``http://:8082/`` before their modem has an address)."""
    if not address:
        return None
    return _usable_endpoint(address)


@functools.lru_cache(maxsize=ENDPOINT_CACHE_SIZE)
def _usable_endpoint(address: str) -> str | None:
    address = address.strip()
    if address in _ANONYMOUS:
        return None
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018  raises ValueError for a port that is not 0-65535
    except ValueError:  # "http://[::1" (unclosed IPv6 bracket), "http://host:99999/"
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return address


def contact_unchanged(
    charger: ChargerRecord | None,
    transport: Transport,
    version: OcppVersion,
    endpoint: str | None,
) -> bool:
    """Nothing to record but last-seen: same transport and version, and no new endpoint."""
    return (
        charger is not None
        and charger.transport is transport
        and charger.version is version
        and (endpoint is None or endpoint == charger.soap_endpoint)
    )


# --- presence -------------------------------------------------------------------------------------

# A SOAP charger keeps no connection: it counts as online from any message until it has
# been silent for two heartbeat intervals and this much more (one lost Heartbeat, and a
# charger's clock that runs a little slow, do not make it go offline).
SOAP_PRESENCE_GRACE = dt.timedelta(seconds=60)


def soap_silent_since(now: dt.datetime, heartbeat_interval: int) -> dt.datetime:
    """SOAP chargers last seen before this are offline."""
    return now - 2 * dt.timedelta(seconds=heartbeat_interval) - SOAP_PRESENCE_GRACE


def comes_online(charger: ChargerRecord | None, transport: Transport) -> bool:
    """A SOAP charger's message after silence: it is online again (an OCPP-J charger is
    online while its WebSocket is open, whatever it sends)."""
    return transport is Transport.SOAP and (charger is None or not charger.online)


# --- commands -------------------------------------------------------------------------------------

COMMAND_TRANSITIONS: dict[CommandStatus, frozenset[CommandStatus]] = {
    CommandStatus.PENDING: frozenset(CommandStatus) - {CommandStatus.PENDING},
    CommandStatus.SENT: frozenset(CommandStatus) - {CommandStatus.PENDING, CommandStatus.SENT},
    **{s: frozenset() for s in CommandStatus if s.is_final},
}


def can_move(current: CommandStatus, new: CommandStatus) -> bool:
    return new in COMMAND_TRANSITIONS[current]


# A result whose ``status`` says the charger refused is ``rejected``; anything else the
# charger answered is ``accepted`` (the result itself says what happened).
_REFUSALS = frozenset(
    {
        "Rejected",
        "NotSupported",
        "UnlockFailed",
        "Failed",
        "VersionMismatch",
        "Faulted",
        "Occupied",
        "Unavailable",
        "NotImplemented",
        "Unknown",
        "UnknownMessageId",
        "UnknownVendorId",
    }
)


def outcome_of_result(result: dict[str, object]) -> CommandStatus:
    status = result.get("status")
    if isinstance(status, str) and status in _REFUSALS:
        return CommandStatus.REJECTED
    return CommandStatus.ACCEPTED
