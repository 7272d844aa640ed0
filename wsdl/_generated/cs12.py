# mypy: disallow-subclassing-any=False, disallow-untyped-decorators=False
"""Spyne definition of the OCPP 1.2 CentralSystemService (SOAP 1.2).

GENERATED FILE, DO NOT EDIT. Regenerate with ``python -m wsdl.generate <wsdl dir>``.
Source: ocpp_centralsystemservice_1.2_final.wsdl
sha256: 92cdaa2c3604deb140dcf375e306e4e9b2a83a47a79c91954d6ff40b2657c508
"""

from spyne import ComplexModel, DateTime, Integer32, MethodContext, ServiceBase, Unicode, rpc

from wsdl.fields import bind_empty_request, element
from wsdl.spec import OperationSpec, ServiceSpec

TNS = "urn://Ocpp/Cs/2010/08/"


AuthorizationStatus = Unicode(
    type_name="AuthorizationStatus",
    __namespace__=TNS,
    values=["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"],
)
RegistrationStatus = Unicode(
    type_name="RegistrationStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected"],
)
ChargePointErrorCode = Unicode(
    type_name="ChargePointErrorCode",
    __namespace__=TNS,
    values=[
        "ConnectorLockFailure",
        "HighTemperature",
        "Mode3Error",
        "NoError",
        "PowerMeterFailure",
        "PowerSwitchFailure",
        "ReaderFailure",
        "ResetFailure",
    ],
)
ChargePointStatus = Unicode(
    type_name="ChargePointStatus",
    __namespace__=TNS,
    values=["Available", "Occupied", "Faulted", "Unavailable"],
)
FirmwareStatus = Unicode(
    type_name="FirmwareStatus",
    __namespace__=TNS,
    values=["Downloaded", "DownloadFailed", "InstallationFailed", "Installed"],
)
DiagnosticsStatus = Unicode(
    type_name="DiagnosticsStatus",
    __namespace__=TNS,
    values=["Uploaded", "UploadFailed"],
)


class IdTagInfo(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "IdTagInfo"
    _type_info = [
        ("status", element(AuthorizationStatus)),
        ("expiryDate", element(DateTime, min_occurs=0)),
        ("parentIdTag", element(Unicode, min_occurs=0)),
    ]


class AuthorizeRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "AuthorizeRequest"
    _type_info = [("idTag", element(Unicode))]


class AuthorizeResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "AuthorizeResponse"
    _type_info = [("idTagInfo", element(IdTagInfo))]


class StartTransactionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StartTransactionRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("idTag", element(Unicode)),
        ("timestamp", element(DateTime)),
        ("meterStart", element(Integer32)),
    ]


class StartTransactionResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StartTransactionResponse"
    _type_info = [("transactionId", element(Integer32)), ("idTagInfo", element(IdTagInfo))]


class StopTransactionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StopTransactionRequest"
    _type_info = [
        ("transactionId", element(Integer32)),
        ("idTag", element(Unicode, min_occurs=0)),
        ("timestamp", element(DateTime)),
        ("meterStop", element(Integer32)),
    ]


class StopTransactionResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StopTransactionResponse"
    _type_info = [("idTagInfo", element(IdTagInfo, min_occurs=0))]


class HeartbeatRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "HeartbeatRequest"


class HeartbeatResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "HeartbeatResponse"
    _type_info = [("currentTime", element(DateTime))]


class MeterValue(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "MeterValue"
    _type_info = [("timestamp", element(DateTime)), ("value", element(Integer32))]


class MeterValuesRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "MeterValuesRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("values", element(MeterValue, min_occurs=0, max_occurs="unbounded")),
    ]


class MeterValuesResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "MeterValuesResponse"


class BootNotificationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "BootNotificationRequest"
    _type_info = [
        ("chargePointVendor", element(Unicode)),
        ("chargePointModel", element(Unicode)),
        ("chargePointSerialNumber", element(Unicode, min_occurs=0)),
        ("chargeBoxSerialNumber", element(Unicode, min_occurs=0)),
        ("firmwareVersion", element(Unicode, min_occurs=0)),
        ("iccid", element(Unicode, min_occurs=0)),
        ("imsi", element(Unicode, min_occurs=0)),
        ("meterType", element(Unicode, min_occurs=0)),
        ("meterSerialNumber", element(Unicode, min_occurs=0)),
    ]


class BootNotificationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "BootNotificationResponse"
    _type_info = [
        ("status", element(RegistrationStatus)),
        ("currentTime", element(DateTime, min_occurs=0)),
        ("heartbeatInterval", element(Integer32, min_occurs=0)),
    ]


class StatusNotificationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StatusNotificationRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("status", element(ChargePointStatus)),
        ("errorCode", element(ChargePointErrorCode)),
    ]


class StatusNotificationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StatusNotificationResponse"


class FirmwareStatusNotificationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "FirmwareStatusNotificationRequest"
    _type_info = [("status", element(FirmwareStatus))]


class FirmwareStatusNotificationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "FirmwareStatusNotificationResponse"


class DiagnosticsStatusNotificationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "DiagnosticsStatusNotificationRequest"
    _type_info = [("status", element(DiagnosticsStatus))]


class DiagnosticsStatusNotificationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "DiagnosticsStatusNotificationResponse"


class ChargeBoxIdentity(Unicode):
    """The ``chargeBoxIdentity`` SOAP header (xs:string) of every request."""

    __namespace__ = TNS
    __type_name__ = "chargeBoxIdentity"


class CentralSystemService(ServiceBase):
    __service_name__ = "CentralSystemService"

    @rpc(
        AuthorizeRequest,
        _returns=AuthorizeResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2010/08/}authorizeRequest",
        _out_message_name="{urn://Ocpp/Cs/2010/08/}authorizeResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def Authorize(ctx: MethodContext, request: AuthorizeRequest) -> AuthorizeResponse:
        raise NotImplementedError

    @rpc(
        StartTransactionRequest,
        _returns=StartTransactionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2010/08/}startTransactionRequest",
        _out_message_name="{urn://Ocpp/Cs/2010/08/}startTransactionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def StartTransaction(
        ctx: MethodContext,
        request: StartTransactionRequest,
    ) -> StartTransactionResponse:
        raise NotImplementedError

    @rpc(
        StopTransactionRequest,
        _returns=StopTransactionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2010/08/}stopTransactionRequest",
        _out_message_name="{urn://Ocpp/Cs/2010/08/}stopTransactionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def StopTransaction(
        ctx: MethodContext,
        request: StopTransactionRequest,
    ) -> StopTransactionResponse:
        raise NotImplementedError

    @rpc(
        _returns=HeartbeatResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2010/08/}heartbeatRequest",
        _out_message_name="{urn://Ocpp/Cs/2010/08/}heartbeatResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def Heartbeat(ctx: MethodContext) -> HeartbeatResponse:
        raise NotImplementedError

    @rpc(
        MeterValuesRequest,
        _returns=MeterValuesResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2010/08/}meterValuesRequest",
        _out_message_name="{urn://Ocpp/Cs/2010/08/}meterValuesResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def MeterValues(ctx: MethodContext, request: MeterValuesRequest) -> MeterValuesResponse:
        raise NotImplementedError

    @rpc(
        BootNotificationRequest,
        _returns=BootNotificationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2010/08/}bootNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2010/08/}bootNotificationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def BootNotification(
        ctx: MethodContext,
        request: BootNotificationRequest,
    ) -> BootNotificationResponse:
        raise NotImplementedError

    @rpc(
        StatusNotificationRequest,
        _returns=StatusNotificationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2010/08/}statusNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2010/08/}statusNotificationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def StatusNotification(
        ctx: MethodContext,
        request: StatusNotificationRequest,
    ) -> StatusNotificationResponse:
        raise NotImplementedError

    @rpc(
        FirmwareStatusNotificationRequest,
        _returns=FirmwareStatusNotificationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2010/08/}firmwareStatusNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2010/08/}firmwareStatusNotificationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def FirmwareStatusNotification(
        ctx: MethodContext,
        request: FirmwareStatusNotificationRequest,
    ) -> FirmwareStatusNotificationResponse:
        raise NotImplementedError

    @rpc(
        DiagnosticsStatusNotificationRequest,
        _returns=DiagnosticsStatusNotificationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2010/08/}diagnosticsStatusNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2010/08/}diagnosticsStatusNotificationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def DiagnosticsStatusNotification(
        ctx: MethodContext,
        request: DiagnosticsStatusNotificationRequest,
    ) -> DiagnosticsStatusNotificationResponse:
        raise NotImplementedError


bind_empty_request(CentralSystemService, "Heartbeat", HeartbeatRequest)


