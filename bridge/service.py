"""The bridge at work: one inbound pipeline and one outbound pipeline for every transport.

Inbound: a front door hands :meth:`CentralSystem.handle_payload` the action and the
payload in the charger's own version's shape; it is converted to 1.6
(``bridge.versions``), validated into a bridge object (``bridge.codec``), decided on
(``bridge.rules``) with state from the :class:`~bridge.store.Store`, and the answer goes
back in the charger's version's shape. Outbound: :class:`CommandService` validates an
integrator's 1.6 payload, records the command, converts it for the charger's version and
hands it to the transport's :class:`Dispatcher`, one command per charger at a time.

Both publish :class:`~bridge.events.Event` s to an optional :class:`EventSink`, each after
the store call that committed what it reports. A sink that fails is logged, never raised
into a charger's path.

This module awaits only the Store and Dispatcher interfaces; it opens no sockets.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import rules, versions
from .codec import decode, encode
from .commands import COMMAND_ACTIONS
from .enums import (
    CommandStatus,
    Direction,
    OcppVersion,
    Transport,
    UnknownChargerPolicy,
)
from .errors import (
    NotRegisteredError,
    NotSupportedError,
    UnknownActionError,
    UnknownChargerError,
)
from .events import EventSink, EventType, connector_data, new_event, timestamp
from .messages import (
    CHARGER_ACTIONS,
    Authorize,
    AuthorizeResult,
    BootNotification,
    BootNotificationResult,
    DataTransfer,
    DataTransferResult,
    GenericStatusResult,
    HeartbeatResult,
    IdTagInfo,
    MeterValue,
    MeterValues,
    StartTransaction,
    StartTransactionResult,
    StatusNotification,
    StopTransaction,
    StopTransactionResult,
)
from .model import Model
from .records import (
    ChargerRecord,
    CommandRecord,
    ConnectorState,
    Contact,
    DataTransferRecord,
    IdTagRecord,
    NewTransaction,
    StatusReport,
    TransactionRecord,
    TransactionStop,
)
from .store import Store
from .text import storable, storable_json

log = logging.getLogger(__name__)

DEFAULT_HEARTBEAT_INTERVAL = 300  # seconds, sent in BootNotification.conf
DEFAULT_PENDING_RETRY_INTERVAL = 60  # seconds before a Pending/Rejected charger boots again
DEFAULT_COMMAND_TIMEOUT = 30.0  # seconds for a charger to answer a command
# A dispatcher keeps its own deadline; this is how much longer the service waits before
# it ends the command as ``timeout`` itself (a dispatcher bug must not leave it pending).
DISPATCH_GRACE = 5.0


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class CentralSystemConfig:
    unknown_chargers: UnknownChargerPolicy = UnknownChargerPolicy.PENDING
    heartbeat_interval: int = DEFAULT_HEARTBEAT_INTERVAL
    pending_retry_interval: int = DEFAULT_PENDING_RETRY_INTERVAL
    accepted_vendors: frozenset[str] = frozenset()  # DataTransfer vendorIds we answer Accepted
    lenient: bool = True  # tolerate what can be read without misreading it (and flag it)
    command_timeout: float = DEFAULT_COMMAND_TIMEOUT


@dataclass(frozen=True, slots=True)
class Inbound:
    """A charger's message, decoded: what the handlers see."""

    contact: Contact
    message: Model
    flags: tuple[str, ...]


_Handler = Callable[["CentralSystem", Inbound], Awaitable[Model]]


def _publish(
    sink: EventSink | None,
    event_type: EventType,
    charger_id: str,
    at: dt.datetime,
    data: dict[str, Any],
) -> None:
    """Hand an event to the sink; its failure is logged, never raised (the charger's
    answer does not depend on who listens)."""
    if sink is None:
        return
    try:
        sink.publish(new_event(event_type, charger_id, at, data))
    except Exception:
        log.exception("could not publish %s for %r", event_type, charger_id)


