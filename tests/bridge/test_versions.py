"""bridge.versions: OCPP 1.2/1.5 payloads to and from 1.6 (rules R1-R10), both ways.

Where a rule follows from the official WSDLs (which actions and which enumeration values
a version has), the test reads the WSDL in ``../shared/ocpp-wsdl`` rather than a list
copied from the code under test.
"""

from __future__ import annotations

import copy
import enum
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bridge import enums
from bridge.codec import decode, encode
from bridge.commands import COMMAND_ACTIONS
from bridge.enums import OcppVersion
from bridge.errors import NotSupportedError, ValidationError
from bridge.messages import CHARGER_ACTIONS
from bridge.versions import (
    CHARGER_ACTIONS_BY_VERSION,
    COMMAND_ACTIONS_BY_VERSION,
    command_supported,
    request_from_16,
    request_to_16,
    response_from_16,
    response_to_16,
)

from .samples import CHARGER_SAMPLES, COMMAND_SAMPLES, T0, T1, T2, validate_16

V12, V15, V16 = OcppVersion.V12, OcppVersion.V15, OcppVersion.V16
LEGACY = [V12, V15]
ENERGY = "Energy.Active.Import.Register"

# --- the official WSDLs ------------------------------------------------------------------

WSDL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "ocpp-wsdl"
WSDL_FILES = {
    (V12, "cs"): "ocpp_centralsystemservice_1.2_final.wsdl",
    (V12, "cp"): "ocpp_chargepointservice_1.2_final.wsdl",
    (V15, "cs"): "ocpp_centralsystemservice_1.5_final.wsdl",
    (V15, "cp"): "ocpp_chargepointservice_1.5_final.wsdl",
    (V16, "cs"): "OCPP_CentralSystemService_1.6.wsdl",
    (V16, "cp"): "OCPP_ChargePointService_1.6.wsdl",
}
WSDL = "{http://schemas.xmlsoap.org/wsdl/}"
XS = "{http://www.w3.org/2001/XMLSchema}"

needs_wsdl = pytest.mark.skipif(
    not WSDL_DIR.is_dir(), reason=f"the official WSDLs are not at {WSDL_DIR}"
)


@cache
def _wsdl(version: OcppVersion, kind: str) -> Any:
    etree = pytest.importorskip("lxml.etree")
    return etree.parse(str(WSDL_DIR / WSDL_FILES[version, kind]))


def wsdl_operations(version: OcppVersion, kind: str) -> list[str]:
    """The operations of the WSDL's one portType, in file order."""
    (port_type,) = _wsdl(version, kind).getroot().iter(f"{WSDL}portType")
    return [op.get("name") for op in port_type.findall(f"{WSDL}operation")]


def wsdl_enum(version: OcppVersion, kind: str, name: str) -> frozenset[str]:
    """The values of the WSDL's ``xs:simpleType name=...`` enumeration."""
    (simple,) = [
        t for t in _wsdl(version, kind).getroot().iter(f"{XS}simpleType") if t.get("name") == name
    ]
    values = frozenset(e.get("value") for e in simple.iter(f"{XS}enumeration"))
    assert values, f"{name} is not an enumeration"
    return values


def wsdl_sequence(version: OcppVersion, kind: str, name: str) -> list[str]:
    """The element names of the WSDL's ``xs:complexType name=...``, in schema order."""
    (complex_type,) = [
        t for t in _wsdl(version, kind).getroot().iter(f"{XS}complexType") if t.get("name") == name
    ]
    return [e.get("name") for e in complex_type.iter(f"{XS}element")]


# --- which actions each version has -------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "charger_actions", "commands"), [(V12, 9, 9), (V15, 10, 15), (V16, 10, 19)]
)
def test_action_counts(version: OcppVersion, charger_actions: int, commands: int) -> None:
    assert len(CHARGER_ACTIONS_BY_VERSION[version]) == charger_actions
    assert len(COMMAND_ACTIONS_BY_VERSION[version]) == commands


@needs_wsdl
@pytest.mark.parametrize("version", [V12, V15, V16])
def test_charger_actions_are_the_central_system_wsdl_operations(version: OcppVersion) -> None:
    operations = wsdl_operations(version, "cs")

    assert len(operations) == len(set(operations))
    assert CHARGER_ACTIONS_BY_VERSION[version] == set(operations)


@needs_wsdl
@pytest.mark.parametrize("version", [V12, V15, V16])
def test_commands_are_the_charge_point_wsdl_operations(version: OcppVersion) -> None:
    operations = wsdl_operations(version, "cp")

    assert len(operations) == len(set(operations))
    assert COMMAND_ACTIONS_BY_VERSION[version] == set(operations)
    for action in COMMAND_ACTIONS:
        assert command_supported(version, action) is (action in operations), action


def test_every_versioned_action_is_a_bridge_action() -> None:
    assert CHARGER_ACTIONS_BY_VERSION[V16] <= set(CHARGER_ACTIONS)
    assert COMMAND_ACTIONS_BY_VERSION[V16] == set(COMMAND_ACTIONS)
    assert CHARGER_ACTIONS_BY_VERSION[V12] < CHARGER_ACTIONS_BY_VERSION[V15]
    assert COMMAND_ACTIONS_BY_VERSION[V12] < COMMAND_ACTIONS_BY_VERSION[V15]


