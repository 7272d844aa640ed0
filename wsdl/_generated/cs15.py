# mypy: disallow-subclassing-any=False, disallow-untyped-decorators=False
"""Spyne definition of the OCPP 1.5 CentralSystemService (SOAP 1.2).

GENERATED FILE, DO NOT EDIT. Regenerate with ``python -m wsdl.generate <wsdl dir>``.
Source: ocpp_centralsystemservice_1.5_final.wsdl
sha256: 60aa22050e9e25d6049f77bdce05733293f7179914d0fba7df620415fa9b4378
"""

from spyne import ComplexModel, DateTime, Integer32, MethodContext, ServiceBase, Unicode, rpc

from wsdl.fields import attribute, bind_empty_request, element, text
from wsdl.spec import OperationSpec, ServiceSpec

TNS = "urn://Ocpp/Cs/2012/06/"


IdToken = Unicode(type_name="IdToken", __namespace__=TNS, max_len=20)
AuthorizationStatus = Unicode(
    type_name="AuthorizationStatus",
    __namespace__=TNS,
    values=["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"],
)
ChargeBoxSerialNumber = Unicode(type_name="ChargeBoxSerialNumber", __namespace__=TNS, max_len=25)
ChargePointModel = Unicode(type_name="ChargePointModel", __namespace__=TNS, max_len=20)
ChargePointSerialNumber = Unicode(
    type_name="ChargePointSerialNumber",
    __namespace__=TNS,
    max_len=25,
)
ChargePointVendor = Unicode(type_name="ChargePointVendor", __namespace__=TNS, max_len=20)
FirmwareVersion = Unicode(type_name="FirmwareVersion", __namespace__=TNS, max_len=50)
IccidString = Unicode(type_name="IccidString", __namespace__=TNS, max_len=20)
ImsiString = Unicode(type_name="ImsiString", __namespace__=TNS, max_len=20)
MeterSerialNumber = Unicode(type_name="MeterSerialNumber", __namespace__=TNS, max_len=25)
MeterType = Unicode(type_name="MeterType", __namespace__=TNS, max_len=25)
ReadingContext = Unicode(
    type_name="ReadingContext",
    __namespace__=TNS,
    values=[
        "Interruption.Begin",
        "Interruption.End",
        "Sample.Clock",
        "Sample.Periodic",
        "Transaction.Begin",
        "Transaction.End",
    ],
)
Measurand = Unicode(
    type_name="Measurand",
    __namespace__=TNS,
    values=[
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
    ],
)
ValueFormat = Unicode(type_name="ValueFormat", __namespace__=TNS, values=["Raw", "SignedData"])
UnitOfMeasure = Unicode(
    type_name="UnitOfMeasure",
    __namespace__=TNS,
    values=["Wh", "kWh", "varh", "kvarh", "W", "kW", "var", "kvar", "Amp", "Volt", "Celsius"],
)
Location = Unicode(type_name="Location", __namespace__=TNS, values=["Inlet", "Outlet", "Body"])
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
        "GroundFailure",
        "OverCurrentFailure",
        "UnderVoltage",
        "WeakSignal",
        "OtherError",
    ],
)
ChargePointStatus = Unicode(
    type_name="ChargePointStatus",
    __namespace__=TNS,
    values=["Available", "Occupied", "Faulted", "Unavailable", "Reserved"],
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
DataTransferStatus = Unicode(
    type_name="DataTransferStatus",
    __namespace__=TNS,
    values=["Accepted", "Rejected", "UnknownMessageId", "UnknownVendorId"],
)


class IdTagInfo(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "IdTagInfo"
    _type_info = [
        ("status", element(AuthorizationStatus)),
        ("expiryDate", element(DateTime, min_occurs=0)),
        ("parentIdTag", element(IdToken, min_occurs=0)),
    ]


class AuthorizeRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "AuthorizeRequest"
    _type_info = [("idTag", element(IdToken))]


class AuthorizeResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "AuthorizeResponse"
    _type_info = [("idTagInfo", element(IdTagInfo))]


class StartTransactionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StartTransactionRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("idTag", element(IdToken)),
        ("timestamp", element(DateTime)),
        ("meterStart", element(Integer32)),
        ("reservationId", element(Integer32, min_occurs=0)),
    ]


class StartTransactionResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StartTransactionResponse"
    _type_info = [("transactionId", element(Integer32)), ("idTagInfo", element(IdTagInfo))]


class MeterValueValue(ComplexModel):
    """Declared inline in the official schema; the name is ours."""

    __namespace__ = TNS
    __type_name__ = "MeterValueValue"
    _type_info = [
        ("value", text(Unicode)),
        ("context", attribute(ReadingContext, use="optional")),
        ("format", attribute(ValueFormat, use="optional")),
        ("measurand", attribute(Measurand, use="optional")),
        ("location", attribute(Location, use="optional")),
        ("unit", attribute(UnitOfMeasure, use="optional")),
    ]


class MeterValue(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "MeterValue"
    _type_info = [
        ("timestamp", element(DateTime)),
        ("value", element(MeterValueValue, max_occurs="unbounded")),
    ]


class TransactionData(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "TransactionData"
    _type_info = [("values", element(MeterValue, min_occurs=0, max_occurs="unbounded"))]


class StopTransactionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StopTransactionRequest"
    _type_info = [
        ("transactionId", element(Integer32)),
        ("idTag", element(IdToken, min_occurs=0)),
        ("timestamp", element(DateTime)),
        ("meterStop", element(Integer32)),
        ("transactionData", element(TransactionData, min_occurs=0, max_occurs="unbounded")),
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


class MeterValuesRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "MeterValuesRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("transactionId", element(Integer32, min_occurs=0)),
        ("values", element(MeterValue, min_occurs=0, max_occurs="unbounded")),
    ]


class MeterValuesResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "MeterValuesResponse"


class BootNotificationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "BootNotificationRequest"
    _type_info = [
        ("chargePointVendor", element(ChargePointVendor)),
        ("chargePointModel", element(ChargePointModel)),
        ("chargePointSerialNumber", element(ChargePointSerialNumber, min_occurs=0)),
        ("chargeBoxSerialNumber", element(ChargeBoxSerialNumber, min_occurs=0)),
        ("firmwareVersion", element(FirmwareVersion, min_occurs=0)),
        ("iccid", element(IccidString, min_occurs=0)),
        ("imsi", element(ImsiString, min_occurs=0)),
        ("meterType", element(MeterType, min_occurs=0)),
        ("meterSerialNumber", element(MeterSerialNumber, min_occurs=0)),
    ]


class BootNotificationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "BootNotificationResponse"
    _type_info = [
        ("status", element(RegistrationStatus)),
        ("currentTime", element(DateTime)),
        ("heartbeatInterval", element(Integer32)),
    ]


class StatusNotificationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StatusNotificationRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("status", element(ChargePointStatus)),
        ("errorCode", element(ChargePointErrorCode)),
        ("info", element(Unicode, min_occurs=0)),
        ("timestamp", element(DateTime, min_occurs=0)),
        ("vendorId", element(Unicode, min_occurs=0)),
        ("vendorErrorCode", element(Unicode, min_occurs=0)),
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
        _in_message_name="{urn://Ocpp/Cs/2012/06/}authorizeRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}authorizeResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def Authorize(ctx: MethodContext, request: AuthorizeRequest) -> AuthorizeResponse:
        raise NotImplementedError

    @rpc(
        StartTransactionRequest,
        _returns=StartTransactionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2012/06/}startTransactionRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}startTransactionResponse",
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
        _in_message_name="{urn://Ocpp/Cs/2012/06/}stopTransactionRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}stopTransactionResponse",
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
        _in_message_name="{urn://Ocpp/Cs/2012/06/}heartbeatRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}heartbeatResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def Heartbeat(ctx: MethodContext) -> HeartbeatResponse:
        raise NotImplementedError

    @rpc(
        MeterValuesRequest,
        _returns=MeterValuesResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2012/06/}meterValuesRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}meterValuesResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def MeterValues(ctx: MethodContext, request: MeterValuesRequest) -> MeterValuesResponse:
        raise NotImplementedError

    @rpc(
        BootNotificationRequest,
        _returns=BootNotificationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2012/06/}bootNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}bootNotificationResponse",
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
        _in_message_name="{urn://Ocpp/Cs/2012/06/}statusNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}statusNotificationResponse",
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
        _in_message_name="{urn://Ocpp/Cs/2012/06/}firmwareStatusNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}firmwareStatusNotificationResponse",
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
        _in_message_name="{urn://Ocpp/Cs/2012/06/}diagnosticsStatusNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}diagnosticsStatusNotificationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def DiagnosticsStatusNotification(
        ctx: MethodContext,
        request: DiagnosticsStatusNotificationRequest,
    ) -> DiagnosticsStatusNotificationResponse:
        raise NotImplementedError

    @rpc(
        DataTransferRequest,
        _returns=DataTransferResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2012/06/}dataTransferRequest",
        _out_message_name="{urn://Ocpp/Cs/2012/06/}dataTransferResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def DataTransfer(ctx: MethodContext, request: DataTransferRequest) -> DataTransferResponse:
        raise NotImplementedError


