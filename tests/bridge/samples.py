"""Realistic OCPP 1.6 JSON payloads, one request and one answer per action, and the
``ocpp`` library's JSON schemas to check them (and anything the bridge writes) against.

Each sample is valid against its action's schema and, between them, the samples of an
action use every field that schema defines (checked in ``test_codec.py``). Timestamps
are written the way ``bridge.codec.encode`` writes them (UTC, milliseconds, ``Z``), so
``encode(decode(p)) == p``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import ocpp

SCHEMAS = Path(ocpp.__file__).parent / "v16" / "schemas"


@cache
def _schema_text(name: str) -> str:
    return (SCHEMAS / name).read_text()


def schema_for(action: str, answer: bool = False) -> dict[str, Any]:
    """The OCPP 1.6 JSON schema of an action's request, or of its answer."""
    schema: dict[str, Any] = json.loads(
        _schema_text(f"{action}Response.json" if answer else f"{action}.json")
    )
    return schema


def validate_16(payload: object, action: str, answer: bool = False) -> None:
    """Raise jsonschema.ValidationError unless ``payload`` is valid OCPP 1.6 JSON."""
    schema = schema_for(action, answer)
    jsonschema.validators.validator_for(schema)(schema).validate(payload)


T0 = "2024-05-01T10:15:30.000Z"
T1 = "2024-05-01T10:30:30.000Z"
T2 = "2024-05-01T11:45:00.123Z"
EXPIRY = "2025-12-31T23:59:59.000Z"

ID_TAG = "04A2B3C4D5E6F7"  # a 7-byte MIFARE UID, as most chargers report it
PARENT = "FLEET-ACME"

SAMPLED_VALUE_FULL: dict[str, Any] = {
    "value": "230.4",
    "context": "Sample.Periodic",
    "format": "Raw",
    "measurand": "Voltage",
    "phase": "L1-N",
    "location": "Outlet",
    "unit": "V",
}

METER_VALUE_PERIODIC: dict[str, Any] = {
    "timestamp": T1,
    "sampledValue": [
        {
            "value": "12.345",
            "context": "Sample.Periodic",
            "measurand": "Energy.Active.Import.Register",
            "unit": "kWh",
        },
        SAMPLED_VALUE_FULL,
        {"value": "16.1", "measurand": "Current.Import", "phase": "L1", "unit": "A"},
    ],
}

METER_VALUE_END: dict[str, Any] = {
    "timestamp": T2,
    "sampledValue": [
        {
            "value": "15810",
            "context": "Transaction.End",
            "format": "Raw",
            "measurand": "Energy.Active.Import.Register",
            "phase": "L1",
            "location": "Outlet",
            "unit": "Wh",
        }
    ],
}

CHARGING_SCHEDULE: dict[str, Any] = {
    "duration": 7200,
    "startSchedule": T0,
    "chargingRateUnit": "A",
    "chargingSchedulePeriod": [
        {"startPeriod": 0, "limit": 16.0, "numberPhases": 3},
        {"startPeriod": 1800, "limit": 7.5},
    ],
    "minChargingRate": 6.0,
}

TX_PROFILE: dict[str, Any] = {
    "chargingProfileId": 11,
    "transactionId": 1042,
    "stackLevel": 1,
    "chargingProfilePurpose": "TxProfile",
    "chargingProfileKind": "Absolute",
    "recurrencyKind": "Daily",
    "validFrom": T0,
    "validTo": EXPIRY,
    "chargingSchedule": CHARGING_SCHEDULE,
}

ID_TAG_INFO_FULL: dict[str, Any] = {
    "status": "Accepted",
    "expiryDate": EXPIRY,
    "parentIdTag": PARENT,
}

# action -> (request, answer), charger to central.
CHARGER_SAMPLES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "Authorize": ({"idTag": ID_TAG}, {"idTagInfo": ID_TAG_INFO_FULL}),
    "BootNotification": (
        {
            "chargePointVendor": "KEBA AG",
            "chargePointModel": "KC-P30-ES240022-E00",
            "chargePointSerialNumber": "21841542",
            "chargeBoxSerialNumber": "21841542-CB",
            "firmwareVersion": "P30 v 3.10.16 (200526-113325)",
            "iccid": "8949020000012345678",
            "imsi": "262011234567890",
            "meterType": "Phoenix Contact EEM-350",
            "meterSerialNumber": "MTR-0042",
        },
        {"status": "Accepted", "currentTime": T0, "interval": 300},
    ),
    "DataTransfer": (
        {"vendorId": "com.keba", "messageId": "DisplayText", "data": '{"text": "Welcome"}'},
        {"status": "Accepted", "data": "shown"},
    ),
    "DiagnosticsStatusNotification": ({"status": "Uploading"}, {}),
    "FirmwareStatusNotification": ({"status": "Installing"}, {}),
    "Heartbeat": ({}, {"currentTime": T0}),
    "MeterValues": (
        {"connectorId": 1, "transactionId": 1042, "meterValue": [METER_VALUE_PERIODIC]},
        {},
    ),
    "StartTransaction": (
        {
            "connectorId": 1,
            "idTag": ID_TAG,
            "meterStart": 12345,
            "timestamp": T0,
            "reservationId": 7,
        },
        {"transactionId": 1042, "idTagInfo": ID_TAG_INFO_FULL},
    ),
    "StatusNotification": (
        {
            "connectorId": 2,
            "errorCode": "OverCurrentFailure",
            "status": "SuspendedEVSE",
            "info": "Overcurrent on L2",
            "timestamp": T0,
            "vendorId": "com.abb",
            "vendorErrorCode": "E0213",
        },
        {},
    ),
    "StopTransaction": (
        {
            "transactionId": 1042,
            "idTag": ID_TAG,
            "meterStop": 15810,
            "timestamp": T2,
            "reason": "EVDisconnected",
            "transactionData": [METER_VALUE_PERIODIC, METER_VALUE_END],
        },
        {"idTagInfo": ID_TAG_INFO_FULL},
    ),
    "SecurityEventNotification": (
        {"type": "FirmwareUpdated", "timestamp": T0, "techInfo": "v3.10.16 -> v3.11.0"},
        {},
    ),
    "SignCertificate": (
        {"csr": "-----BEGIN CERTIFICATE REQUEST-----\nMIIBszCCARwCAQAw\n-----END"},
        {"status": "Accepted"},
    ),
    "LogStatusNotification": ({"status": "Uploaded", "requestId": 3}, {}),
    "SignedFirmwareStatusNotification": ({"status": "SignatureVerified", "requestId": 4}, {}),
}