# The bridge's vocabulary is OCPP 1.6's: every enumeration matches the 1.6 WSDL.
ENUMS_16 = [
    ("cs", "AuthorizationStatus", enums.AuthorizationStatus),
    ("cs", "Reason", enums.Reason),
    ("cs", "ReadingContext", enums.ReadingContext),
    ("cs", "Measurand", enums.Measurand),
    ("cs", "ValueFormat", enums.ValueFormat),
    ("cs", "UnitOfMeasure", enums.UnitOfMeasure),
    ("cs", "Phase", enums.Phase),
    ("cs", "Location", enums.Location),
    ("cs", "RegistrationStatus", enums.RegistrationStatus),
    ("cs", "ChargePointErrorCode", enums.ChargePointErrorCode),
    ("cs", "ChargePointStatus", enums.ChargePointStatus),
    ("cs", "FirmwareStatus", enums.FirmwareStatus),
    ("cs", "DiagnosticsStatus", enums.DiagnosticsStatus),
    ("cs", "DataTransferStatus", enums.DataTransferStatus),
    ("cp", "UnlockStatus", enums.UnlockStatus),
    ("cp", "ResetType", enums.ResetType),
    ("cp", "ResetStatus", enums.GenericStatus),
    ("cp", "AvailabilityType", enums.AvailabilityType),
    ("cp", "AvailabilityStatus", enums.AvailabilityStatus),
    ("cp", "ChargingProfilePurposeType", enums.ChargingProfilePurpose),
    ("cp", "ClearChargingProfileStatus", enums.ClearChargingProfileStatus),
    ("cp", "ConfigurationStatus", enums.ConfigurationStatus),
    ("cp", "ChargingRateUnitType", enums.ChargingRateUnit),
    ("cp", "ReservationStatus", enums.ReservationStatus),
    ("cp", "UpdateType", enums.UpdateType),
    ("cp", "UpdateStatus", enums.UpdateStatus),
    ("cp", "ChargingProfileKindType", enums.ChargingProfileKind),
    ("cp", "RecurrencyKindType", enums.RecurrencyKind),
    ("cp", "ChargingProfileStatus", enums.ChargingProfileStatus),
    ("cp", "MessageTrigger", enums.MessageTrigger),
    ("cp", "TriggerMessageStatus", enums.TriggerMessageStatus),
]


@needs_wsdl
@pytest.mark.parametrize(("kind", "name", "cls"), ENUMS_16, ids=[e[1] for e in ENUMS_16])
def test_bridge_enumerations_are_the_16_wsdl_ones(
    kind: str, name: str, cls: type[enum.Enum]
) -> None:
    assert {m.value for m in cls} == wsdl_enum(V16, kind, name)


def values_of(cls: type[enum.Enum]) -> list[str]:
    return [str(m.value) for m in cls]


# --- 1.6 passes through untouched ---------------------------------------------------------

ALL_SAMPLES = [
    pytest.param(action, pair, id=action)
    for action, pair in {**CHARGER_SAMPLES, **COMMAND_SAMPLES}.items()
]


