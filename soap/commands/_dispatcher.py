"""The bridge's :class:`~bridge.Dispatcher` for SOAP chargers: 19 operations for OCPP 1.6,
15 for 1.5 and 9 for 1.2, sent to the charger's own ChargePointService."""

from __future__ import annotations

import logging
from typing import Any

from bridge import (
    ChargerRecord,
    CommandStatus,
    Direction,
    DispatchOutcome,
    MessageLogEntry,
    Store,
    Transport,
)
from bridge.rules import usable_endpoint

from ._caller import Exchange, SoapCaller
from ._codec import service_client
from ._errors import CallError

log = logging.getLogger(__name__)

# Where our SOAP Central System answers (``soap.SOAP_PATH``), below the public URL.
CENTRAL_SYSTEM_PATH = "/ocpp/soap"
HOW_TO_SET_ONE = "set one with the charger's SOAP endpoint override (soap_endpoint_override)"
NO_CALLBACK_ADDRESS = (
    f"no callback address: the charger never sent a usable wsa:From; {HOW_TO_SET_ONE}"
)


class SoapDispatcher:
    """Sends each command to ``charger.command_endpoint`` (the operator's override, else the
    wsa:From the charger sent). wsa:From and wsa:ReplyTo name our SOAP Central System for
    the charger's version: ``<public_url>/ocpp/soap/<version>``.

    CommandService already sends one command per charger at a time, in order, and refuses
    actions the charger's version lacks; the operation is checked again here, so nothing
    this dispatcher cannot send ever reaches the network."""

    def __init__(self, caller: SoapCaller, store: Store, public_url: str) -> None:
        self._caller = caller
        self._store = store
        self._public_url = public_url.rstrip("/")
        self.closed = False

    def central_system_url(self, version: str) -> str:
        return f"{self._public_url}{CENTRAL_SYSTEM_PATH}/{version}"

    def disconnect(self, charger_id: str, reason: str) -> bool:
        return False  # each SOAP exchange is its own HTTP request: nothing stays open

    async def send(
        self, charger: ChargerRecord, action: str, payload: dict[str, Any], timeout: float
    ) -> DispatchOutcome:
        if self.closed:
            return DispatchOutcome(CommandStatus.ERROR, error="the gateway is shutting down")
        if charger.version is None:
            return DispatchOutcome(CommandStatus.OFFLINE, error="the charger has never connected")
        client = service_client(charger.version, "cp")
        if action not in client.spec.operations:
            error = f"{action} does not exist in OCPP {charger.version}"
            return DispatchOutcome(CommandStatus.NOT_SUPPORTED, error=error)
        endpoint = charger.command_endpoint
        if endpoint is None:
            return DispatchOutcome(CommandStatus.UNREACHABLE, error=NO_CALLBACK_ADDRESS)
        if usable_endpoint(endpoint) is None:
            error = f"{endpoint!r} is not a usable callback address; {HOW_TO_SET_ONE}"
            return DispatchOutcome(CommandStatus.UNREACHABLE, error=error)
        our_url = self.central_system_url(client.version)
        try:
            result = await self._caller.call(
                client,
                action,
                payload,
                endpoint=endpoint,
                charge_box_id=charger.id,
                timeout=timeout,
                from_address=our_url,
                reply_to=our_url,
                log=lambda exchange: self._note(charger.id, exchange),
            )
        except CallError as exc:
            log.info("%s: %s to %s -> %s: %s", charger.id, action, endpoint, exc.status, exc.reason)
            return DispatchOutcome(exc.status, error=exc.reason)
        log.info("%s: %s to %s answered", charger.id, action, endpoint)
        return DispatchOutcome(CommandStatus.ACCEPTED, result=result)

    def _note(self, charger_id: str, exchange: Exchange) -> None:
        """Every attempt goes into the message log: the request, and the answer if any."""
        attempt = exchange.attempt
        flags = [f"attempt:{attempt.number}"]
        if attempt.failure is not None:
            flags.append(attempt.failure.status.value)
        entries = [
            MessageLogEntry(
                charger_id=charger_id,
                direction=Direction.OUT,
                transport=Transport.SOAP,
                action=exchange.operation,
                message=exchange.request.text,
                timestamp=attempt.started_at,
                flags=tuple(flags),
            )
        ]
        if attempt.answer is not None:
            status = attempt.answer.status
            entries.append(
                MessageLogEntry(
                    charger_id=charger_id,
                    direction=Direction.IN,
                    transport=Transport.SOAP,
                    action=exchange.operation,
                    message=attempt.answer.body.decode("utf-8", errors="replace"),
                    timestamp=attempt.finished_at,
                    flags=() if status == 200 else (f"http:{status}",),
                )
            )
        for entry in entries:
            try:
                self._store.note_message(entry)
            except Exception:  # the log is a record, not a promise to the charger
                log.exception("%s: could not queue a SOAP message for the log", charger_id)
