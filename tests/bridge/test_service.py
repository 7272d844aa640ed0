"""The bridge's services over a real Store (SQLite and PostgreSQL): each rule end to end,
through the same entry point both front doors use (``CentralSystem.handle_payload``)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from bridge import (
    CentralSystem,
    CentralSystemConfig,
    CommandService,
    CommandStatus,
    Contact,
    DispatchOutcome,
    NotRegisteredError,
    OcppVersion,
    RegistrationStatus,
    Transport,
    UnknownActionError,
    UnknownChargerError,
    UnknownChargerPolicy,
    ValidationError,
)
from bridge.enums import AuthorizationStatus
from bridge.records import ChargerRecord, IdTagRecord
from storage import SqlStore

CP = "CP-7"
T0 = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
BOOT16 = {"chargePointVendor": "ACME", "chargePointModel": "Wallbox 22", "firmwareVersion": "1.0"}


def contact(
    version: OcppVersion = OcppVersion.V16, transport: Transport = Transport.JSON, **kw: Any
) -> Contact:
    return Contact(charger_id=CP, transport=transport, version=version, received_at=T0, **kw)


def central(store: SqlStore, **config: Any) -> CentralSystem:
    settings = {"unknown_chargers": UnknownChargerPolicy.ACCEPT, **config}
    return CentralSystem(store, CentralSystemConfig(**settings), clock=lambda: T0)


async def booted(store: SqlStore, version: OcppVersion = OcppVersion.V16) -> CentralSystem:
    cs = central(store)
    boot = dict(BOOT16)
    answer = await cs.handle_payload(contact(version), "BootNotification", boot)
    assert answer["status"] == "Accepted"
    return cs


def start(meter: int = 100, connector: int = 1, tag: str = "TAG-1") -> dict[str, Any]:
    return {
        "connectorId": connector,
        "idTag": tag,
        "meterStart": meter,
        "timestamp": "2025-03-01T08:00:00Z",
    }


# --- BootNotification and registration -------------------------------------------------


async def test_unknown_charger_pending_then_approved(store: SqlStore) -> None:
    cs = central(store, unknown_chargers=UnknownChargerPolicy.PENDING, pending_retry_interval=45)
    answer = await cs.handle_payload(contact(), "BootNotification", BOOT16)
    assert answer == {
        "status": "Pending",
        "currentTime": "2025-03-01T08:00:00.000Z",
        "interval": 45,
    }
    record = await store.get_charger(CP)
    assert record is not None and record.registration_status is RegistrationStatus.PENDING
    assert record.vendor == "ACME"  # recorded, so an operator can decide
    with pytest.raises(NotRegisteredError) as refused:
        await cs.handle_payload(contact(), "Heartbeat", {})
    assert refused.value.ocpp_code == "SecurityError"

    await store.set_registration(CP, RegistrationStatus.ACCEPTED)
    answer = await cs.handle_payload(contact(), "BootNotification", BOOT16)
    assert (answer["status"], answer["interval"]) == ("Accepted", 300)
    assert await cs.handle_payload(contact(), "Heartbeat", {}) == {
        "currentTime": "2025-03-01T08:00:00.000Z"
    }


async def test_rejected_charger_gets_its_answer_and_writes_nothing(store: SqlStore) -> None:
    cs = central(store, unknown_chargers=UnknownChargerPolicy.REJECT)
    answer = await cs.handle_payload(contact(), "BootNotification", BOOT16)
    assert answer["status"] == "Rejected"
    record = await store.get_charger(CP)
    assert record is not None and record.registration_status is RegistrationStatus.REJECTED
    assert (record.vendor, record.transport, record.last_seen) == (None, None, None)
    await cs.handle_payload(contact(), "BootNotification", BOOT16)
    with pytest.raises(NotRegisteredError):
        await cs.handle_payload(contact(), "StartTransaction", start())
    assert await store.list_transactions(CP) == []


async def test_pending_is_answered_rejected_to_a_15_charger(store: SqlStore) -> None:
    cs = central(store, unknown_chargers=UnknownChargerPolicy.PENDING)
    answer = await cs.handle_payload(
        contact(OcppVersion.V15, Transport.SOAP), "BootNotification", BOOT16
    )
    assert answer == {
        "status": "Rejected",
        "currentTime": "2025-03-01T08:00:00.000Z",
        "heartbeatInterval": 60,
    }
    record = await store.get_charger(CP)
    assert record is not None and record.registration_status is RegistrationStatus.PENDING


async def test_soap_contact_learns_a_usable_from_and_keeps_it(store: SqlStore) -> None:
    cs = central(store)
    soap = contact(OcppVersion.V15, Transport.SOAP, soap_endpoint="http://10.1.2.3:8080/cp")
    await cs.handle_payload(soap, "BootNotification", BOOT16)
    for unusable in (None, "http://:8082/", "http://www.w3.org/2005/08/addressing/anonymous"):
        await cs.handle_payload(
            contact(OcppVersion.V15, Transport.SOAP, soap_endpoint=unusable), "Heartbeat", {}
        )
    record = await store.get_charger(CP)
    assert record is not None
    assert (record.transport, record.version) == (Transport.SOAP, OcppVersion.V15)
    assert record.soap_endpoint == "http://10.1.2.3:8080/cp"


async def test_a_move_to_json_is_recorded_in_the_protocol_history(store: SqlStore) -> None:
    cs = await booted(store, OcppVersion.V15)
    await cs.handle_payload(contact(OcppVersion.V16, Transport.JSON), "Heartbeat", {})
    history = await store.protocol_history(CP)
    assert [(h.transport, h.version) for h in history] == [
        (Transport.JSON, OcppVersion.V15),
        (Transport.JSON, OcppVersion.V16),
    ]


# --- Authorize -----------------------------------------------------------------------------


async def test_authorize(store: SqlStore) -> None:
    cs = await booted(store)
    await store.upsert_id_tag(IdTagRecord(id_tag="TAG-1", parent_id_tag="FLEET"))
    await store.upsert_id_tag(IdTagRecord(id_tag="FLEET", blocked=True))
    await store.upsert_id_tag(IdTagRecord(id_tag="TAG-2", expiry_date=T0 + dt.timedelta(days=1)))
    cases = {
        "NOBODY": {"status": "Invalid"},
        "TAG-1": {"status": "Blocked", "parentIdTag": "FLEET"},  # the fleet card is blocked
        "TAG-2": {"status": "Accepted", "expiryDate": "2025-03-02T08:00:00.000Z"},
    }
    for tag, info in cases.items():
        answer = await cs.handle_payload(contact(), "Authorize", {"idTag": tag})
        assert answer == {"idTagInfo": info}, tag


# --- StartTransaction ------------------------------------------------------------------------


async def test_a_retried_start_returns_the_same_id_and_creates_nothing(store: SqlStore) -> None:
    cs = await booted(store)
    await store.upsert_id_tag(IdTagRecord(id_tag="TAG-1", max_active_transactions=1))
    first = await cs.handle_payload(contact(), "StartTransaction", start())
    again = await cs.handle_payload(contact(), "StartTransaction", start())
    assert first["transactionId"] > 0
    assert again == first  # same id, and still Accepted: the retry is not a second use
    assert first["idTagInfo"]["status"] == "Accepted"
    assert len(await store.list_transactions(CP)) == 1

    other = await cs.handle_payload(contact(), "StartTransaction", start(connector=2))
    assert other["transactionId"] != first["transactionId"]
    assert other["idTagInfo"]["status"] == AuthorizationStatus.CONCURRENT_TX


async def test_concurrent_retries_give_one_transaction(store: SqlStore) -> None:
    cs = await booted(store)
    answers = await asyncio.gather(
        *(cs.handle_payload(contact(), "StartTransaction", start()) for _ in range(8))
    )
    assert len({a["transactionId"] for a in answers}) == 1
    assert len(await store.list_transactions(CP)) == 1


# --- StopTransaction ---------------------------------------------------------------------------


async def test_stop_closes_the_transaction_with_reason_and_data(store: SqlStore) -> None:
    cs = await booted(store)
    tx = (await cs.handle_payload(contact(), "StartTransaction", start()))["transactionId"]
    stop = {
        "transactionId": tx,
        "meterStop": 5100,
        "timestamp": "2025-03-01T09:00:00Z",
        "reason": "EVDisconnected",
        "idTag": "TAG-1",
        "transactionData": [
            {"timestamp": "2025-03-01T09:00:00Z", "sampledValue": [{"value": "5.1", "unit": "kWh"}]}
        ],
    }
    answer = await cs.handle_payload(contact(), "StopTransaction", stop)
    assert answer == {"idTagInfo": {"status": "Invalid"}}  # TAG-1 is not in the store
    (row,) = await store.list_transactions(CP)
    assert (row.meter_stop, row.stop_reason, row.is_open) == (5100, "EVDisconnected", False)
    (reading,) = await store.list_meter_values(CP, transaction_id=tx)
    assert reading.energy_wh == 5100


@pytest.mark.parametrize("reported", [0, -1, 9223372036854775807, 424242])
async def test_a_stop_of_an_unknown_transaction_is_answered_and_recorded(
    store: SqlStore, reported: int
) -> None:
    cs = await booted(store)
    stop = {"transactionId": reported, "meterStop": 10, "timestamp": "2025-03-01T09:00:00Z"}
    assert await cs.handle_payload(contact(), "StopTransaction", stop) == {}
    (row,) = await store.list_transactions(CP)
    assert f"unknown_transaction:{reported}" in row.flags
    assert row.meter_stop == 10


# --- StatusNotification --------------------------------------------------------------------------


async def test_legacy_occupied_becomes_charging_or_preparing(store: SqlStore) -> None:
    cs = await booted(store, OcppVersion.V15)
    soap = contact(OcppVersion.V15, Transport.SOAP)
    occupied = {"connectorId": 1, "status": "Occupied", "errorCode": "NoError"}
    await cs.handle_payload(soap, "StatusNotification", occupied)
    await cs.handle_payload(soap, "StartTransaction", start(connector=2))
    await cs.handle_payload(soap, "StatusNotification", {**occupied, "connectorId": 2})
    connectors = {c.connector_id: c for c in await store.get_connectors(CP)}
    assert connectors[1].status == "Preparing"
    assert connectors[2].status == "Charging"
    assert "legacy_status:Occupied" in connectors[1].flags


async def test_status_of_connector_zero_is_the_charger_itself(store: SqlStore) -> None:
    cs = await booted(store)
    status = {"connectorId": 0, "status": "Faulted", "errorCode": "GroundFailure", "info": "RCD"}
    await cs.handle_payload(contact(), "StatusNotification", status)
    (zero,) = await store.get_connectors(CP)
    assert (zero.connector_id, zero.status, zero.error_code, zero.info) == (
        0,
        "Faulted",
        "GroundFailure",
        "RCD",
    )
    assert zero.timestamp == T0  # no timestamp sent: the time received


# --- MeterValues ----------------------------------------------------------------------------------


async def test_meter_values_keep_every_attribute_and_are_stored_once(store: SqlStore) -> None:
    cs = await booted(store)
    values = {
        "connectorId": 1,
        "transactionId": 9223372036854775807,
        "meterValue": [
            {
                "timestamp": "2025-03-01T08:15:00",  # no zone: taken as UTC and flagged
                "sampledValue": [
                    {
                        "value": "1.25",
                        "unit": "kWh",
                        "context": "Sample.Periodic",
                        "measurand": "Energy.Active.Import.Register",
                        "location": "Outlet",
                        "format": "Raw",
                    },
                    {"value": "16.0", "measurand": "Current.Import", "phase": "L1", "unit": "A"},
                ],
            }
        ],
    }
    await cs.handle_payload(contact(), "MeterValues", values)
    await cs.handle_payload(contact(), "MeterValues", values)  # re-sent after a reconnect
    rows = await store.list_meter_values(CP)
    assert len(rows) == 2
    energy = next(r for r in rows if r.measurand == "Energy.Active.Import.Register")
    current = next(r for r in rows if r.measurand == "Current.Import")
    assert (energy.energy_wh, energy.unit, energy.location, energy.format) == (
        1250,
        "kWh",
        "Outlet",
        "Raw",
    )
    assert (current.phase, current.energy_wh) == ("L1", None)
    assert energy.transaction_id == 9223372036854775807
    assert energy.timestamp == dt.datetime(2025, 3, 1, 8, 15, tzinfo=dt.UTC)
    assert "naive_timestamp:meterValue[0].timestamp" in energy.flags


async def test_15_meter_values_arrive_as_16_sampled_values(store: SqlStore) -> None:
    cs = await booted(store, OcppVersion.V15)
    values = {
        "connectorId": 1,
        "values": [
            {
                "timestamp": "2025-03-01T08:15:00Z",
                "value": [{"value": "230", "unit": "Volt", "measurand": "Voltage"}, {"value": "7"}],
            }
        ],
    }
    await cs.handle_payload(contact(OcppVersion.V15, Transport.SOAP), "MeterValues", values)
    rows = {r.value: r for r in await store.list_meter_values(CP)}
    assert (rows["230"].unit, rows["230"].measurand) == ("V", "Voltage")
    assert rows["7"].energy_wh == 7  # defaults: Energy.Active.Import.Register in Wh


# --- DataTransfer, reports --------------------------------------------------------------------------


async def test_data_transfer_answers_per_vendor(store: SqlStore) -> None:
    cs = central(store, accepted_vendors=frozenset({"com.acme"}))
    await cs.handle_payload(contact(), "BootNotification", BOOT16)
    unknown = {"vendorId": "org.other", "messageId": "x", "data": "{}"}
    assert await cs.handle_payload(contact(), "DataTransfer", unknown) == {
        "status": "UnknownVendorId"
    }
    known = {"vendorId": "com.acme", "data": "hello"}
    assert await cs.handle_payload(contact(), "DataTransfer", known) == {"status": "Accepted"}
    records = await store.list_data_transfers(CP)
    assert sorted((r.vendor_id, r.data) for r in records) == [
        ("com.acme", "hello"),
        ("org.other", "{}"),
    ]


async def test_firmware_and_diagnostics_status_are_recorded(store: SqlStore) -> None:
    cs = await booted(store)
    await cs.handle_payload(contact(), "FirmwareStatusNotification", {"status": "Installed"})
    await cs.handle_payload(contact(), "DiagnosticsStatusNotification", {"status": "Uploaded"})
    reports = {(r.kind, r.status) for r in await store.list_reports(CP)}
    assert reports == {
        ("FirmwareStatusNotification", "Installed"),
        ("DiagnosticsStatusNotification", "Uploaded"),
    }


async def test_invalid_messages_name_the_field_and_write_nothing(store: SqlStore) -> None:
    cs = await booted(store)
    bad = {
        "connectorId": 1,
        "meterValue": [
            {"timestamp": "2025-03-01T08:15:00Z", "sampledValue": [{"value": "1", "unit": "kWhh"}]}
        ],
    }
    with pytest.raises(ValidationError) as refused:
        await cs.handle_payload(contact(), "MeterValues", bad)
    assert refused.value.field == "meterValue[0].sampledValue[0].unit"
    assert await store.list_meter_values(CP) == []
    with pytest.raises(UnknownActionError):
        await cs.handle_payload(contact(OcppVersion.V12, Transport.SOAP), "DataTransfer", {})


# --- commands ------------------------------------------------------------------------------------


class RecordingCharger:
    """A Dispatcher that answers like a charger would and records what it was sent."""

    def __init__(self, answer: dict[str, Any] | None = None, delay: float = 0.0) -> None:
        self.answer = answer if answer is not None else {"status": "Accepted"}
        self.delay = delay
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.active = 0
        self.most_active = 0

    async def send(
        self, charger: ChargerRecord, action: str, payload: dict[str, Any], timeout: float
    ) -> DispatchOutcome:
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        try:
            self.sent.append((action, payload))
            await asyncio.sleep(self.delay)
            return DispatchOutcome(CommandStatus.ACCEPTED, dict(self.answer))
        finally:
            self.active -= 1


async def commands_for(
    store: SqlStore, version: OcppVersion, dispatcher: Any, **config: Any
) -> CommandService:
    await store.add_charger(CP, RegistrationStatus.ACCEPTED, now=T0)
    await store.record_contact(CP, Transport.SOAP, version, T0, "http://10.0.0.9/cp")
    service = CommandService(store, CentralSystemConfig(**config), clock=lambda: T0)
    service.register(Transport.SOAP, dispatcher)
    return service


async def test_an_invalid_command_is_refused_naming_the_field_and_nothing_is_written(
    store: SqlStore,
) -> None:
    charger = RecordingCharger()
    service = await commands_for(store, OcppVersion.V16, charger)
    with pytest.raises(ValidationError) as refused:
        await service.submit(CP, "ChangeAvailability", {"connectorId": -1, "type": "Inoperative"})
    assert refused.value.field == "connectorId"
    with pytest.raises(ValidationError) as refused:
        await service.submit(CP, "Reset", {"type": "Hard", "when": "now"})
    assert refused.value.field == "when"
    with pytest.raises(UnknownChargerError):
        await service.submit("CP-NOPE", "ClearCache", {})
    with pytest.raises(UnknownActionError):
        await service.submit(CP, "Explode", {})
    assert await store.list_commands(CP) == []
    assert charger.sent == []


async def test_commands_are_converted_for_the_chargers_version(store: SqlStore) -> None:
    charger = RecordingCharger({"status": "Accepted", "hash": "abc"})
    service = await commands_for(store, OcppVersion.V15, charger)
    local_list = {
        "listVersion": 3,
        "updateType": "Full",
        "localAuthorizationList": [{"idTag": "TAG-1", "idTagInfo": {"status": "Accepted"}}],
    }
    record = await service.run(CP, "SendLocalList", local_list)
    assert record.status is CommandStatus.ACCEPTED
    assert record.result == {"status": "Accepted"}
    assert charger.sent == [
        (
            "SendLocalList",
            {
                "updateType": "Full",
                "listVersion": 3,
                "localAuthorisationList": [{"idTag": "TAG-1", "idTagInfo": {"status": "Accepted"}}],
            },
        )
    ]


async def test_unlock_answers_of_a_15_charger_become_16_statuses(store: SqlStore) -> None:
    service = await commands_for(store, OcppVersion.V15, RecordingCharger({"status": "Rejected"}))
    record = await service.run(CP, "UnlockConnector", {"connectorId": 1})
    assert (record.status, record.result) == (CommandStatus.REJECTED, {"status": "UnlockFailed"})


async def test_an_action_the_version_lacks_is_not_supported_without_a_call(store: SqlStore) -> None:
    charger = RecordingCharger()
    service = await commands_for(store, OcppVersion.V15, charger)
    record = await service.submit(CP, "TriggerMessage", {"requestedMessage": "Heartbeat"})
    assert record.status is CommandStatus.NOT_SUPPORTED
    assert "does not exist in OCPP 1.5" in (record.error or "")
    profile = {
        "idTag": "TAG-1",
        "chargingProfile": {
            "chargingProfileId": 1,
            "stackLevel": 0,
            "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Relative",
            "chargingSchedule": {
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16}],
            },
        },
    }
    record = await service.submit(CP, "RemoteStartTransaction", profile)
    assert record.status is CommandStatus.NOT_SUPPORTED
    assert "chargingProfile" in (record.error or "")
    assert charger.sent == []


async def test_one_command_at_a_time_per_charger_in_order(store: SqlStore) -> None:
    charger = RecordingCharger(delay=0.02)
    service = await commands_for(store, OcppVersion.V16, charger)
    records = [
        await service.submit(CP, "ChangeConfiguration", {"key": "K", "value": str(i)})
        for i in range(5)
    ]
    finals = await asyncio.gather(*(service.wait(r, 10) for r in records))
    assert [f.status for f in finals] == [CommandStatus.ACCEPTED] * 5
    assert [p["value"] for _, p in charger.sent] == ["0", "1", "2", "3", "4"]
    assert charger.most_active == 1


async def test_a_charger_that_never_answers_ends_in_timeout(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bridge.service.DISPATCH_GRACE", 0.05)

    class Silent:
        async def send(self, *args: Any) -> DispatchOutcome:
            await asyncio.sleep(3600)
            raise AssertionError("unreachable")

    service = await commands_for(store, OcppVersion.V16, Silent(), command_timeout=0.05)
    record = await service.submit(CP, "ClearCache", {})
    final = await service.wait(record, 5)
    assert final.status is CommandStatus.TIMEOUT
    stored = await store.get_command(record.id)
    assert stored is not None and stored.status is CommandStatus.TIMEOUT


async def test_a_failing_dispatcher_leaves_no_command_pending(store: SqlStore) -> None:
    class Broken:
        async def send(self, *args: Any) -> DispatchOutcome:
            raise RuntimeError("boom")

    service = await commands_for(store, OcppVersion.V16, Broken())
    final = await service.run(CP, "ClearCache", {})
    assert final.status is CommandStatus.ERROR
    assert "boom" in (final.error or "")


async def test_a_charger_that_never_connected_is_offline(store: SqlStore) -> None:
    await store.add_charger("CP-NEW", RegistrationStatus.ACCEPTED, now=T0)
    service = CommandService(store)
    record = await service.submit("CP-NEW", "ClearCache", {})
    assert record.status is CommandStatus.OFFLINE


async def test_a_front_doors_flags_are_stored_with_the_row(store: SqlStore) -> None:
    cs = await booted(store)
    values = {
        "connectorId": 1,
        "meterValue": [{"timestamp": "2025-03-01T08:15:00Z", "sampledValue": [{"value": "5"}]}],
    }
    await cs.handle_payload(contact(), "MeterValues", values, ("missing_timestamp:x",))
    (row,) = await store.list_meter_values(CP)
    assert row.flags == ("missing_timestamp:x",)