@pytest.mark.parametrize(("action", "pair"), ALL_SAMPLES)
def test_16_is_not_converted(action: str, pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    request, answer = pair
    for convert, payload in (
        (request_to_16, request),
        (request_from_16, request),
        (response_to_16, answer),
        (response_from_16, answer),
    ):
        converted = convert(V16, action, copy.deepcopy(payload))
        assert (converted.payload, converted.flags) == (payload, ())


# --- R1 StatusNotification: Occupied -------------------------------------------------------


def status_15(status: str, error: str = "NoError", **extra: Any) -> dict[str, Any]:
    return {"connectorId": 1, "status": status, "errorCode": error, **extra}


@pytest.mark.parametrize(
    ("version", "status", "expected", "flags"),
    [
        (V12, "Occupied", "Charging", ("legacy_status:Occupied",)),
        (V15, "Occupied", "Charging", ("legacy_status:Occupied",)),
        (V12, "Available", "Available", ()),
        (V15, "Available", "Available", ()),
        (V15, "Reserved", "Reserved", ()),
        (V12, "Faulted", "Faulted", ()),
        (V15, "Unavailable", "Unavailable", ()),
    ],
)
def test_r1_status_to_16(
    version: OcppVersion, status: str, expected: str, flags: tuple[str, ...]
) -> None:
    converted = request_to_16(version, "StatusNotification", status_15(status))

    assert converted.payload == status_15(expected)
    assert converted.flags == flags
    decode(CHARGER_ACTIONS["StatusNotification"][0], converted.payload, lenient=False)


STATUS_FROM_16 = [
    (V15, "Available", "Available"),
    (V15, "Preparing", "Occupied"),
    (V15, "Charging", "Occupied"),
    (V15, "SuspendedEV", "Occupied"),
    (V15, "SuspendedEVSE", "Occupied"),
    (V15, "Finishing", "Occupied"),
    (V15, "Reserved", "Reserved"),
    (V15, "Unavailable", "Unavailable"),
    (V15, "Faulted", "Faulted"),
    (V12, "Available", "Available"),
    (V12, "Preparing", "Occupied"),
    (V12, "Charging", "Occupied"),
    (V12, "SuspendedEV", "Occupied"),
    (V12, "SuspendedEVSE", "Occupied"),
    (V12, "Finishing", "Occupied"),
    (V12, "Reserved", "Occupied"),  # 1.2 has no Reserved: the connector is taken
    (V12, "Unavailable", "Unavailable"),
    (V12, "Faulted", "Faulted"),
]


@pytest.mark.parametrize(("version", "status", "expected"), STATUS_FROM_16)
def test_r1_status_from_16(version: OcppVersion, status: str, expected: str) -> None:
    converted = request_from_16(version, "StatusNotification", status_15(status))

    assert converted.payload["status"] == expected


def test_r1_the_status_table_covers_every_16_status() -> None:
    covered = [(v, s) for v, s, _ in STATUS_FROM_16]
    assert sorted(covered) == sorted(
        (v, s) for v in LEGACY for s in values_of(enums.ChargePointStatus)
    )


@needs_wsdl
@pytest.mark.parametrize("version", LEGACY)
@pytest.mark.parametrize("status", values_of(enums.ChargePointStatus))
def test_r1_every_16_status_becomes_one_the_version_has(version: OcppVersion, status: str) -> None:
    converted = request_from_16(version, "StatusNotification", status_15(status))

    assert converted.payload["status"] in wsdl_enum(version, "cs", "ChargePointStatus")


# --- R2 Mode3Error and error codes ---------------------------------------------------------


@pytest.mark.parametrize("version", LEGACY)
def test_r2_mode3error_to_16(version: OcppVersion) -> None:
    converted = request_to_16(version, "StatusNotification", status_15("Faulted", "Mode3Error"))

    assert converted.payload == status_15("Faulted", "OtherError", vendorErrorCode="Mode3Error")
    assert converted.flags == ("legacy_error:Mode3Error",)


def test_r2_mode3error_keeps_the_chargers_own_vendor_error_code() -> None:
    payload = status_15("Occupied", "Mode3Error", vendorErrorCode="CP-F")

    converted = request_to_16(V15, "StatusNotification", payload)

    assert converted.payload == status_15("Charging", "OtherError", vendorErrorCode="CP-F")
    assert converted.flags == ("legacy_status:Occupied", "legacy_error:Mode3Error")


@pytest.mark.parametrize(
    ("version", "error", "expected"),
    [
        (V15, "NoError", "NoError"),
        (V15, "GroundFailure", "GroundFailure"),
        (V15, "WeakSignal", "WeakSignal"),
        (V15, "OtherError", "OtherError"),
        (V15, "EVCommunicationError", "OtherError"),
        (V15, "InternalError", "OtherError"),
        (V15, "LocalListConflict", "OtherError"),
        (V15, "OverVoltage", "OtherError"),
        (V12, "NoError", "NoError"),
        (V12, "ConnectorLockFailure", "ConnectorLockFailure"),
        (V12, "ResetFailure", "ResetFailure"),
        (V12, "GroundFailure", NotSupportedError),
        (V12, "OtherError", NotSupportedError),
        (V12, "EVCommunicationError", NotSupportedError),
        (V12, "OverVoltage", NotSupportedError),
    ],
)
def test_r2_error_code_from_16(
    version: OcppVersion, error: str, expected: str | type[Exception]
) -> None:
    payload = status_15("Faulted", error)
    if isinstance(expected, str):
        converted = request_from_16(version, "StatusNotification", payload)
        assert converted.payload["errorCode"] == expected
        return
    with pytest.raises(NotSupportedError, match=r"^errorCode: "):
        request_from_16(version, "StatusNotification", payload)


@needs_wsdl
@pytest.mark.parametrize("version", LEGACY)
@pytest.mark.parametrize("error", values_of(enums.ChargePointErrorCode))
def test_r2_every_16_error_code_against_the_wsdl(version: OcppVersion, error: str) -> None:
    legacy = wsdl_enum(version, "cs", "ChargePointErrorCode")
    payload = status_15("Faulted", error)

    if error in legacy:
        assert request_from_16(version, "StatusNotification", payload).payload["errorCode"] == error
    elif version is V15:
        assert request_from_16(version, "StatusNotification", payload).payload["errorCode"] == (
            "OtherError"
        )
    else:
        with pytest.raises(NotSupportedError):
            request_from_16(version, "StatusNotification", payload)


def test_r2_15_keeps_the_optional_fields_and_12_drops_them() -> None:
    payload = status_15("Charging", info="cable", timestamp=T0, vendorId="v", vendorErrorCode="7")

    assert request_from_16(V15, "StatusNotification", payload).payload == status_15(
        "Occupied", info="cable", timestamp=T0, vendorId="v", vendorErrorCode="7"
    )
    assert request_from_16(V12, "StatusNotification", payload).payload == status_15("Occupied")


# --- R3 truncation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "length", "limit"),
    [
        ("info", 51, 50),
        ("info", 400, 50),
        ("vendorErrorCode", 80, 50),
        ("vendorId", 256, 255),
    ],
)
def test_r3_overlong_15_strings_are_cut_and_flagged(field: str, length: int, limit: int) -> None:
    text = "".join(chr(ord("a") + i % 26) for i in range(length))

    converted = request_to_16(V15, "StatusNotification", status_15("Faulted", **{field: text}))

    assert converted.payload == status_15("Faulted", **{field: text[:limit]})
    assert converted.flags == (f"truncated:{field}",)
    decode(CHARGER_ACTIONS["StatusNotification"][0], converted.payload, lenient=False)


@pytest.mark.parametrize(
    ("field", "limit"), [("info", 50), ("vendorErrorCode", 50), ("vendorId", 255)]
)
def test_r3_strings_at_the_limit_are_untouched(field: str, limit: int) -> None:
    payload = status_15("Faulted", **{field: "x" * limit})

    converted = request_to_16(V15, "StatusNotification", payload)

    assert (converted.payload, converted.flags) == (payload, ())


# --- R4 meter values: to 1.6 ---------------------------------------------------------------


def register_16(value: str) -> dict[str, Any]:
    return {"value": value, "measurand": ENERGY, "unit": "Wh"}


@pytest.mark.parametrize(
    ("values", "meter_value"),
    [
        (
            [{"timestamp": T0, "value": 12345}, {"timestamp": T1, "value": 12400}],
            [
                {"timestamp": T0, "sampledValue": [register_16("12345")]},
                {"timestamp": T1, "sampledValue": [register_16("12400")]},
            ],
        ),
        (
            {"timestamp": T0, "value": "0"},  # one XML element: a dict, not a list
            [{"timestamp": T0, "sampledValue": [register_16("0")]}],
        ),
        (None, []),
    ],
)
def test_r4_12_meter_values_are_the_energy_register_in_wh(values: Any, meter_value: Any) -> None:
    payload = {"connectorId": 1} if values is None else {"connectorId": 1, "values": values}

    converted = request_to_16(V12, "MeterValues", payload)

    expected = {"connectorId": 1, "meterValue": meter_value}
    assert (converted.payload, converted.flags) == (expected, ())
    if meter_value:  # an empty 1.2 MeterValues is valid SOAP, but not valid 1.6 JSON
        validate_16(converted.payload, "MeterValues")
    decode(CHARGER_ACTIONS["MeterValues"][0], converted.payload, lenient=False)


def test_r4_12_meter_value_without_a_value_names_it() -> None:
    payload = {"connectorId": 1, "values": [{"timestamp": T0, "value": 1}, {"timestamp": T1}]}

    with pytest.raises(ValidationError) as caught:
        request_to_16(V12, "MeterValues", payload)

    assert caught.value.field == "values[1].value"


