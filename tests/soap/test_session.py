"""A full charging session from a zeep client built from each official CentralSystemService
WSDL, against both codecs: every answer parses under the official schema (checked in the
zeep plugin), carries its WS-Addressing headers, and the database holds it all."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from lxml import etree

from bridge import IdTagRecord, OcppVersion, RegistrationStatus, Transport
from soap import CODECS
from wsdl import VERSIONS
from wsdl.namespaces import SOAP12_ENVELOPE, WSA

from .conftest import CALLBACK, Gateway, GatewayFactory, ZeepCharger, eventually

T0 = dt.datetime(2024, 3, 1, 12, 0, 0, tzinfo=dt.UTC)


def _readings(version: str, at: dt.datetime, energy: str) -> dict[str, Any]:
    """One meter value carrying an energy register and a current, in ``version``'s shape."""
    if version == "1.6":
        return {
            "timestamp": at,
            "sampledValue": [
                {
                    "value": energy,
                    "context": "Sample.Periodic",
                    "measurand": "Energy.Active.Import.Register",
                    "unit": "Wh",
                },
                {"value": "16.0", "measurand": "Current.Import", "phase": "L1", "unit": "A"},
            ],
        }
    if version == "1.5":
        return {
            "timestamp": at,
            "value": [
                {"_value_1": energy, "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
                {"_value_1": "16.0", "measurand": "Current.Import", "unit": "Amp"},
            ],
        }
    return {"timestamp": at, "value": int(energy)}


def _meter_values(version: str, at: dt.datetime, energy: str) -> dict[str, Any]:
    key = "meterValue" if version == "1.6" else "values"
    return {key: [_readings(version, at, energy)]}


def _stop_extras(version: str) -> dict[str, Any]:
    if version == "1.6":
        return {
            "reason": "Local",
            "transactionData": [_readings("1.6", T0 + dt.timedelta(minutes=30), "2500")],
        }
    if version == "1.5":
        return {
            "transactionData": [
                {"values": [_readings("1.5", T0 + dt.timedelta(minutes=30), "2500")]}
            ]
        }
    return {}


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("version", VERSIONS)
async def test_full_session(make_gateway: GatewayFactory, version: str, codec: str) -> None:
    gateway = await make_gateway(codec=codec)
    await gateway.store.upsert_id_tag(IdTagRecord(id_tag="TAG-1"))
    charger_id = f"CB-{version}-{codec}"
    cp = ZeepCharger(version, gateway.url(f"/ocpp/soap/{version}"), charger_id)

    boot = await cp.call(
        "BootNotification",
        chargePointVendor="VendorX",
        chargePointModel="ModelY",
        chargePointSerialNumber="SN-1",
        firmwareVersion="1.0.3",
    )
    assert boot.status == "Accepted"
    assert boot["interval" if version == "1.6" else "heartbeatInterval"] == 300

    assert (await cp.call("Authorize", idTag="TAG-1")).status == "Accepted"
    assert (await cp.call("Authorize", idTag="NOBODY")).status == "Invalid"

    start = await cp.call(
        "StartTransaction", connectorId=1, idTag="TAG-1", timestamp=T0, meterStart=1000
    )
    assert start.idTagInfo.status == "Accepted"
    tx_id = start.transactionId
    assert tx_id > 0

    meter = _meter_values(version, T0 + dt.timedelta(minutes=15), "1500")
    if version == "1.2":
        assert await cp.call("MeterValues", connectorId=1, **meter) is None
    else:
        assert await cp.call("MeterValues", connectorId=1, transactionId=tx_id, **meter) is None

    status = "Charging" if version == "1.6" else "Occupied"
    assert (
        await cp.call(
            "StatusNotification",
            connectorId=1,
            status=status,
            errorCode="NoError",
            **({} if version == "1.2" else {"timestamp": T0 + dt.timedelta(minutes=16)}),
        )
        is None
    )

    stop = await cp.call(
        "StopTransaction",
        transactionId=tx_id,
        idTag="TAG-1",
        timestamp=T0 + dt.timedelta(minutes=30),
        meterStop=2500,
        **_stop_extras(version),
    )
    assert stop.status == "Accepted"  # zeep unwraps the single idTagInfo

    current_time = await cp.call("Heartbeat")
    assert abs(current_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)

    if version != "1.2":  # OCPP 1.2 has no DataTransfer
        answer = await cp.call("DataTransfer", vendorId="com.example", messageId="ping", data="x&y")
        assert answer.status == "UnknownVendorId"

    assert await cp.call("DiagnosticsStatusNotification", status="Uploaded") is None
    assert await cp.call("FirmwareStatusNotification", status="Installed") is None

    _check_addressing(cp)
    await _check_database(gateway, cp, version, tx_id)


def _check_addressing(cp: ZeepCharger) -> None:
    """Every answer: Action /<Op>Response, RelatesTo the request's MessageID, its own
    MessageID, To anonymous."""
    seen: set[str] = set()
    for exchange in cp.recorder.exchanges:
        sent = exchange.request.findtext(f"{{{SOAP12_ENVELOPE}}}Header/{{{WSA}}}MessageID")
        header = exchange.answer.find(f"{{{SOAP12_ENVELOPE}}}Header")
        assert header is not None, etree.tostring(exchange.answer)
        assert header.findtext(f"{{{WSA}}}Action") == f"/{exchange.operation}Response"
        assert header.findtext(f"{{{WSA}}}RelatesTo") == sent
        ours = header.findtext(f"{{{WSA}}}MessageID")
        assert ours and ours != sent and ours not in seen
        seen.add(ours)
        assert header.findtext(f"{{{WSA}}}To") == f"{WSA}/anonymous"


async def _check_database(gateway: Gateway, cp: ZeepCharger, version: str, tx_id: int) -> None:
    store = gateway.store
    charger_id = cp.charger_id
    charger = await store.get_charger(charger_id)
    assert charger is not None
    assert charger.registration_status is RegistrationStatus.ACCEPTED
    assert (charger.vendor, charger.model) == ("VendorX", "ModelY")
    assert (charger.charge_point_serial_number, charger.firmware_version) == ("SN-1", "1.0.3")
    assert charger.transport is Transport.SOAP
    assert charger.version is OcppVersion(version)
    assert charger.soap_endpoint == CALLBACK

    (tx,) = await store.list_transactions(charger_id)
    assert tx.id == tx_id and not tx.is_open
    assert (tx.connector_id, tx.id_tag, tx.meter_start, tx.meter_stop) == (1, "TAG-1", 1000, 2500)
    assert tx.start_timestamp == T0
    if version == "1.6":
        assert tx.stop_reason == "Local"

    rows = await store.list_meter_values(charger_id)
    energy = [r for r in rows if r.measurand == "Energy.Active.Import.Register"]
    expected = ["1500", "2500"] if version != "1.2" else ["1500"]
    assert [r.value for r in energy] == expected
    # 1.2 MeterValues carries no transactionId
    assert all(r.transaction_id == (None if version == "1.2" else tx_id) for r in rows)
    if version != "1.2":
        (current, *_) = [r for r in rows if r.measurand == "Current.Import"]
        assert (current.value, current.unit) == ("16.0", "A")  # 1.5 "Amp" is 1.6 "A"

    (connector,) = await store.get_connectors(charger_id)
    assert (connector.connector_id, connector.status) == (1, "Charging")

    reports = {r.kind: r.status for r in await store.list_reports(charger_id)}
    assert reports == {
        "DiagnosticsStatusNotification": "Uploaded",
        "FirmwareStatusNotification": "Installed",
    }
    if version != "1.2":
        (transfer,) = await store.list_data_transfers(charger_id)
        assert (transfer.vendor_id, transfer.message_id, transfer.data) == (
            "com.example",
            "ping",
            "x&y",
        )

    calls = len(cp.recorder.exchanges)

    async def logged() -> bool:
        return len(await store.list_messages(charger_id, limit=1000)) == 2 * calls

    await eventually(logged)
    messages = await store.list_messages(charger_id, limit=1000)
    assert {m.transport for m in messages} == {Transport.SOAP}
    assert sum(m.action == "StartTransaction" for m in messages) == 2
    assert any("<" in m.message and "chargeBoxIdentity" in m.message for m in messages)
