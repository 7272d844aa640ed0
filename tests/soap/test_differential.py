"""The compiled codec against the spyne reference: zeep-built requests for every operation
of every version go through the front door with each codec (a recording bridge behind
it); both hand the bridge the same payloads and write equivalent answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
import zeep
from aiohttp import web
from lxml import etree

from bridge import (
    CentralSystem,
    ChargerRecord,
    Contact,
    MessageLogEntry,
    RegistrationStatus,
    decode,
)
from bridge.codec import parse_timestamp
from bridge.messages import CHARGER_ACTIONS
from bridge.versions import request_to_16
from gateway.keys import CENTRAL_SYSTEM, SETTINGS, STORE
from gateway.settings import Settings
from soap import CODECS, SoapFrontDoor
from storage import SqlStore
from wsdl import VERSIONS, get_service
from wsdl.namespaces import SOAP12_ENVELOPE

from .conftest import official_path, schema

T = dt.datetime(2024, 3, 1, 12, 30, 15, tzinfo=dt.UTC)
WHEN = "2024-03-01T12:30:15.000Z"


def _readings(version: str, shift: int) -> dict[str, Any]:
    at = T + dt.timedelta(minutes=shift)
    if version == "1.6":
        return {
            "timestamp": at,
            "sampledValue": [
                {
                    "value": "1500.5",
                    "context": "Sample.Periodic",
                    "format": "Raw",
                    "measurand": "Energy.Active.Import.Register",
                    "phase": "L1-N",
                    "location": "Outlet",
                    "unit": "kWh",
                },
                {"value": "230"},
            ],
        }
    if version == "1.5":
        return {
            "timestamp": at,
            "value": [
                {
                    "_value_1": "1500.5",
                    "context": "Sample.Clock",
                    "format": "Raw",
                    "measurand": "Energy.Active.Import.Register",
                    "location": "Outlet",
                    "unit": "kWh",
                },
                {"_value_1": "16", "unit": "Amp"},
            ],
        }
    return {"timestamp": at, "value": 1500 + shift}


def requests(version: str) -> dict[str, dict[str, Any]]:
    """Every operation's request, with every optional field the version has."""
    values = "meterValue" if version == "1.6" else "values"
    boot = {
        "chargePointVendor": "VendorX",
        "chargePointModel": "ModelY",
        "chargePointSerialNumber": "CP-SN",
        "chargeBoxSerialNumber": "CB-SN",
        "firmwareVersion": "1.0.3",
        "iccid": "8931",
        "imsi": "2620",
        "meterType": "DZG",
        "meterSerialNumber": "M-1",
    }
    start = {"connectorId": 1, "idTag": "TAG-1", "timestamp": T, "meterStart": 1000}
    stop: dict[str, Any] = {
        "transactionId": 7,
        "idTag": "TAG-1",
        "timestamp": T,
        "meterStop": 2000,
    }
    meter: dict[str, Any] = {
        "connectorId": 2,
        values: [_readings(version, 0), _readings(version, 1)],
    }
    status: dict[str, Any] = {"connectorId": 1, "status": "Available", "errorCode": "NoError"}
    if version != "1.2":
        start["reservationId"] = 3
        meter["transactionId"] = 7
        status.update(info="i & <j>", timestamp=T, vendorId="V", vendorErrorCode="E1")
    if version == "1.5":
        stop["transactionData"] = [
            {"values": [_readings(version, 0)]},
            {"values": [_readings(version, 2)]},
        ]
    if version == "1.6":
        stop.update(
            reason="EVDisconnected", transactionData=[_readings(version, 0), _readings(version, 2)]
        )
        status["status"] = "SuspendedEV"
    operations: dict[str, dict[str, Any]] = {
        "Authorize": {"idTag": "TAG-1"},
        "BootNotification": boot,
        "DiagnosticsStatusNotification": {"status": "Uploaded"},
        "FirmwareStatusNotification": {"status": "Installed"},
        "Heartbeat": {},
        "MeterValues": meter,
        "StartTransaction": start,
        "StatusNotification": status,
        "StopTransaction": stop,
    }
    if version != "1.2":
        operations["DataTransfer"] = {"vendorId": "com.example", "messageId": "m", "data": "<x/>"}
    return operations


def answers(version: str) -> dict[str, dict[str, Any]]:
    """What a bridge could answer to each, in the version's shape."""
    info = {"status": "Accepted", "expiryDate": "2024-04-01T00:00:00.000Z", "parentIdTag": "PARENT"}
    interval = "interval" if version == "1.6" else "heartbeatInterval"
    return {
        "Authorize": {"idTagInfo": info},
        "BootNotification": {"status": "Accepted", "currentTime": WHEN, interval: 300},
        "DataTransfer": {"status": "Accepted", "data": "a & b"},
        "DiagnosticsStatusNotification": {},
        "FirmwareStatusNotification": {},
        "Heartbeat": {"currentTime": WHEN},
        "MeterValues": {},
        "StartTransaction": {"transactionId": 7, "idTagInfo": {"status": "ConcurrentTx"}},
        "StatusNotification": {},
        "StopTransaction": {"idTagInfo": info},
    }


