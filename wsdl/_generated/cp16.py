# mypy: disallow-subclassing-any=False, disallow-untyped-decorators=False
"""Spyne definition of the OCPP 1.6 ChargePointService (SOAP 1.2).

GENERATED FILE, DO NOT EDIT. Regenerate with ``python -m wsdl.generate <wsdl dir>``.
Source: OCPP_ChargePointService_1.6.wsdl
sha256: f01cbe77d6f49e4db36956e9d201c4e8634de3f8c96434fc6a159841dd658331
"""

from spyne import (
    AnyUri,
    Boolean,
    ComplexModel,
    DateTime,
    Decimal,
    Integer32,
    MethodContext,
    ServiceBase,
    Unicode,
    rpc,
)

from wsdl.fields import bind_empty_request, element
from wsdl.spec import OperationSpec, ServiceSpec

TNS = "urn://Ocpp/Cp/2015/10/"


IdToken = Unicode(type_name="IdToken", __namespace__=TNS, max_len=20)
DecimalOne = Decimal(type_name="DecimalOne", __namespace__=TNS, fraction_digits=1)
CiString20Type = Unicode(type_name="CiString20Type", __namespace__=TNS, max_len=20)
CiString25Type = Unicode(type_name="CiString25Type", __namespace__=TNS, max_len=25)
CiString50Type = Unicode(type_name="CiString50Type", __namespace__=TNS, max_len=50)
CiString255Type = Unicode(type_name="CiString255Type", __namespace__=TNS, max_len=255)
CiString500Type = Unicode(type_name="CiString500Type", __namespace__=TNS, max_len=500)
AuthorizationStatus = Unicode(
    type_name="AuthorizationStatus",
    __namespace__=TNS,
    values=["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"],
)
UnlockStatus = Unicode(
    type_name="UnlockStatus",
    __namespace__=TNS,
    values=["Unlocked", "UnlockFailed", "NotSupported"],
)
ResetType = Unicode(type_name="ResetType", __namespace__=TNS, values=["Hard", "Soft"])
ResetStatus = Unicode(type_name="ResetStatus", __namespace__=TNS, values=["Accepted", "Rejected"])
AvailabilityType = Unicode(
    type_name="AvailabilityType",
    __namespace__=TNS,
    values=["Inoperative", "Operative"],
)
AvailabilityStatus = Unicode(
    type_name="AvailabilityStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected", "Scheduled"],
)
ClearCacheStatus = Unicode(
    type_name="ClearCacheStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected"],
)
ChargingProfilePurposeType = Unicode(
    type_name="ChargingProfilePurposeType",
    __namespace__=TNS,
    values=["ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"],
)
ClearChargingProfileStatus = Unicode(
    type_name="ClearChargingProfileStatus",
    __namespace__=TNS,
    values=["Accepted", "Unknown"],
)
ConfigurationStatus = Unicode(
    type_name="ConfigurationStatus",
    __namespace__=TNS,
    values=["Accepted", "NotSupported", "RebootRequired", "Rejected"],
)
RemoteStartStopStatus = Unicode(
    type_name="RemoteStartStopStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected"],
)
CancelReservationStatus = Unicode(
    type_name="CancelReservationStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected"],
)
DataTransferStatus = Unicode(
    type_name="DataTransferStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected", "UnknownMessageId", "UnknownVendorId"],
)
ChargingRateUnitType = Unicode(
    type_name="ChargingRateUnitType",
    __namespace__=TNS,
    values=["W", "A"],
)
GetCompositeScheduleStatus = Unicode(
    type_name="GetCompositeScheduleStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected"],
)
ReservationStatus = Unicode(
    type_name="ReservationStatus",
    __namespace__=TNS,
    values=["Accepted", "Faulted", "Occupied", "Rejected", "Unavailable"],
)
UpdateType = Unicode(type_name="UpdateType", __namespace__=TNS, values=["Differential", "Full"])
UpdateStatus = Unicode(
    type_name="UpdateStatus",
    __namespace__=TNS,
    values=["Accepted", "Failed", "NotSupported", "VersionMismatch"],
)
ChargingProfileKindType = Unicode(
    type_name="ChargingProfileKindType",
    __namespace__=TNS,
    values=["Absolute", "Recurring", "Relative"],
)
RecurrencyKindType = Unicode(
    type_name="RecurrencyKindType",
    __namespace__=TNS,
    values=["Daily", "Weekly"],
)
ChargingProfileStatus = Unicode(
    type_name="ChargingProfileStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected", "NotSupported"],
)
MessageTrigger = Unicode(
    type_name="MessageTrigger",
    __namespace__=TNS,
    values=[
        "BootNotification",
        "DiagnosticsStatusNotification",
        "FirmwareStatusNotification",
        "Heartbeat",
        "MeterValues",
        "StatusNotification",
    ],
)
TriggerMessageStatus = Unicode(
    type_name="TriggerMessageStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected", "NotImplemented"],
)


