"""zeep (official WSDL) -> spyne (generated service) -> official schema, per OCPP version."""

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import zeep
from lxml import etree

from tests.wsdl.helpers import (
    body_element,
    official_schema,
    parse_request,
    serialise_response,
    spyne_server,
)
from wsdl import get_service
from wsdl.catalog import VERSIONS, source
from wsdl.serve import build_wsdl, build_wsdl_for
from wsdl.spec import ServiceSpec

CHARGE_BOX = "CB-0001"
WHEN = datetime(2024, 3, 1, 12, 30, 15, tzinfo=UTC)


class CentralSystem:
    """The official CentralSystemService WSDL as seen by a zeep charge point, and our spyne side."""

    def __init__(self, official_dir: Path, version: str) -> None:
        path = official_dir / source(version, "cs").filename
        self.client = zeep.Client(wsdl=str(path))
        self.schema = official_schema(path)
        self.spec: ServiceSpec = get_service(version, "cs")
        self.server = spyne_server(self.spec)

    def request(self, operation: str, **fields: Any) -> Any:
        message = self.client.create_message(
            self.client.service, operation, _soapheaders={"ChargeBoxIdentity": CHARGE_BOX}, **fields
        )
        self.schema.assertValid(body_element(etree.tostring(message)))
        ctx = parse_request(self.server, etree.tostring(message))
        assert ctx.in_error is None, ctx.in_error
        assert ctx.descriptor.operation_name == operation
        assert ctx.in_header == CHARGE_BOX
        self.ctx = ctx
        return ctx.in_object

    def respond(self, **fields: Any) -> etree._Element:
        operation = self.spec.operations[self.ctx.descriptor.operation_name]
        envelope = serialise_response(self.server, self.ctx, operation.response_model(**fields))
        body = body_element(envelope)
        assert body.tag == operation.response_element
        self.schema.assertValid(body)
        return body


@pytest.fixture(params=VERSIONS)
def cs(request: pytest.FixtureRequest, official_dir: Path) -> CentralSystem:
    return CentralSystem(official_dir, request.param)


def test_boot_notification(cs: CentralSystem) -> None:
    boot = cs.request(
        "BootNotification",
        chargePointVendor="VendorX",
        chargePointModel="ModelY",
        chargePointSerialNumber="SN-1",
        firmwareVersion="1.0.3",
    )
    assert (boot.chargePointVendor, boot.chargePointModel) == ("VendorX", "ModelY")
    assert (boot.chargePointSerialNumber, boot.firmwareVersion) == ("SN-1", "1.0.3")
    assert boot.iccid is None

    interval = "interval" if cs.spec.version == "1.6" else "heartbeatInterval"
    body = cs.respond(status="Accepted", currentTime=WHEN, **{interval: 300})
    assert body.findtext(f"{{{cs.spec.namespace}}}{interval}") == "300"


def test_heartbeat_has_an_empty_request(cs: CentralSystem) -> None:
    heartbeat = cs.request("Heartbeat")
    assert type(heartbeat) is cs.spec.operations["Heartbeat"].request_model
    body = cs.respond(currentTime=WHEN)
    assert body.findtext(f"{{{cs.spec.namespace}}}currentTime") == "2024-03-01T12:30:15+00:00"


def test_start_transaction_with_nested_response(cs: CentralSystem) -> None:
    start = cs.request(
        "StartTransaction", connectorId=2, idTag="TAG1", timestamp=WHEN, meterStart=1000
    )
    assert (start.connectorId, start.idTag, start.meterStart) == (2, "TAG1", 1000)
    assert start.timestamp == WHEN
    id_tag_info = {t.get_type_name(): t for t in cs.spec.types}["IdTagInfo"]
    cs.respond(transactionId=77, idTagInfo=id_tag_info(status="Accepted", expiryDate=WHEN))


def test_meter_values_12(official_dir: Path) -> None:
    cs = CentralSystem(official_dir, "1.2")
    meter = cs.request("MeterValues", connectorId=1, values=[{"timestamp": WHEN, "value": 4711}])
    (reading,) = meter.values
    assert (reading.timestamp, reading.value) == (WHEN, 4711)
    cs.respond()


def test_meter_values_15_readings_are_attributes(official_dir: Path) -> None:
    cs = CentralSystem(official_dir, "1.5")
    readings = [
        {
            "_value_1": "1234.5",
            "context": "Sample.Periodic",
            "format": "Raw",
            "measurand": "Energy.Active.Import.Register",
            "location": "Outlet",
            "unit": "kWh",
        },
        {"_value_1": "230", "measurand": "Voltage", "unit": "Volt"},
    ]
    meter = cs.request(
        "MeterValues",
        connectorId=1,
        transactionId=9,
        values=[{"timestamp": WHEN, "value": readings}],
    )
    assert meter.transactionId == 9
    (values,) = meter.values
    first, second = values.value
    assert (first.value, first.context, first.format) == ("1234.5", "Sample.Periodic", "Raw")
    assert (first.measurand, first.location, first.unit) == (
        "Energy.Active.Import.Register",
        "Outlet",
        "kWh",
    )
    assert (second.value, second.measurand, second.unit, second.context) == (
        "230",
        "Voltage",
        "Volt",
        None,
    )
    cs.respond()