class CentralSystem:
    """Answers every charger-to-central message with the same rules for every transport."""

    def __init__(
        self,
        store: Store,
        config: CentralSystemConfig | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        events: EventSink | None = None,
    ) -> None:
        self.store = store
        self.config = config or CentralSystemConfig()
        self.clock = clock
        self.events = events

    async def handle_payload(
        self,
        contact: Contact,
        action: str,
        payload: dict[str, Any],
        flags: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """A payload in ``contact.version``'s shape in; the answer in the same shape out.
        ``flags`` are what the front door tolerated before this (stored with the rows).

        Raises a :class:`bridge.errors.ChargerError` for what the charger got wrong."""
        if action not in versions.CHARGER_ACTIONS_BY_VERSION[contact.version] and not (
            contact.transport is Transport.JSON and action in CHARGER_ACTIONS
        ):
            raise UnknownActionError(f"{action} is not an OCPP {contact.version} action")
        request_cls, _ = CHARGER_ACTIONS[action]
        converted = versions.request_to_16(contact.version, action, payload)
        decoded = decode(request_cls, converted.payload, lenient=self.config.lenient)
        result = await self.handle(contact, decoded.value, flags + converted.flags + decoded.flags)
        return versions.response_from_16(contact.version, action, encode(result)).payload

    async def handle(self, contact: Contact, message: Model, flags: tuple[str, ...] = ()) -> Model:
        action = type(message).__name__
        handler = _HANDLERS.get(action)
        if handler is None:
            raise UnknownActionError(f"{action} is not handled")
        if action != "BootNotification":
            charger = await self.store.get_charger(contact.charger_id)
            if not rules.may_send(charger, action):
                status = charger.registration_status if charger else "unknown"
                raise NotRegisteredError(
                    f"charger {contact.charger_id!r} is {status}: only BootNotification is allowed"
                )
            if await self._note_contact(contact, charger):
                self._transport_changed(contact, charger)
        return await handler(self, Inbound(contact, message, flags))

    # --- connections (OCPP-J: the WebSocket opened and closed) ------------------------------

    async def charger_connected(self, contact: Contact) -> None:
        """A charger's connection is open: record the contact, mark it online."""
        charger = await self.store.get_charger(contact.charger_id)
        changed = await self.store.record_contact(
            contact.charger_id, contact.transport, contact.version, contact.received_at
        )
        await self.store.set_online(contact.charger_id, True, contact.received_at)
        if changed:
            self._transport_changed(contact, charger)
        self._publish(
            EventType.CHARGER_CONNECTED,
            contact.charger_id,
            contact.received_at,
            {
                "transport": contact.transport.value,
                "version": contact.version.value,
                "remote_addr": contact.remote_addr,
            },
        )

    async def charger_disconnected(self, charger_id: str, now: dt.datetime) -> None:
        await self.store.set_online(charger_id, False, now)
        self._publish(EventType.CHARGER_DISCONNECTED, charger_id, now, {})

    async def expire_soap_presence(self, now: dt.datetime) -> list[str]:
        """SOAP chargers silent for too long go offline (see ``rules.soap_silent_since``);
        run periodically. Returns their ids."""
        silent_since = rules.soap_silent_since(now, self.config.heartbeat_interval)
        gone = await self.store.expire_soap_presence(silent_since, now)
        for charger_id in gone:
            self._publish(EventType.CHARGER_DISCONNECTED, charger_id, now, {"reason": "silent"})
        return gone

    async def _note_contact(self, contact: Contact, charger: ChargerRecord | None) -> bool:
        """Record last-seen (a SOAP charger's first message after silence also marks it
        online); True when the transport or version changed."""
        endpoint = rules.usable_endpoint(contact.soap_endpoint)
        if rules.contact_unchanged(charger, contact.transport, contact.version, endpoint):
            self.store.touch(contact.charger_id, contact.received_at)
            changed = False
        else:
            changed = await self.store.record_contact(
                contact.charger_id,
                contact.transport,
                contact.version,
                contact.received_at,
                endpoint,
            )
        if rules.comes_online(charger, contact.transport):
            await self.store.set_online(contact.charger_id, True, contact.received_at)
            self._publish(
                EventType.CHARGER_CONNECTED,
                contact.charger_id,
                contact.received_at,
                {
                    "transport": contact.transport.value,
                    "version": contact.version.value,
                    "remote_addr": contact.remote_addr,
                },
            )
        return changed

    def _transport_changed(self, contact: Contact, before: ChargerRecord | None) -> None:
        self._publish(
            EventType.CHARGER_TRANSPORT_CHANGED,
            contact.charger_id,
            contact.received_at,
            {
                "transport": contact.transport.value,
                "version": contact.version.value,
                "previous_transport": before.transport.value
                if before and before.transport
                else None,
                "previous_version": before.version.value if before and before.version else None,
            },
        )

    def _publish(
        self, event_type: EventType, charger_id: str, at: dt.datetime, data: dict[str, Any]
    ) -> None:
        _publish(self.events, event_type, charger_id, at, data)

    # --- one method per action, alphabetical ------------------------------------------

    async def _authorize(self, inbound: Inbound) -> AuthorizeResult:
        assert isinstance(inbound.message, Authorize)
        info = await self._id_tag_info(inbound.message.id_tag)
        return AuthorizeResult(id_tag_info=info)

    async def _boot_notification(self, inbound: Inbound) -> BootNotificationResult:
        boot = inbound.message
        assert isinstance(boot, BootNotification)
        contact = inbound.contact
        charger = await self.store.get_charger(contact.charger_id)
        decision = rules.decide_boot(
            charger,
            self.config.unknown_chargers,
            self.config.heartbeat_interval,
            self.config.pending_retry_interval,
        )
        changed = False
        if decision.register_unknown:
            log.info("unknown charger %r booted: %s", contact.charger_id, decision.status)
            await self.store.add_charger(
                contact.charger_id, decision.status, now=contact.received_at
            )
        if decision.record_identity:
            await self.store.record_boot(
                contact.charger_id, boot, decision.status, contact.received_at
            )
            changed = await self._note_contact(contact, charger)
        self._publish(
            EventType.CHARGER_BOOT,
            contact.charger_id,
            contact.received_at,
            {
                "status": decision.status.value,
                "vendor": boot.charge_point_vendor,
                "model": boot.charge_point_model,
                "firmware": boot.firmware_version,
                "transport": contact.transport.value,
                "version": contact.version.value,
            },
        )
        if changed:
            self._transport_changed(contact, charger)
        return BootNotificationResult(
            status=decision.status, current_time=self.clock(), interval=decision.interval
        )

    async def _data_transfer(self, inbound: Inbound) -> DataTransferResult:
        req = inbound.message
        assert isinstance(req, DataTransfer)
        status = rules.data_transfer_status(req.vendor_id, self.config.accepted_vendors)
        await self.store.save_data_transfer(
            DataTransferRecord(
                charger_id=inbound.contact.charger_id,
                direction=Direction.IN,
                vendor_id=req.vendor_id,
                message_id=req.message_id,
                data=req.data,
                status=status.value,
                timestamp=inbound.contact.received_at,
            )
        )
        return DataTransferResult(status=status)

    async def _heartbeat(self, inbound: Inbound) -> HeartbeatResult:
        return HeartbeatResult(current_time=self.clock())

    async def _meter_values(self, inbound: Inbound) -> Model:
        req = inbound.message
        assert isinstance(req, MeterValues)
        rows = rules.meter_rows(
            inbound.contact.charger_id,
            req.connector_id,
            req.transaction_id,
            req.meter_value,
            inbound.flags,
        )
        if await self.store.save_meter_values(rows):
            self._meter_values_published(
                inbound, req.connector_id, req.transaction_id, req.meter_value
            )
        return CHARGER_ACTIONS["MeterValues"][1]()

    def _meter_values_published(
        self,
        inbound: Inbound,
        connector_id: int,
        transaction_id: int | None,
        meter_values: tuple[MeterValue, ...],
    ) -> None:
        """Published when at least one reading was new (a re-sent message is not)."""
        self._publish(
            EventType.METER_VALUES,
            inbound.contact.charger_id,
            inbound.contact.received_at,
            {
                "connector_id": connector_id,
                "transaction_id": transaction_id,
                "meter_value": [encode(mv) for mv in meter_values],  # the OCPP 1.6 JSON shape
            },
        )

    async def _report(self, inbound: Inbound) -> Model:
        """Diagnostics/Firmware status and the 1.6 security extension: recorded."""
        msg = inbound.message
        payload = encode(msg)
        await self.store.save_report(
            StatusReport(
                charger_id=inbound.contact.charger_id,
                kind=type(msg).__name__,
                status=str(payload.get("status", payload.get("type", ""))),
                timestamp=inbound.contact.received_at,
                payload=payload,
            )
        )
        _, result_cls = CHARGER_ACTIONS[type(msg).__name__]
        if result_cls is GenericStatusResult:
            # SignCertificate: recorded for an operator; signing happens outside the gateway.
            return GenericStatusResult(status="Accepted")
        return result_cls()

    async def _start_transaction(self, inbound: Inbound) -> StartTransactionResult:
        start = inbound.message
        assert isinstance(start, StartTransaction)
        charger_id = inbound.contact.charger_id
        tag = await self.store.get_id_tag(start.id_tag)
        open_count = await self._open_count(tag.id_tag if tag else None, tag)
        tx, created = await self.store.start_transaction(
            NewTransaction(
                charger_id=charger_id,
                connector_id=start.connector_id,
                id_tag=start.id_tag,
                meter_start=start.meter_start,
                start_timestamp=start.timestamp,
                reservation_id=start.reservation_id,
                start_key=rules.start_key(charger_id, start),
                flags=inbound.flags,
            )
        )
        if not created:  # a retry: the count already includes this very transaction
            open_count = max(open_count - 1, 0)
        info = await self._id_tag_info(start.id_tag, tag=tag, open_count=open_count)
        if created:  # a retried start was published when it was first recorded
            self._publish(
                EventType.TRANSACTION_STARTED,
                charger_id,
                inbound.contact.received_at,
                {
                    "transaction_id": tx.id,
                    "connector_id": tx.connector_id,
                    "id_tag": tx.id_tag,
                    "id_tag_status": info.status.value,
                    "meter_start": tx.meter_start,
                    "timestamp": timestamp(tx.start_timestamp),
                },
            )
        return StartTransactionResult(transaction_id=tx.id, id_tag_info=info)

    async def _status_notification(self, inbound: Inbound) -> Model:
        req = inbound.message
        assert isinstance(req, StatusNotification)
        status = req.status
        if "legacy_status:Occupied" in inbound.flags:
            open_tx = await self.store.open_transaction_on(
                inbound.contact.charger_id, req.connector_id
            )
            status = rules.status_for_legacy_occupied(open_tx is not None)
        state = ConnectorState(
            charger_id=inbound.contact.charger_id,
            connector_id=req.connector_id,
            status=status,
            error_code=req.error_code,
            info=req.info,
            vendor_id=req.vendor_id,
            vendor_error_code=req.vendor_error_code,
            timestamp=req.timestamp or inbound.contact.received_at,
            flags=inbound.flags,
        )
        await self.store.save_status(state)
        self._publish(
            EventType.CONNECTOR_STATUS,
            state.charger_id,
            inbound.contact.received_at,
            connector_data(state),
        )
        return CHARGER_ACTIONS["StatusNotification"][1]()

    async def _stop_transaction(self, inbound: Inbound) -> StopTransactionResult:
        stop = inbound.message
        assert isinstance(stop, StopTransaction)
        charger_id = inbound.contact.charger_id
        tx = None
        if 0 < stop.transaction_id <= rules.MAX_TRANSACTION_ID:
            tx = await self.store.get_transaction(stop.transaction_id)
        decision = rules.decide_stop(charger_id, stop, tx)
        if decision.flags:
            log.warning("StopTransaction from %r: %s", charger_id, ", ".join(decision.flags))
        record = TransactionStop(
            charger_id=charger_id,
            reported_transaction_id=stop.transaction_id,
            transaction_id=decision.transaction_id,
            meter_stop=stop.meter_stop,
            stop_timestamp=stop.timestamp,
            reason=stop.reason,
            id_tag=stop.id_tag,
            transaction_data=[encode(mv) for mv in stop.transaction_data] or None,
            flags=inbound.flags + decision.flags,
        )
        await self.store.stop_transaction(record)
        if "stop_retry" not in decision.flags:  # a re-sent stop was published the first time
            self._transaction_stopped(inbound, record, tx)
        if stop.transaction_data:
            connector = tx.connector_id if tx is not None else 0
            new = await self.store.save_meter_values(
                rules.meter_rows(
                    charger_id, connector, stop.transaction_id, stop.transaction_data, inbound.flags
                )
            )
            if new:
                self._meter_values_published(
                    inbound, connector, stop.transaction_id, stop.transaction_data
                )
        if stop.id_tag is None:
            return StopTransactionResult()
        # The transaction has ended, so it no longer counts against the tag's limit.
        return StopTransactionResult(id_tag_info=await self._id_tag_info(stop.id_tag, open_count=0))

    def _transaction_stopped(
        self, inbound: Inbound, stop: TransactionStop, tx: TransactionRecord | None
    ) -> None:
        matched = stop.transaction_id is not None and tx is not None
        energy = None
        if matched and tx is not None and tx.meter_start is not None:
            energy = stop.meter_stop - tx.meter_start
        self._publish(
            EventType.TRANSACTION_STOPPED,
            stop.charger_id,
            inbound.contact.received_at,
            {
                "transaction_id": stop.transaction_id,  # ours; None when unmatched
                "reported_transaction_id": stop.reported_transaction_id,
                "matched": matched,
                "connector_id": tx.connector_id if matched and tx is not None else None,
                "id_tag": stop.id_tag,
                "meter_start": tx.meter_start if matched and tx is not None else None,
                "meter_stop": stop.meter_stop,
                "timestamp": timestamp(stop.stop_timestamp),
                "reason": stop.reason.value if stop.reason else None,
                "energy_wh": energy,
                "flags": list(stop.flags),
            },
        )

    # --- helpers ----------------------------------------------------------------------------

    async def _open_count(self, id_tag: str | None, tag: IdTagRecord | None) -> int:
        if id_tag is None or tag is None or tag.max_active_transactions is None:
            return 0
        return await self.store.count_open_transactions(id_tag)

    async def _id_tag_info(
        self, id_tag: str, *, tag: IdTagRecord | None = None, open_count: int | None = None
    ) -> IdTagInfo:
        if tag is None:
            tag = await self.store.get_id_tag(id_tag)
        parent = None
        if tag is not None and tag.parent_id_tag:
            parent = await self.store.get_id_tag(tag.parent_id_tag)
        if open_count is None:
            open_count = await self._open_count(id_tag, tag)
        return rules.authorize(tag, parent, open_count, self.clock())


_HANDLERS: dict[str, _Handler] = {
    "Authorize": CentralSystem._authorize,
    "BootNotification": CentralSystem._boot_notification,
    "DataTransfer": CentralSystem._data_transfer,
    "DiagnosticsStatusNotification": CentralSystem._report,
    "FirmwareStatusNotification": CentralSystem._report,
    "Heartbeat": CentralSystem._heartbeat,
    "MeterValues": CentralSystem._meter_values,
    "StartTransaction": CentralSystem._start_transaction,
    "StatusNotification": CentralSystem._status_notification,
    "StopTransaction": CentralSystem._stop_transaction,
    "SecurityEventNotification": CentralSystem._report,
    "SignCertificate": CentralSystem._report,
    "LogStatusNotification": CentralSystem._report,
    "SignedFirmwareStatusNotification": CentralSystem._report,
}
assert set(_HANDLERS) == set(CHARGER_ACTIONS), "every charger action needs a handler"


# --- outbound ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DispatchOutcome:
    """What a transport learned of one command: a final status, and the charger's answer
    (in the charger's version's shape) when it gave one."""

    status: CommandStatus
    result: dict[str, Any] | None = None
    error: str | None = None


class Dispatcher(Protocol):
    """Implemented by each front door for the chargers it serves."""

    async def send(
        self, charger: ChargerRecord, action: str, payload: dict[str, Any], timeout: float
    ) -> DispatchOutcome:
        """Deliver one command in the charger's version's shape. Never raises for what the
        charger or the network did: that is an outcome. Must return within ``timeout``."""
        ...

    def disconnect(self, charger_id: str, reason: str) -> bool:
        """Close the charger's live connection, if this transport keeps one (SOAP does
        not), without waiting for the charger. True when there was one."""
        ...


@dataclass(slots=True)
class _ChargerQueue:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    waiting: int = 0


class CommandService:
    """Validates, records and delivers central-to-charger commands, in order per charger."""

    def __init__(
        self,
        store: Store,
        config: CentralSystemConfig | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        events: EventSink | None = None,
    ) -> None:
        self.store = store
        self.config = config or CentralSystemConfig()
        self.clock = clock
        self.events = events
        self._dispatchers: dict[Transport, Dispatcher] = {}
        self._queues: dict[str, _ChargerQueue] = {}
        self._done: dict[int, asyncio.Future[CommandRecord]] = {}
        self._tasks: set[asyncio.Task[CommandRecord]] = set()

    def register(self, transport: Transport, dispatcher: Dispatcher) -> None:
        self._dispatchers[transport] = dispatcher

    def disconnect(self, charger_id: str, reason: str) -> bool:
        """Close the charger's live connection on whichever transport holds one: after an
        operator deleted it or changed how it is admitted, its next connection is
        checked afresh. True when a connection was closed."""
        closed = [d.disconnect(charger_id, reason) for d in self._dispatchers.values()]
        return any(closed)

    async def submit(self, charger_id: str, action: str, payload: dict[str, Any]) -> CommandRecord:
        """Validate and record a command, and start delivering it. Invalid payloads raise
        ValidationError naming the field, before anything is written."""
        if action not in COMMAND_ACTIONS:
            raise UnknownActionError(f"{action!r} is not an OCPP 1.6 central-to-charger action")
        command_cls, _ = COMMAND_ACTIONS[action]
        command = decode(command_cls, payload, lenient=False).value
        canonical = encode(command)
        charger = await self.store.get_charger(charger_id)
        if charger is None:
            raise UnknownChargerError(f"no charger {charger_id!r}")
        now = self.clock()
        refusal = self._refusal(charger, action, canonical)
        if refusal is not None:
            status, error = refusal
            refused = await self.store.create_command(
                charger_id,
                action,
                canonical,
                status,
                now,
                transport=charger.transport,
                version=charger.version,
                error=error,
            )
            self._finished(refused)
            return refused
        record = await self.store.create_command(
            charger_id,
            action,
            canonical,
            CommandStatus.PENDING,
            now,
            transport=charger.transport,
            version=charger.version,
        )
        done: asyncio.Future[CommandRecord] = asyncio.get_running_loop().create_future()
        self._done[record.id] = done
        task = asyncio.create_task(self._deliver(record), name=f"command-{record.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return record

    async def wait(self, record: CommandRecord, timeout: float | None) -> CommandRecord:
        """The command once final, or as it stands when ``timeout`` runs out."""
        future = self._done.get(record.id)
        if future is None:
            return await self.store.get_command(record.id) or record
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            return await self.store.get_command(record.id) or record

    async def run(self, charger_id: str, action: str, payload: dict[str, Any]) -> CommandRecord:
        """Submit and wait until the command is final."""
        record = await self.submit(charger_id, action, payload)
        return await self.wait(record, None)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _refusal(
        self, charger: ChargerRecord, action: str, payload: dict[str, Any]
    ) -> tuple[CommandStatus, str] | None:
        if charger.transport is None or charger.version is None:
            return CommandStatus.OFFLINE, "the charger has never connected"
        if charger.transport not in self._dispatchers:
            return CommandStatus.OFFLINE, f"no {charger.transport} front door is running"
        if not versions.command_supported(charger.version, action):
            return (
                CommandStatus.NOT_SUPPORTED,
                f"{action} does not exist in OCPP {charger.version}",
            )
        try:
            versions.request_from_16(charger.version, action, payload)
        except NotSupportedError as exc:
            return CommandStatus.NOT_SUPPORTED, exc.detail
        return None

    async def _deliver(self, record: CommandRecord) -> CommandRecord:
        queue = self._queues.setdefault(record.charger_id, _ChargerQueue())
        queue.waiting += 1
        final = record
        try:
            async with queue.lock:  # OCPP: one outstanding call per charger, in order
                final = await self._deliver_now(record)
        except asyncio.CancelledError:
            final = await self._finish(record, CommandStatus.ERROR, error="gateway shut down")
            raise
        except Exception as exc:  # a bug in a dispatcher must not leave a command pending
            log.exception("delivering command %s failed", record.id)
            final = await self._finish(record, CommandStatus.ERROR, error=f"internal error: {exc}")
        finally:
            queue.waiting -= 1
            if queue.waiting == 0:
                self._queues.pop(record.charger_id, None)
            future = self._done.pop(record.id, None)
            if future is not None and not future.done():
                future.set_result(final)
        return final

    async def _deliver_now(self, record: CommandRecord) -> CommandRecord:
        charger = await self.store.get_charger(record.charger_id)
        if charger is None or charger.transport is None or charger.version is None:
            return await self._finish(record, CommandStatus.OFFLINE, error="charger is gone")
        dispatcher = self._dispatchers.get(charger.transport)
        if dispatcher is None:
            return await self._finish(record, CommandStatus.OFFLINE, error="no front door")
        version = charger.version
        wire = versions.request_from_16(version, record.action, record.payload).payload
        await self.store.update_command(record.id, CommandStatus.SENT, self.clock())
        timeout = self.config.command_timeout
        try:
            async with asyncio.timeout(timeout + DISPATCH_GRACE):
                outcome = await dispatcher.send(charger, record.action, wire, timeout)
        except TimeoutError:
            outcome = DispatchOutcome(CommandStatus.TIMEOUT, error=f"no answer in {timeout:g} s")
        if outcome.result is None:
            return await self._finish(record, outcome.status, error=outcome.error)
        return await self._finish_with_result(record, version, outcome)

    async def _finish_with_result(
        self, record: CommandRecord, version: OcppVersion, outcome: DispatchOutcome
    ) -> CommandRecord:
        assert outcome.result is not None
        _, result_cls = COMMAND_ACTIONS[record.action]
        converted = versions.response_to_16(version, record.action, outcome.result)
        try:
            result = encode(decode(result_cls, converted.payload, lenient=True).value)
        except Exception as exc:  # the charger answered, but not in the schema
            return await self._finish(
                record,
                CommandStatus.ERROR,
                result=storable_json(converted.payload),
                error=storable(f"invalid answer: {exc}"),
            )
        status = outcome.status
        if status is CommandStatus.ACCEPTED:
            status = rules.outcome_of_result(result)
        return await self._finish(record, status, result=result, error=outcome.error)

    async def _finish(
        self,
        record: CommandRecord,
        status: CommandStatus,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> CommandRecord:
        final = await self.store.update_command(
            record.id, status, self.clock(), result=result, error=error
        )
        self._finished(final)
        return final

    def _finished(self, record: CommandRecord) -> None:
        if not record.status.is_final:
            return
        _publish(
            self.events,
            EventType.COMMAND_FINISHED,
            record.charger_id,
            record.finished_at or self.clock(),
            {
                "id": record.id,
                "action": record.action,
                "status": record.status.value,
                "result": record.result,
                "error": record.error,
            },
        )