class IdTagInfo(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "IdTagInfo"
    _type_info = [
        ("status", element(AuthorizationStatus)),
        ("expiryDate", element(DateTime, min_occurs=0)),
        ("parentIdTag", element(IdToken, min_occurs=0)),
    ]


class UnlockConnectorRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "UnlockConnectorRequest"
    _type_info = [("connectorId", element(Integer32))]


class UnlockConnectorResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "UnlockConnectorResponse"
    _type_info = [("status", element(UnlockStatus))]


class ResetRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ResetRequest"
    _type_info = [("type", element(ResetType))]


class ResetResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ResetResponse"
    _type_info = [("status", element(ResetStatus))]


class ChangeAvailabilityRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ChangeAvailabilityRequest"
    _type_info = [("connectorId", element(Integer32)), ("type", element(AvailabilityType))]


class ChangeAvailabilityResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ChangeAvailabilityResponse"
    _type_info = [("status", element(AvailabilityStatus))]


class GetDiagnosticsRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetDiagnosticsRequest"
    _type_info = [
        ("location", element(AnyUri)),
        ("startTime", element(DateTime, min_occurs=0)),
        ("stopTime", element(DateTime, min_occurs=0)),
        ("retries", element(Integer32, min_occurs=0)),
        ("retryInterval", element(Integer32, min_occurs=0)),
    ]


class GetDiagnosticsResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetDiagnosticsResponse"
    _type_info = [("fileName", element(CiString255Type, min_occurs=0))]


class ClearCacheRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ClearCacheRequest"


class ClearCacheResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ClearCacheResponse"
    _type_info = [("status", element(ClearCacheStatus))]


class ClearChargingProfileRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ClearChargingProfileRequest"
    _type_info = [
        ("id", element(Integer32, min_occurs=0)),
        ("connectorId", element(Integer32, min_occurs=0)),
        ("chargingProfilePurpose", element(ChargingProfilePurposeType, min_occurs=0)),
        ("stackLevel", element(Integer32, min_occurs=0)),
    ]


class ClearChargingProfileResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ClearChargingProfileResponse"
    _type_info = [("status", element(ClearChargingProfileStatus))]


class UpdateFirmwareRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "UpdateFirmwareRequest"
    _type_info = [
        ("retrieveDate", element(DateTime)),
        ("location", element(AnyUri)),
        ("retries", element(Integer32, min_occurs=0)),
        ("retryInterval", element(Integer32, min_occurs=0)),
    ]


class UpdateFirmwareResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "UpdateFirmwareResponse"


class ChangeConfigurationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ChangeConfigurationRequest"
    _type_info = [("key", element(CiString50Type)), ("value", element(CiString500Type))]


class ChangeConfigurationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ChangeConfigurationResponse"
    _type_info = [("status", element(ConfigurationStatus))]


class ChargingSchedulePeriod(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ChargingSchedulePeriod"
    _type_info = [
        ("startPeriod", element(Integer32)),
        ("limit", element(DecimalOne)),
        ("numberPhases", element(Integer32, min_occurs=0)),
    ]


class ChargingSchedule(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ChargingSchedule"
    _type_info = [
        ("duration", element(Integer32, min_occurs=0)),
        ("startSchedule", element(DateTime, min_occurs=0)),
        ("chargingRateUnit", element(ChargingRateUnitType)),
        ("chargingSchedulePeriod", element(ChargingSchedulePeriod, max_occurs="unbounded")),
        ("minChargingRate", element(DecimalOne, min_occurs=0)),
    ]


class ChargingProfile(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ChargingProfile"
    _type_info = [
        ("chargingProfileId", element(Integer32)),
        ("transactionId", element(Integer32, min_occurs=0)),
        ("stackLevel", element(Integer32)),
        ("chargingProfilePurpose", element(ChargingProfilePurposeType)),
        ("chargingProfileKind", element(ChargingProfileKindType)),
        ("recurrencyKind", element(RecurrencyKindType, min_occurs=0)),
        ("validFrom", element(DateTime, min_occurs=0)),
        ("validTo", element(DateTime, min_occurs=0)),
        ("chargingSchedule", element(ChargingSchedule)),
    ]


class RemoteStartTransactionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "RemoteStartTransactionRequest"
    _type_info = [
        ("connectorId", element(Integer32, min_occurs=0)),
        ("idTag", element(IdToken)),
        ("chargingProfile", element(ChargingProfile, min_occurs=0)),
    ]


class RemoteStartTransactionResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "RemoteStartTransactionResponse"
    _type_info = [("status", element(RemoteStartStopStatus))]


class RemoteStopTransactionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "RemoteStopTransactionRequest"
    _type_info = [("transactionId", element(Integer32))]


class RemoteStopTransactionResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "RemoteStopTransactionResponse"
    _type_info = [("status", element(RemoteStartStopStatus))]


class CancelReservationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "CancelReservationRequest"
    _type_info = [("reservationId", element(Integer32))]


class CancelReservationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "CancelReservationResponse"
    _type_info = [("status", element(CancelReservationStatus))]


class DataTransferRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "DataTransferRequest"
    _type_info = [
        ("vendorId", element(CiString255Type)),
        ("messageId", element(CiString50Type, min_occurs=0)),
        ("data", element(Unicode, min_occurs=0)),
    ]


class DataTransferResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "DataTransferResponse"
    _type_info = [("status", element(DataTransferStatus)), ("data", element(Unicode, min_occurs=0))]


class GetConfigurationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetConfigurationRequest"
    _type_info = [("key", element(CiString50Type, min_occurs=0, max_occurs="unbounded"))]


class KeyValue(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "KeyValue"
    _type_info = [
        ("key", element(CiString50Type)),
        ("readonly", element(Boolean)),
        ("value", element(CiString500Type, min_occurs=0)),
    ]


class GetConfigurationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetConfigurationResponse"
    _type_info = [
        ("configurationKey", element(KeyValue, min_occurs=0, max_occurs="unbounded")),
        ("unknownKey", element(CiString50Type, min_occurs=0, max_occurs="unbounded")),
    ]


class GetLocalListVersionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetLocalListVersionRequest"


class GetLocalListVersionResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetLocalListVersionResponse"
    _type_info = [("listVersion", element(Integer32))]


class GetCompositeScheduleRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetCompositeScheduleRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("duration", element(Integer32)),
        ("chargingRateUnit", element(ChargingRateUnitType, min_occurs=0)),
    ]


class GetCompositeScheduleResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetCompositeScheduleResponse"
    _type_info = [
        ("status", element(GetCompositeScheduleStatus)),
        ("connectorId", element(Integer32, min_occurs=0)),
        ("scheduleStart", element(DateTime, min_occurs=0)),
        ("chargingSchedule", element(ChargingSchedule, min_occurs=0)),
    ]


class ReserveNowRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ReserveNowRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("expiryDate", element(DateTime)),
        ("idTag", element(IdToken)),
        ("parentIdTag", element(IdToken, min_occurs=0)),
        ("reservationId", element(Integer32)),
    ]


class ReserveNowResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ReserveNowResponse"
    _type_info = [("status", element(ReservationStatus))]


class AuthorizationData(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "AuthorizationData"
    _type_info = [("idTag", element(IdToken)), ("idTagInfo", element(IdTagInfo, min_occurs=0))]


class SendLocalListRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "SendLocalListRequest"
    _type_info = [
        ("listVersion", element(Integer32)),
        (
            "localAuthorizationList",
            element(AuthorizationData, min_occurs=0, max_occurs="unbounded"),
        ),
        ("updateType", element(UpdateType)),
    ]


class SendLocalListResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "SendLocalListResponse"
    _type_info = [("status", element(UpdateStatus))]


class SetChargingProfileRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "SetChargingProfileRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("csChargingProfiles", element(ChargingProfile)),
    ]


class SetChargingProfileResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "SetChargingProfileResponse"
    _type_info = [("status", element(ChargingProfileStatus))]


class TriggerMessageRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "TriggerMessageRequest"
    _type_info = [
        ("requestedMessage", element(MessageTrigger)),
        ("connectorId", element(Integer32, min_occurs=0)),
    ]


class TriggerMessageResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "TriggerMessageResponse"
    _type_info = [("status", element(TriggerMessageStatus))]


class ChargeBoxIdentity(Unicode):
    """The ``chargeBoxIdentity`` SOAP header (xs:string) of every request."""

    __namespace__ = TNS
    __type_name__ = "chargeBoxIdentity"


class ChargePointService(ServiceBase):
    __service_name__ = "ChargePointService"

    @rpc(
        CancelReservationRequest,
        _returns=CancelReservationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}cancelReservationRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}cancelReservationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def CancelReservation(
        ctx: MethodContext,
        request: CancelReservationRequest,
    ) -> CancelReservationResponse:
        raise NotImplementedError

    @rpc(
        ChangeAvailabilityRequest,
        _returns=ChangeAvailabilityResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}changeAvailabilityRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}changeAvailabilityResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ChangeAvailability(
        ctx: MethodContext,
        request: ChangeAvailabilityRequest,
    ) -> ChangeAvailabilityResponse:
        raise NotImplementedError

    @rpc(
        ChangeConfigurationRequest,
        _returns=ChangeConfigurationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}changeConfigurationRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}changeConfigurationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ChangeConfiguration(
        ctx: MethodContext,
        request: ChangeConfigurationRequest,
    ) -> ChangeConfigurationResponse:
        raise NotImplementedError

    @rpc(
        _returns=ClearCacheResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}clearCacheRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}clearCacheResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ClearCache(ctx: MethodContext) -> ClearCacheResponse:
        raise NotImplementedError

    @rpc(
        ClearChargingProfileRequest,
        _returns=ClearChargingProfileResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}clearChargingProfileRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}clearChargingProfileResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ClearChargingProfile(
        ctx: MethodContext,
        request: ClearChargingProfileRequest,
    ) -> ClearChargingProfileResponse:
        raise NotImplementedError

    @rpc(
        DataTransferRequest,
        _returns=DataTransferResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}dataTransferRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}dataTransferResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def DataTransfer(ctx: MethodContext, request: DataTransferRequest) -> DataTransferResponse:
        raise NotImplementedError

    @rpc(
        GetConfigurationRequest,
        _returns=GetConfigurationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}getConfigurationRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}getConfigurationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def GetConfiguration(
        ctx: MethodContext,
        request: GetConfigurationRequest,
    ) -> GetConfigurationResponse:
        raise NotImplementedError

    @rpc(
        GetDiagnosticsRequest,
        _returns=GetDiagnosticsResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}getDiagnosticsRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}getDiagnosticsResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def GetDiagnostics(
        ctx: MethodContext,
        request: GetDiagnosticsRequest,
    ) -> GetDiagnosticsResponse:
        raise NotImplementedError

    @rpc(
        _returns=GetLocalListVersionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}getLocalListVersionRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}getLocalListVersionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def GetLocalListVersion(ctx: MethodContext) -> GetLocalListVersionResponse:
        raise NotImplementedError

    @rpc(
        RemoteStartTransactionRequest,
        _returns=RemoteStartTransactionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}remoteStartTransactionRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}remoteStartTransactionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def RemoteStartTransaction(
        ctx: MethodContext,
        request: RemoteStartTransactionRequest,
    ) -> RemoteStartTransactionResponse:
        raise NotImplementedError

    @rpc(
        RemoteStopTransactionRequest,
        _returns=RemoteStopTransactionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}remoteStopTransactionRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}remoteStopTransactionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def RemoteStopTransaction(
        ctx: MethodContext,
        request: RemoteStopTransactionRequest,
    ) -> RemoteStopTransactionResponse:
        raise NotImplementedError

    @rpc(
        GetCompositeScheduleRequest,
        _returns=GetCompositeScheduleResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}getCompositeScheduleRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}getCompositeScheduleResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def GetCompositeSchedule(
        ctx: MethodContext,
        request: GetCompositeScheduleRequest,
    ) -> GetCompositeScheduleResponse:
        raise NotImplementedError

    @rpc(
        ReserveNowRequest,
        _returns=ReserveNowResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}reserveNowRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}reserveNowResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ReserveNow(ctx: MethodContext, request: ReserveNowRequest) -> ReserveNowResponse:
        raise NotImplementedError

    @rpc(
        ResetRequest,
        _returns=ResetResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}resetRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}resetResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def Reset(ctx: MethodContext, request: ResetRequest) -> ResetResponse:
        raise NotImplementedError

    @rpc(
        SendLocalListRequest,
        _returns=SendLocalListResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}sendLocalListRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}sendLocalListResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def SendLocalList(ctx: MethodContext, request: SendLocalListRequest) -> SendLocalListResponse:
        raise NotImplementedError

    @rpc(
        SetChargingProfileRequest,
        _returns=SetChargingProfileResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}setChargingProfileRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}setChargingProfileResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def SetChargingProfile(
        ctx: MethodContext,
        request: SetChargingProfileRequest,
    ) -> SetChargingProfileResponse:
        raise NotImplementedError

    @rpc(
        TriggerMessageRequest,
        _returns=TriggerMessageResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}triggerMessageRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}triggerMessageResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def TriggerMessage(
        ctx: MethodContext,
        request: TriggerMessageRequest,
    ) -> TriggerMessageResponse:
        raise NotImplementedError

    @rpc(
        UnlockConnectorRequest,
        _returns=UnlockConnectorResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}unlockConnectorRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}unlockConnectorResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def UnlockConnector(
        ctx: MethodContext,
        request: UnlockConnectorRequest,
    ) -> UnlockConnectorResponse:
        raise NotImplementedError

    @rpc(
        UpdateFirmwareRequest,
        _returns=UpdateFirmwareResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2015/10/}updateFirmwareRequest",
        _out_message_name="{urn://Ocpp/Cp/2015/10/}updateFirmwareResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def UpdateFirmware(
        ctx: MethodContext,
        request: UpdateFirmwareRequest,
    ) -> UpdateFirmwareResponse:
        raise NotImplementedError