OPERATIONS: dict[str, OperationSpec] = {
    "Authorize": OperationSpec(
        name="Authorize",
        request_element="{urn://Ocpp/Cs/2010/08/}authorizeRequest",
        response_element="{urn://Ocpp/Cs/2010/08/}authorizeResponse",
        request_model=AuthorizeRequest,
        response_model=AuthorizeResponse,
        soap_action="/Authorize",
        wsa_input_action="/Authorize",
        wsa_output_action=None,
    ),
    "StartTransaction": OperationSpec(
        name="StartTransaction",
        request_element="{urn://Ocpp/Cs/2010/08/}startTransactionRequest",
        response_element="{urn://Ocpp/Cs/2010/08/}startTransactionResponse",
        request_model=StartTransactionRequest,
        response_model=StartTransactionResponse,
        soap_action="/StartTransaction",
        wsa_input_action="/StartTransaction",
        wsa_output_action=None,
    ),
    "StopTransaction": OperationSpec(
        name="StopTransaction",
        request_element="{urn://Ocpp/Cs/2010/08/}stopTransactionRequest",
        response_element="{urn://Ocpp/Cs/2010/08/}stopTransactionResponse",
        request_model=StopTransactionRequest,
        response_model=StopTransactionResponse,
        soap_action="/StopTransaction",
        wsa_input_action="/StopTransaction",
        wsa_output_action=None,
    ),
    "Heartbeat": OperationSpec(
        name="Heartbeat",
        request_element="{urn://Ocpp/Cs/2010/08/}heartbeatRequest",
        response_element="{urn://Ocpp/Cs/2010/08/}heartbeatResponse",
        request_model=HeartbeatRequest,
        response_model=HeartbeatResponse,
        soap_action="/Heartbeat",
        wsa_input_action="/Heartbeat",
        wsa_output_action=None,
    ),
    "MeterValues": OperationSpec(
        name="MeterValues",
        request_element="{urn://Ocpp/Cs/2010/08/}meterValuesRequest",
        response_element="{urn://Ocpp/Cs/2010/08/}meterValuesResponse",
        request_model=MeterValuesRequest,
        response_model=MeterValuesResponse,
        soap_action="/MeterValues",
        wsa_input_action="/MeterValues",
        wsa_output_action=None,
    ),
    "BootNotification": OperationSpec(
        name="BootNotification",
        request_element="{urn://Ocpp/Cs/2010/08/}bootNotificationRequest",
        response_element="{urn://Ocpp/Cs/2010/08/}bootNotificationResponse",
        request_model=BootNotificationRequest,
        response_model=BootNotificationResponse,
        soap_action="/BootNotification",
        wsa_input_action="/BootNotification",
        wsa_output_action=None,
    ),
    "StatusNotification": OperationSpec(
        name="StatusNotification",
        request_element="{urn://Ocpp/Cs/2010/08/}statusNotificationRequest",
        response_element="{urn://Ocpp/Cs/2010/08/}statusNotificationResponse",
        request_model=StatusNotificationRequest,
        response_model=StatusNotificationResponse,
        soap_action="/StatusNotification",
        wsa_input_action="/StatusNotification",
        wsa_output_action=None,
    ),
    "FirmwareStatusNotification": OperationSpec(
        name="FirmwareStatusNotification",
        request_element="{urn://Ocpp/Cs/2010/08/}firmwareStatusNotificationRequest",
        response_element="{urn://Ocpp/Cs/2010/08/}firmwareStatusNotificationResponse",
        request_model=FirmwareStatusNotificationRequest,
        response_model=FirmwareStatusNotificationResponse,
        soap_action="/FirmwareStatusNotification",
        wsa_input_action="/FirmwareStatusNotification",
        wsa_output_action=None,
    ),
    "DiagnosticsStatusNotification": OperationSpec(
        name="DiagnosticsStatusNotification",
        request_element="{urn://Ocpp/Cs/2010/08/}diagnosticsStatusNotificationRequest",
        response_element="{urn://Ocpp/Cs/2010/08/}diagnosticsStatusNotificationResponse",
        request_model=DiagnosticsStatusNotificationRequest,
        response_model=DiagnosticsStatusNotificationResponse,
        soap_action="/DiagnosticsStatusNotification",
        wsa_input_action="/DiagnosticsStatusNotification",
        wsa_output_action=None,
    ),
}


SERVICE = ServiceSpec(
    version="1.2",
    kind="cs",
    namespace=TNS,
    service_name="CentralSystemService",
    port_type="CentralSystemService",
    binding="CentralSystemServiceSoap",
    port="CentralSystemServiceSoap12",
    default_address="http://localhost/Ocpp/CentralSystemService/",
    policy_id="ServicePolicy",
    header_message="Header",
    header_part="ChargeBoxIdentity",
    header_element="{urn://Ocpp/Cs/2010/08/}chargeBoxIdentity",
    service_class=CentralSystemService,
    operations=OPERATIONS,
    anonymous_types=frozenset(),
    types=(
        AuthorizationStatus,
        IdTagInfo,
        AuthorizeRequest,
        AuthorizeResponse,
        StartTransactionRequest,
        StartTransactionResponse,
        StopTransactionRequest,
        StopTransactionResponse,
        HeartbeatRequest,
        HeartbeatResponse,
        MeterValue,
        MeterValuesRequest,
        MeterValuesResponse,
        BootNotificationRequest,
        RegistrationStatus,
        BootNotificationResponse,
        ChargePointErrorCode,
        ChargePointStatus,
        StatusNotificationRequest,
        StatusNotificationResponse,
        FirmwareStatus,
        FirmwareStatusNotificationRequest,
        FirmwareStatusNotificationResponse,
        DiagnosticsStatus,
        DiagnosticsStatusNotificationRequest,
        DiagnosticsStatusNotificationResponse,
    ),
    source_file="ocpp_centralsystemservice_1.2_final.wsdl",
    source_sha256="92cdaa2c3604deb140dcf375e306e4e9b2a83a47a79c91954d6ff40b2657c508",
)
