"""Central-to-charger commands (the 19 of OCPP 1.6) and the charger's answers.

One class per OCPP action, named after it; the charger's answer is ``<Action>Result``.
Integrators give the OCPP 1.6 JSON payload; ``bridge.codec.decode`` builds these and
``bridge.versions`` turns them into what a 1.2 or 1.5 charger understands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .enums import (
    AvailabilityStatus,
    AvailabilityType,
    ChargingProfileKind,
    ChargingProfilePurpose,
    ChargingProfileStatus,
    ChargingRateUnit,
    ClearChargingProfileStatus,
    ConfigurationStatus,
    GenericStatus,
    MessageTrigger,
    RecurrencyKind,
    ReservationStatus,
    ResetType,
    TriggerMessageStatus,
    UnlockStatus,
    UpdateStatus,
    UpdateType,
)
from .messages import DataTransfer, DataTransferResult, IdTagInfo
from .model import CiString50, CiString255, CiString500, ConnectorId, IdToken, Model, NonNegative

# --- smart charging types -------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingSchedulePeriod(Model):
    start_period: NonNegative
    limit: Decimal
    number_phases: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingSchedule(Model):
    charging_rate_unit: ChargingRateUnit
    charging_schedule_period: tuple[ChargingSchedulePeriod, ...]
    duration: int | None = None
    start_schedule: dt.datetime | None = None
    min_charging_rate: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargingProfile(Model):
    charging_profile_id: int
    stack_level: NonNegative
    charging_profile_purpose: ChargingProfilePurpose
    charging_profile_kind: ChargingProfileKind
    charging_schedule: ChargingSchedule
    transaction_id: int | None = None
    recurrency_kind: RecurrencyKind | None = None
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationData(Model):
    id_tag: IdToken
    id_tag_info: IdTagInfo | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyValue(Model):
    key: CiString50
    readonly: bool
    value: CiString500 | None = None


# --- the 19 commands, alphabetically, each followed by its result ---------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelReservation(Model):
    reservation_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelReservationResult(Model):
    status: GenericStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeAvailability(Model):
    connector_id: ConnectorId
    type: AvailabilityType


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeAvailabilityResult(Model):
    status: AvailabilityStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeConfiguration(Model):
    key: CiString50
    value: CiString500


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeConfigurationResult(Model):
    status: ConfigurationStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearCache(Model):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearCacheResult(Model):
    status: GenericStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearChargingProfile(Model):
    id: int | None = None
    connector_id: ConnectorId | None = None
    charging_profile_purpose: ChargingProfilePurpose | None = None
    stack_level: NonNegative | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearChargingProfileResult(Model):
    status: ClearChargingProfileStatus


# DataTransfer has the same shape in both directions: see bridge.messages.


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCompositeSchedule(Model):
    connector_id: ConnectorId
    duration: NonNegative
    charging_rate_unit: ChargingRateUnit | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCompositeScheduleResult(Model):
    status: GenericStatus
    connector_id: ConnectorId | None = None
    schedule_start: dt.datetime | None = None
    charging_schedule: ChargingSchedule | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetConfiguration(Model):
    key: tuple[CiString50, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetConfigurationResult(Model):
    configuration_key: tuple[KeyValue, ...] | None = None
    unknown_key: tuple[CiString50, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetDiagnostics(Model):
    location: str
    retries: int | None = None
    retry_interval: int | None = None
    start_time: dt.datetime | None = None
    stop_time: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetDiagnosticsResult(Model):
    file_name: CiString255 | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetLocalListVersion(Model):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class GetLocalListVersionResult(Model):
    list_version: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoteStartTransaction(Model):
    id_tag: IdToken
    connector_id: ConnectorId | None = None
    charging_profile: ChargingProfile | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoteStartTransactionResult(Model):
    status: GenericStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoteStopTransaction(Model):
    transaction_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoteStopTransactionResult(Model):
    status: GenericStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ReserveNow(Model):
    connector_id: ConnectorId
    expiry_date: dt.datetime
    id_tag: IdToken
    reservation_id: int
    parent_id_tag: IdToken | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReserveNowResult(Model):
    status: ReservationStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class Reset(Model):
    type: ResetType


@dataclass(frozen=True, slots=True, kw_only=True)
class ResetResult(Model):
    status: GenericStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class SendLocalList(Model):
    list_version: int
    update_type: UpdateType
    local_authorization_list: tuple[AuthorizationData, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SendLocalListResult(Model):
    status: UpdateStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class SetChargingProfile(Model):
    connector_id: ConnectorId
    cs_charging_profiles: ChargingProfile


@dataclass(frozen=True, slots=True, kw_only=True)
class SetChargingProfileResult(Model):
    status: ChargingProfileStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerMessage(Model):
    requested_message: MessageTrigger
    connector_id: ConnectorId | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerMessageResult(Model):
    status: TriggerMessageStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class UnlockConnector(Model):
    connector_id: ConnectorId


@dataclass(frozen=True, slots=True, kw_only=True)
class UnlockConnectorResult(Model):
    status: UnlockStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateFirmware(Model):
    location: str
    retrieve_date: dt.datetime
    retries: int | None = None
    retry_interval: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateFirmwareResult(Model):
    pass


Command = (
    CancelReservation
    | ChangeAvailability
    | ChangeConfiguration
    | ClearCache
    | ClearChargingProfile
    | DataTransfer
    | GetCompositeSchedule
    | GetConfiguration
    | GetDiagnostics
    | GetLocalListVersion
    | RemoteStartTransaction
    | RemoteStopTransaction
    | ReserveNow
    | Reset
    | SendLocalList
    | SetChargingProfile
    | TriggerMessage
    | UnlockConnector
    | UpdateFirmware
)

# action name -> (command class, result class): the one table every dispatcher reads.
COMMAND_ACTIONS: dict[str, tuple[type[Model], type[Model]]] = {
    "CancelReservation": (CancelReservation, CancelReservationResult),
    "ChangeAvailability": (ChangeAvailability, ChangeAvailabilityResult),
    "ChangeConfiguration": (ChangeConfiguration, ChangeConfigurationResult),
    "ClearCache": (ClearCache, ClearCacheResult),
    "ClearChargingProfile": (ClearChargingProfile, ClearChargingProfileResult),
    "DataTransfer": (DataTransfer, DataTransferResult),
    "GetCompositeSchedule": (GetCompositeSchedule, GetCompositeScheduleResult),
    "GetConfiguration": (GetConfiguration, GetConfigurationResult),
    "GetDiagnostics": (GetDiagnostics, GetDiagnosticsResult),
    "GetLocalListVersion": (GetLocalListVersion, GetLocalListVersionResult),
    "RemoteStartTransaction": (RemoteStartTransaction, RemoteStartTransactionResult),
    "RemoteStopTransaction": (RemoteStopTransaction, RemoteStopTransactionResult),
    "ReserveNow": (ReserveNow, ReserveNowResult),
    "Reset": (Reset, ResetResult),
    "SendLocalList": (SendLocalList, SendLocalListResult),
    "SetChargingProfile": (SetChargingProfile, SetChargingProfileResult),
    "TriggerMessage": (TriggerMessage, TriggerMessageResult),
    "UnlockConnector": (UnlockConnector, UnlockConnectorResult),
    "UpdateFirmware": (UpdateFirmware, UpdateFirmwareResult),
}