bind_empty_request(ChargePointService, "ClearCache", ClearCacheRequest)
bind_empty_request(ChargePointService, "GetLocalListVersion", GetLocalListVersionRequest)


OPERATIONS: dict[str, OperationSpec] = {
    "CancelReservation": OperationSpec(
        name="CancelReservation",
        request_element="{urn://Ocpp/Cp/2015/10/}cancelReservationRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}cancelReservationResponse",
        request_model=CancelReservationRequest,
        response_model=CancelReservationResponse,
        soap_action="/CancelReservation",
        wsa_input_action="/CancelReservation",
        wsa_output_action="/CancelReservationResponse",
    ),
    "ChangeAvailability": OperationSpec(
        name="ChangeAvailability",
        request_element="{urn://Ocpp/Cp/2015/10/}changeAvailabilityRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}changeAvailabilityResponse",
        request_model=ChangeAvailabilityRequest,
        response_model=ChangeAvailabilityResponse,
        soap_action="/ChangeAvailability",
        wsa_input_action="/ChangeAvailability",
        wsa_output_action="/ChangeAvailabilityResponse",
    ),
    "ChangeConfiguration": OperationSpec(
        name="ChangeConfiguration",
        request_element="{urn://Ocpp/Cp/2015/10/}changeConfigurationRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}changeConfigurationResponse",
        request_model=ChangeConfigurationRequest,
        response_model=ChangeConfigurationResponse,
        soap_action="/ChangeConfiguration",
        wsa_input_action="/ChangeConfiguration",
        wsa_output_action="/ChangeConfigurationResponse",
    ),
    "ClearCache": OperationSpec(
        name="ClearCache",
        request_element="{urn://Ocpp/Cp/2015/10/}clearCacheRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}clearCacheResponse",
        request_model=ClearCacheRequest,
        response_model=ClearCacheResponse,
        soap_action="/ClearCache",
        wsa_input_action="/ClearCache",
        wsa_output_action="/ClearCacheResponse",
    ),
    "ClearChargingProfile": OperationSpec(
        name="ClearChargingProfile",
        request_element="{urn://Ocpp/Cp/2015/10/}clearChargingProfileRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}clearChargingProfileResponse",
        request_model=ClearChargingProfileRequest,
        response_model=ClearChargingProfileResponse,
        soap_action="/ClearChargingProfile",
        wsa_input_action="/ClearChargingProfile",
        wsa_output_action="/ClearChargingProfileResponse",
    ),
    "DataTransfer": OperationSpec(
        name="DataTransfer",
        request_element="{urn://Ocpp/Cp/2015/10/}dataTransferRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}dataTransferResponse",
        request_model=DataTransferRequest,
        response_model=DataTransferResponse,
        soap_action="/DataTransfer",
        wsa_input_action="/DataTransfer",
        wsa_output_action="/DataTransferResponse",
    ),
    "GetConfiguration": OperationSpec(
        name="GetConfiguration",
        request_element="{urn://Ocpp/Cp/2015/10/}getConfigurationRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}getConfigurationResponse",
        request_model=GetConfigurationRequest,
        response_model=GetConfigurationResponse,
        soap_action="/GetConfiguration",
        wsa_input_action="/GetConfiguration",
        wsa_output_action="/GetConfigurationResponse",
    ),
    "GetDiagnostics": OperationSpec(
        name="GetDiagnostics",
        request_element="{urn://Ocpp/Cp/2015/10/}getDiagnosticsRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}getDiagnosticsResponse",
        request_model=GetDiagnosticsRequest,
        response_model=GetDiagnosticsResponse,
        soap_action="/GetDiagnostics",
        wsa_input_action="/GetDiagnostics",
        wsa_output_action="/GetDiagnosticsResponse",
    ),
    "GetLocalListVersion": OperationSpec(
        name="GetLocalListVersion",
        request_element="{urn://Ocpp/Cp/2015/10/}getLocalListVersionRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}getLocalListVersionResponse",
        request_model=GetLocalListVersionRequest,
        response_model=GetLocalListVersionResponse,
        soap_action="/GetLocalListVersion",
        wsa_input_action="/GetLocalListVersion",
        wsa_output_action="/GetLocalListVersionResponse",
    ),
    "RemoteStartTransaction": OperationSpec(
        name="RemoteStartTransaction",
        request_element="{urn://Ocpp/Cp/2015/10/}remoteStartTransactionRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}remoteStartTransactionResponse",
        request_model=RemoteStartTransactionRequest,
        response_model=RemoteStartTransactionResponse,
        soap_action="/RemoteStartTransaction",
        wsa_input_action="/RemoteStartTransaction",
        wsa_output_action="/RemoteStartTransactionResponse",
    ),
    "RemoteStopTransaction": OperationSpec(
        name="RemoteStopTransaction",
        request_element="{urn://Ocpp/Cp/2015/10/}remoteStopTransactionRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}remoteStopTransactionResponse",
        request_model=RemoteStopTransactionRequest,
        response_model=RemoteStopTransactionResponse,
        soap_action="/RemoteStopTransaction",
        wsa_input_action="/RemoteStopTransaction",
        wsa_output_action="/RemoteStopTransactionResponse",
    ),
    "GetCompositeSchedule": OperationSpec(
        name="GetCompositeSchedule",
        request_element="{urn://Ocpp/Cp/2015/10/}getCompositeScheduleRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}getCompositeScheduleResponse",
        request_model=GetCompositeScheduleRequest,
        response_model=GetCompositeScheduleResponse,
        soap_action="/GetCompositeSchedule",
        wsa_input_action="/GetCompositeSchedule",
        wsa_output_action="/GetCompositeScheduleResponse",
    ),
    "ReserveNow": OperationSpec(
        name="ReserveNow",
        request_element="{urn://Ocpp/Cp/2015/10/}reserveNowRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}reserveNowResponse",
        request_model=ReserveNowRequest,
        response_model=ReserveNowResponse,
        soap_action="/ReserveNow",
        wsa_input_action="/ReserveNow",
        wsa_output_action="/ReserveNowResponse",
    ),
    "Reset": OperationSpec(
        name="Reset",
        request_element="{urn://Ocpp/Cp/2015/10/}resetRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}resetResponse",
        request_model=ResetRequest,
        response_model=ResetResponse,
        soap_action="/Reset",
        wsa_input_action="/Reset",
        wsa_output_action="/ResetResponse",
    ),
    "SendLocalList": OperationSpec(
        name="SendLocalList",
        request_element="{urn://Ocpp/Cp/2015/10/}sendLocalListRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}sendLocalListResponse",
        request_model=SendLocalListRequest,
        response_model=SendLocalListResponse,
        soap_action="/SendLocalList",
        wsa_input_action="/SendLocalList",
        wsa_output_action="/SendLocalListResponse",
    ),
    "SetChargingProfile": OperationSpec(
        name="SetChargingProfile",
        request_element="{urn://Ocpp/Cp/2015/10/}setChargingProfileRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}setChargingProfileResponse",
        request_model=SetChargingProfileRequest,
        response_model=SetChargingProfileResponse,
        soap_action="/SetChargingProfile",
        wsa_input_action="/SetChargingProfile",
        wsa_output_action="/SetChargingProfileResponse",
    ),
    "TriggerMessage": OperationSpec(
        name="TriggerMessage",
        request_element="{urn://Ocpp/Cp/2015/10/}triggerMessageRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}triggerMessageResponse",
        request_model=TriggerMessageRequest,
        response_model=TriggerMessageResponse,
        soap_action="/TriggerMessage",
        wsa_input_action="/TriggerMessage",
        wsa_output_action="/TriggerMessageResponse",
    ),
    "UnlockConnector": OperationSpec(
        name="UnlockConnector",
        request_element="{urn://Ocpp/Cp/2015/10/}unlockConnectorRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}unlockConnectorResponse",
        request_model=UnlockConnectorRequest,
        response_model=UnlockConnectorResponse,
        soap_action="/UnlockConnector",
        wsa_input_action="/UnlockConnector",
        wsa_output_action="/UnlockConnectorResponse",
    ),
    "UpdateFirmware": OperationSpec(
        name="UpdateFirmware",
        request_element="{urn://Ocpp/Cp/2015/10/}updateFirmwareRequest",
        response_element="{urn://Ocpp/Cp/2015/10/}updateFirmwareResponse",
        request_model=UpdateFirmwareRequest,
        response_model=UpdateFirmwareResponse,
        soap_action="/UpdateFirmware",
        wsa_input_action="/UpdateFirmware",
        wsa_output_action="/UpdateFirmwareResponse",
    ),
}