bind_empty_request(CentralSystemService, "Heartbeat", HeartbeatRequest)


OPERATIONS: dict[str, OperationSpec] = {
    "Authorize": OperationSpec(
        name="Authorize",
        request_element="{urn://Ocpp/Cs/2012/06/}authorizeRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}authorizeResponse",
        request_model=AuthorizeRequest,
        response_model=AuthorizeResponse,
        soap_action="/Authorize",
        wsa_input_action="/Authorize",
        wsa_output_action="/AuthorizeResponse",
    ),
    "StartTransaction": OperationSpec(
        name="StartTransaction",
        request_element="{urn://Ocpp/Cs/2012/06/}startTransactionRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}startTransactionResponse",
        request_model=StartTransactionRequest,
        response_model=StartTransactionResponse,
        soap_action="/StartTransaction",
        wsa_input_action="/StartTransaction",
        wsa_output_action="/StartTransactionResponse",
    ),
    "StopTransaction": OperationSpec(
        name="StopTransaction",
        request_element="{urn://Ocpp/Cs/2012/06/}stopTransactionRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}stopTransactionResponse",
        request_model=StopTransactionRequest,
        response_model=StopTransactionResponse,
        soap_action="/StopTransaction",
        wsa_input_action="/StopTransaction",
        wsa_output_action="/StopTransactionResponse",
    ),
    "Heartbeat": OperationSpec(
        name="Heartbeat",
        request_element="{urn://Ocpp/Cs/2012/06/}heartbeatRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}heartbeatResponse",
        request_model=HeartbeatRequest,
        response_model=HeartbeatResponse,
        soap_action="/Heartbeat",
        wsa_input_action="/Heartbeat",
        wsa_output_action="/HeartbeatResponse",
    ),
    "MeterValues": OperationSpec(
        name="MeterValues",
        request_element="{urn://Ocpp/Cs/2012/06/}meterValuesRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}meterValuesResponse",
        request_model=MeterValuesRequest,
        response_model=MeterValuesResponse,
        soap_action="/MeterValues",
        wsa_input_action="/MeterValues",
        wsa_output_action="/MeterValuesResponse",
    ),
    "BootNotification": OperationSpec(
        name="BootNotification",
        request_element="{urn://Ocpp/Cs/2012/06/}bootNotificationRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}bootNotificationResponse",
        request_model=BootNotificationRequest,
        response_model=BootNotificationResponse,
        soap_action="/BootNotification",
        wsa_input_action="/BootNotification",
        wsa_output_action="/BootNotificationResponse",
    ),
    "StatusNotification": OperationSpec(
        name="StatusNotification",
        request_element="{urn://Ocpp/Cs/2012/06/}statusNotificationRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}statusNotificationResponse",
        request_model=StatusNotificationRequest,
        response_model=StatusNotificationResponse,
        soap_action="/StatusNotification",
        wsa_input_action="/StatusNotification",
        wsa_output_action="/StatusNotificationResponse",
    ),
    "FirmwareStatusNotification": OperationSpec(
        name="FirmwareStatusNotification",
        request_element="{urn://Ocpp/Cs/2012/06/}firmwareStatusNotificationRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}firmwareStatusNotificationResponse",
        request_model=FirmwareStatusNotificationRequest,
        response_model=FirmwareStatusNotificationResponse,
        soap_action="/FirmwareStatusNotification",
        wsa_input_action="/FirmwareStatusNotification",
        wsa_output_action="/FirmwareStatusNotificationResponse",
    ),
    "DiagnosticsStatusNotification": OperationSpec(
        name="DiagnosticsStatusNotification",
        request_element="{urn://Ocpp/Cs/2012/06/}diagnosticsStatusNotificationRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}diagnosticsStatusNotificationResponse",
        request_model=DiagnosticsStatusNotificationRequest,
        response_model=DiagnosticsStatusNotificationResponse,
        soap_action="/DiagnosticsStatusNotification",
        wsa_input_action="/DiagnosticsStatusNotification",
        wsa_output_action="/DiagnosticsStatusNotificationResponse",
    ),
    "DataTransfer": OperationSpec(
        name="DataTransfer",
        request_element="{urn://Ocpp/Cs/2012/06/}dataTransferRequest",
        response_element="{urn://Ocpp/Cs/2012/06/}dataTransferResponse",
        request_model=DataTransferRequest,
        response_model=DataTransferResponse,
        soap_action="/DataTransfer",
        wsa_input_action="/DataTransfer",
        wsa_output_action="/DataTransferResponse",
    ),
}


SERVICE = ServiceSpec(
    version="1.5",
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
    header_element="{urn://Ocpp/Cs/2012/06/}chargeBoxIdentity",
    service_class=CentralSystemService,
    operations=OPERATIONS,
    anonymous_types=frozenset({"MeterValueValue"}),
    types=(
        IdToken,
        AuthorizationStatus,
        IdTagInfo,
        ChargeBoxSerialNumber,
        ChargePointModel,
        ChargePointSerialNumber,
        ChargePointVendor,
        FirmwareVersion,
        IccidString,
        ImsiString,
        MeterSerialNumber,
        MeterType,
        AuthorizeRequest,
        AuthorizeResponse,
        StartTransactionRequest,
        StartTransactionResponse,
        TransactionData,
        StopTransactionRequest,
        StopTransactionResponse,
        HeartbeatRequest,
        HeartbeatResponse,
        ReadingContext,
        Measurand,
        ValueFormat,
        UnitOfMeasure,
        Location,
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
        DataTransferRequest,
        DataTransferStatus,
        DataTransferResponse,
    ),
    source_file="ocpp_centralsystemservice_1.5_final.wsdl",
    source_sha256="60aa22050e9e25d6049f77bdce05733293f7179914d0fba7df620415fa9b4378",
)
