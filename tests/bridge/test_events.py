"""Events the bridge publishes, over a real Store (SQLite and PostgreSQL), caught by a
list-backed sink: one per recorded change, none for a retry, none when storing failed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any

import pytest

from bridge import (
    CentralSystem,
    CentralSystemConfig,
    CommandService,
    CommandStatus,
    Contact,
    DispatchOutcome,
    Event,
    EventType,
    OcppVersion,
    RegistrationStatus,
    Transport,
    UnknownChargerPolicy,
)
from bridge.events import EventIds, new_event
from bridge.records import ChargerRecord
from storage import SqlStore

CP = "CP-9"
T0 = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
BOOT = {"chargePointVendor": "ACME", "chargePointModel": "Wallbox 22", "firmwareVersion": "1.0"}


class ListSink:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def publish(self, event: Event) -> None:
        self.events.append(event)

    def of(self, event_type: EventType) -> list[Event]:
        return [e for e in self.events if e.type is event_type]

    def types(self) -> list[str]:
        return [e.type.value for e in self.events]


class BrokenSink:
    def publish(self, event: Event) -> None:
        raise RuntimeError("subscriber exploded")


def contact(
    version: OcppVersion = OcppVersion.V16, transport: Transport = Transport.JSON
) -> Contact:
    return Contact(charger_id=CP, transport=transport, version=version, received_at=T0)


def central(store: SqlStore, sink: Any, **config: Any) -> CentralSystem:
    settings = {"unknown_chargers": UnknownChargerPolicy.ACCEPT, **config}
    return CentralSystem(store, CentralSystemConfig(**settings), clock=lambda: T0, events=sink)


async def booted(store: SqlStore) -> tuple[CentralSystem, ListSink]:
    sink = ListSink()
    cs = central(store, sink)
    await cs.handle_payload(contact(), "BootNotification", BOOT)
    sink.events.clear()
    return cs, sink


def start(meter: int = 100, connector: int = 1) -> dict[str, Any]:
    return {
        "connectorId": connector,
        "idTag": "TAG-1",
        "meterStart": meter,
        "timestamp": "2025-03-01T08:00:00Z",
    }


# --- the Event itself -------------------------------------------------------------------------


def test_an_event_is_frozen_and_serialises_as_the_contract_says() -> None:
    event = new_event(EventType.CONNECTOR_STATUS, CP, T0, {"connector_id": 1})
    assert dataclasses.is_dataclass(event) and "__slots__" in Event.__dict__
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.charger_id = "other"  # type: ignore[misc]
    assert event.to_json() == {
        "id": event.id,
        "type": "connector.status",
        "charger_id": CP,
        "at": "2025-03-01T08:00:00Z",
        "data": {"connector_id": 1},
    }


def test_event_ids_increase_within_a_process() -> None:
    ids = EventIds(epoch=1700000000)
    assert [ids() for _ in range(3)] == ["1700000000-1", "1700000000-2", "1700000000-3"]
    first = new_event(EventType.CHARGER_BOOT, CP, T0, {})
    second = new_event(EventType.CHARGER_BOOT, CP, T0, {})
    epoch, n = first.id.split("-")
    assert second.id == f"{epoch}-{int(n) + 1}"


def test_there_are_nine_event_types() -> None:
    assert {t.value for t in EventType} == {
        "charger.boot",
        "charger.connected",
        "charger.disconnected",
        "charger.transport_changed",
        "connector.status",
        "transaction.started",
        "transaction.stopped",
        "meter_values",
        "command.finished",
    }


# --- charger-to-central messages ----------------------------------------------------------------


async def test_a_first_boot_publishes_the_boot_and_the_new_transport(store: SqlStore) -> None:
    sink = ListSink()
    cs = central(store, sink)
    await cs.handle_payload(contact(), "BootNotification", BOOT)
    assert sink.types() == ["charger.boot", "charger.transport_changed"]
    boot, changed = sink.events
    assert boot.charger_id == CP and boot.at == T0
    assert boot.data == {
        "status": "Accepted",
        "vendor": "ACME",
        "model": "Wallbox 22",
        "firmware": "1.0",
        "transport": "json",
        "version": "1.6",
    }
    assert changed.data == {
        "transport": "json",
        "version": "1.6",
        "previous_transport": None,
        "previous_version": None,
    }
    sink.events.clear()
    await cs.handle_payload(contact(), "BootNotification", BOOT)
    assert sink.types() == ["charger.boot"]  # the same transport: no change to tell


async def test_a_move_from_soap_to_json_is_a_transport_change(store: SqlStore) -> None:
    sink = ListSink()
    cs = central(store, sink)
    await cs.handle_payload(contact(OcppVersion.V15, Transport.SOAP), "BootNotification", BOOT)
    sink.events.clear()
    await cs.handle_payload(contact(), "Heartbeat", {})
    (changed,) = sink.events
    assert changed.type is EventType.CHARGER_TRANSPORT_CHANGED
    assert changed.data["transport"] == "json" and changed.data["previous_transport"] == "soap"
    assert changed.data["previous_version"] == "1.5"


async def test_a_pending_boot_is_published_with_its_status(store: SqlStore) -> None:
    sink = ListSink()
    cs = central(store, sink, unknown_chargers=UnknownChargerPolicy.PENDING)
    await cs.handle_payload(contact(), "BootNotification", BOOT)
    assert sink.of(EventType.CHARGER_BOOT)[0].data["status"] == "Pending"


async def test_a_status_is_published_as_the_apis_connector(store: SqlStore) -> None:
    cs, sink = await booted(store)
    status = {"connectorId": 2, "status": "Faulted", "errorCode": "GroundFailure", "info": "RCD"}
    await cs.handle_payload(contact(), "StatusNotification", status)
    (event,) = sink.events
    assert event.type is EventType.CONNECTOR_STATUS
    assert event.data == {
        "charger_id": CP,
        "connector_id": 2,
        "status": "Faulted",
        "error_code": "GroundFailure",
        "info": "RCD",
        "vendor_id": None,
        "vendor_error_code": None,
        "timestamp": "2025-03-01T08:00:00Z",
        "flags": [],
    }


async def test_a_transaction_start_is_published_once(store: SqlStore) -> None:
    cs, sink = await booted(store)
    answer = await cs.handle_payload(contact(), "StartTransaction", start())
    again = await cs.handle_payload(contact(), "StartTransaction", start())  # a retry
    assert again["transactionId"] == answer["transactionId"]
    (event,) = sink.events
    assert event.type is EventType.TRANSACTION_STARTED
    assert event.data == {
        "transaction_id": answer["transactionId"],
        "connector_id": 1,
        "id_tag": "TAG-1",
        "id_tag_status": "Invalid",  # TAG-1 is not in the store
        "meter_start": 100,
        "timestamp": "2025-03-01T08:00:00Z",
    }


async def test_a_matched_stop_is_published_with_its_energy(store: SqlStore) -> None:
    cs, sink = await booted(store)
    tx = (await cs.handle_payload(contact(), "StartTransaction", start(meter=1000)))[
        "transactionId"
    ]
    stop = {
        "transactionId": tx,
        "meterStop": 5100,
        "timestamp": "2025-03-01T09:00:00Z",
        "reason": "EVDisconnected",
    }
    await cs.handle_payload(contact(), "StopTransaction", stop)
    await cs.handle_payload(contact(), "StopTransaction", stop)  # re-sent: not news
    (event,) = sink.of(EventType.TRANSACTION_STOPPED)
    assert event.data["transaction_id"] == tx and event.data["matched"] is True
    assert event.data["energy_wh"] == 4100
    assert (event.data["meter_stop"], event.data["reason"]) == (5100, "EVDisconnected")
    assert event.data["connector_id"] == 1
    assert event.data["timestamp"] == "2025-03-01T09:00:00Z"


async def test_an_unmatched_stop_is_published_too(store: SqlStore) -> None:
    cs, sink = await booted(store)
    stop = {"transactionId": 0, "meterStop": 10, "timestamp": "2025-03-01T09:00:00Z"}
    await cs.handle_payload(contact(), "StopTransaction", stop)
    (event,) = sink.events
    assert event.data["matched"] is False
    assert event.data["transaction_id"] is None and event.data["reported_transaction_id"] == 0
    assert event.data["energy_wh"] is None
    assert "unknown_transaction:0" in event.data["flags"]


async def test_meter_values_are_published_in_the_16_shape_once(store: SqlStore) -> None:
    cs, sink = await booted(store)
    values = {
        "connectorId": 1,
        "transactionId": 7,
        "meterValue": [
            {
                "timestamp": "2025-03-01T08:15:00Z",
                "sampledValue": [{"value": "1.25", "unit": "kWh"}],
            }
        ],
    }
    await cs.handle_payload(contact(), "MeterValues", values)
    await cs.handle_payload(contact(), "MeterValues", values)  # re-sent: stored once
    (event,) = sink.events
    assert event.type is EventType.METER_VALUES
    assert event.data == {
        "connector_id": 1,
        "transaction_id": 7,
        "meter_value": [
            {
                "timestamp": "2025-03-01T08:15:00.000Z",
                "sampledValue": [{"value": "1.25", "unit": "kWh"}],
            }
        ],
    }


async def test_nothing_is_published_when_storing_failed(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    cs, sink = await booted(store)

    async def broken(*args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "save_status", broken)
    with pytest.raises(RuntimeError):
        await cs.handle_payload(
            contact(),
            "StatusNotification",
            {"connectorId": 1, "status": "Available", "errorCode": "NoError"},
        )
    assert sink.events == []


async def test_a_failing_sink_never_reaches_the_charger(
    store: SqlStore, caplog: pytest.LogCaptureFixture
) -> None:
    cs = central(store, BrokenSink())
    with caplog.at_level(logging.ERROR, logger="bridge.service"):
        answer = await cs.handle_payload(contact(), "BootNotification", BOOT)
        heartbeat = await cs.handle_payload(contact(), "Heartbeat", {})
    assert answer["status"] == "Accepted" and "currentTime" in heartbeat
    assert "could not publish charger.boot" in caplog.text


# --- connections -----------------------------------------------------------------------------


async def test_connect_and_disconnect_are_recorded_then_published(store: SqlStore) -> None:
    await store.add_charger(CP, RegistrationStatus.ACCEPTED, now=T0)
    sink = ListSink()
    cs = central(store, sink)
    here = dataclasses.replace(contact(), remote_addr="10.0.0.7")
    await cs.charger_connected(here)
    assert sink.types() == ["charger.transport_changed", "charger.connected"]
    assert sink.events[1].data == {"transport": "json", "version": "1.6", "remote_addr": "10.0.0.7"}
    (row,) = await store.list_chargers()
    assert row.online and row.transport is Transport.JSON
    sink.events.clear()
    later = T0 + dt.timedelta(minutes=5)
    await cs.charger_disconnected(CP, later)
    (event,) = sink.events
    assert (event.type, event.at, event.data) == (EventType.CHARGER_DISCONNECTED, later, {})
    (row,) = await store.list_chargers()
    assert not row.online
    sink.events.clear()
    await cs.charger_connected(here)  # the same transport again: only connected
    assert sink.types() == ["charger.connected"]


# --- commands ------------------------------------------------------------------------------------


class Answering:
    def disconnect(self, charger_id: str, reason: str) -> bool:
        return False

    async def send(
        self, charger: ChargerRecord, action: str, payload: dict[str, Any], timeout: float
    ) -> DispatchOutcome:
        return DispatchOutcome(CommandStatus.ACCEPTED, {"status": "Rejected"})


async def test_a_finished_command_is_published_with_its_final_record(store: SqlStore) -> None:
    await store.add_charger(CP, RegistrationStatus.ACCEPTED, now=T0)
    await store.record_contact(CP, Transport.SOAP, OcppVersion.V16, T0, "http://10.0.0.9/cp")
    sink = ListSink()
    service = CommandService(store, CentralSystemConfig(), clock=lambda: T0, events=sink)
    service.register(Transport.SOAP, Answering())
    record = await service.run(CP, "Reset", {"type": "Soft"})
    (event,) = sink.events
    assert event.type is EventType.COMMAND_FINISHED and event.charger_id == CP
    assert event.data == {
        "id": record.id,
        "action": "Reset",
        "status": "rejected",
        "result": {"status": "Rejected"},
        "error": None,
    }
    assert record.status is CommandStatus.REJECTED


async def test_a_refused_command_is_finished_at_once(store: SqlStore) -> None:
    await store.add_charger(CP, RegistrationStatus.ACCEPTED, now=T0)  # never connected
    sink = ListSink()
    service = CommandService(store, CentralSystemConfig(), clock=lambda: T0, events=sink)
    record = await service.submit(CP, "ClearCache", {})
    (event,) = sink.events
    assert event.data["id"] == record.id and event.data["status"] == "offline"
    assert event.data["error"] == "the charger has never connected"


# --- SOAP chargers' presence ---------------------------------------------------------------


def soap_at(at: dt.datetime) -> Contact:
    return Contact(charger_id=CP, transport=Transport.SOAP, version=OcppVersion.V15, received_at=at)


async def test_a_soap_charger_is_online_from_any_message_until_it_falls_silent(
    store: SqlStore,
) -> None:
    sink = ListSink()
    cs = central(store, sink, heartbeat_interval=300)
    await cs.handle_payload(soap_at(T0), "BootNotification", BOOT)
    charger = await store.get_charger(CP)
    assert charger is not None and charger.online
    assert sink.types().count("charger.connected") == 1
    await cs.handle_payload(soap_at(T0 + dt.timedelta(seconds=300)), "Heartbeat", {})
    assert sink.types().count("charger.connected") == 1  # still online: no news

    # two heartbeat intervals and a minute of silence: offline, and told
    # (the Heartbeat's last-seen is coalesced: the sweep runs after it is written)
    assert await cs.expire_soap_presence(T0 + dt.timedelta(seconds=300 + 659)) == []
    assert await cs.expire_soap_presence(T0 + dt.timedelta(seconds=300 + 661)) == [CP]
    [gone] = sink.of(EventType.CHARGER_DISCONNECTED)
    assert gone.data == {"reason": "silent"}
    charger = await store.get_charger(CP)
    assert charger is not None and not charger.online
    assert await cs.expire_soap_presence(T0 + dt.timedelta(hours=1)) == []  # once

    # its next message brings it back
    await cs.handle_payload(soap_at(T0 + dt.timedelta(hours=2)), "Heartbeat", {})
    charger = await store.get_charger(CP)
    assert charger is not None and charger.online
    assert sink.types().count("charger.connected") == 2


async def test_the_sweep_leaves_ocpp_j_chargers_alone(store: SqlStore) -> None:
    cs, _ = await booted(store)
    await cs.charger_connected(contact())
    assert await cs.expire_soap_presence(T0 + dt.timedelta(days=1)) == []
    charger = await store.get_charger(CP)
    assert charger is not None and charger.online  # its WebSocket decides
