# mypy: disallow-subclassing-any=False, disallow-untyped-decorators=False
"""Spyne definition of the OCPP 1.5 ChargePointService (SOAP 1.2).

GENERATED FILE, DO NOT EDIT. Regenerate with ``python -m wsdl.generate <wsdl dir>``.
Source: ocpp_chargepointservice_1.5_final.wsdl
sha256: f7abed7b73627f65dfb23b0c2eae746d0ba5b0be85174a1a916aa0a9ca5cc20a
"""

from spyne import (
    AnyUri,
    Boolean,
    ComplexModel,
    DateTime,
    Integer32,
    MethodContext,
    ServiceBase,
    Unicode,
    rpc,
)

from wsdl.fields import bind_empty_request, element
from wsdl.spec import OperationSpec, ServiceSpec

TNS = "urn://Ocpp/Cp/2012/06/"


IdToken = Unicode(type_name="IdToken", __namespace__=TNS, max_len=20)
AuthorizationStatus = Unicode(
    type_name="AuthorizationStatus",
    __namespace__=TNS,
    values=["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"],
)
UnlockStatus = Unicode(type_name="UnlockStatus", __namespace__=TNS, values=["Accepted", "Rejected"])
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
ConfigurationStatus = Unicode(
    type_name="ConfigurationStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected", "NotSupported"],
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
ReservationStatus = Unicode(
    type_name="ReservationStatus",
    __namespace__=TNS,
    values=["Accepted", "Faulted", "Occupied", "Rejected", "Unavailable"],
)
UpdateType = Unicode(type_name="UpdateType", __namespace__=TNS, values=["Differential", "Full"])
UpdateStatus = Unicode(
    type_name="UpdateStatus",
    __namespace__=TNS,
    values=["Accepted", "Failed", "HashError", "NotSupported", "VersionMismatch"],
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
    _type_info = [("fileName", element(Unicode, min_occurs=0))]


class ClearCacheRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ClearCacheRequest"


class ClearCacheResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ClearCacheResponse"
    _type_info = [("status", element(ClearCacheStatus))]


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
    _type_info = [("key", element(Unicode)), ("value", element(Unicode))]


class ChangeConfigurationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "ChangeConfigurationResponse"
    _type_info = [("status", element(ConfigurationStatus))]


class RemoteStartTransactionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "RemoteStartTransactionRequest"
    _type_info = [("idTag", element(IdToken)), ("connectorId", element(Integer32, min_occurs=0))]


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
        ("vendorId", element(Unicode)),
        ("messageId", element(Unicode, min_occurs=0)),
        ("data", element(Unicode, min_occurs=0)),
    ]


class DataTransferResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "DataTransferResponse"
    _type_info = [("status", element(DataTransferStatus)), ("data", element(Unicode, min_occurs=0))]


class GetConfigurationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetConfigurationRequest"
    _type_info = [("key", element(Unicode, min_occurs=0, max_occurs="unbounded"))]


