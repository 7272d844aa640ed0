# mypy: disallow-subclassing-any=False, disallow-untyped-decorators=False
"""Spyne definition of the OCPP 1.2 ChargePointService (SOAP 1.2).

GENERATED FILE, DO NOT EDIT. Regenerate with ``python -m wsdl.generate <wsdl dir>``.
Source: ocpp_chargepointservice_1.2_final.wsdl
sha256: c1163e49147cb3004cb7bcdf318b23067ff61d633a56ba1da6e3cda1e47f958a
"""

from spyne import (
    AnyUri,
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

TNS = "urn://Ocpp/Cp/2010/08/"


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
    _type_info = [("idTag", element(Unicode)), ("connectorId", element(Integer32, min_occurs=0))]


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
        _in_message_name="{urn://Ocpp/Cp/2010/08/}unlockConnectorRequest",
        _out_message_name="{urn://Ocpp/Cp/2010/08/}unlockConnectorResponse",
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
        _in_message_name="{urn://Ocpp/Cp/2010/08/}resetRequest",
        _out_message_name="{urn://Ocpp/Cp/2010/08/}resetResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def Reset(ctx: MethodContext, request: ResetRequest) -> ResetResponse:
        raise NotImplementedError

    @rpc(
        ChangeAvailabilityRequest,
        _returns=ChangeAvailabilityResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2010/08/}changeAvailabilityRequest",
        _out_message_name="{urn://Ocpp/Cp/2010/08/}changeAvailabilityResponse",
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
        _in_message_name="{urn://Ocpp/Cp/2010/08/}getDiagnosticsRequest",
        _out_message_name="{urn://Ocpp/Cp/2010/08/}getDiagnosticsResponse",
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
        _in_message_name="{urn://Ocpp/Cp/2010/08/}clearCacheRequest",
        _out_message_name="{urn://Ocpp/Cp/2010/08/}clearCacheResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def ClearCache(ctx: MethodContext) -> ClearCacheResponse:
        raise NotImplementedError

    @rpc(
        UpdateFirmwareRequest,
        _returns=UpdateFirmwareResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cp/2010/08/}updateFirmwareRequest",
        _out_message_name="{urn://Ocpp/Cp/2010/08/}updateFirmwareResponse",
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
        _in_message_name="{urn://Ocpp/Cp/2010/08/}changeConfigurationRequest",
        _out_message_name="{urn://Ocpp/Cp/2010/08/}changeConfigurationResponse",
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
        _in_message_name="{urn://Ocpp/Cp/2010/08/}remoteStartTransactionRequest",
        _out_message_name="{urn://Ocpp/Cp/2010/08/}remoteStartTransactionResponse",
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
        _in_message_name="{urn://Ocpp/Cp/2010/08/}remoteStopTransactionRequest",
        _out_message_name="{urn://Ocpp/Cp/2010/08/}remoteStopTransactionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def RemoteStopTransaction(
        ctx: MethodContext,
        request: RemoteStopTransactionRequest,
    ) -> RemoteStopTransactionResponse:
        raise NotImplementedError


bind_empty_request(ChargePointService, "ClearCache", ClearCacheRequest)


