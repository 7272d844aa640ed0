"""The compiled codec on its own: plans read off the generated models, typed values,
field paths, and answers that fit the schema or are refused as our bug."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from bridge import ValidationError
from soap._codec import EncodeError, OperationCodec, _decode, compile_service
from soap._wire import escape
from wsdl import VERSIONS, get_service

from .conftest import NS, schema

CP16 = get_service("1.6", "cp")


def codec(version: str, operation: str, kind: str = "cs") -> OperationCodec:
    service = get_service(version, kind)
    return compile_service(service)[service.operations[operation].request_element]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_operation_has_plans(version: str) -> None:
    service = get_service(version, "cs")
    codecs = compile_service(service)
    assert sorted(c.operation.name for c in codecs.values()) == sorted(service.operations)


def test_plan_follows_the_model() -> None:
    plan = codec("1.5", "MeterValues").request
    assert [m.name for m in plan.order] == ["connectorId", "transactionId", "values"]
    values = plan.elements["values"]
    assert values.repeated and not values.required
    assert plan.elements["connectorId"].required
    reading = values.plan.elements["value"].plan  # type: ignore[union-attr]
    assert reading is not None and reading.text is not None
    assert sorted(reading.attributes) == ["context", "format", "location", "measurand", "unit"]
    assert "Amp" in reading.attributes["unit"].leaf.values  # type: ignore[union-attr]


def test_typed_values() -> None:
    """Booleans and decimals appear only in ChargePointService types: the same plans."""
    configuration = compile_service(CP16)[CP16.operations["GetConfiguration"].request_element]
    ns = CP16.namespace
    xml = (
        f'<getConfigurationResponse xmlns="{ns}"><configurationKey><key>K</key>'
        "<readonly>1</readonly></configurationKey><configurationKey><readonly>false</readonly>"
        "<key>L</key><value>v</value></configurationKey><unknownKey>X</unknownKey>"
        "</getConfigurationResponse>"
    )
    # the response plan read back, as the SOAP dispatcher's answers would be
    assert _decode(configuration.response, etree.fromstring(xml), False) == {
        "configurationKey": [
            {"key": "K", "readonly": True},
            {"readonly": False, "key": "L", "value": "v"},
        ],
        "unknownKey": ["X"],
    }
    profile = compile_service(CP16)[CP16.operations["SetChargingProfile"].request_element]
    period = "<startPeriod>0</startPeriod><limit>16.5</limit>"
    xml = (
        f'<setChargingProfileRequest xmlns="{ns}"><connectorId>1</connectorId><csChargingProfiles>'
        "<chargingProfileId>1</chargingProfileId><stackLevel>0</stackLevel>"
        "<chargingProfilePurpose>TxProfile</chargingProfilePurpose>"
        "<chargingProfileKind>Absolute</chargingProfileKind><chargingSchedule>"
        f"<chargingRateUnit>A</chargingRateUnit><chargingSchedulePeriod>{period}"
        "</chargingSchedulePeriod></chargingSchedule></csChargingProfiles></setChargingProfileRequest>"
    )
    decoded = profile.decode(etree.fromstring(xml), lenient=False)
    assert decoded["csChargingProfiles"]["chargingSchedule"]["chargingSchedulePeriod"] == [
        {"startPeriod": 0, "limit": Decimal("16.5")}
    ]
    with pytest.raises(ValidationError) as error:
        profile.decode(etree.fromstring(xml.replace("16.5", "16.25")), lenient=False)
    assert (
        error.value.field == "csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit"
    )


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        (
            "<connectorId>1</connectorId><meterValue><timestamp>2024-03-01T00:00:00Z</timestamp>"
            "<sampledValue><value>1</value></sampledValue><sampledValue/></meterValue>",
            "meterValue[0].sampledValue[1].value",
            "required field is missing",
        ),
        (
            "<connectorId>1</connectorId><meterValue><timestamp>x</timestamp>"
            "<sampledValue><value>1</value></sampledValue></meterValue>",
            "meterValue[0].timestamp",
            "'x' is not an xs:dateTime",
        ),
        (
            "<connectorId>1</connectorId><meterValue><timestamp>2024-03-01T00:00:00Z</timestamp>"
            "<sampledValue><value>1</value><phase>L4</phase></sampledValue></meterValue>",
            "meterValue[0].sampledValue[0].phase",
            "'L4' is not one of",
        ),
        ("<connectorId>1_000</connectorId>", "connectorId", "'1_000' is not an integer"),
        ("<connectorId>-2147483649</connectorId>", "connectorId", "out of range"),
        ("<transactionId>1</transactionId>", "connectorId", "required field is missing"),
    ],
    ids=["missing", "datetime", "enum", "underscore", "range", "missing-top"],
)
def test_errors_name_the_field(text: str, field: str, reason: str) -> None:
    meter = codec("1.6", "MeterValues")
    xml = f'<meterValuesRequest xmlns="{NS["1.6"]}">{text}</meterValuesRequest>'
    with pytest.raises(ValidationError) as error:
        meter.decode(etree.fromstring(xml), lenient=True)
    assert error.value.field == field
    assert reason in error.value.reason


@pytest.mark.parametrize(("lenient", "ok"), [(True, True), (False, False)])
def test_lenient_mode_passes_on_what_the_bridge_tolerates(lenient: bool, ok: bool) -> None:
    status = codec("1.6", "StatusNotification")
    xml = (
        f'<statusNotificationRequest xmlns="{NS["1.6"]}"><connectorId>1</connectorId>'
        "<status>charging</status><errorCode>NoError</errorCode><timestamp/></statusNotificationRequest>"
    )
    if ok:
        assert status.decode(etree.fromstring(xml), lenient) == {
            "connectorId": 1,
            "status": "charging",
            "errorCode": "NoError",
            "timestamp": "",
        }
    else:
        with pytest.raises(ValidationError):
            status.decode(etree.fromstring(xml), lenient)


@pytest.mark.parametrize("version", VERSIONS)
def test_answers_fit_the_official_schema(version: str) -> None:
    interval = "interval" if version == "1.6" else "heartbeatInterval"
    boot = codec(version, "BootNotification").encode(
        {"status": "Accepted", "currentTime": "2024-03-01T12:00:00.000Z", interval: 60}
    )
    schema(version).assertValid(etree.fromstring(boot))
    start = codec(version, "StartTransaction").encode(
        {"idTagInfo": {"parentIdTag": "P&<>", "status": "Blocked"}, "transactionId": 5}
    )
    root = etree.fromstring(start)
    schema(version).assertValid(root)
    assert [etree.QName(c).localname for c in root] == ["transactionId", "idTagInfo"]
    assert root.findtext(f"{{{NS[version]}}}idTagInfo/{{{NS[version]}}}parentIdTag") == "P&<>"
    empty = codec(version, "StatusNotification").encode({})
    schema(version).assertValid(etree.fromstring(empty))


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({}, "transactionId is required"),
        ({"transactionId": 1, "idTagInfo": {}}, "idTagInfo.status is required"),
        (
            {"transactionId": 1, "idTagInfo": {"status": "Maybe"}},
            "'Maybe' is not a AuthorizationStatus",
        ),
        ({"transactionId": True, "idTagInfo": {"status": "Accepted"}}, "not an integer"),
    ],
)
def test_an_answer_outside_the_schema_is_our_bug(answer: dict[str, Any], message: str) -> None:
    with pytest.raises(EncodeError, match=message):
        codec("1.6", "StartTransaction").encode(answer)


def test_escape() -> None:
    assert escape('a&b<c>"d"\x01') == "a&amp;b&lt;c&gt;&quot;d&quot;\ufffd"