# action -> (command, the charger's answer), central to charger.
COMMAND_SAMPLES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "CancelReservation": ({"reservationId": 7}, {"status": "Accepted"}),
    "ChangeAvailability": ({"connectorId": 1, "type": "Inoperative"}, {"status": "Scheduled"}),
    "ChangeConfiguration": (
        {"key": "MeterValueSampleInterval", "value": "60"},
        {"status": "RebootRequired"},
    ),
    "ClearCache": ({}, {"status": "Accepted"}),
    "ClearChargingProfile": (
        {"id": 11, "connectorId": 1, "chargingProfilePurpose": "TxProfile", "stackLevel": 1},
        {"status": "Unknown"},
    ),
    "DataTransfer": (
        {"vendorId": "com.keba", "messageId": "SetDisplay", "data": "Hello"},
        {"status": "UnknownMessageId", "data": ""},
    ),
    "GetCompositeSchedule": (
        {"connectorId": 1, "duration": 3600, "chargingRateUnit": "W"},
        {
            "status": "Accepted",
            "connectorId": 1,
            "scheduleStart": T0,
            "chargingSchedule": CHARGING_SCHEDULE,
        },
    ),
    "GetConfiguration": (
        {"key": ["HeartbeatInterval", "MeterValuesSampledData"]},
        {
            "configurationKey": [
                {"key": "HeartbeatInterval", "readonly": False, "value": "300"},
                {"key": "NumberOfConnectors", "readonly": True},
            ],
            "unknownKey": ["MeterValuesSampledData"],
        },
    ),
    "GetDiagnostics": (
        {
            "location": "ftp://diag.example.com/upload/",
            "retries": 3,
            "retryInterval": 60,
            "startTime": T0,
            "stopTime": T2,
        },
        {"fileName": "diag-21841542-20240501.tar.gz"},
    ),
    "GetLocalListVersion": ({}, {"listVersion": 12}),
    "RemoteStartTransaction": (
        {"connectorId": 1, "idTag": ID_TAG, "chargingProfile": TX_PROFILE},
        {"status": "Accepted"},
    ),
    "RemoteStopTransaction": ({"transactionId": 1042}, {"status": "Rejected"}),
    "ReserveNow": (
        {
            "connectorId": 2,
            "expiryDate": T2,
            "idTag": ID_TAG,
            "parentIdTag": PARENT,
            "reservationId": 7,
        },
        {"status": "Occupied"},
    ),
    "Reset": ({"type": "Soft"}, {"status": "Accepted"}),
    "SendLocalList": (
        {
            "listVersion": 13,
            "localAuthorizationList": [
                {"idTag": ID_TAG, "idTagInfo": ID_TAG_INFO_FULL},
                {"idTag": "DEADBEEF"},
            ],
            "updateType": "Differential",
        },
        {"status": "VersionMismatch"},
    ),
    "SetChargingProfile": (
        {
            "connectorId": 0,
            "csChargingProfiles": {
                "chargingProfileId": 1,
                "stackLevel": 0,
                "chargingProfilePurpose": "ChargePointMaxProfile",
                "chargingProfileKind": "Recurring",
                "recurrencyKind": "Daily",
                "chargingSchedule": {
                    "chargingRateUnit": "W",
                    "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 22000.0}],
                },
            },
        },
        {"status": "NotSupported"},
    ),
    "TriggerMessage": (
        {"requestedMessage": "MeterValues", "connectorId": 1},
        {"status": "NotImplemented"},
    ),
    "UnlockConnector": ({"connectorId": 2}, {"status": "Unlocked"}),
    "UpdateFirmware": (
        {
            "location": "https://fw.example.com/p30/3.11.0.bin",
            "retrieveDate": T1,
            "retries": 2,
            "retryInterval": 300,
        },
        {},
    ),
}