READINGS_15 = [
    {
        "value": "16.1",
        "context": "Sample.Periodic",
        "format": "Raw",
        "measurand": "Current.Import",
        "location": "Outlet",
        "unit": "Amp",
    },
    {"value": "229.8", "measurand": "Voltage", "unit": "Volt"},
    {"value": "31.5", "measurand": "Temperature", "location": "Body", "unit": "Celsius"},
    {"value": "12345"},
]
SAMPLED_16 = [
    {
        "value": "16.1",
        "context": "Sample.Periodic",
        "format": "Raw",
        "measurand": "Current.Import",
        "location": "Outlet",
        "unit": "A",
    },
    {"value": "229.8", "measurand": "Voltage", "unit": "V"},
    {"value": "31.5", "measurand": "Temperature", "location": "Body", "unit": "Celsius"},
    {"value": "12345"},
]


@pytest.mark.parametrize(
    ("value", "sampled"),
    [
        (READINGS_15, SAMPLED_16),
        (READINGS_15[0], SAMPLED_16[:1]),  # one reading: a dict
        ("12345", [{"value": "12345"}]),  # a reading without attributes: its text
        ([{"value": "7", "unit": None, "measurand": None}], [{"value": "7"}]),
    ],
)
def test_r4_15_readings_become_sampled_values(value: Any, sampled: list[Any]) -> None:
    payload = {
        "connectorId": 2,
        "transactionId": 1042,
        "values": [{"timestamp": T1, "value": value}],
    }

    converted = request_to_16(V15, "MeterValues", payload)

    assert converted.payload == {
        "connectorId": 2,
        "meterValue": [{"timestamp": T1, "sampledValue": sampled}],
        "transactionId": 1042,
    }
    assert converted.flags == ()
    validate_16(converted.payload, "MeterValues")
    decode(CHARGER_ACTIONS["MeterValues"][0], converted.payload, lenient=False)


@pytest.mark.parametrize("value", [[], None])
def test_r4_15_meter_value_without_readings_names_it(value: Any) -> None:
    payload = {"connectorId": 2, "values": [{"timestamp": T1, "value": value}]}

    with pytest.raises(ValidationError) as caught:
        request_to_16(V15, "MeterValues", payload)

    assert caught.value.field == "values[0].value"


# --- R4 meter values: from 1.6 -------------------------------------------------------------


def meter_values_16(*sampled: dict[str, Any], tx: int | None = 1042) -> dict[str, Any]:
    out: dict[str, Any] = {
        "connectorId": 1,
        "meterValue": [{"timestamp": T1, "sampledValue": list(sampled)}],
    }
    if tx is not None:
        out["transactionId"] = tx
    return out


@pytest.mark.parametrize(
    ("sampled", "wh"),
    [
        ({"value": "12345", "measurand": ENERGY, "unit": "Wh"}, 12345),
        ({"value": "12345"}, 12345),  # OCPP's defaults: the import register, in Wh
        ({"value": "12345.0", "context": "Sample.Clock", "location": "Outlet"}, 12345),
        ({"value": "12.3456", "unit": "kWh"}, 12346),
        ({"value": "0.0005", "unit": "kWh"}, 1),  # half a Wh rounds up, exactly
        ({"value": "12.5"}, 13),
        ({"value": " 2147483647 "}, 2**31 - 1),
    ],
)
def test_r4_16_to_12_is_the_register_in_whole_wh(sampled: dict[str, Any], wh: int) -> None:
    converted = request_from_16(V12, "MeterValues", meter_values_16(sampled))

    assert converted.payload == {"connectorId": 1, "values": [{"timestamp": T1, "value": wh}]}


def test_r4_16_to_12_gives_one_value_per_reading() -> None:
    payload = meter_values_16({"value": "1"}, {"value": "2", "unit": "kWh"})

    assert request_from_16(V12, "MeterValues", payload).payload["values"] == [
        {"timestamp": T1, "value": 1},
        {"timestamp": T1, "value": 2000},
    ]


@pytest.mark.parametrize(
    ("spoiled", "field"),
    [
        ({"value": "800", "measurand": "Power.Active.Import", "unit": "W"}, "measurand"),
        ({"value": "12", "measurand": "Energy.Reactive.Import.Register"}, "measurand"),
        ({"value": "12", "measurand": ENERGY, "unit": "varh"}, "unit"),
        ({"value": "12", "unit": "W"}, "unit"),
        ({"value": "4000", "phase": "L1"}, "phase"),
        ({"value": "3032", "format": "SignedData"}, "format"),
        ({"value": "3q2+7w=="}, "value"),
        ({"value": "NaN"}, "value"),
        ({"value": "2147483648"}, "value"),  # does not fit xs:int
        ({"value": "1e999999999"}, "value"),
    ],
)
def test_r4_16_to_12_refuses_what_is_not_the_register(spoiled: dict[str, Any], field: str) -> None:
    payload = meter_values_16({"value": "1"}, spoiled)

    with pytest.raises(
        NotSupportedError, match=rf"^meterValue\[0\]\.sampledValue\[1\]\.{field}[: ]"
    ):
        request_from_16(V12, "MeterValues", payload)


def test_r4_16_to_15_readings() -> None:
    converted = request_from_16(V15, "MeterValues", meter_values_16(*SAMPLED_16))

    assert converted.payload == {
        "connectorId": 1,
        "transactionId": 1042,
        "values": [{"timestamp": T1, "value": READINGS_15}],
    }
    assert list(converted.payload) == wsdl_order(V15, "cs", "MeterValuesRequest")


def wsdl_order(version: OcppVersion, kind: str, name: str) -> list[str]:
    if not WSDL_DIR.is_dir():
        pytest.skip(f"the official WSDLs are not at {WSDL_DIR}")
    return wsdl_sequence(version, kind, name)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phase", "L1"),
        ("phase", "L1-N"),
        *[("measurand", m) for m in ("Current.Offered", "Frequency", "Power.Factor")],
        *[("measurand", m) for m in ("Power.Offered", "RPM", "SoC")],
        *[("unit", u) for u in ("VA", "kVA", "K", "Percent", "Fahrenheit")],
        ("location", "Cable"),
        ("location", "EV"),
        ("context", "Other"),
        ("context", "Trigger"),
    ],
)
def test_r4_16_to_15_refuses_what_15_cannot_say(field: str, value: str) -> None:
    payload = meter_values_16({"value": "1"}, {"value": "2", field: value})

    with pytest.raises(NotSupportedError) as caught:
        request_from_16(V15, "MeterValues", payload)

    assert caught.value.detail.startswith(f"meterValue[0].sampledValue[1].{field}")
    assert value in caught.value.detail or field == "phase"