SERVICE = ServiceSpec(
    version="1.6",
    kind="cp",
    namespace=TNS,
    service_name="ChargePointService",
    port_type="ChargePointService",
    binding="ChargePointServiceSoap",
    port="ChargePointServiceSoap12",
    default_address="http://localhost/Ocpp/ChargePointService/",
    policy_id="ServicePolicy",
    header_message="Header",
    header_part="ChargeBoxIdentity",
    header_element="{urn://Ocpp/Cp/2015/10/}chargeBoxIdentity",
    service_class=ChargePointService,
    operations=OPERATIONS,
    anonymous_types=frozenset(),
    types=(
        IdToken,
        DecimalOne,
        CiString20Type,
        CiString25Type,
        CiString50Type,
        CiString255Type,
        CiString500Type,
        AuthorizationStatus,
        IdTagInfo,
        UnlockStatus,
        UnlockConnectorRequest,
        UnlockConnectorResponse,
        ResetType,
        ResetRequest,
        ResetStatus,
        ResetResponse,
        AvailabilityType,
        ChangeAvailabilityRequest,
        AvailabilityStatus,
        ChangeAvailabilityResponse,
        GetDiagnosticsRequest,
        GetDiagnosticsResponse,
        ClearCacheRequest,
        ClearCacheStatus,
        ClearCacheResponse,
        ChargingProfilePurposeType,
        ClearChargingProfileRequest,
        ClearChargingProfileStatus,
        ClearChargingProfileResponse,
        UpdateFirmwareRequest,
        UpdateFirmwareResponse,
        ChangeConfigurationRequest,
        ConfigurationStatus,
        ChangeConfigurationResponse,
        RemoteStartTransactionRequest,
        RemoteStartStopStatus,
        RemoteStartTransactionResponse,
        RemoteStopTransactionRequest,
        RemoteStopTransactionResponse,
        CancelReservationRequest,
        CancelReservationStatus,
        CancelReservationResponse,
        DataTransferRequest,
        DataTransferStatus,
        DataTransferResponse,
        GetConfigurationRequest,
        KeyValue,
        GetConfigurationResponse,
        GetLocalListVersionRequest,
        GetLocalListVersionResponse,
        ChargingRateUnitType,
        ChargingSchedulePeriod,
        ChargingSchedule,
        GetCompositeScheduleRequest,
        GetCompositeScheduleStatus,
        GetCompositeScheduleResponse,
        ReserveNowRequest,
        ReservationStatus,
        ReserveNowResponse,
        AuthorizationData,
        UpdateType,
        SendLocalListRequest,
        UpdateStatus,
        SendLocalListResponse,
        ChargingProfileKindType,
        RecurrencyKindType,
        ChargingProfile,
        SetChargingProfileRequest,
        ChargingProfileStatus,
        SetChargingProfileResponse,
        MessageTrigger,
        TriggerMessageRequest,
        TriggerMessageStatus,
        TriggerMessageResponse,
    ),
    source_file="OCPP_ChargePointService_1.6.wsdl",
    source_sha256="f01cbe77d6f49e4db36956e9d201c4e8634de3f8c96434fc6a159841dd658331",
)
