"""Charger-to-central messages and the central system's answers, version-neutral.

One class per OCPP action, named after it; its answer is ``<Action>Result``. Field names
are the OCPP 1.6 names in snake_case (``bridge.codec`` maps them to camelCase). 1.2 and
1.5 payloads are brought into these shapes by ``bridge.versions``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .enums import (
    AuthorizationStatus,
    ChargePointErrorCode,
    ChargePointStatus,
    DataTransferStatus,
    DiagnosticsStatus,
    FirmwareStatus,
    Location,
    Measurand,
    Phase,
    ReadingContext,
    Reason,
    RegistrationStatus,
    UnitOfMeasure,
    ValueFormat,
)
from .model import (
    CiString20,
    CiString25,
    CiString50,
    CiString255,
    ConnectorId,
    IdToken,
    Int32,
    Int64,
    Model,
    NonNegative,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class IdTagInfo(Model):
    status: AuthorizationStatus
    expiry_date: dt.datetime | None = None
    parent_id_tag: IdToken | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SampledValue(Model):
    value: str
    context: ReadingContext | None = None
    format: ValueFormat | None = None
    measurand: Measurand | None = None
    phase: Phase | None = None
    location: Location | None = None
    unit: UnitOfMeasure | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterValue(Model):
    timestamp: dt.datetime
    sampled_value: tuple[SampledValue, ...]


# --- Authorize -----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Authorize(Model):
    id_tag: IdToken


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizeResult(Model):
    id_tag_info: IdTagInfo


# --- BootNotification ---------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class BootNotification(Model):
    charge_point_vendor: CiString20
    charge_point_model: CiString20
    charge_point_serial_number: CiString25 | None = None
    charge_box_serial_number: CiString25 | None = None
    firmware_version: CiString50 | None = None
    iccid: CiString20 | None = None
    imsi: CiString20 | None = None
    meter_type: CiString25 | None = None
    meter_serial_number: CiString25 | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BootNotificationResult(Model):
    status: RegistrationStatus
    current_time: dt.datetime
    interval: NonNegative


# --- DataTransfer (both directions share the shape) ----------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DataTransfer(Model):
    vendor_id: CiString255
    message_id: CiString50 | None = None
    data: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DataTransferResult(Model):
    status: DataTransferStatus
    data: str | None = None


# --- Diagnostics / Firmware status ----------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DiagnosticsStatusNotification(Model):
    status: DiagnosticsStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class DiagnosticsStatusNotificationResult(Model):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class FirmwareStatusNotification(Model):
    status: FirmwareStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class FirmwareStatusNotificationResult(Model):
    pass


# --- Heartbeat ------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Heartbeat(Model):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class HeartbeatResult(Model):
    current_time: dt.datetime


# --- MeterValues ----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterValues(Model):
    connector_id: ConnectorId
    meter_value: tuple[MeterValue, ...]
    transaction_id: Int64 | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterValuesResult(Model):
    pass


# --- StartTransaction / StopTransaction -----------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class StartTransaction(Model):
    connector_id: ConnectorId
    id_tag: IdToken
    meter_start: Int64
    timestamp: dt.datetime
    reservation_id: Int32 | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StartTransactionResult(Model):
    transaction_id: int
    id_tag_info: IdTagInfo


@dataclass(frozen=True, slots=True, kw_only=True)
class StopTransaction(Model):
    transaction_id: Int64
    meter_stop: Int64
    timestamp: dt.datetime
    id_tag: IdToken | None = None
    reason: Reason | None = None
    transaction_data: tuple[MeterValue, ...] = field(default=())


@dataclass(frozen=True, slots=True, kw_only=True)
class StopTransactionResult(Model):
    id_tag_info: IdTagInfo | None = None


# --- StatusNotification ---------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusNotification(Model):
    connector_id: ConnectorId
    error_code: ChargePointErrorCode
    status: ChargePointStatus
    info: CiString50 | None = None
    timestamp: dt.datetime | None = None
    vendor_id: CiString255 | None = None
    vendor_error_code: CiString50 | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusNotificationResult(Model):
    pass


# --- 1.6 security extension (JSON only): accepted and recorded ------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityEventNotification(Model):
    type: CiString50
    timestamp: dt.datetime
    tech_info: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SignCertificate(Model):
    csr: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LogStatusNotification(Model):
    status: str
    request_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedFirmwareStatusNotification(Model):
    status: str
    request_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EmptyResult(Model):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class GenericStatusResult(Model):
    status: str


ChargerMessage = (
    Authorize
    | BootNotification
    | DataTransfer
    | DiagnosticsStatusNotification
    | FirmwareStatusNotification
    | Heartbeat
    | MeterValues
    | StartTransaction
    | StatusNotification
    | StopTransaction
    | SecurityEventNotification
    | SignCertificate
    | LogStatusNotification
    | SignedFirmwareStatusNotification
)

# action name -> (request class, result class): the one table every front door reads.
CHARGER_ACTIONS: dict[str, tuple[type[Model], type[Model]]] = {
    "Authorize": (Authorize, AuthorizeResult),
    "BootNotification": (BootNotification, BootNotificationResult),
    "DataTransfer": (DataTransfer, DataTransferResult),
    "DiagnosticsStatusNotification": (
        DiagnosticsStatusNotification,
        DiagnosticsStatusNotificationResult,
    ),
    "FirmwareStatusNotification": (FirmwareStatusNotification, FirmwareStatusNotificationResult),
    "Heartbeat": (Heartbeat, HeartbeatResult),
    "MeterValues": (MeterValues, MeterValuesResult),
    "StartTransaction": (StartTransaction, StartTransactionResult),
    "StatusNotification": (StatusNotification, StatusNotificationResult),
    "StopTransaction": (StopTransaction, StopTransactionResult),
    "SecurityEventNotification": (SecurityEventNotification, EmptyResult),
    "SignCertificate": (SignCertificate, GenericStatusResult),
    "LogStatusNotification": (LogStatusNotification, EmptyResult),
    "SignedFirmwareStatusNotification": (SignedFirmwareStatusNotification, EmptyResult),
}

# The security-extension actions exist only over OCPP-J 1.6.
SECURITY_EXTENSION_ACTIONS = frozenset(
    {
        "SecurityEventNotification",
        "SignCertificate",
        "LogStatusNotification",
        "SignedFirmwareStatusNotification",
    }
)


def action_of(message: Model) -> str:
    return type(message).__name__