@needs_wsdl
@pytest.mark.parametrize(
    ("field", "wsdl_type", "cls"),
    [
        ("measurand", "Measurand", enums.Measurand),
        ("location", "Location", enums.Location),
        ("context", "ReadingContext", enums.ReadingContext),
        ("format", "ValueFormat", enums.ValueFormat),
    ],
)
def test_r4_16_to_15_every_attribute_value_against_the_wsdl(
    field: str, wsdl_type: str, cls: type[enum.Enum]
) -> None:
    legacy = wsdl_enum(V15, "cs", wsdl_type)
    for value in values_of(cls):
        payload = meter_values_16({"value": "1", field: value})
        if value in legacy:
            converted = request_from_16(V15, "MeterValues", payload)
            assert converted.payload["values"][0]["value"] == [{"value": "1", field: value}]
        else:
            with pytest.raises(NotSupportedError):
                request_from_16(V15, "MeterValues", payload)


@needs_wsdl
@pytest.mark.parametrize("unit", values_of(enums.UnitOfMeasure))
def test_r4_every_16_unit_against_the_15_wsdl(unit: str) -> None:
    legacy = wsdl_enum(V15, "cs", "UnitOfMeasure")
    renamed = {"A": "Amp", "V": "Volt"}.get(unit, unit)
    payload = meter_values_16({"value": "1", "unit": unit})

    if renamed in legacy:
        converted = request_from_16(V15, "MeterValues", payload)
        assert converted.payload["values"][0]["value"] == [{"value": "1", "unit": renamed}]
        back = request_to_16(V15, "MeterValues", converted.payload)
        assert back.payload["meterValue"][0]["sampledValue"] == [{"value": "1", "unit": unit}]
    else:
        with pytest.raises(NotSupportedError, match="unit"):
            request_from_16(V15, "MeterValues", payload)


def test_r4_16_to_12_drops_the_transaction_id() -> None:
    converted = request_from_16(V12, "MeterValues", meter_values_16({"value": "5"}))

    assert converted.payload == {"connectorId": 1, "values": [{"timestamp": T1, "value": 5}]}


# --- R5 StopTransaction --------------------------------------------------------------------

MV_15_A = {"timestamp": T1, "value": [{"value": "14000", "unit": "Wh"}]}
MV_15_B = {
    "timestamp": T2,
    "value": [{"value": "15.81", "unit": "kWh", "context": "Transaction.End"}],
}
MV_16_A = {"timestamp": T1, "sampledValue": [{"value": "14000", "unit": "Wh"}]}
MV_16_B = {
    "timestamp": T2,
    "sampledValue": [{"value": "15.81", "unit": "kWh", "context": "Transaction.End"}],
}
STOP_15 = {"transactionId": 1042, "idTag": "04A2B3C4D5E6F7", "timestamp": T2, "meterStop": 15810}


@pytest.mark.parametrize(
    ("transaction_data", "expected"),
    [
        ([{"values": [MV_15_A]}, {"values": [MV_15_B]}], [MV_16_A, MV_16_B]),
        ([{"values": [MV_15_A, MV_15_B]}], [MV_16_A, MV_16_B]),
        ({"values": MV_15_A}, [MV_16_A]),  # one wrapper holding one value: XML's dicts
        ([{"values": []}], []),
        ([{}], []),
    ],
)
def test_r5_15_transaction_data_wrappers_are_unwrapped(
    transaction_data: Any, expected: list[Any]
) -> None:
    converted = request_to_16(
        V15, "StopTransaction", {**STOP_15, "transactionData": transaction_data}
    )

    assert converted.payload == {**STOP_15, "transactionData": expected}
    assert converted.flags == ()
    validate_16(converted.payload, "StopTransaction")
    decode(CHARGER_ACTIONS["StopTransaction"][0], converted.payload, lenient=False)


def test_r5_12_stop_has_no_transaction_data() -> None:
    converted = request_to_16(V12, "StopTransaction", dict(STOP_15))

    assert (converted.payload, converted.flags) == (STOP_15, ())


STOP_16 = {**STOP_15, "reason": "EVDisconnected", "transactionData": [MV_16_A, MV_16_B]}


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (V15, {**STOP_15, "transactionData": [{"values": [MV_15_A, MV_15_B]}]}),
        (V12, STOP_15),
    ],
)
def test_r5_stop_from_16(version: OcppVersion, expected: dict[str, Any]) -> None:
    converted = request_from_16(version, "StopTransaction", copy.deepcopy(STOP_16))

    assert converted.payload == expected  # and no reason: neither version has one


def test_r5_stop_from_16_without_transaction_data() -> None:
    payload = {**STOP_15, "transactionData": []}

    assert request_from_16(V15, "StopTransaction", payload).payload == STOP_15


def test_r5_stop_from_16_names_a_reading_15_cannot_say() -> None:
    payload = {
        **STOP_15,
        "transactionData": [{"timestamp": T1, "sampledValue": [{"value": "1", "phase": "L2"}]}],
    }

    with pytest.raises(NotSupportedError, match=r"^transactionData\[0\]\.sampledValue\[0\]\.phase"):
        request_from_16(V15, "StopTransaction", payload)


@pytest.mark.parametrize(("version", "kept"), [(V15, True), (V12, False)])
def test_start_transaction_reservation_id(version: OcppVersion, kept: bool) -> None:
    start = {"connectorId": 1, "idTag": "A", "meterStart": 0, "timestamp": T0}
    payload = {**start, "reservationId": 7}

    if kept:
        assert request_from_16(version, "StartTransaction", payload).payload == payload
    else:
        with pytest.raises(NotSupportedError, match="reservationId"):
            request_from_16(version, "StartTransaction", payload)
    assert request_from_16(version, "StartTransaction", dict(start)).payload == start


