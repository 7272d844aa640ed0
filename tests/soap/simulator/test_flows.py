"""The simulator behaves like a charger: commands change its state, and what follows a
command reaches the Central System in order (checked there against the official
CentralSystemService schema). Commands are sent with zeep over loopback HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from soap.commands import SoapCaller, new_session, service_client
from soap.simulator import SoapChargePoint
from tests.soap.commands.helpers import StandInCentralSystem

VERSIONS = ["1.2", "1.5", "1.6"]


@pytest.fixture
async def caller() -> AsyncIterator[SoapCaller]:
    async with new_session() as session:
        yield SoapCaller(session)


async def command(caller: SoapCaller, sim: SoapChargePoint, action: str, **payload: Any) -> Any:
    return await caller.call(
        service_client(sim.version, "cp"),
        action,
        payload,
        endpoint=sim.url,
        charge_box_id=sim.id,
        timeout=5.0,
        from_address="http://central.test/ocpp",
        reply_to="http://central.test/ocpp",
    )


def statuses(cs: StandInCentralSystem, connector: int = 1) -> list[str]:
    return [
        c.payload["status"]
        for c in cs.calls
        if c.operation == "StatusNotification" and c.payload["connectorId"] == connector
    ]


@pytest.fixture(autouse=True)
def _no_problems(central_system: StandInCentralSystem) -> Any:
    yield
    assert central_system.problems == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_boot_reports_every_connector_and_sends_its_own_address(
    make_simulator: Any, central_system: StandInCentralSystem, version: str
) -> None:
    sim = await make_simulator("SIM-1", version)

    assert await sim.boot() == ("Accepted", 300)

    assert central_system.operations() == [
        "BootNotification",
        "StatusNotification",
        "StatusNotification",
    ]
    assert {c.wsa_from for c in central_system.calls} == {sim.url}
    assert {c.charge_box_id for c in central_system.calls} == {"SIM-1"}
    boot = central_system.calls[0].payload
    assert (boot["chargePointVendor"], boot["chargePointModel"]) == ("OcppGatewaySim", "SoapSim")
    assert sim.state.registration == "Accepted"


START_16 = ["StatusNotification", "StartTransaction", "StatusNotification", "MeterValues"]
START_15 = ["StartTransaction", "StatusNotification", "MeterValues"]  # Occupied, once


@pytest.mark.parametrize("version", VERSIONS)
async def test_remote_start_then_remote_stop(
    make_simulator: Any, central_system: StandInCentralSystem, caller: SoapCaller, version: str
) -> None:
    sim = await make_simulator("SIM-1", version)

    answer = await command(caller, sim, "RemoteStartTransaction", idTag="TAG1", connectorId=2)
    await sim.idle()

    assert answer == {"status": "Accepted"}
    assert central_system.operations() == (START_16 if version == "1.6" else START_15)
    start = next(c.payload for c in central_system.calls if c.operation == "StartTransaction")
    assert (start["connectorId"], start["idTag"], start["meterStart"]) == (2, "TAG1", 20_000)
    tx = sim.state.connectors[2].transaction
    assert tx is not None and tx.id == 1001  # the Central System's transactionId
    assert statuses(central_system, 2) == (
        ["Preparing", "Charging"] if version == "1.6" else ["Occupied"]
    )
    meter = central_system.calls[-1].payload
    assert (meter.get("transactionId") == 1001) is (version != "1.2")

    answer = await command(caller, sim, "RemoteStopTransaction", transactionId=1001)
    await sim.idle()

    assert answer == {"status": "Accepted"}
    stop = next(c.payload for c in central_system.calls if c.operation == "StopTransaction")
    assert stop["transactionId"] == 1001 and stop["meterStop"] > start["meterStart"]
    assert stop.get("reason") == ("Remote" if version == "1.6" else None)
    assert statuses(central_system, 2)[-1] == "Available"
    assert sim.state.connectors[2].transaction is None
    assert sim.errors == [] and sim.validation_failures == []


async def test_a_second_remote_start_on_a_busy_connector_is_rejected(
    make_simulator: Any, caller: SoapCaller
) -> None:
    sim = await make_simulator("SIM-1", "1.6")
    await command(caller, sim, "RemoteStartTransaction", idTag="TAG1", connectorId=1)

    again = await command(caller, sim, "RemoteStartTransaction", idTag="TAG2", connectorId=1)
    elsewhere = await command(caller, sim, "RemoteStartTransaction", idTag="TAG2")
    await sim.idle()

    assert again == {"status": "Rejected"}
    assert elsewhere == {"status": "Accepted"}  # no connectorId: the free one
    assert sim.state.connectors[2].transaction is not None


async def test_the_answer_does_not_wait_for_what_follows(
    make_simulator: Any, central_system: StandInCentralSystem, caller: SoapCaller
) -> None:
    release = asyncio.Event()
    original = central_system.handle

    async def held(request: Any) -> Any:
        await release.wait()
        return await original(request)

    central_system.handle = held  # type: ignore[method-assign]
    sim = await make_simulator("SIM-1", "1.6")

    answer = await asyncio.wait_for(
        command(caller, sim, "RemoteStartTransaction", idTag="TAG1", connectorId=1), 2
    )
    assert answer == {"status": "Accepted"}
    central_system.handle = original  # type: ignore[method-assign]
    release.set()


@pytest.mark.parametrize("version", ["1.5", "1.6"])
async def test_reset_ends_the_transaction_and_boots_again(
    make_simulator: Any, central_system: StandInCentralSystem, caller: SoapCaller, version: str
) -> None:
    sim = await make_simulator("SIM-1", version)
    await command(caller, sim, "RemoteStartTransaction", idTag="TAG1", connectorId=1)
    await sim.idle()
    central_system.calls.clear()

    assert await command(caller, sim, "Reset", type="Hard") == {"status": "Accepted"}
    await sim.idle()

    operations = central_system.operations()
    assert operations[:2] == ["StopTransaction", "BootNotification"]
    assert operations[2:] == ["StatusNotification", "StatusNotification"]
    stop = central_system.calls[0].payload
    assert stop.get("reason") == ("HardReset" if version == "1.6" else None)
    assert sim.state.boots == 1
    assert all(c.transaction is None for c in sim.state.connectors.values())


@pytest.mark.parametrize("version", VERSIONS)
async def test_change_availability_changes_the_status(
    make_simulator: Any, central_system: StandInCentralSystem, caller: SoapCaller, version: str
) -> None:
    sim = await make_simulator("SIM-1", version)

    answer = await command(caller, sim, "ChangeAvailability", connectorId=0, type="Inoperative")
    await sim.idle()

    assert answer == {"status": "Accepted"}
    assert statuses(central_system, 1) == ["Unavailable"]
    assert statuses(central_system, 2) == ["Unavailable"]
    refused = await command(caller, sim, "RemoteStartTransaction", idTag="TAG1", connectorId=1)
    assert refused == {"status": "Rejected"}

    await command(caller, sim, "ChangeAvailability", connectorId=1, type="Operative")
    await sim.idle()
    assert statuses(central_system, 1) == ["Unavailable", "Available"]


async def test_inoperative_while_charging_is_scheduled_until_the_transaction_ends(
    make_simulator: Any, central_system: StandInCentralSystem, caller: SoapCaller
) -> None:
    sim = await make_simulator("SIM-1", "1.6")
    await command(caller, sim, "RemoteStartTransaction", idTag="TAG1", connectorId=1)
    await sim.idle()

    answer = await command(caller, sim, "ChangeAvailability", connectorId=1, type="Inoperative")
    assert answer == {"status": "Scheduled"}
    assert sim.state.connectors[1].operative

    await command(caller, sim, "RemoteStopTransaction", transactionId=1001)
    await sim.idle()
    assert not sim.state.connectors[1].operative
    assert statuses(central_system, 1)[-2:] == ["Finishing", "Unavailable"]


@pytest.mark.parametrize("version", ["1.5", "1.6"])
async def test_get_configuration_returns_the_keys_change_configuration_set(
    make_simulator: Any, caller: SoapCaller, version: str
) -> None:
    sim = await make_simulator("SIM-1", version)

    changed = await command(caller, sim, "ChangeConfiguration", key="HeartbeatInterval", value="60")
    readonly = await command(
        caller, sim, "ChangeConfiguration", key="NumberOfConnectors", value="9"
    )
    unknown = await command(caller, sim, "ChangeConfiguration", key="Nope", value="1")
    everything = await command(caller, sim, "GetConfiguration")
    some = await command(caller, sim, "GetConfiguration", key=["HeartbeatInterval", "Nope"])

    assert [changed, readonly, unknown] == [
        {"status": "Accepted"},
        {"status": "Rejected"},
        {"status": "NotSupported"},
    ]
    keys = {k["key"]: k for k in everything["configurationKey"]}
    assert keys["HeartbeatInterval"] == {
        "key": "HeartbeatInterval",
        "readonly": False,
        "value": "60",
    }
    assert keys["NumberOfConnectors"]["readonly"] is True
    assert ("SupportedFeatureProfiles" in keys) is (version == "1.6")
    assert [k["key"] for k in some["configurationKey"]] == ["HeartbeatInterval"]
    assert some["unknownKey"] == ["Nope"]


@pytest.mark.parametrize("version", ["1.5", "1.6"])
async def test_local_list_versions(make_simulator: Any, caller: SoapCaller, version: str) -> None:
    sim = await make_simulator("SIM-1", version)
    entries = "localAuthorizationList" if version == "1.6" else "localAuthorisationList"
    tag = {"idTag": "TAG1", "idTagInfo": {"status": "Accepted"}}

    full = await command(
        caller, sim, "SendLocalList", listVersion=5, updateType="Full", **{entries: [tag]}
    )
    stale = await command(caller, sim, "SendLocalList", listVersion=5, updateType="Differential")
    removal = await command(
        caller,
        sim,
        "SendLocalList",
        listVersion=6,
        updateType="Differential",
        **{entries: [{"idTag": "TAG1"}]},
    )

    assert full["status"] == "Accepted" and ("hash" in full) is (version == "1.5")
    assert stale == {"status": "VersionMismatch"}
    assert removal["status"] == "Accepted"
    assert await command(caller, sim, "GetLocalListVersion") == {"listVersion": 6}
    assert sim.state.local_list == {}


@pytest.mark.parametrize("version", ["1.5", "1.6"])
async def test_a_reservation_holds_the_connector_for_its_tag(
    make_simulator: Any, central_system: StandInCentralSystem, caller: SoapCaller, version: str
) -> None:
    sim = await make_simulator("SIM-1", version)
    reserve = {
        "connectorId": 1,
        "expiryDate": "2030-01-01T00:00:00Z",
        "idTag": "TAG1",
        "reservationId": 3,
    }

    assert await command(caller, sim, "ReserveNow", **reserve) == {"status": "Accepted"}
    other = await command(caller, sim, "RemoteStartTransaction", idTag="TAG2", connectorId=1)
    own = await command(caller, sim, "RemoteStartTransaction", idTag="TAG1", connectorId=1)
    await sim.idle()

    assert (other, own) == ({"status": "Rejected"}, {"status": "Accepted"})
    assert statuses(central_system, 1)[0] == "Reserved"
    start = next(c.payload for c in central_system.calls if c.operation == "StartTransaction")
    assert start["reservationId"] == 3
    assert sim.state.connectors[1].reservation is None
    assert await command(caller, sim, "CancelReservation", reservationId=3) == {
        "status": "Rejected"
    }


async def test_unlocking_a_connector_ends_its_transaction(
    make_simulator: Any, central_system: StandInCentralSystem, caller: SoapCaller
) -> None:
    sim = await make_simulator("SIM-1", "1.6")
    await command(caller, sim, "RemoteStartTransaction", idTag="TAG1", connectorId=1)
    await sim.idle()

    assert await command(caller, sim, "UnlockConnector", connectorId=1) == {"status": "Unlocked"}
    assert await command(caller, sim, "UnlockConnector", connectorId=9) == {
        "status": "UnlockFailed"
    }
    await sim.idle()

    stop = next(c.payload for c in central_system.calls if c.operation == "StopTransaction")
    assert stop["reason"] == "UnlockCommand"


async def test_smart_charging(make_simulator: Any, caller: SoapCaller) -> None:
    sim = await make_simulator("SIM-1", "1.6")
    schedule = {
        "chargingRateUnit": "W",
        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": "7400.0"}],
    }
    profile = {
        "chargingProfileId": 8,
        "stackLevel": 2,
        "chargingProfilePurpose": "TxDefaultProfile",
        "chargingProfileKind": "Absolute",
        "chargingSchedule": schedule,
    }

    tx_profile = await command(
        caller,
        sim,
        "SetChargingProfile",
        connectorId=1,
        csChargingProfiles={**profile, "chargingProfilePurpose": "TxProfile"},
    )
    default = await command(
        caller, sim, "SetChargingProfile", connectorId=1, csChargingProfiles=profile
    )
    composite = await command(caller, sim, "GetCompositeSchedule", connectorId=1, duration=600)
    cleared = await command(caller, sim, "ClearChargingProfile", id=8)
    again = await command(caller, sim, "ClearChargingProfile", id=8)

    assert tx_profile == {"status": "Rejected"}  # no transaction on the connector
    assert default == {"status": "Accepted"}
    assert composite["status"] == "Accepted"
    assert composite["chargingSchedule"] == {
        "duration": 600,
        "chargingRateUnit": "W",
        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 7400}],
    }
    assert (cleared, again) == ({"status": "Accepted"}, {"status": "Unknown"})


@pytest.mark.parametrize(
    ("message", "operation"),
    [
        ("BootNotification", "BootNotification"),
        ("Heartbeat", "Heartbeat"),
        ("StatusNotification", "StatusNotification"),
        ("MeterValues", "MeterValues"),
        ("DiagnosticsStatusNotification", "DiagnosticsStatusNotification"),
        ("FirmwareStatusNotification", "FirmwareStatusNotification"),
    ],
)
async def test_trigger_message(
    make_simulator: Any,
    central_system: StandInCentralSystem,
    caller: SoapCaller,
    message: str,
    operation: str,
) -> None:
    sim = await make_simulator("SIM-1", "1.6")

    answer = await command(caller, sim, "TriggerMessage", requestedMessage=message, connectorId=1)
    await sim.idle()

    assert answer == {"status": "Accepted"}
    assert operation in central_system.operations()


@pytest.mark.parametrize("version", VERSIONS)
async def test_diagnostics_and_firmware_report_their_progress(
    make_simulator: Any, central_system: StandInCentralSystem, caller: SoapCaller, version: str
) -> None:
    sim = await make_simulator("SIM-1", version)

    diagnostics = await command(caller, sim, "GetDiagnostics", location="ftp://upload.example/")
    firmware = await command(
        caller,
        sim,
        "UpdateFirmware",
        location="http://fw.example/1.bin",
        retrieveDate="2024-01-01T00:00:00Z",
    )
    await sim.idle()

    assert diagnostics["fileName"].startswith("SIM-1-")
    assert firmware == {}
    reported = [(c.operation, c.payload["status"]) for c in central_system.calls]
    assert reported[-1] == ("FirmwareStatusNotification", "Installed")
    assert ("DiagnosticsStatusNotification", "Uploaded") in reported


async def test_answers_can_be_overridden(make_simulator: Any, caller: SoapCaller) -> None:
    sim = await make_simulator("SIM-1", "1.6")
    sim.answer("Reset", status="Rejected")

    assert await command(caller, sim, "Reset", type="Soft") == {"status": "Rejected"}
    await sim.idle()
    assert sim.state.boots == 0


async def test_a_central_system_that_is_down_is_recorded_and_the_charger_keeps_serving(
    make_simulator: Any, caller: SoapCaller
) -> None:
    sim = await make_simulator("SIM-1", "1.6", central_system_url="http://127.0.0.1:9/down")

    answer = await command(caller, sim, "RemoteStartTransaction", idTag="TAG1", connectorId=1)
    await sim.idle()

    assert answer == {"status": "Accepted"}
    assert len(sim.errors) == 1 and "connection refused" in sim.errors[0]
    assert sim.state.connectors[1].transaction is None
    assert sim.state.connectors[1].status == "Available"
    assert not sim.state.connectors[1].busy
    assert await command(caller, sim, "ClearCache") == {"status": "Accepted"}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_periodic_simulator_heartbeats_and_samples_like_a_charger(
    make_simulator: Any, central_system: StandInCentralSystem, caller: SoapCaller, version: str
) -> None:
    """Heartbeat every HeartbeatInterval (as the boot answer set it) and, while charging,
    MeterValues every MeterValueSampleInterval; ChangeConfiguration changes the pace."""
    sim = await make_simulator("SIM-P", version, periodic=True, time_scale=0.001)
    await sim.boot()  # interval 300 s, scaled: 0.3 s
    assert sim.state.configuration["HeartbeatInterval"].value == "300"
    await command(caller, sim, "ChangeConfiguration", key="MeterValueSampleInterval", value="100")
    await command(caller, sim, "RemoteStartTransaction", idTag="TAG", connectorId=1)

    async def count(operation: str, at_least: int) -> None:
        async with asyncio.timeout(10):
            while True:  # polled: the stand-in Central System has no event to wait on
                if central_system.operations().count(operation) >= at_least:
                    return
                await asyncio.sleep(0.02)

    await count("Heartbeat", 2)
    await count("MeterValues", 4)  # one at the start, then every 0.1 s
    readings = [c.payload for c in central_system.calls if c.operation == "MeterValues"]
    assert all(r["connectorId"] == 1 for r in readings)
    await command(caller, sim, "ChangeConfiguration", key="HeartbeatInterval", value="0")
    await sim.idle()
    beats = central_system.operations().count("Heartbeat")
    await asyncio.sleep(0.5)
    assert central_system.operations().count("Heartbeat") <= beats + 1  # 0: paused