class KeyValue(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "KeyValue"
    _type_info = [
        ("key", element(Unicode)),
        ("readonly", element(Boolean)),
        ("value", element(Unicode, min_occurs=0)),
    ]


class GetConfigurationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetConfigurationResponse"
    _type_info = [
        ("configurationKey", element(KeyValue, min_occurs=0, max_occurs="unbounded")),
        ("unknownKey", element(Unicode, min_occurs=0, max_occurs="unbounded")),
    ]


class GetLocalListVersionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetLocalListVersionRequest"


class GetLocalListVersionResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "GetLocalListVersionResponse"
    _type_info = [("listVersion", element(Integer32))]


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


class AuthorisationData(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "AuthorisationData"
    _type_info = [("idTag", element(IdToken)), ("idTagInfo", element(IdTagInfo, min_occurs=0))]


class SendLocalListRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "SendLocalListRequest"
    _type_info = [
        ("updateType", element(UpdateType)),
        ("listVersion", element(Integer32)),
        (
            "localAuthorisationList",
            element(AuthorisationData, min_occurs=0, max_occurs="unbounded"),
        ),
        ("hash", element(Unicode, min_occurs=0)),
    ]


class SendLocalListResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "SendLocalListResponse"
    _type_info = [("status", element(UpdateStatus)), ("hash", element(Unicode, min_occurs=0))]


class ChargeBoxIdentity(Unicode):
    """The ``chargeBoxIdentity`` SOAP header (xs:string) of every request."""

    __namespace__ = TNS
    __type_name__ = "chargeBoxIdentity"


class ChargePointService(ServiceBase):
    __service_name__ = "ChargePointService"

    @rpc(
        UnlockConnectorRequest,
        _returns=UnlockConnectorResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}unlockConnectorRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}unlockConnectorResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def UnlockConnector(
        ctx: MethodContext,
        request: UnlockConnectorRequest,
    ) -> UnlockConnectorResponse:
        raise NotImplementedError

    @rpc(
        ResetRequest,
        _returns=ResetResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}resetRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}resetResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def Reset(ctx: MethodContext, request: ResetRequest) -> ResetResponse:
        raise NotImplementedError

    @rpc(
        ChangeAvailabilityRequest,
        _returns=ChangeAvailabilityResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}changeAvailabilityRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}changeAvailabilityResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ChangeAvailability(
        ctx: MethodContext,
        request: ChangeAvailabilityRequest,
    ) -> ChangeAvailabilityResponse:
        raise NotImplementedError

    @rpc(
        GetDiagnosticsRequest,
        _returns=GetDiagnosticsResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}getDiagnosticsRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}getDiagnosticsResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def GetDiagnostics(
        ctx: MethodContext,
        request: GetDiagnosticsRequest,
    ) -> GetDiagnosticsResponse:
        raise NotImplementedError

    @rpc(
        _returns=ClearCacheResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}clearCacheRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}clearCacheResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ClearCache(ctx: MethodContext) -> ClearCacheResponse:
        raise NotImplementedError

    @rpc(
        UpdateFirmwareRequest,
        _returns=UpdateFirmwareResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}updateFirmwareRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}updateFirmwareResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def UpdateFirmware(
        ctx: MethodContext,
        request: UpdateFirmwareRequest,
    ) -> UpdateFirmwareResponse:
        raise NotImplementedError

    @rpc(
        ChangeConfigurationRequest,
        _returns=ChangeConfigurationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}changeConfigurationRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}changeConfigurationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ChangeConfiguration(
        ctx: MethodContext,
        request: ChangeConfigurationRequest,
    ) -> ChangeConfigurationResponse:
        raise NotImplementedError

    @rpc(
        RemoteStartTransactionRequest,
        _returns=RemoteStartTransactionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}remoteStartTransactionRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}remoteStartTransactionResponse",
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
        _in_message_name="{urn://Ocpp/Cp/2012/06/}remoteStopTransactionRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}remoteStopTransactionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def RemoteStopTransaction(
        ctx: MethodContext,
        request: RemoteStopTransactionRequest,
    ) -> RemoteStopTransactionResponse:
        raise NotImplementedError

    @rpc(
        CancelReservationRequest,
        _returns=CancelReservationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}cancelReservationRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}cancelReservationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def CancelReservation(
        ctx: MethodContext,
        request: CancelReservationRequest,
    ) -> CancelReservationResponse:
        raise NotImplementedError

    @rpc(
        DataTransferRequest,
        _returns=DataTransferResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}dataTransferRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}dataTransferResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def DataTransfer(ctx: MethodContext, request: DataTransferRequest) -> DataTransferResponse:
        raise NotImplementedError

    @rpc(
        GetConfigurationRequest,
        _returns=GetConfigurationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}getConfigurationRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}getConfigurationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def GetConfiguration(
        ctx: MethodContext,
        request: GetConfigurationRequest,
    ) -> GetConfigurationResponse:
        raise NotImplementedError

    @rpc(
        _returns=GetLocalListVersionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}getLocalListVersionRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}getLocalListVersionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def GetLocalListVersion(ctx: MethodContext) -> GetLocalListVersionResponse:
        raise NotImplementedError

    @rpc(
        ReserveNowRequest,
        _returns=ReserveNowResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}reserveNowRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}reserveNowResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ReserveNow(ctx: MethodContext, request: ReserveNowRequest) -> ReserveNowResponse:
        raise NotImplementedError

    @rpc(
        SendLocalListRequest,
        _returns=SendLocalListResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2012/06/}sendLocalListRequest",
        _out_message_name="{urn://Ocpp/Cp/2012/06/}sendLocalListResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def SendLocalList(ctx: MethodContext, request: SendLocalListRequest) -> SendLocalListResponse:
        raise NotImplementedError