# --- R6 BootNotification answer ------------------------------------------------------------


@pytest.mark.parametrize("version", LEGACY)
@pytest.mark.parametrize(
    ("status", "legacy_status", "flags"),
    [
        ("Accepted", "Accepted", ()),
        ("Pending", "Rejected", ("pending_as_rejected",)),
        ("Rejected", "Rejected", ()),
    ],
)
def test_r6_boot_answer_from_16(
    version: OcppVersion, status: str, legacy_status: str, flags: tuple[str, ...]
) -> None:
    answer = {"status": status, "currentTime": T0, "interval": 60}

    converted = response_from_16(version, "BootNotification", answer)

    assert converted.payload == {
        "status": legacy_status,
        "currentTime": T0,
        "heartbeatInterval": 60,
    }
    assert converted.flags == flags
    if WSDL_DIR.is_dir():
        assert legacy_status in wsdl_enum(version, "cs", "RegistrationStatus")


@pytest.mark.parametrize("version", LEGACY)
def test_r6_boot_answer_to_16(version: OcppVersion) -> None:
    answer = {"status": "Accepted", "currentTime": T0, "heartbeatInterval": 300}

    converted = response_to_16(version, "BootNotification", answer)

    assert converted.payload == {"status": "Accepted", "currentTime": T0, "interval": 300}
    validate_16(converted.payload, "BootNotification", answer=True)


# --- R7 RemoteStartTransaction -------------------------------------------------------------


@pytest.mark.parametrize("version", LEGACY)
@pytest.mark.parametrize(
    ("payload", "items"),
    [
        (
            {"connectorId": 2, "idTag": "04A2B3C4D5E6F7"},
            [("idTag", "04A2B3C4D5E6F7"), ("connectorId", 2)],
        ),
        ({"idTag": "04A2B3C4D5E6F7"}, [("idTag", "04A2B3C4D5E6F7")]),
        ({"connectorId": 0, "idTag": "A"}, [("idTag", "A"), ("connectorId", 0)]),
    ],
)
def test_r7_remote_start_element_order(
    version: OcppVersion, payload: dict[str, Any], items: list[tuple[str, Any]]
) -> None:
    converted = request_from_16(version, "RemoteStartTransaction", payload)

    assert list(converted.payload.items()) == items  # (idTag, connectorId): 1.2/1.5 order


@needs_wsdl
@pytest.mark.parametrize("version", LEGACY)
def test_r7_order_is_the_wsdl_sequence(version: OcppVersion) -> None:
    payload = {"connectorId": 2, "idTag": "A"}

    converted = request_from_16(version, "RemoteStartTransaction", payload)

    assert list(converted.payload) == wsdl_sequence(version, "cp", "RemoteStartTransactionRequest")


@pytest.mark.parametrize("version", LEGACY)
def test_r7_a_charging_profile_is_refused(version: OcppVersion) -> None:
    payload = COMMAND_SAMPLES["RemoteStartTransaction"][0]

    with pytest.raises(
        NotSupportedError, match=rf"^chargingProfile cannot be expressed in OCPP {version}$"
    ):
        request_from_16(version, "RemoteStartTransaction", payload)


# --- R8 SendLocalList ----------------------------------------------------------------------

ENTRIES = [
    {"idTag": "04A2B3C4D5E6F7", "idTagInfo": {"status": "Accepted", "expiryDate": T2}},
    {"idTag": "DEADBEEF", "idTagInfo": {"status": "Blocked"}},
    {"idTag": "CAFE"},
]


def test_r8_send_local_list_from_16() -> None:
    payload = {"listVersion": 13, "localAuthorizationList": ENTRIES, "updateType": "Differential"}

    converted = request_from_16(V15, "SendLocalList", copy.deepcopy(payload))

    assert list(converted.payload.items()) == [
        ("updateType", "Differential"),
        ("listVersion", 13),
        ("localAuthorisationList", ENTRIES),
    ]
    assert "hash" not in converted.payload
    assert converted.flags == ()
    if WSDL_DIR.is_dir():
        assert (
            list(converted.payload)
            == [e for e in wsdl_sequence(V15, "cp", "SendLocalListRequest") if e != "hash"][:3]
        )


def test_r8_an_empty_list_is_left_out() -> None:
    payload = {"listVersion": 14, "localAuthorizationList": [], "updateType": "Full"}

    converted = request_from_16(V15, "SendLocalList", payload)

    assert converted.payload == {"updateType": "Full", "listVersion": 14}


@pytest.mark.parametrize(
    ("payload", "expected", "flags"),
    [
        (
            {
                "updateType": "Full",
                "listVersion": 3,
                "localAuthorisationList": ENTRIES,
                "hash": "9f86d0",
            },
            {"listVersion": 3, "updateType": "Full", "localAuthorizationList": ENTRIES},
            ("hash_dropped",),
        ),
        (
            {"updateType": "Differential", "listVersion": 4, "localAuthorisationList": ENTRIES[2]},
            {
                "listVersion": 4,
                "updateType": "Differential",
                "localAuthorizationList": [ENTRIES[2]],
            },
            (),
        ),
        (
            {"updateType": "Full", "listVersion": 5},
            {"listVersion": 5, "updateType": "Full"},
            (),
        ),
    ],
)
def test_r8_send_local_list_to_16(
    payload: dict[str, Any], expected: dict[str, Any], flags: tuple[str, ...]
) -> None:
    converted = request_to_16(V15, "SendLocalList", payload)

    assert (converted.payload, converted.flags) == (expected, flags)
    validate_16(converted.payload, "SendLocalList")
    decode(COMMAND_ACTIONS["SendLocalList"][0], converted.payload, lenient=False)


UPDATE_STATUS_15 = ["Accepted", "Failed", "HashError", "NotSupported", "VersionMismatch"]


