"""The 19 OCPP 1.6 commands as the bridge takes them, what the simulator answers, and what
it does afterwards: one case per action, shared by the SOAP command tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bridge import CommandStatus
from soap.simulator import SoapChargePoint
from soap.simulator._state import Reservation, Transaction
from tests.soap.commands.helpers import StandInCentralSystem
from wsdl import get_service

ACCEPTED = {"status": "Accepted"}
EXPIRY = "2030-01-01T12:00:00.000Z"
PROFILE = {
    "chargingProfileId": 5,
    "stackLevel": 1,
    "chargingProfilePurpose": "ChargePointMaxProfile",
    "chargingProfileKind": "Absolute",
    "chargingSchedule": {
        "chargingRateUnit": "A",
        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16}],
    },
}


def _reserved(sim: SoapChargePoint) -> None:
    when = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    sim.state.connectors[1].reservation = Reservation(7, 1, "TAG1", when)


def _charging(sim: SoapChargePoint) -> None:
    tx = Transaction(42, 1, "TAG1", 10_000, dt.datetime.now(dt.UTC))
    sim.state.connectors[1].transaction = tx
    sim.state.connectors[1].status = "Charging"


def _profiled(sim: SoapChargePoint) -> None:
    sim.state.charging_profiles[5] = (0, PROFILE)


def _list_version_4(sim: SoapChargePoint) -> None:
    sim.state.local_list_version = 4


@dataclass(frozen=True)
class Case:
    payload: dict[str, Any]
    result: dict[str, Any]  # what the command records (1.6 shape), compared key by key
    prepare: Callable[[SoapChargePoint], None] | None = None
    then: Callable[[SoapChargePoint, StandInCentralSystem], None] | None = None
    status: CommandStatus = CommandStatus.ACCEPTED
    cs_calls: tuple[str, ...] = field(default=())  # what the simulator tells its CS after


def _unavailable(sim: SoapChargePoint, cs: StandInCentralSystem) -> None:
    assert not sim.state.connectors[1].operative
    assert sim.state.connectors[1].status == "Unavailable"


def _configured(sim: SoapChargePoint, cs: StandInCentralSystem) -> None:
    assert sim.state.configuration["HeartbeatInterval"].value == "120"


def _started(sim: SoapChargePoint, cs: StandInCentralSystem) -> None:
    tx = sim.state.connectors[1].transaction
    assert tx is not None and tx.id_tag == "TAG1"
    assert cs.calls[-1].payload.get("transactionId", tx.id) == tx.id


def _stopped(sim: SoapChargePoint, cs: StandInCentralSystem) -> None:
    assert sim.state.connectors[1].transaction is None
    (stop,) = [c for c in cs.calls if c.operation == "StopTransaction"]
    assert stop.payload["transactionId"] == 42


def _rebooted(sim: SoapChargePoint, cs: StandInCentralSystem) -> None:
    assert sim.state.boots == 1


def _listed(sim: SoapChargePoint, cs: StandInCentralSystem) -> None:
    assert sim.state.local_list_version == 3
    assert set(sim.state.local_list) == {"TAG1", "TAG2"}


CASES: dict[str, Case] = {
    "CancelReservation": Case({"reservationId": 7}, ACCEPTED, prepare=_reserved),
    "ChangeAvailability": Case(
        {"connectorId": 1, "type": "Inoperative"},
        ACCEPTED,
        then=_unavailable,
        cs_calls=("StatusNotification",),
    ),
    "ChangeConfiguration": Case(
        {"key": "HeartbeatInterval", "value": "120"}, ACCEPTED, then=_configured
    ),
    "ClearCache": Case({}, ACCEPTED),
    "ClearChargingProfile": Case({"id": 5}, ACCEPTED, prepare=_profiled),
    "DataTransfer": Case(
        {"vendorId": "OcppGatewaySim", "messageId": "ping", "data": "hello"},
        {"status": "Accepted", "data": "hello"},
    ),
    "GetCompositeSchedule": Case(
        {"connectorId": 1, "duration": 3600, "chargingRateUnit": "A"},
        {
            "status": "Accepted",
            "connectorId": 1,
            "chargingSchedule": {
                "duration": 3600,
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 32}],
            },
        },
    ),
    "GetConfiguration": Case(
        {"key": ["HeartbeatInterval", "NoSuchKey"]},
        {
            "configurationKey": [{"key": "HeartbeatInterval", "readonly": False, "value": "300"}],
            "unknownKey": ["NoSuchKey"],
        },
    ),
    "GetDiagnostics": Case(
        {"location": "ftp://diagnostics.example/upload/"},
        {},
        cs_calls=("DiagnosticsStatusNotification",),
    ),
    "GetLocalListVersion": Case({}, {"listVersion": 4}, prepare=_list_version_4),
    "RemoteStartTransaction": Case(
        {"connectorId": 1, "idTag": "TAG1"},
        ACCEPTED,
        then=_started,
        cs_calls=("StartTransaction", "StatusNotification", "MeterValues"),
    ),
    "RemoteStopTransaction": Case(
        {"transactionId": 42},
        ACCEPTED,
        prepare=_charging,
        then=_stopped,
        cs_calls=("StopTransaction", "StatusNotification"),
    ),
    "ReserveNow": Case(
        {"connectorId": 2, "expiryDate": EXPIRY, "idTag": "TAG1", "reservationId": 9},
        ACCEPTED,
        cs_calls=("StatusNotification",),
    ),
    "Reset": Case({"type": "Soft"}, ACCEPTED, then=_rebooted, cs_calls=("BootNotification",)),
    "SendLocalList": Case(
        {
            "listVersion": 3,
            "updateType": "Full",
            "localAuthorizationList": [
                {"idTag": "TAG1", "idTagInfo": {"status": "Accepted"}},
                {"idTag": "TAG2", "idTagInfo": {"status": "Blocked"}},
            ],
        },
        ACCEPTED,
        then=_listed,
    ),
    "SetChargingProfile": Case({"connectorId": 0, "csChargingProfiles": PROFILE}, ACCEPTED),
    "TriggerMessage": Case({"requestedMessage": "Heartbeat"}, ACCEPTED, cs_calls=("Heartbeat",)),
    # 1.2/1.5 answer Accepted; the bridge records the 1.6 word (R9)
    "UnlockConnector": Case({"connectorId": 1}, {"status": "Unlocked"}),
    "UpdateFirmware": Case(
        {"location": "http://firmware.example/fw.bin", "retrieveDate": "2024-05-01T10:00:00Z"},
        {},
        cs_calls=("FirmwareStatusNotification",),
    ),
}
assert set(CASES) == set(get_service("1.6", "cp").operations)
