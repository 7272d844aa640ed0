"""OCPP 1.2 and 1.5 payloads to and from the 1.6 shape, by written rules.

The bridge speaks 1.6 (the superset). A 1.2/1.5 payload is a dict in that version's
own field names (the SOAP front door builds it from the XML; a 1.5 meter reading, an
XML element with attributes, is ``{"value": "<text>", "unit": ..., ...}``). Each
action's rule sits in one function here; the functions are pure dict -> dict and
return the flags that a lossy mapping raises, which are stored with the row.

The rules (OCPP 1.2/1.5/1.6 specs and the official WSDLs; see shared SOURCES.md):

R1  StatusNotification ``Occupied`` (1.2/1.5) has no 1.6 twin. It becomes ``Charging``
    here, flagged ``legacy_status:Occupied``; ``bridge.rules.status_for_legacy_occupied``
    turns it into ``Preparing`` when no transaction is open on the connector. Going back,
    Preparing/Charging/SuspendedEV/SuspendedEVSE/Finishing become ``Occupied`` (and 1.2,
    which has no ``Reserved``, reports a reserved connector as ``Occupied`` too).
R2  ``Mode3Error`` (1.2/1.5) becomes ``OtherError`` with ``vendorErrorCode`` "Mode3Error",
    flagged. 1.6 error codes a 1.2/1.5 charger cannot say become ``OtherError`` (1.5) and
    are refused for 1.2, which has no such catch-all.
R3  1.5 ``info``/``vendorErrorCode`` (no limit) are cut to the 1.6 limit of 50
    characters (``vendorId``: 255), flagged ``truncated:<field>``.
R4  Meter values. 1.2: ``values`` = [{timestamp, value:int}]; ``value`` is the energy
    register in Wh, so it becomes one sampledValue with measurand
    Energy.Active.Import.Register and unit Wh. 1.5: ``values`` = [{timestamp, value:
    [{value, context, format, measurand, location, unit}]}] (attributes in XML); each
    reading becomes a sampledValue, units ``Amp``->``A`` and ``Volt``->``V``. Going back,
    a reading that 1.5 cannot express (a phase, or a 1.6-only measurand, unit, location
    or context) is refused rather than stored as something it is not; 1.2 takes only the
    whole energy register (Wh or kWh, no phase, no SignedData, within xs:int), rounded to
    the nearest Wh. Refusals name the reading by its 1.6 path
    (``meterValue[0].sampledValue[1].phase``).
R5  StopTransaction 1.5 ``transactionData`` is a list of ``TransactionData`` wrappers,
    each holding ``values``; 1.6 has the MeterValues directly. 1.2 has neither
    transactionData nor ``reason``.
R6  BootNotification answer: 1.6 ``interval`` is 1.2/1.5 ``heartbeatInterval``; a
    ``Pending`` registration does not exist before 1.6 and is answered ``Rejected`` (the
    charger retries its boot after the interval, which is what Pending asks of it).
R7  RemoteStartTransaction: 1.5 orders (idTag, connectorId) and has no chargingProfile; a
    command carrying one is refused for 1.2/1.5 (dropping it would change its meaning).
R8  SendLocalList: 1.5 spells ``localAuthorisationList``/``AuthorisationData`` and has an
    optional ``hash``. We send no hash (it is optional, and 1.6 removed it); a 1.5
    ``HashError`` answer becomes ``Failed``, flagged ``legacy_status:HashError``.
R9  UnlockConnector answer: 1.2/1.5 ``Accepted``/``Rejected`` are 1.6 ``Unlocked``/
    ``UnlockFailed``; 1.6 ``NotSupported`` goes back as ``Rejected``.
R10 Values a version's enumeration lacks (a 1.6-only FirmwareStatus, a ``RebootRequired``
    configuration status...) are refused with NotSupportedError, naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .enums import OcppVersion
from .errors import NotSupportedError, ValidationError

Payload = dict[str, Any]

# --- which actions each version has ----------------------------------------------

CHARGER_ACTIONS_BY_VERSION: Mapping[OcppVersion, frozenset[str]] = {
    OcppVersion.V12: frozenset(
        {
            "Authorize",
            "BootNotification",
            "DiagnosticsStatusNotification",
            "FirmwareStatusNotification",
            "Heartbeat",
            "MeterValues",
            "StartTransaction",
            "StatusNotification",
            "StopTransaction",
        }
    ),
    OcppVersion.V15: frozenset(
        {
            "Authorize",
            "BootNotification",
            "DataTransfer",
            "DiagnosticsStatusNotification",
            "FirmwareStatusNotification",
            "Heartbeat",
            "MeterValues",
            "StartTransaction",
            "StatusNotification",
            "StopTransaction",
        }
    ),
}
CHARGER_ACTIONS_BY_VERSION = {
    **CHARGER_ACTIONS_BY_VERSION,
    OcppVersion.V16: CHARGER_ACTIONS_BY_VERSION[OcppVersion.V15],
}

_CP12 = frozenset(
    {
        "ChangeAvailability",
        "ChangeConfiguration",
        "ClearCache",
        "GetDiagnostics",
        "RemoteStartTransaction",
        "RemoteStopTransaction",
        "Reset",
        "UnlockConnector",
        "UpdateFirmware",
    }
)
_CP15 = _CP12 | {
    "CancelReservation",
    "DataTransfer",
    "GetConfiguration",
    "GetLocalListVersion",
    "ReserveNow",
    "SendLocalList",
}
_CP16 = _CP15 | {
    "ClearChargingProfile",
    "GetCompositeSchedule",
    "SetChargingProfile",
    "TriggerMessage",
}

COMMAND_ACTIONS_BY_VERSION: Mapping[OcppVersion, frozenset[str]] = {
    OcppVersion.V12: _CP12,
    OcppVersion.V15: frozenset(_CP15),
    OcppVersion.V16: frozenset(_CP16),
}


def command_supported(version: OcppVersion, action: str) -> bool:
    return action in COMMAND_ACTIONS_BY_VERSION[version]


# --- enumerations that differ ------------------------------------------------------

_STATUS_15 = frozenset({"Available", "Occupied", "Faulted", "Unavailable", "Reserved"})
_STATUS_12 = _STATUS_15 - {"Reserved"}
_OCCUPIED_16 = frozenset({"Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing"})
_ERRORS_12 = frozenset(
    {
        "ConnectorLockFailure",
        "HighTemperature",
        "Mode3Error",
        "NoError",
        "PowerMeterFailure",
        "PowerSwitchFailure",
        "ReaderFailure",
        "ResetFailure",
    }
)
_ERRORS_15 = _ERRORS_12 | {
    "GroundFailure",
    "OverCurrentFailure",
    "UnderVoltage",
    "WeakSignal",
    "OtherError",
}
_UNITS_15 = {"Amp": "A", "Volt": "V"}
_UNITS_15_BACK = {v: k for k, v in _UNITS_15.items()}
_UNITS_15_ALL = frozenset(
    {"Wh", "kWh", "varh", "kvarh", "W", "kW", "var", "kvar", "Amp", "Volt", "Celsius"}
)
_MEASURANDS_15 = frozenset(
    {
        "Energy.Active.Export.Register",
        "Energy.Active.Import.Register",
        "Energy.Reactive.Export.Register",
        "Energy.Reactive.Import.Register",
        "Energy.Active.Export.Interval",
        "Energy.Active.Import.Interval",
        "Energy.Reactive.Export.Interval",
        "Energy.Reactive.Import.Interval",
        "Power.Active.Export",
        "Power.Active.Import",
        "Power.Reactive.Export",
        "Power.Reactive.Import",
        "Current.Export",
        "Current.Import",
        "Voltage",
        "Temperature",
    }
)
_LOCATIONS_15 = frozenset({"Inlet", "Outlet", "Body"})
_CONTEXTS_15 = frozenset(
    {
        "Interruption.Begin",
        "Interruption.End",
        "Sample.Clock",
        "Sample.Periodic",
        "Transaction.Begin",
        "Transaction.End",
    }
)
_FIRMWARE_15 = frozenset({"Downloaded", "DownloadFailed", "InstallationFailed", "Installed"})
_DIAGNOSTICS_15 = frozenset({"Uploaded", "UploadFailed"})
_CONFIG_STATUS_15 = frozenset({"Accepted", "Rejected", "NotSupported"})
_ENERGY_REGISTER = "Energy.Active.Import.Register"
_XS_INT_MAX = 2**31 - 1  # the 1.2 meter value is an xs:int


@dataclass(frozen=True, slots=True)
class Converted:
    payload: Payload
    flags: tuple[str, ...] = ()


def _require_in(version: OcppVersion, field: str, value: Any, allowed: frozenset[str]) -> None:
    if value is not None and value not in allowed:
        raise NotSupportedError(f"{field}: {value!r} cannot be expressed in OCPP {version}")


def _put(out: Payload, key: str, value: Any) -> None:
    if value is not None:
        out[key] = value


_LEGACY = frozenset({OcppVersion.V12, OcppVersion.V15})


def _is_legacy(version: OcppVersion) -> bool:
    return version in _LEGACY


# --- R1-R3: StatusNotification -----------------------------------------------------


def _status_to_16(version: OcppVersion, p: Payload) -> Converted:
    out = dict(p)
    flags: list[str] = []
    if p.get("status") == "Occupied":
        out["status"] = "Charging"
        flags.append("legacy_status:Occupied")
    if p.get("errorCode") == "Mode3Error":
        out["errorCode"] = "OtherError"
        out.setdefault("vendorErrorCode", "Mode3Error")
        flags.append("legacy_error:Mode3Error")
    for name, limit in (("info", 50), ("vendorErrorCode", 50), ("vendorId", 255)):
        value = out.get(name)
        if isinstance(value, str) and len(value) > limit:
            out[name] = value[:limit]
            flags.append(f"truncated:{name}")
    return Converted(out, tuple(flags))


def _status_from_16(version: OcppVersion, p: Payload) -> Converted:
    status = p["status"]
    if status in _OCCUPIED_16 or (version is OcppVersion.V12 and status == "Reserved"):
        status = "Occupied"
    error = p["errorCode"]
    allowed_errors = _ERRORS_12 if version is OcppVersion.V12 else _ERRORS_15
    vendor_error = p.get("vendorErrorCode")
    flags: tuple[str, ...] = ()
    if error not in allowed_errors:
        if version is OcppVersion.V12:
            raise NotSupportedError(f"errorCode: {error!r} cannot be expressed in OCPP 1.2")
        # R2 going back: the 1.6 code survives as vendorErrorCode, as Mode3Error does in.
        error, vendor_error = "OtherError", vendor_error or error
        flags = (f"legacy_error:{p['errorCode']}",)
    out: Payload = {"connectorId": p["connectorId"], "status": status, "errorCode": error}
    if version is OcppVersion.V15:
        for key in ("info", "timestamp", "vendorId"):
            _put(out, key, p.get(key))
        _put(out, "vendorErrorCode", vendor_error)
    return Converted(out, flags)


# --- R4: meter values ------------------------------------------------------------


def _readings_to_16(version: OcppVersion, values: Any, path: str) -> list[Payload]:
    if values is None:
        return []
    if isinstance(values, dict):
        values = [values]
    if not isinstance(values, list):
        raise ValidationError(path, "must be a list of meter values")
    meter_values = []
    for i, mv in enumerate(values):
        if not isinstance(mv, dict):
            raise ValidationError(f"{path}[{i}]", "must be an object")
        if version is OcppVersion.V12:
            raw = mv.get("value")
            if raw is None:
                raise ValidationError.missing(f"{path}[{i}].value")
            sampled = [{"value": str(raw), "measurand": _ENERGY_REGISTER, "unit": "Wh"}]
        else:
            readings = mv.get("value")
            if isinstance(readings, dict | str):
                readings = [readings]
            if not isinstance(readings, list) or not readings:
                raise ValidationError.missing(f"{path}[{i}].value")
            sampled = [_reading_to_16(r) for r in readings]
        meter_values.append({"timestamp": mv.get("timestamp"), "sampledValue": sampled})
    return meter_values


def _reading_to_16(reading: Any) -> Payload:
    if isinstance(reading, str):
        return {"value": reading}
    out = {k: v for k, v in reading.items() if v is not None}
    unit = out.get("unit")
    if unit in _UNITS_15:
        out["unit"] = _UNITS_15[unit]
    return out


def _readings_from_16(
    version: OcppVersion, meter_values: list[Payload], path: str
) -> list[Payload]:
    out = []
    for i, mv in enumerate(meter_values):
        if version is OcppVersion.V12:
            for j, sv in enumerate(mv["sampledValue"]):
                wh = _register_wh_12(sv, f"{path}[{i}].sampledValue[{j}]")
                out.append({"timestamp": mv["timestamp"], "value": wh})
            continue
        readings = []
        for j, sv in enumerate(mv["sampledValue"]):
            where = f"{path}[{i}].sampledValue[{j}]"
            if sv.get("phase") is not None:
                raise NotSupportedError(f"{where}.phase cannot be expressed in OCPP 1.5")
            _require_in(version, f"{where}.measurand", sv.get("measurand"), _MEASURANDS_15)
            _require_in(version, f"{where}.location", sv.get("location"), _LOCATIONS_15)
            _require_in(version, f"{where}.context", sv.get("context"), _CONTEXTS_15)
            unit = sv.get("unit")
            if unit is not None and unit not in _UNITS_15_BACK:
                _require_in(version, f"{where}.unit", unit, _UNITS_15_ALL - set(_UNITS_15))
            reading: Payload = {"value": sv["value"]}
            for key in ("context", "format", "measurand", "location"):
                _put(reading, key, sv.get(key))
            _put(reading, "unit", _UNITS_15_BACK.get(unit, unit) if unit is not None else None)
            readings.append(reading)
        out.append({"timestamp": mv["timestamp"], "value": readings})
    return out


def _register_wh_12(sv: Payload, where: str) -> int:
    """A 1.6 reading as OCPP 1.2's only meter value: the energy register in whole Wh."""
    if sv.get("measurand", _ENERGY_REGISTER) != _ENERGY_REGISTER:
        raise NotSupportedError(f"{where}.measurand: OCPP 1.2 carries only {_ENERGY_REGISTER}")
    unit = sv.get("unit", "Wh")
    if unit not in ("Wh", "kWh"):
        raise NotSupportedError(f"{where}.unit: OCPP 1.2 carries the energy register in Wh")
    if sv.get("phase") is not None:
        raise NotSupportedError(f"{where}.phase: OCPP 1.2 carries only the whole register")
    if sv.get("format") == "SignedData":
        raise NotSupportedError(f"{where}.format: OCPP 1.2 cannot carry signed meter data")
    try:
        number = Decimal(str(sv["value"]).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise NotSupportedError(f"{where}.value: {sv['value']!r} is not a number")
    if number.copy_abs() > _XS_INT_MAX:  # before scaling, which could overflow
        raise NotSupportedError(f"{where}.value: {sv['value']!r} does not fit OCPP 1.2's xs:int")
    wh = (number * (1000 if unit == "kWh" else 1)).to_integral_value(ROUND_HALF_UP)
    if abs(wh) > _XS_INT_MAX:
        raise NotSupportedError(f"{where}.value: {wh} Wh does not fit OCPP 1.2's xs:int")
    return int(wh)


def _meter_values_to_16(version: OcppVersion, p: Payload) -> Converted:
    out: Payload = {
        "connectorId": p.get("connectorId"),
        "meterValue": _readings_to_16(version, p.get("values"), "values"),
    }
    _put(out, "transactionId", p.get("transactionId"))
    return Converted(out)


def _meter_values_from_16(version: OcppVersion, p: Payload) -> Converted:
    out: Payload = {"connectorId": p["connectorId"]}
    if version is OcppVersion.V15:
        _put(out, "transactionId", p.get("transactionId"))
    out["values"] = _readings_from_16(version, p.get("meterValue", []), "meterValue")
    return Converted(out)


# --- R5: StopTransaction / StartTransaction ------------------------------------------


def _stop_to_16(version: OcppVersion, p: Payload) -> Converted:
    out = {k: v for k, v in p.items() if k != "transactionData"}
    data = p.get("transactionData")
    if version is OcppVersion.V15 and data is not None:
        wrappers = data if isinstance(data, list) else [data]
        flat: list[Any] = []
        for w in wrappers:
            values = w.get("values") if isinstance(w, dict) else None
            flat.extend(values if isinstance(values, list) else [values] if values else [])
        out["transactionData"] = _readings_to_16(version, flat, "transactionData.values")
    return Converted(out)


def _stop_from_16(version: OcppVersion, p: Payload) -> Converted:
    out: Payload = {
        "transactionId": p["transactionId"],
        "timestamp": p["timestamp"],
        "meterStop": p["meterStop"],
    }
    _put(out, "idTag", p.get("idTag"))
    if version is OcppVersion.V15 and p.get("transactionData"):
        readings = _readings_from_16(version, p["transactionData"], "transactionData")
        out["transactionData"] = [{"values": readings}]
    return Converted(out)


def _start_from_16(version: OcppVersion, p: Payload) -> Converted:
    out = dict(p)
    if version is OcppVersion.V12 and out.pop("reservationId", None) is not None:
        raise NotSupportedError("reservationId cannot be expressed in OCPP 1.2")
    return Converted(out)


# --- R6: BootNotification ------------------------------------------------------------


def _boot_result_from_16(version: OcppVersion, p: Payload) -> Converted:
    status = p["status"]
    flags: tuple[str, ...] = ()
    if status == "Pending":
        status, flags = "Rejected", ("pending_as_rejected",)
    out: Payload = {"status": status, "currentTime": p["currentTime"]}
    out["heartbeatInterval"] = p["interval"]
    return Converted(out, flags)


def _boot_result_to_16(version: OcppVersion, p: Payload) -> Converted:
    out = {k: v for k, v in p.items() if k != "heartbeatInterval"}
    _put(out, "interval", p.get("heartbeatInterval"))
    return Converted(out)


# --- R7-R9: commands -------------------------------------------------------------------


def _remote_start_from_16(version: OcppVersion, p: Payload) -> Converted:
    if p.get("chargingProfile") is not None:
        raise NotSupportedError(f"chargingProfile cannot be expressed in OCPP {version}")
    out: Payload = {"idTag": p["idTag"]}
    _put(out, "connectorId", p.get("connectorId"))
    return Converted(out)


def _send_local_list_from_16(version: OcppVersion, p: Payload) -> Converted:
    out: Payload = {"updateType": p["updateType"], "listVersion": p["listVersion"]}
    entries = p.get("localAuthorizationList")
    if entries:
        out["localAuthorisationList"] = [dict(e) for e in entries]
    return Converted(out)


def _send_local_list_to_16(version: OcppVersion, p: Payload) -> Converted:
    out: Payload = {"listVersion": p.get("listVersion"), "updateType": p.get("updateType")}
    flags = ("hash_dropped",) if p.get("hash") else ()
    entries = p.get("localAuthorisationList")
    if entries:
        out["localAuthorizationList"] = entries if isinstance(entries, list) else [entries]
    return Converted(out, flags)


def _send_local_list_result_to_16(version: OcppVersion, p: Payload) -> Converted:
    if p.get("status") == "HashError":
        return Converted({"status": "Failed"}, ("legacy_status:HashError",))
    return Converted({"status": p.get("status")})


def _send_local_list_result_from_16(version: OcppVersion, p: Payload) -> Converted:
    return Converted({"status": p["status"]})


_UNLOCK_TO_16 = {"Accepted": "Unlocked", "Rejected": "UnlockFailed"}
_UNLOCK_FROM_16 = {"Unlocked": "Accepted", "UnlockFailed": "Rejected", "NotSupported": "Rejected"}


def _unlock_result_to_16(version: OcppVersion, p: Payload) -> Converted:
    status = str(p.get("status"))
    return Converted({"status": _UNLOCK_TO_16.get(status, status)})


def _unlock_result_from_16(version: OcppVersion, p: Payload) -> Converted:
    flags = ("legacy_status:NotSupported",) if p["status"] == "NotSupported" else ()
    return Converted({"status": _UNLOCK_FROM_16[p["status"]]}, flags)


def _enum_guard(field: str, allowed: frozenset[str]) -> _Rule:
    def rule(version: OcppVersion, p: Payload) -> Converted:
        _require_in(version, field, p.get(field), allowed)
        return Converted(dict(p))

    return rule


def _identity(version: OcppVersion, p: Payload) -> Converted:
    return Converted(dict(p))


_Rule = Callable[[OcppVersion, Payload], Converted]


@dataclass(frozen=True, slots=True)
class ActionRules:
    """The four conversions of one action for 1.2/1.5 (request and answer, both ways)."""

    request_to_16: _Rule = _identity
    request_from_16: _Rule = _identity
    response_to_16: _Rule = _identity
    response_from_16: _Rule = _identity


RULES: Mapping[str, ActionRules] = {
    # charger -> central
    "BootNotification": ActionRules(
        response_to_16=_boot_result_to_16, response_from_16=_boot_result_from_16
    ),
    "MeterValues": ActionRules(
        request_to_16=_meter_values_to_16, request_from_16=_meter_values_from_16
    ),
    "StartTransaction": ActionRules(request_from_16=_start_from_16),
    "StatusNotification": ActionRules(request_to_16=_status_to_16, request_from_16=_status_from_16),
    "StopTransaction": ActionRules(request_to_16=_stop_to_16, request_from_16=_stop_from_16),
    "FirmwareStatusNotification": ActionRules(request_from_16=_enum_guard("status", _FIRMWARE_15)),
    "DiagnosticsStatusNotification": ActionRules(
        request_from_16=_enum_guard("status", _DIAGNOSTICS_15)
    ),
    # central -> charger
    "RemoteStartTransaction": ActionRules(request_from_16=_remote_start_from_16),
    "SendLocalList": ActionRules(
        request_to_16=_send_local_list_to_16,
        request_from_16=_send_local_list_from_16,
        response_to_16=_send_local_list_result_to_16,
        response_from_16=_send_local_list_result_from_16,
    ),
    "UnlockConnector": ActionRules(
        response_to_16=_unlock_result_to_16, response_from_16=_unlock_result_from_16
    ),
    "ChangeConfiguration": ActionRules(response_from_16=_enum_guard("status", _CONFIG_STATUS_15)),
}

_NO_RULES = ActionRules()


def _rules(version: OcppVersion, action: str) -> ActionRules | None:
    """None for 1.6 (nothing to convert); the action's rules for 1.2/1.5."""
    if not _is_legacy(version):
        return None
    return RULES.get(action, _NO_RULES)


def request_to_16(version: OcppVersion, action: str, payload: Payload) -> Converted:
    """A request (a charger's message or a command) in ``version``'s shape, as 1.6."""
    rules = _rules(version, action)
    return Converted(payload) if rules is None else rules.request_to_16(version, payload)


def request_from_16(version: OcppVersion, action: str, payload: Payload) -> Converted:
    """A 1.6-shaped request in ``version``'s shape; NotSupportedError if it cannot be said."""
    rules = _rules(version, action)
    return Converted(payload) if rules is None else rules.request_from_16(version, payload)


def response_to_16(version: OcppVersion, action: str, payload: Payload) -> Converted:
    rules = _rules(version, action)
    return Converted(payload) if rules is None else rules.response_to_16(version, payload)


def response_from_16(version: OcppVersion, action: str, payload: Payload) -> Converted:
    rules = _rules(version, action)
    return Converted(payload) if rules is None else rules.response_from_16(version, payload)