@needs_wsdl
def test_r8_the_15_update_statuses_are_the_wsdl_ones() -> None:
    assert set(UPDATE_STATUS_15) == wsdl_enum(V15, "cp", "UpdateStatus")


@pytest.mark.parametrize("status", UPDATE_STATUS_15)
def test_r8_every_15_update_status_to_16(status: str) -> None:
    converted = response_to_16(V15, "SendLocalList", {"status": status, "hash": "9f86d0"})

    if status == "HashError":
        assert (converted.payload, converted.flags) == (
            {"status": "Failed"},
            ("legacy_status:HashError",),
        )
    else:
        assert (converted.payload, converted.flags) == ({"status": status}, ())
    decode(COMMAND_ACTIONS["SendLocalList"][1], converted.payload, lenient=False)


@needs_wsdl
@pytest.mark.parametrize("status", values_of(enums.UpdateStatus))
def test_r8_every_16_update_status_from_16(status: str) -> None:
    converted = response_from_16(V15, "SendLocalList", {"status": status})

    assert converted.payload == {"status": status}
    assert status in wsdl_enum(V15, "cp", "UpdateStatus")


# --- R9 UnlockConnector answer -------------------------------------------------------------


@pytest.mark.parametrize("version", LEGACY)
@pytest.mark.parametrize(
    ("legacy", "status"), [("Accepted", "Unlocked"), ("Rejected", "UnlockFailed")]
)
def test_r9_unlock_answer_to_16(version: OcppVersion, legacy: str, status: str) -> None:
    converted = response_to_16(version, "UnlockConnector", {"status": legacy})

    assert (converted.payload, converted.flags) == ({"status": status}, ())
    decode(COMMAND_ACTIONS["UnlockConnector"][1], converted.payload, lenient=False)


@pytest.mark.parametrize("version", LEGACY)
@pytest.mark.parametrize(
    ("status", "legacy", "flags"),
    [
        ("Unlocked", "Accepted", ()),
        ("UnlockFailed", "Rejected", ()),
        ("NotSupported", "Rejected", ("legacy_status:NotSupported",)),
    ],
)
def test_r9_unlock_answer_from_16(
    version: OcppVersion, status: str, legacy: str, flags: tuple[str, ...]
) -> None:
    converted = response_from_16(version, "UnlockConnector", {"status": status})

    assert (converted.payload, converted.flags) == ({"status": legacy}, flags)
    if WSDL_DIR.is_dir():
        assert legacy in wsdl_enum(version, "cp", "UnlockStatus")


# --- R10 enumeration guards ----------------------------------------------------------------


@needs_wsdl
@pytest.mark.parametrize("version", LEGACY)
@pytest.mark.parametrize(
    ("action", "convert", "kind", "wsdl_type", "cls"),
    [
        (
            "FirmwareStatusNotification",
            request_from_16,
            "cs",
            "FirmwareStatus",
            enums.FirmwareStatus,
        ),
        (
            "DiagnosticsStatusNotification",
            request_from_16,
            "cs",
            "DiagnosticsStatus",
            enums.DiagnosticsStatus,
        ),
        (
            "ChangeConfiguration",
            response_from_16,
            "cp",
            "ConfigurationStatus",
            enums.ConfigurationStatus,
        ),
    ],
    ids=["FirmwareStatus", "DiagnosticsStatus", "ConfigurationStatus"],
)
def test_r10_a_value_the_version_lacks_is_refused(
    version: OcppVersion, action: str, convert: Any, kind: str, wsdl_type: str, cls: type[enum.Enum]
) -> None:
    legacy = wsdl_enum(version, kind, wsdl_type)
    refused = []
    for status in values_of(cls):
        if status in legacy:
            assert convert(version, action, {"status": status}).payload == {"status": status}
            continue
        with pytest.raises(NotSupportedError) as caught:
            convert(version, action, {"status": status})
        assert caught.value.detail == f"status: {status!r} cannot be expressed in OCPP {version}"
        refused.append(status)
    assert refused  # each of these enumerations grew in 1.6


@pytest.mark.parametrize(
    ("action", "convert", "status"),
    [
        ("FirmwareStatusNotification", request_from_16, "Downloading"),
        ("FirmwareStatusNotification", request_from_16, "Idle"),
        ("FirmwareStatusNotification", request_from_16, "Installing"),
        ("DiagnosticsStatusNotification", request_from_16, "Idle"),
        ("DiagnosticsStatusNotification", request_from_16, "Uploading"),
        ("ChangeConfiguration", response_from_16, "RebootRequired"),
    ],
)
@pytest.mark.parametrize("version", LEGACY)
def test_r10_named_16_only_values(
    version: OcppVersion, action: str, convert: Any, status: str
) -> None:
    with pytest.raises(NotSupportedError, match=r"^status: "):
        convert(version, action, {"status": status})


# --- round trips ---------------------------------------------------------------------------