def test_meter_values_16_readings_are_sampled_value_children(official_dir: Path) -> None:
    cs = CentralSystem(official_dir, "1.6")
    samples = [
        {
            "value": "16.2",
            "context": "Sample.Periodic",
            "format": "Raw",
            "measurand": "Current.Import",
            "phase": "L2",
            "location": "Outlet",
            "unit": "A",
        }
    ] + [{"value": str(n)} for n in range(9)]
    meter = cs.request(
        "MeterValues", connectorId=1, meterValue=[{"timestamp": WHEN, "sampledValue": samples}]
    )
    (value,) = meter.meterValue
    assert value.timestamp == WHEN
    assert len(value.sampledValue) == 10
    first = value.sampledValue[0]
    assert (first.value, first.measurand, first.phase, first.unit) == (
        "16.2",
        "Current.Import",
        "L2",
        "A",
    )
    assert [s.value for s in value.sampledValue[1:]] == [str(n) for n in range(9)]
    assert value.sampledValue[1].measurand is None
    cs.respond()


def test_official_schema_rejects_what_spyne_lets_through(official_dir: Path) -> None:
    """spyne does not validate what it serialises: responses must be built correctly."""
    cs = CentralSystem(official_dir, "1.6")
    cs.request("Heartbeat")
    with pytest.raises(etree.DocumentInvalid):
        cs.respond(currentTime=None)


def test_only_soft_validation_rejects_an_overlong_id_tag(official_dir: Path) -> None:
    cs = CentralSystem(official_dir, "1.6")
    message = cs.client.create_message(
        cs.client.service,
        "Authorize",
        idTag="X" * 21,
        _soapheaders={"ChargeBoxIdentity": CHARGE_BOX},
    )
    ctx = parse_request(cs.server, etree.tostring(message))
    assert ctx.in_error is not None and ctx.in_object is None
    ctx = parse_request(spyne_server(cs.spec, validator=None), etree.tostring(message))
    assert ctx.in_error is None and ctx.in_object.idTag == "X" * 21


@pytest.mark.parametrize("version", VERSIONS)
def test_zeep_client_from_our_charge_point_wsdl(official_dir: Path, version: str) -> None:
    """What the SOAP client layer does: call a charge point through the WSDL we serve."""
    spec = get_service(version, "cp")
    client = zeep.Client(wsdl=io.BytesIO(build_wsdl(version, "cp", "http://cp.example/ocpp")))
    schema = official_schema(official_dir / source(version, "cp").filename)
    calls: dict[str, dict[str, Any]] = {
        "Reset": {"type": "Soft"},
        "ChangeConfiguration": {"key": "HeartbeatInterval", "value": "300"},
        "RemoteStartTransaction": {"idTag": "TAG1", "connectorId": 1},
        "ClearCache": {},
    }
    if version == "1.6":
        calls["SetChargingProfile"] = {
            "connectorId": 1,
            "csChargingProfiles": {
                "chargingProfileId": 1,
                "stackLevel": 0,
                "chargingProfilePurpose": "TxDefaultProfile",
                "chargingProfileKind": "Absolute",
                "chargingSchedule": {
                    "chargingRateUnit": "A",
                    "chargingSchedulePeriod": [{"startPeriod": 0, "limit": Decimal("16.0")}],
                },
            },
        }
    for operation, fields in calls.items():
        envelope = client.create_message(
            client.service, operation, _soapheaders={"ChargeBoxIdentity": "CS"}, **fields
        )
        body = body_element(etree.tostring(envelope))
        assert body.tag == spec.operations[operation].request_element
        schema.assertValid(body)


def test_building_the_wsdl_leaves_a_running_application_alone(official_dir: Path) -> None:
    """serve.py builds its own spyne Application over the same service class."""
    cs = CentralSystem(official_dir, "1.5")
    before = cs.request("BootNotification", chargePointVendor="V", chargePointModel="M")
    build_wsdl_for(cs.spec, "http://elsewhere.example/")
    after = cs.request("BootNotification", chargePointVendor="V", chargePointModel="M")
    assert before.as_dict() == after.as_dict()
    cs.respond(status="Rejected", currentTime=WHEN, heartbeatInterval=60)