OPERATIONS: dict[str, OperationSpec] = {
    "UnlockConnector": OperationSpec(
        name="UnlockConnector",
        request_element="{urn://Ocpp/Cp/2010/08/}unlockConnectorRequest",
        response_element="{urn://Ocpp/Cp/2010/08/}unlockConnectorResponse",
        request_model=UnlockConnectorRequest,
        response_model=UnlockConnectorResponse,
        soap_action="/UnlockConnector",
        wsa_input_action="/UnlockConnector",
        wsa_output_action=None,
    ),
    "Reset": OperationSpec(
        name="Reset",
        request_element="{urn://Ocpp/Cp/2010/08/}resetRequest",
        response_element="{urn://Ocpp/Cp/2010/08/}resetResponse",
        request_model=ResetRequest,
        response_model=ResetResponse,
        soap_action="/Reset",
        wsa_input_action="/Reset",
        wsa_output_action=None,
    ),
    "ChangeAvailability": OperationSpec(
        name="ChangeAvailability",
        request_element="{urn://Ocpp/Cp/2010/08/}changeAvailabilityRequest",
        response_element="{urn://Ocpp/Cp/2010/08/}changeAvailabilityResponse",
        request_model=ChangeAvailabilityRequest,
        response_model=ChangeAvailabilityResponse,
        soap_action="/ChangeAvailability",
        wsa_input_action="/ChangeAvailability",
        wsa_output_action=None,
    ),
    "GetDiagnostics": OperationSpec(
        name="GetDiagnostics",
        request_element="{urn://Ocpp/Cp/2010/08/}getDiagnosticsRequest",
        response_element="{urn://Ocpp/Cp/2010/08/}getDiagnosticsResponse",
        request_model=GetDiagnosticsRequest,
        response_model=GetDiagnosticsResponse,
        soap_action="/GetDiagnostics",
        wsa_input_action="/GetDiagnostics",
        wsa_output_action=None,
    ),
    "ClearCache": OperationSpec(
        name="ClearCache",
        request_element="{urn://Ocpp/Cp/2010/08/}clearCacheRequest",
        response_element="{urn://Ocpp/Cp/2010/08/}clearCacheResponse",
        request_model=ClearCacheRequest,
        response_model=ClearCacheResponse,
        soap_action="/ClearCache",
        wsa_input_action="/ClearCache",
        wsa_output_action=None,
    ),
    "UpdateFirmware": OperationSpec(
        name="UpdateFirmware",
        request_element="{urn://Ocpp/Cp/2010/08/}updateFirmwareRequest",
        response_element="{urn://Ocpp/Cp/2010/08/}updateFirmwareResponse",
        request_model=UpdateFirmwareRequest,
        response_model=UpdateFirmwareResponse,
        soap_action="/UpdateFirmware",
        wsa_input_action="/UpdateFirmware",
        wsa_output_action=None,
    ),
    "ChangeConfiguration": OperationSpec(
        name="ChangeConfiguration",
        request_element="{urn://Ocpp/Cp/2010/08/}changeConfigurationRequest",
        response_element="{urn://Ocpp/Cp/2010/08/}changeConfigurationResponse",
        request_model=ChangeConfigurationRequest,
        response_model=ChangeConfigurationResponse,
        soap_action="/ChangeConfiguration",
        wsa_input_action="/ChangeConfiguration",
        wsa_output_action=None,
    ),
    "RemoteStartTransaction": OperationSpec(
        name="RemoteStartTransaction",
        request_element="{urn://Ocpp/Cp/2010/08/}remoteStartTransactionRequest",
        response_element="{urn://Ocpp/Cp/2010/08/}remoteStartTransactionResponse",
        request_model=RemoteStartTransactionRequest,
        response_model=RemoteStartTransactionResponse,
        soap_action="/RemoteStartTransaction",
        wsa_input_action="/RemoteStartTransaction",
        wsa_output_action=None,
    ),
    "RemoteStopTransaction": OperationSpec(
        name="RemoteStopTransaction",
        request_element="{urn://Ocpp/Cp/2010/08/}remoteStopTransactionRequest",
        response_element="{urn://Ocpp/Cp/2010/08/}remoteStopTransactionResponse",
        request_model=RemoteStopTransactionRequest,
        response_model=RemoteStopTransactionResponse,
        soap_action="/RemoteStopTransaction",
        wsa_input_action="/RemoteStopTransaction",
        wsa_output_action=None,
    ),
}


SERVICE = ServiceSpec(
    version="1.2",
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
    header_element="{urn://Ocpp/Cp/2010/08/}chargeBoxIdentity",
    service_class=ChargePointService,
    operations=OPERATIONS,
    anonymous_types=frozenset(),
    types=(
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
    ),
    source_file="ocpp_chargepointservice_1.2_final.wsdl",
    source_sha256="c1163e49147cb3004cb7bcdf318b23067ff61d633a56ba1da6e3cda1e47f958a",
)