# (version, action, "request"|"response", a payload in that version's shape) for which the
# rules lose nothing: p -> 1.6 -> p, also through the codec (1.6 JSON -> dataclass -> JSON).
LOSSLESS = [
    (V15, "Authorize", "request", {"idTag": "04A2B3C4D5E6F7"}),
    (
        V15,
        "BootNotification",
        "request",
        {"chargePointVendor": "ABB", "chargePointModel": "Terra 54", "meterType": "DC"},
    ),
    (V15, "StatusNotification", "request", status_15("Occupied")),
    (V15, "StatusNotification", "request", status_15("Reserved", info="by app", timestamp=T0)),
    (
        V15,
        "StatusNotification",
        "request",
        status_15("Faulted", "GroundFailure", vendorId="com.abb", vendorErrorCode="0x2F"),
    ),
    (V12, "StatusNotification", "request", status_15("Occupied")),
    (V12, "StatusNotification", "request", status_15("Faulted", "ReaderFailure")),
    (
        V15,
        "MeterValues",
        "request",
        {
            "connectorId": 2,
            "transactionId": 1042,
            "values": [{"timestamp": T1, "value": READINGS_15}],
        },
    ),
    (V15, "MeterValues", "request", {"connectorId": 0, "values": [MV_15_A, MV_15_B]}),
    (
        V12,
        "MeterValues",
        "request",
        {"connectorId": 1, "values": [{"timestamp": T0, "value": 12345}]},
    ),
    (
        V15,
        "StartTransaction",
        "request",
        {"connectorId": 1, "idTag": "A", "timestamp": T0, "meterStart": 100, "reservationId": 7},
    ),
    (
        V12,
        "StartTransaction",
        "request",
        {"connectorId": 1, "idTag": "A", "timestamp": T0, "meterStart": 100},
    ),
    (
        V15,
        "StopTransaction",
        "request",
        {**STOP_15, "transactionData": [{"values": [MV_15_A, MV_15_B]}]},
    ),
    (V15, "StopTransaction", "request", STOP_15),
    (V12, "StopTransaction", "request", STOP_15),
    (V15, "FirmwareStatusNotification", "request", {"status": "InstallationFailed"}),
    (V12, "DiagnosticsStatusNotification", "request", {"status": "Uploaded"}),
    (V15, "DataTransfer", "request", {"vendorId": "com.keba", "messageId": "m", "data": "d"}),
    (
        V15,
        "BootNotification",
        "response",
        {"status": "Accepted", "currentTime": T0, "heartbeatInterval": 300},
    ),
    (
        V12,
        "BootNotification",
        "response",
        {"status": "Rejected", "currentTime": T0, "heartbeatInterval": 60},
    ),
    (V15, "RemoteStartTransaction", "request", {"idTag": "A", "connectorId": 1}),
    (V12, "RemoteStartTransaction", "request", {"idTag": "A"}),
    (
        V15,
        "SendLocalList",
        "request",
        {"updateType": "Full", "listVersion": 3, "localAuthorisationList": ENTRIES},
    ),
    (V15, "SendLocalList", "response", {"status": "VersionMismatch"}),
    (V15, "UnlockConnector", "response", {"status": "Accepted"}),
    (V12, "UnlockConnector", "response", {"status": "Rejected"}),
    (V15, "ChangeConfiguration", "response", {"status": "NotSupported"}),
    (
        V15,
        "ReserveNow",
        "request",
        {"connectorId": 1, "expiryDate": T2, "idTag": "A", "parentIdTag": "P", "reservationId": 9},
    ),
    (
        V12,
        "GetDiagnostics",
        "request",
        {
            "location": "ftp://d.example.com/",
            "startTime": T0,
            "stopTime": T1,
            "retries": 1,
            "retryInterval": 30,
        },
    ),
]


def _converters(kind: str) -> tuple[Any, Any]:
    if kind == "request":
        return request_to_16, request_from_16
    return response_to_16, response_from_16


def _class_16(action: str, kind: str) -> Any:
    pair = CHARGER_ACTIONS.get(action) or COMMAND_ACTIONS[action]
    return pair[0 if kind == "request" else 1]


@pytest.mark.parametrize(
    ("version", "action", "kind", "payload"),
    [pytest.param(*case, id=f"{case[0]}-{case[1]}-{case[2]}") for case in LOSSLESS],
)
def test_lossless_round_trip(version: OcppVersion, action: str, kind: str, payload: Any) -> None:
    to_16, from_16 = _converters(kind)
    original = copy.deepcopy(payload)

    sixteen = to_16(version, action, payload).payload
    assert payload == original  # the rules copy, they never mutate

    assert from_16(version, action, sixteen).payload == original

    # and through the codec, the way the service carries it
    validate_16(sixteen, action, answer=kind == "response")
    canonical = encode(decode(_class_16(action, kind), sixteen, lenient=False).value)
    assert from_16(version, action, canonical).payload == original


# (version, action, kind, payload, the flags that say what was lost)
LOSSY = [
    (
        V15,
        "StatusNotification",
        "request",
        status_15("Faulted", "Mode3Error"),
        ("legacy_error:Mode3Error",),
    ),
    (
        V15,
        "StatusNotification",
        "request",
        status_15("Faulted", info="x" * 60),
        ("truncated:info",),
    ),
    (
        V15,
        "SendLocalList",
        "request",
        {"updateType": "Full", "listVersion": 3, "hash": "9f86d0"},
        ("hash_dropped",),
    ),
    (V15, "SendLocalList", "response", {"status": "HashError"}, ("legacy_status:HashError",)),
]


@pytest.mark.parametrize(
    ("version", "action", "kind", "payload", "flags"),
    [pytest.param(*case, id=case[-1][0]) for case in LOSSY],
)
def test_a_lossy_round_trip_is_flagged(
    version: OcppVersion, action: str, kind: str, payload: Any, flags: tuple[str, ...]
) -> None:
    to_16, from_16 = _converters(kind)

    converted = to_16(version, action, payload)

    assert converted.flags == flags
    assert from_16(version, action, converted.payload).payload != payload


@pytest.mark.parametrize("version", LEGACY)
@pytest.mark.parametrize(
    ("action", "payload"),
    [
        ("Reset", {"type": "Hard"}),
        ("ChangeAvailability", {"connectorId": 0, "type": "Operative"}),
        ("Heartbeat", {}),
    ],
)
def test_actions_without_rules_are_copied(version: OcppVersion, action: str, payload: Any) -> None:
    for convert in (request_to_16, request_from_16, response_to_16, response_from_16):
        converted = convert(version, action, payload)
        assert (converted.payload, converted.flags) == (payload, ())
        assert converted.payload is not payload


def test_a_16_only_error_code_goes_to_15_as_other_error_keeping_the_code() -> None:
    from bridge.enums import OcppVersion
    from bridge.versions import request_from_16

    converted = request_from_16(
        OcppVersion.V15,
        "StatusNotification",
        {"connectorId": 1, "status": "Faulted", "errorCode": "OverVoltage"},
    )
    assert converted.payload == {
        "connectorId": 1,
        "status": "Faulted",
        "errorCode": "OtherError",
        "vendorErrorCode": "OverVoltage",
    }
    assert converted.flags == ("legacy_error:OverVoltage",)