bind_empty_request(ChargePointService, "ClearCache", ClearCacheRequest)
bind_empty_request(ChargePointService, "GetLocalListVersion", GetLocalListVersionRequest)


OPERATIONS: dict[str, OperationSpec] = {
    "UnlockConnector": OperationSpec(
        name="UnlockConnector",
        request_element="{urn://Ocpp/Cp/2012/06/}unlockConnectorRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}unlockConnectorResponse",
        request_model=UnlockConnectorRequest,
        response_model=UnlockConnectorResponse,
        soap_action="/UnlockConnector",
        wsa_input_action="/UnlockConnector",
        wsa_output_action="/UnlockConnectorResponse",
    ),
    "Reset": OperationSpec(
        name="Reset",
        request_element="{urn://Ocpp/Cp/2012/06/}resetRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}resetResponse",
        request_model=ResetRequest,
        response_model=ResetResponse,
        soap_action="/Reset",
        wsa_input_action="/Reset",
        wsa_output_action="/ResetResponse",
    ),
    "ChangeAvailability": OperationSpec(
        name="ChangeAvailability",
        request_element="{urn://Ocpp/Cp/2012/06/}changeAvailabilityRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}changeAvailabilityResponse",
        request_model=ChangeAvailabilityRequest,
        response_model=ChangeAvailabilityResponse,
        soap_action="/ChangeAvailability",
        wsa_input_action="/ChangeAvailability",
        wsa_output_action="/ChangeAvailabilityResponse",
    ),
    "GetDiagnostics": OperationSpec(
        name="GetDiagnostics",
        request_element="{urn://Ocpp/Cp/2012/06/}getDiagnosticsRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}getDiagnosticsResponse",
        request_model=GetDiagnosticsRequest,
        response_model=GetDiagnosticsResponse,
        soap_action="/GetDiagnostics",
        wsa_input_action="/GetDiagnostics",
        wsa_output_action="/GetDiagnosticsResponse",
    ),
    "ClearCache": OperationSpec(
        name="ClearCache",
        request_element="{urn://Ocpp/Cp/2012/06/}clearCacheRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}clearCacheResponse",
        request_model=ClearCacheRequest,
        response_model=ClearCacheResponse,
        soap_action="/ClearCache",
        wsa_input_action="/ClearCache",
        wsa_output_action="/ClearCacheResponse",
    ),
    "UpdateFirmware": OperationSpec(
        name="UpdateFirmware",
        request_element="{urn://Ocpp/Cp/2012/06/}updateFirmwareRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}updateFirmwareResponse",
        request_model=UpdateFirmwareRequest,
        response_model=UpdateFirmwareResponse,
        soap_action="/UpdateFirmware",
        wsa_input_action="/UpdateFirmware",
        wsa_output_action="/UpdateFirmwareResponse",
    ),
    "ChangeConfiguration": OperationSpec(
        name="ChangeConfiguration",
        request_element="{urn://Ocpp/Cp/2012/06/}changeConfigurationRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}changeConfigurationResponse",
        request_model=ChangeConfigurationRequest,
        response_model=ChangeConfigurationResponse,
        soap_action="/ChangeConfiguration",
        wsa_input_action="/ChangeConfiguration",
        wsa_output_action="/ChangeConfigurationResponse",
    ),
    "RemoteStartTransaction": OperationSpec(
        name="RemoteStartTransaction",
        request_element="{urn://Ocpp/Cp/2012/06/}remoteStartTransactionRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}remoteStartTransactionResponse",
        request_model=RemoteStartTransactionRequest,
        response_model=RemoteStartTransactionResponse,
        soap_action="/RemoteStartTransaction",
        wsa_input_action="/RemoteStartTransaction",
        wsa_output_action="/RemoteStartTransactionResponse",
    ),
    "RemoteStopTransaction": OperationSpec(
        name="RemoteStopTransaction",
        request_element="{urn://Ocpp/Cp/2012/06/}remoteStopTransactionRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}remoteStopTransactionResponse",
        request_model=RemoteStopTransactionRequest,
        response_model=RemoteStopTransactionResponse,
        soap_action="/RemoteStopTransaction",
        wsa_input_action="/RemoteStopTransaction",
        wsa_output_action="/RemoteStopTransactionResponse",
    ),
    "CancelReservation": OperationSpec(
        name="CancelReservation",
        request_element="{urn://Ocpp/Cp/2012/06/}cancelReservationRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}cancelReservationResponse",
        request_model=CancelReservationRequest,
        response_model=CancelReservationResponse,
        soap_action="/CancelReservation",
        wsa_input_action="/CancelReservation",
        wsa_output_action="/CancelReservationResponse",
    ),
    "DataTransfer": OperationSpec(
        name="DataTransfer",
        request_element="{urn://Ocpp/Cp/2012/06/}dataTransferRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}dataTransferResponse",
        request_model=DataTransferRequest,
        response_model=DataTransferResponse,
        soap_action="/DataTransfer",
        wsa_input_action="/DataTransfer",
        wsa_output_action="/DataTransferResponse",
    ),
    "GetConfiguration": OperationSpec(
        name="GetConfiguration",
        request_element="{urn://Ocpp/Cp/2012/06/}getConfigurationRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}getConfigurationResponse",
        request_model=GetConfigurationRequest,
        response_model=GetConfigurationResponse,
        soap_action="/GetConfiguration",
        wsa_input_action="/GetConfiguration",
        wsa_output_action="/GetConfigurationResponse",
    ),
    "GetLocalListVersion": OperationSpec(
        name="GetLocalListVersion",
        request_element="{urn://Ocpp/Cp/2012/06/}getLocalListVersionRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}getLocalListVersionResponse",
        request_model=GetLocalListVersionRequest,
        response_model=GetLocalListVersionResponse,
        soap_action="/GetLocalListVersion",
        wsa_input_action="/GetLocalListVersion",
        wsa_output_action="/GetLocalListVersionResponse",
    ),
    "ReserveNow": OperationSpec(
        name="ReserveNow",
        request_element="{urn://Ocpp/Cp/2012/06/}reserveNowRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}reserveNowResponse",
        request_model=ReserveNowRequest,
        response_model=ReserveNowResponse,
        soap_action="/ReserveNow",
        wsa_input_action="/ReserveNow",
        wsa_output_action="/ReserveNowResponse",
    ),
    "SendLocalList": OperationSpec(
        name="SendLocalList",
        request_element="{urn://Ocpp/Cp/2012/06/}sendLocalListRequest",
        response_element="{urn://Ocpp/Cp/2012/06/}sendLocalListResponse",
        request_model=SendLocalListRequest,
        response_model=SendLocalListResponse,
        soap_action="/SendLocalList",
        wsa_input_action="/SendLocalList",
        wsa_output_action="/SendLocalListResponse",
    ),
}


SERVICE = ServiceSpec(
    version="1.5",
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
    header_element="{urn://Ocpp/Cp/2012/06/}chargeBoxIdentity",
    service_class=ChargePointService,
    operations=OPERATIONS,
    anonymous_types=frozenset(),
    types=(
        IdToken,
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
        ReserveNowRequest,
        ReservationStatus,
        ReserveNowResponse,
        AuthorisationData,
        UpdateType,
        SendLocalListRequest,
        UpdateStatus,
        SendLocalListResponse,
    ),
    source_file="ocpp_chargepointservice_1.5_final.wsdl",
    source_sha256="f7abed7b73627f65dfb23b0c2eae746d0ba5b0be85174a1a916aa0a9ca5cc20a",
)
