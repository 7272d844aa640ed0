"""Events for integrators: what happened to a charger, once it is recorded.

The services publish an :class:`Event` to an :class:`EventSink` after the store call that
commits the change, so an integrator never hears of something the database lacks. A
sink must not block or raise: ``gateway.events.EventHub`` queues for its subscribers (the
API's event stream, the webhook deliveries) and drops for a subscriber that falls behind.

Every ``data`` here is JSON-ready (strings, numbers, lists, dicts): the same dict goes
to a stream, a webhook body and the delivery log.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from .records import ConnectorState


class EventType(StrEnum):
    CHARGER_BOOT = "charger.boot"
    CHARGER_CONNECTED = "charger.connected"
    CHARGER_DISCONNECTED = "charger.disconnected"
    CHARGER_TRANSPORT_CHANGED = "charger.transport_changed"
    CONNECTOR_STATUS = "connector.status"
    TRANSACTION_STARTED = "transaction.started"
    TRANSACTION_STOPPED = "transaction.stopped"
    METER_VALUES = "meter_values"
    COMMAND_FINISHED = "command.finished"


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    id: str  # unique in this process, increasing: see EventIds
    type: EventType
    charger_id: str
    at: dt.datetime  # when it happened (the charger's message arrived, the command ended)
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The event as integrators see it: ``{id, type, charger_id, at, data}``."""
        return {
            "id": self.id,
            "type": self.type.value,
            "charger_id": self.charger_id,
            "at": timestamp(self.at),
            "data": self.data,
        }


class EventSink(Protocol):
    def publish(self, event: Event) -> None:
        """Take the event without waiting; never raise for a subscriber's trouble."""
        ...


class EventIds:
    """``<process start, unix seconds>-<counter>``: unique across restarts (one process
    per database), increasing within a process, so an id orders the events of one run."""

    __slots__ = ("_counter", "epoch")

    def __init__(self, epoch: int | None = None) -> None:
        self.epoch = int(time.time()) if epoch is None else epoch
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        return f"{self.epoch}-{next(self._counter)}"


# One sequence for the process: CentralSystem and CommandService draw from it alike.
next_event_id = EventIds()


def new_event(
    event_type: EventType, charger_id: str, at: dt.datetime, data: dict[str, Any]
) -> Event:
    return Event(id=next_event_id(), type=event_type, charger_id=charger_id, at=at, data=data)


def timestamp(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with ``Z``, as the API writes every time."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def connector_data(state: ConnectorState) -> dict[str, Any]:
    """A connector as events and the API show it."""
    return {
        "charger_id": state.charger_id,
        "connector_id": state.connector_id,
        "status": state.status.value,
        "error_code": state.error_code.value,
        "info": state.info,
        "vendor_id": state.vendor_id,
        "vendor_error_code": state.vendor_error_code,
        "timestamp": timestamp(state.timestamp),
        "flags": list(state.flags),
    }
