"""bridge.codec: OCPP 1.6 JSON <-> bridge dataclasses, checked against the JSON schemas."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from bridge.codec import MAX_NUMBER_DIGITS, decode, encode, format_timestamp
from bridge.commands import (
    COMMAND_ACTIONS,
    ChangeConfiguration,
    ChargingSchedulePeriod,
    GetConfiguration,
    GetConfigurationResult,
    KeyValue,
    RemoteStartTransaction,
    SendLocalList,
    SetChargingProfile,
)
from bridge.enums import (
    ChargePointStatus,
    Measurand,
    ReadingContext,
    UnitOfMeasure,
)
from bridge.errors import ValidationError
from bridge.messages import (
    CHARGER_ACTIONS,
    AuthorizeResult,
    BootNotification,
    BootNotificationResult,
    DataTransfer,
    Heartbeat,
    MeterValue,
    MeterValues,
    SampledValue,
    StartTransaction,
    StatusNotification,
    StopTransaction,
)
from bridge.model import Model

from .samples import (
    CHARGER_SAMPLES,
    COMMAND_SAMPLES,
    METER_VALUE_END,
    T0,
    schema_for,
    validate_16,
)

MISSING = "OccurenceConstraintViolation"  # sic: OCPP-J 1.6 section 4.2.3 spells it so
TYPE = "TypeConstraintViolation"
RANGE = "PropertyConstraintViolation"


def schema_paths(schema: dict[str, Any], prefix: str = "") -> set[str]:
    """Every property path a schema defines: ``meterValue[].sampledValue[].unit``."""
    paths = set()
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        paths.add(path)
        if sub.get("type") == "object":
            paths |= schema_paths(sub, f"{path}.")
        elif sub.get("type") == "array" and sub["items"].get("type") == "object":
            paths |= schema_paths(sub["items"], f"{path}[].")
    return paths


def payload_paths(payload: object, prefix: str = "") -> set[str]:
    paths: set[str] = set()
    if isinstance(payload, dict):
        for name, value in payload.items():
            path = f"{prefix}{name}"
            paths.add(path)
            paths |= payload_paths(value, f"{path}.")
    elif isinstance(payload, list):
        for item in payload:
            paths |= payload_paths(item, prefix[:-1] + "[].")
    return paths


def _cases(
    side: str,
    table: dict[str, tuple[type[Model], type[Model]]],
    samples: dict[str, tuple[dict[str, Any], dict[str, Any]]],
) -> list[Any]:
    return [
        pytest.param(action, cls, samples[action][answer], answer, id=f"{side}-{cls.__name__}")
        for action, pair in table.items()
        for answer, cls in enumerate(pair)
    ]


ROUND_TRIP = _cases("charger", CHARGER_ACTIONS, CHARGER_SAMPLES) + _cases(
    "command", COMMAND_ACTIONS, COMMAND_SAMPLES
)

# A ChargePointMaxProfile as chargers get it; RemoteStartTransaction's profile has every field.
PARTIAL_SAMPLES = {("SetChargingProfile", 0)}


# --- round trip, every action, checked against the ocpp library's schemas ------------------


def test_every_action_has_a_sample() -> None:
    assert set(CHARGER_SAMPLES) == set(CHARGER_ACTIONS)
    assert set(COMMAND_SAMPLES) == set(COMMAND_ACTIONS)


@pytest.mark.parametrize(("action", "cls", "payload", "answer"), ROUND_TRIP)
def test_round_trip(action: str, cls: type[Model], payload: dict[str, Any], answer: int) -> None:
    validate_16(payload, action, bool(answer))
    original = copy.deepcopy(payload)

    decoded = decode(cls, payload, lenient=False)

    assert type(decoded.value) is cls
    assert decoded.flags == ()
    encoded = encode(decoded.value)
    assert encoded == original
    assert json.loads(json.dumps(encoded)) == original  # plain JSON types only
    validate_16(encoded, action, bool(answer))
    assert payload == original  # decode does not touch its input


@pytest.mark.parametrize(
    ("action", "answer"),
    [(a, n) for a in CHARGER_SAMPLES for n in (0, 1)]
    + [(a, n) for a in COMMAND_SAMPLES for n in (0, 1) if a != "DataTransfer"],
)
def test_samples_use_every_field_of_the_schema(action: str, answer: int) -> None:
    samples = CHARGER_SAMPLES if action in CHARGER_SAMPLES else COMMAND_SAMPLES
    used = payload_paths(samples[action][answer])
    defined = schema_paths(schema_for(action, bool(answer)))

    if (action, answer) in PARTIAL_SAMPLES:
        assert used < defined
    else:
        assert used == defined


def test_decoded_values_are_typed() -> None:
    payload = CHARGER_SAMPLES["MeterValues"][0]

    value = decode(MeterValues, payload).value

    assert value.connector_id == 1
    assert value.transaction_id == 1042
    (mv,) = value.meter_value
    assert mv.timestamp == dt.datetime(2024, 5, 1, 10, 30, 30, tzinfo=dt.UTC)
    assert mv.sampled_value[0] == SampledValue(
        value="12.345",
        context=ReadingContext.SAMPLE_PERIODIC,
        measurand=Measurand.ENERGY_ACTIVE_IMPORT_REGISTER,
        unit=UnitOfMeasure.KWH,
    )


def test_decimal_fields_are_exact() -> None:
    payload = {"startPeriod": 0, "limit": 7.5, "numberPhases": 1}

    assert decode(ChargingSchedulePeriod, payload).value.limit == Decimal("7.5")


@pytest.mark.parametrize("action", ["MeterValues", "StopTransaction"])
@pytest.mark.parametrize("tx", [9223372036854775807, 0, -1, 2**31])
def test_64_bit_and_odd_transaction_ids_are_taken(action: str, tx: int) -> None:
    # Chargers report unknown transactions as 0, -1 or Long.MAX_VALUE; decide_stop
    # handles them, so the codec must let them through unchanged.
    payload = {**CHARGER_SAMPLES[action][0], "transactionId": tx}
    validate_16(payload, action, answer=False)
    cls = CHARGER_ACTIONS[action][0]

    value = decode(cls, payload, lenient=False).value

    assert value.transaction_id == tx  # type: ignore[attr-defined]
    assert encode(value)["transactionId"] == tx


@pytest.mark.parametrize(
    ("raw", "expected", "wire"),
    [
        ("2024-05-01T10:15:30Z", dt.datetime(2024, 5, 1, 10, 15, 30), "2024-05-01T10:15:30.000Z"),
        ("2024-05-01T10:15:30z", dt.datetime(2024, 5, 1, 10, 15, 30), "2024-05-01T10:15:30.000Z"),
        (
            "2024-05-01T12:15:30+02:00",
            dt.datetime(2024, 5, 1, 10, 15, 30),
            "2024-05-01T10:15:30.000Z",
        ),
        (
            "2024-05-01T10:15:30.123456Z",
            dt.datetime(2024, 5, 1, 10, 15, 30, 123456),
            "2024-05-01T10:15:30.123Z",
        ),
        (
            "2024-04-30T23:59:59.999-05:00",
            dt.datetime(2024, 5, 1, 4, 59, 59, 999000),
            "2024-05-01T04:59:59.999Z",
        ),
    ],
)
def test_timestamps_become_utc(raw: str, expected: dt.datetime, wire: str) -> None:
    payload = {"status": "Accepted", "currentTime": raw, "interval": 60}

    decoded = decode(BootNotificationResult, payload, lenient=False)

    assert decoded.flags == ()
    assert decoded.value.current_time == expected.replace(tzinfo=dt.UTC)
    assert decoded.value.current_time.utcoffset() == dt.timedelta(0)
    assert encode(decoded.value)["currentTime"] == wire


@pytest.mark.parametrize("raw", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00"])
@pytest.mark.parametrize("lenient", [True, False])
def test_a_timestamp_past_the_calendar_in_utc_is_refused_naming_it(raw: str, lenient: bool) -> None:
    payload = {"status": "Accepted", "currentTime": raw, "interval": 60}

    with pytest.raises(ValidationError) as caught:
        decode(BootNotificationResult, payload, lenient=lenient)

    assert caught.value.field == "currentTime"
    assert caught.value.ocpp_code == "PropertyConstraintViolation"
    assert "out of range in UTC" in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2024, 5, 1, 10, 15, 30, tzinfo=dt.UTC),
        dt.datetime(2024, 5, 1, 10, 15, 30, 999, tzinfo=dt.UTC),  # under a millisecond
        dt.datetime(2024, 5, 1, 10, 15, 30, 999999, tzinfo=dt.UTC),  # truncated, not rounded
        dt.datetime(2024, 5, 1, 10, 15, 30, 120000, tzinfo=dt.timezone(dt.timedelta(0))),
        dt.datetime(2024, 5, 1, 12, 15, 30, 5000, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        dt.datetime(2024, 5, 1, 10, 15, 30, 5000),  # naive: taken as UTC
        dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
    ],
)
def test_format_timestamp_is_utc_milliseconds(value: dt.datetime) -> None:
    utc = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    expected = utc.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"

    assert format_timestamp(value) == expected


# --- refusals name the field by its OCPP path ---------------------------------------------


def _with(base: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    """A deep copy of ``base`` with ``path`` (``meterValue[0].sampledValue[1].unit``) set,
    or deleted when ``value`` is ``DELETE``."""
    out = copy.deepcopy(base)
    node: Any = out
    parts = path.replace("[", ".[").split(".")
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    last = parts[-1]
    key: Any = int(last[1:-1]) if last.startswith("[") else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value
    return out


DELETE = object()


def _show(value: object) -> str:
    return "DELETE" if value is DELETE else repr(value)[:12]


METER = CHARGER_SAMPLES["MeterValues"][0]
START = CHARGER_SAMPLES["StartTransaction"][0]
STOP = CHARGER_SAMPLES["StopTransaction"][0]
STATUS = CHARGER_SAMPLES["StatusNotification"][0]
BOOT = CHARGER_SAMPLES["BootNotification"][0]
SET_PROFILE = COMMAND_SAMPLES["SetChargingProfile"][0]
REMOTE_START = COMMAND_SAMPLES["RemoteStartTransaction"][0]
LOCAL_LIST = COMMAND_SAMPLES["SendLocalList"][0]
CONFIG = COMMAND_SAMPLES["GetConfiguration"]

# (class, payload, the path to spoil, the value to put there, the OCPP error code)
INVALID = [
    # required fields
    (StartTransaction, START, "idTag", DELETE, MISSING),
    (StartTransaction, START, "timestamp", None, MISSING),
    (BootNotification, BOOT, "chargePointModel", DELETE, MISSING),
    (MeterValues, METER, "meterValue[0].sampledValue[1].value", DELETE, MISSING),
    (MeterValues, METER, "meterValue[0].timestamp", DELETE, MISSING),
    (StopTransaction, STOP, "transactionData[1].sampledValue[0].value", DELETE, MISSING),
    (AuthorizeResult, {"idTagInfo": {"status": "Accepted"}}, "idTagInfo.status", DELETE, MISSING),
    (
        SetChargingProfile,
        SET_PROFILE,
        "csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit",
        DELETE,
        MISSING,
    ),
    (GetConfigurationResult, CONFIG[1], "configurationKey[1].readonly", DELETE, MISSING),
    # wrong types
    (StartTransaction, START, "connectorId", "one", TYPE),
    (StartTransaction, START, "connectorId", True, TYPE),
    (StartTransaction, START, "meterStart", 12345.5, TYPE),
    (StartTransaction, START, "meterStart", "12345.5", TYPE),
    (StartTransaction, START, "meterStart", "NaN", TYPE),
    (StartTransaction, START, "meterStart", [12345], TYPE),
    (StartTransaction, START, "idTag", 4711, TYPE),
    (StartTransaction, START, "timestamp", "yesterday", TYPE),
    (StartTransaction, START, "timestamp", 1714558530, TYPE),
    (MeterValues, METER, "meterValue", "12.3", TYPE),
    (MeterValues, METER, "meterValue[0].sampledValue[2]", "16.1", TYPE),
    (MeterValues, METER, "meterValue[0].sampledValue[1].value", 230.4, TYPE),
    (GetConfigurationResult, CONFIG[1], "configurationKey[0].readonly", "false", TYPE),
    (GetConfiguration, CONFIG[0], "key", "HeartbeatInterval", TYPE),
    (GetConfiguration, CONFIG[0], "key[1]", 42, TYPE),
    (
        SetChargingProfile,
        SET_PROFILE,
        "csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit",
        "lots",
        TYPE,
    ),
    (
        SetChargingProfile,
        SET_PROFILE,
        "csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit",
        True,
        TYPE,
    ),
    # enumerations
    (MeterValues, METER, "meterValue[0].sampledValue[1].unit", "Volt", RANGE),
    (MeterValues, METER, "meterValue[0].sampledValue[2].phase", "L4", RANGE),
    (StatusNotification, STATUS, "errorCode", "Mode3Error", RANGE),
    (StatusNotification, STATUS, "status", "Occupied", RANGE),
    (StopTransaction, STOP, "reason", "UserRequest", RANGE),
    (StatusNotification, STATUS, "status", 1, TYPE),
    # CiString lengths
    (StartTransaction, START, "idTag", "X" * 21, RANGE),
    (BootNotification, BOOT, "chargePointVendor", "V" * 21, RANGE),
    (BootNotification, BOOT, "chargeBoxSerialNumber", "S" * 26, RANGE),
    (BootNotification, BOOT, "firmwareVersion", "F" * 51, RANGE),
    (BootNotification, BOOT, "iccid", "8" * 21, RANGE),
    (StatusNotification, STATUS, "info", "i" * 51, RANGE),
    (StatusNotification, STATUS, "vendorId", "v" * 256, RANGE),
    (StatusNotification, STATUS, "vendorErrorCode", "e" * 51, RANGE),
    (DataTransfer, CHARGER_SAMPLES["DataTransfer"][0], "messageId", "m" * 51, RANGE),
    (AuthorizeResult, CHARGER_SAMPLES["Authorize"][1], "idTagInfo.parentIdTag", "P" * 21, RANGE),
    (SendLocalList, LOCAL_LIST, "localAuthorizationList[1].idTag", "T" * 21, RANGE),
    (ChangeConfiguration, {"key": "K", "value": "v"}, "value", "v" * 501, RANGE),
    (GetConfiguration, CONFIG[0], "key[1]", "k" * 51, RANGE),
    (GetConfigurationResult, CONFIG[1], "unknownKey[0]", "k" * 51, RANGE),
    (GetConfigurationResult, CONFIG[1], "configurationKey[0].value", "v" * 501, RANGE),
    # negative connector ids and other non-negative numbers
    (StatusNotification, STATUS, "connectorId", -1, RANGE),
    (MeterValues, METER, "connectorId", -1, RANGE),
    (RemoteStartTransaction, REMOTE_START, "connectorId", -2, RANGE),
    (RemoteStartTransaction, REMOTE_START, "chargingProfile.stackLevel", -1, RANGE),
    (
        SetChargingProfile,
        SET_PROFILE,
        "csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].startPeriod",
        -60,
        RANGE,
    ),
    (BootNotificationResult, CHARGER_SAMPLES["BootNotification"][1], "interval", -1, RANGE),
]


@pytest.mark.parametrize("lenient", [True, False], ids=["lenient", "strict"])
@pytest.mark.parametrize(
    ("cls", "payload", "path", "value", "code"),
    [pytest.param(*case, id=f"{case[0].__name__}-{case[2]}={_show(case[3])}") for case in INVALID],
)
def test_refusal_names_the_field(
    cls: type[Model], payload: dict[str, Any], path: str, value: object, code: str, lenient: bool
) -> None:
    decode(cls, payload, lenient=False)  # the unspoiled payload is fine
    spoiled = _with(payload, path, value)

    with pytest.raises(ValidationError) as caught:
        decode(cls, spoiled, lenient=lenient)

    assert caught.value.field == path
    assert caught.value.ocpp_code == code
    assert str(caught.value).startswith(f"{path}: ")


@pytest.mark.parametrize("payload", [None, [], "{}", 42])
def test_a_payload_that_is_not_an_object(payload: object) -> None:
    with pytest.raises(ValidationError) as caught:
        decode(Heartbeat, payload)

    assert (caught.value.field, caught.value.reason) == ("payload", "must be an object")


@pytest.mark.parametrize(
    ("cls", "payload", "path", "value"),
    [
        (StartTransaction, START, "idTag", "X" * 20),
        (BootNotification, BOOT, "chargePointSerialNumber", "S" * 25),
        (StatusNotification, STATUS, "vendorId", "v" * 255),
        (StatusNotification, STATUS, "connectorId", 0),
        (GetConfiguration, CONFIG[0], "key[0]", "k" * 50),
        (KeyValue, {"key": "k", "readonly": True}, "value", "v" * 500),
    ],
)
def test_values_at_the_limit_are_taken(
    cls: type[Model], payload: dict[str, Any], path: str, value: object
) -> None:
    decoded = decode(cls, _with(payload, path, value), lenient=False)

    assert encode(decoded.value) == _with(payload, path, value)


# --- lenient mode: tolerated and flagged; strict mode: refused -----------------------------

UTC = dt.UTC

# (class, payload, path, the value a charger sent, what it is read as, the flag)
TOLERATED = [
    (
        StartTransaction,
        START,
        "timestamp",
        "2024-05-01T10:15:30",
        dt.datetime(2024, 5, 1, 10, 15, 30, tzinfo=UTC),
        "naive_timestamp:timestamp",
    ),
    (
        MeterValues,
        METER,
        "meterValue[0].timestamp",
        "2024-05-01T10:30:30.250",
        dt.datetime(2024, 5, 1, 10, 30, 30, 250000, tzinfo=UTC),
        "naive_timestamp:meterValue[0].timestamp",
    ),
    (StatusNotification, STATUS, "timestamp", "", None, "empty_string:timestamp"),
    (MeterValues, METER, "transactionId", "", None, "empty_string:transactionId"),
    (
        MeterValues,
        METER,
        "meterValue[0].sampledValue[0].unit",
        "",
        None,
        "empty_string:meterValue[0].sampledValue[0].unit",
    ),
    (StartTransaction, START, "reservationId", "", None, "empty_string:reservationId"),
    (
        StatusNotification,
        STATUS,
        "status",
        "charging",
        ChargePointStatus.CHARGING,
        "enum_case:status",
    ),
    (
        MeterValues,
        METER,
        "meterValue[0].sampledValue[0].measurand",
        "energy.active.import.register",
        Measurand.ENERGY_ACTIVE_IMPORT_REGISTER,
        "enum_case:meterValue[0].sampledValue[0].measurand",
    ),
    (
        MeterValues,
        METER,
        "meterValue[0].sampledValue[0].unit",
        "KWH",
        UnitOfMeasure.KWH,
        "enum_case:meterValue[0].sampledValue[0].unit",
    ),
    (StartTransaction, START, "connectorId", "1.0", 1, "decimal_integer:connectorId"),
    (StartTransaction, START, "meterStart", 12345.0, 12345, "decimal_integer:meterStart"),
    (StartTransaction, START, "meterStart", "10", 10, "decimal_integer:meterStart"),
    (StopTransaction, STOP, "transactionId", "10.0", 10, "decimal_integer:transactionId"),
    (
        SetChargingProfile,
        SET_PROFILE,
        "csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit",
        "22000.5",
        Decimal("22000.5"),
        "decimal_string:csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit",
    ),
]


def _read(obj: object, path: str) -> object:
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            obj = obj[int(part[1:-1])]  # type: ignore[index]
        else:
            camel = "".join("_" + c.lower() if c.isupper() else c for c in part)
            obj = getattr(obj, camel)
    return obj


@pytest.mark.parametrize(
    ("cls", "payload", "path", "raw", "expected", "flag"),
    [pytest.param(*case, id=case[-1]) for case in TOLERATED],
)
def test_lenient_mode_tolerates_and_flags(
    cls: type[Model],
    payload: dict[str, Any],
    path: str,
    raw: object,
    expected: object,
    flag: str,
) -> None:
    decoded = decode(cls, _with(payload, path, raw), lenient=True)

    assert decoded.flags == (flag,)
    assert _read(decoded.value, path) == expected


@pytest.mark.parametrize(
    ("cls", "payload", "path", "raw"),
    [pytest.param(*case[:4], id=case[-1]) for case in TOLERATED],
)
def test_strict_mode_refuses_what_lenient_mode_tolerates(
    cls: type[Model], payload: dict[str, Any], path: str, raw: object
) -> None:
    with pytest.raises(ValidationError) as caught:
        decode(cls, _with(payload, path, raw), lenient=False)

    assert caught.value.field == path


def test_enum_case_is_refused_as_a_value_not_a_type() -> None:
    with pytest.raises(ValidationError) as caught:
        decode(StatusNotification, {**STATUS, "status": "CHARGING"}, lenient=False)

    assert caught.value.ocpp_code == RANGE


@pytest.mark.parametrize("lenient", [True, False])
def test_object_for_array(lenient: bool) -> None:
    payload = {"connectorId": 1, "meterValue": METER_VALUE_END}

    if not lenient:
        with pytest.raises(ValidationError) as caught:
            decode(MeterValues, payload, lenient=False)
        assert caught.value.field == "meterValue"
        return
    decoded = decode(MeterValues, payload)

    assert decoded.flags == ("object_for_array:meterValue",)
    assert encode(decoded.value) == {"connectorId": 1, "meterValue": [METER_VALUE_END]}


def test_flags_accumulate_in_document_order() -> None:
    payload = {
        "connectorId": "1.0",
        "meterValue": {
            "timestamp": "2024-05-01T10:30:30",
            "sampledValue": [{"value": "1", "unit": "wh", "phase": ""}],
        },
    }

    decoded = decode(MeterValues, payload)

    assert decoded.flags == (
        "decimal_integer:connectorId",
        "object_for_array:meterValue",
        "naive_timestamp:meterValue[0].timestamp",
        "empty_string:meterValue[0].sampledValue[0].phase",
        "enum_case:meterValue[0].sampledValue[0].unit",
    )


@pytest.mark.parametrize("lenient", [True, False])
def test_empty_string_is_a_value_in_an_optional_string_field(lenient: bool) -> None:
    decoded = decode(StatusNotification, {**STATUS, "info": ""}, lenient=lenient)

    assert decoded.value.info == ""
    assert decoded.flags == ()


@pytest.mark.parametrize("lenient", [True, False])
@pytest.mark.parametrize(
    ("value", "reason"),
    [("TAG\x00", "NUL character"), ("\ud800", "lone surrogate"), ("Ü\udfffx", "lone surrogate")],
    ids=["nul", "surrogate", "surrogate-in-unicode"],
)
def test_text_no_database_can_keep_is_refused_naming_the_field(
    lenient: bool, value: str, reason: str
) -> None:
    """JSON can escape both (\\u0000, \\ud800); XML can carry neither."""
    for cls, payload, path in [
        (StartTransaction, START, "idTag"),
        (StatusNotification, STATUS, "info"),
        (MeterValues, METER, "meterValue[0].sampledValue[0].value"),
    ]:
        with pytest.raises(ValidationError) as caught:
            decode(cls, _with(payload, path, value), lenient=lenient)
        assert caught.value.field == path
        assert reason in caught.value.reason
        assert caught.value.ocpp_code == "PropertyConstraintViolation"
    assert decode(StatusNotification, {**STATUS, "info": "Ünïcødé ☃"}).value.info == "Ünïcødé ☃"


@pytest.mark.parametrize(
    ("cls", "payload", "path"),
    [
        (StartTransaction, START, "meterStart"),
        (StartTransaction, START, "timestamp"),
        (StatusNotification, STATUS, "errorCode"),
    ],
)
def test_empty_string_in_a_required_field_is_refused_even_when_lenient(
    cls: type[Model], payload: dict[str, Any], path: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        decode(cls, {**payload, path: ""}, lenient=True)

    assert caught.value.field == path


@pytest.mark.parametrize("lenient", [True, False])
@pytest.mark.parametrize("path", ["meterValue[0].sampledValue[1].unit"])
def test_celcius_is_celsius(lenient: bool, path: str) -> None:
    # OCPP-J 1.6 errata: the OCA schemas spell it "Celcius", chargers are told to keep
    # sending that, and a central system must accept both spellings.
    payload = _with(METER, path, "Celcius")
    validate_16(payload, "MeterValues", answer=False)

    decoded = decode(MeterValues, payload, lenient=lenient)

    assert _read(decoded.value, path) is UnitOfMeasure.CELSIUS
    assert decoded.flags == ()
    assert encode(decoded.value) == _with(METER, path, "Celsius")


@pytest.mark.parametrize(
    ("cls", "payload", "path", "largest"),
    [
        # a 64-bit column keeps it: its own bound comes before the codec's
        (StartTransaction, START, "meterStart", 2**63 - 1),
        (
            SetChargingProfile,
            SET_PROFILE,
            "csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit",
            10 ** (MAX_NUMBER_DIGITS - 1),
        ),
    ],
)
def test_numbers_are_bounded_before_they_are_built(
    cls: type[Model], payload: dict[str, Any], path: str, largest: int
) -> None:
    # "1e999999999" as an int would take minutes of CPU: refused by size, not by trying.
    decoded = decode(cls, _with(payload, path, largest)).value
    assert _read(decoded, path) == largest
    if largest < 10 ** (MAX_NUMBER_DIGITS - 1):
        with pytest.raises(ValidationError) as caught:
            decode(cls, _with(payload, path, largest + 1))
        assert (caught.value.field, caught.value.ocpp_code) == (path, RANGE)

    for too_big in (f"1e{MAX_NUMBER_DIGITS}", "-1e999999999"):
        with pytest.raises(ValidationError) as caught:
            decode(cls, _with(payload, path, too_big))
        assert (caught.value.field, caught.value.ocpp_code) == (path, RANGE)


def test_absent_transaction_data_stays_absent() -> None:
    payload = {"transactionId": 5, "meterStop": 100, "timestamp": T0}

    value = decode(StopTransaction, payload).value

    assert value.transaction_data == ()
    assert encode(value) == payload


def test_encode_writes_what_the_dataclass_holds() -> None:
    mv = MeterValue(
        timestamp=dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        sampled_value=(SampledValue(value="7", unit=UnitOfMeasure.KWH),),
    )

    assert encode(mv) == {
        "timestamp": "2024-05-01T10:00:00.000Z",
        "sampledValue": [{"value": "7", "unit": "kWh"}],
    }


def test_unknown_fields_are_refused_in_strict_mode_and_flagged_in_lenient_mode() -> None:
    from bridge.codec import decode
    from bridge.commands import RemoteStartTransaction
    from bridge.errors import ValidationError

    payload = {"idTag": "TAG-1", "connectorID": 2}
    with pytest.raises(ValidationError) as refused:
        decode(RemoteStartTransaction, payload, lenient=False)
    assert refused.value.field == "connectorID"
    lenient = decode(RemoteStartTransaction, payload, lenient=True)
    assert lenient.value.connector_id is None
    assert lenient.flags == ("unknown_field:connectorID",)


def test_a_value_not_of_its_annotated_type_encodes_by_its_own_type() -> None:
    # Each model's encoder writes its fields' annotated types inline; a value of another
    # type (a plain str for an enumeration, a list for a tuple, a Decimal for an int)
    # still encodes by what it is.
    sv = SampledValue(value="1", measurand=Measurand.VOLTAGE, unit="Wh")  # type: ignore[arg-type]
    at = dt.datetime(2024, 5, 1, 13, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    mv = MeterValue(timestamp=at, sampled_value=[sv])  # type: ignore[arg-type]
    values = MeterValues(connector_id=Decimal(2), meter_value=(mv,))  # type: ignore[arg-type]

    assert encode(values) == {
        "connectorId": 2,
        "meterValue": [
            {
                "timestamp": "2024-05-01T11:00:00.000Z",
                "sampledValue": [{"value": "1", "measurand": "Voltage", "unit": "Wh"}],
            }
        ],
    }