@dataclass
class RecordingBridge:
    version: str
    calls: list[tuple[Contact, str, dict[str, Any]]] = field(default_factory=list)

    async def handle_payload(
        self, contact: Contact, action: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        self.calls.append((contact, action, payload))
        return answers(self.version)[action]


@dataclass
class FakeStore:
    logged: list[MessageLogEntry] = field(default_factory=list)

    async def get_charger(self, charger_id: str) -> ChargerRecord:
        return ChargerRecord(id=charger_id, registration_status=RegistrationStatus.ACCEPTED)

    def note_message(self, entry: MessageLogEntry) -> None:
        self.logged.append(entry)


async def _front_door(aiohttp_client: Any, codec: str, version: str) -> tuple[RecordingBridge, Any]:
    settings = Settings(database_url="sqlite+aiosqlite://")
    app = web.Application()
    bridge = RecordingBridge(version)
    app[SETTINGS] = settings
    app[STORE] = cast(SqlStore, FakeStore())
    app[CENTRAL_SYSTEM] = cast(CentralSystem, bridge)
    SoapFrontDoor(settings, codec=codec).install(app)
    return bridge, await aiohttp_client(app)


def _same(first: Any, second: Any, path: str = "") -> None:
    """Equal, where a date-time may be a string on one side and a datetime on the other."""
    if isinstance(first, dict) and isinstance(second, dict):
        assert first.keys() == second.keys(), path
        for key in first:
            _same(first[key], second[key], f"{path}.{key}")
    elif isinstance(first, list) and isinstance(second, list):
        assert len(first) == len(second), path
        for index, (a, b) in enumerate(zip(first, second, strict=True)):
            _same(a, b, f"{path}[{index}]")
    elif isinstance(first, str) and isinstance(second, dt.datetime):
        assert parse_timestamp(first, path)[0] == second, path
    elif isinstance(first, dt.datetime) and isinstance(second, str):
        _same(second, first, path)
    else:
        assert first == second, (path, first, second)


@pytest.mark.parametrize("version", VERSIONS)
async def test_both_codecs_agree(aiohttp_client: Any, version: str) -> None:
    client = zeep.Client(wsdl=str(official_path(version)))
    operations = client.service._binding._operations
    spec = get_service(version, "cs")
    assert set(requests(version)) == set(spec.operations)  # every operation of the version

    paths = {codec: await _front_door(aiohttp_client, codec, version) for codec in CODECS}
    for operation, fields in requests(version).items():
        message = client.create_message(
            client.service, operation, _soapheaders={"ChargeBoxIdentity": "CB-DIFF"}, **fields
        )
        sent = etree.tostring(message)
        envelopes: dict[str, etree._Element] = {}
        for codec, (_, http) in paths.items():
            response = await http.post(
                f"/ocpp/soap/{version}", data=sent, headers={"Content-Type": "application/soap+xml"}
            )
            assert response.status == 200, (codec, operation, await response.text())
            envelopes[codec] = etree.fromstring(await response.read())

        # the same payload, as sent and as the bridge decodes it
        (compiled_call, spyne_call) = (paths[c][0].calls[-1] for c in CODECS)
        assert compiled_call[1] == spyne_call[1] == operation
        assert compiled_call[0].charger_id == spyne_call[0].charger_id == "CB-DIFF"
        _same(compiled_call[2], spyne_call[2], operation)
        request_cls, _ = CHARGER_ACTIONS[operation]
        decoded = [
            decode(request_cls, request_to_16(call[0].version, operation, call[2]).payload)
            for call in (compiled_call, spyne_call)
        ]
        assert decoded[0] == decoded[1], operation

        # equivalent answers: valid under the official schema, read the same by zeep
        for codec, envelope in envelopes.items():
            (body,) = envelope.iterfind(f"{{{SOAP12_ENVELOPE}}}Body")
            schema(version).assertValid(body[0])
            assert body[0].tag == spec.operations[operation].response_element, codec
        read = [operations[operation].process_reply(envelopes[c]) for c in CODECS]
        assert read[0] == read[1], operation
        headers = []
        for codec in CODECS:
            header = envelopes[codec].find(f"{{{SOAP12_ENVELOPE}}}Header")
            assert header is not None, codec
            headers.append({etree.QName(h).localname: h.text for h in header})
        for h in headers:
            h.pop("MessageID")
        assert headers[0] == headers[1], operation
        assert headers[0]["Action"] == f"/{operation}Response"
    for bridge, _ in paths.values():
        assert [call[1] for call in bridge.calls] == list(requests(version))
