# mypy: disallow-subclassing-any=False, disallow-untyped-decorators=False
"""Spyne definition of the OCPP 1.6 CentralSystemService (SOAP 1.2).

GENERATED FILE, DO NOT EDIT. Regenerate with ``python -m wsdl.generate <wsdl dir>``.
Source: OCPP_CentralSystemService_1.6.wsdl
sha256: 7362c69bb8dcb62e9e6fd5d8fca6fd77bcdadbcc9d487df5032b7986e28e9a69
"""

from spyne import ComplexModel, DateTime, Integer32, MethodContext, ServiceBase, Unicode, rpc

from wsdl.fields import bind_empty_request, element
from wsdl.spec import OperationSpec, ServiceSpec

TNS = "urn://Ocpp/Cs/2015/10/"


IdToken = Unicode(type_name="IdToken", __namespace__=TNS, max_len=20)
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
Reason = Unicode(
    type_name="Reason",
    __namespace__=TNS,
    values=[
        "EmergencyStop",
        "EVDisconnected",
        "HardReset",
        "Local",
        "Other",
        "PowerLoss",
        "Reboot",
        "Remote",
        "SoftReset",
        "UnlockCommand",
        "DeAuthorized",
    ],
)
ReadingContext = Unicode(
    type_name="ReadingContext",
    __namespace__=TNS,
    values=[
        "Interruption.Begin",
        "Interruption.End",
        "Other",
        "Sample.Clock",
        "Sample.Periodic",
        "Transaction.Begin",
        "Transaction.End",
        "Trigger",
    ],
)
Measurand = Unicode(
    type_name="Measurand",
    __namespace__=TNS,
    values=[
        "Current.Export",
        "Current.Import",
        "Current.Offered",
        "Energy.Active.Export.Register",
        "Energy.Active.Import.Register",
        "Energy.Reactive.Export.Register",
        "Energy.Reactive.Import.Register",
        "Energy.Active.Export.Interval",
        "Energy.Active.Import.Interval",
        "Energy.Reactive.Export.Interval",
        "Energy.Reactive.Import.Interval",
        "Frequency",
        "Power.Active.Export",
        "Power.Active.Import",
        "Power.Factor",
        "Power.Offered",
        "Power.Reactive.Export",
        "Power.Reactive.Import",
        "RPM",
        "SoC",
        "Temperature",
        "Voltage",
    ],
)
ValueFormat = Unicode(type_name="ValueFormat", __namespace__=TNS, values=["Raw", "SignedData"])
UnitOfMeasure = Unicode(
    type_name="UnitOfMeasure",
    __namespace__=TNS,
    values=[
        "Celsius",
        "Fahrenheit",
        "Wh",
        "kWh",
        "varh",
        "kvarh",
        "W",
        "kW",
        "VA",
        "kVA",
        "var",
        "kvar",
        "A",
        "V",
        "K",
        "Percent",
    ],
)
Phase = Unicode(
    type_name="Phase",
    __namespace__=TNS,
    values=["L1", "L2", "L3", "N", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1"],
)
Location = Unicode(
    type_name="Location",
    __namespace__=TNS,
    values=["Body", "Cable", "EV", "Inlet", "Outlet"],
)
RegistrationStatus = Unicode(
    type_name="RegistrationStatus",
    __namespace__=TNS,
    values=["Accepted", "Pending", "Rejected"],
)
ChargePointErrorCode = Unicode(
    type_name="ChargePointErrorCode",
    __namespace__=TNS,
    values=[
        "ConnectorLockFailure",
        "EVCommunicationError",
        "GroundFailure",
        "HighTemperature",
        "InternalError",
        "LocalListConflict",
        "NoError",
        "OtherError",
        "OverCurrentFailure",
        "OverVoltage",
        "PowerMeterFailure",
        "PowerSwitchFailure",
        "ReaderFailure",
        "ResetFailure",
        "UnderVoltage",
        "WeakSignal",
    ],
)
ChargePointStatus = Unicode(
    type_name="ChargePointStatus",
    __namespace__=TNS,
    values=[
        "Available",
        "Preparing",
        "Charging",
        "SuspendedEV",
        "SuspendedEVSE",
        "Finishing",
        "Reserved",
        "Faulted",
        "Unavailable",
    ],
)
FirmwareStatus = Unicode(
    type_name="FirmwareStatus",
    __namespace__=TNS,
    values=[
        "Downloaded",
        "DownloadFailed",
        "Downloading",
        "Idle",
        "InstallationFailed",
        "Installed",
        "Installing",
    ],
)
DiagnosticsStatus = Unicode(
    type_name="DiagnosticsStatus",
    __namespace__=TNS,
    values=["Idle", "Uploaded", "UploadFailed", "Uploading"],
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


class SampledValue(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "SampledValue"
    _type_info = [
        ("value", element(Unicode)),
        ("context", element(ReadingContext, min_occurs=0)),
        ("format", element(ValueFormat, min_occurs=0)),
        ("measurand", element(Measurand, min_occurs=0)),
        ("phase", element(Phase, min_occurs=0)),
        ("location", element(Location, min_occurs=0)),
        ("unit", element(UnitOfMeasure, min_occurs=0)),
    ]


class MeterValue(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "MeterValue"
    _type_info = [
        ("timestamp", element(DateTime)),
        ("sampledValue", element(SampledValue, max_occurs="unbounded")),
    ]


class StopTransactionRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StopTransactionRequest"
    _type_info = [
        ("transactionId", element(Integer32)),
        ("idTag", element(IdToken, min_occurs=0)),
        ("timestamp", element(DateTime)),
        ("meterStop", element(Integer32)),
        ("reason", element(Reason, min_occurs=0)),
        ("transactionData", element(MeterValue, min_occurs=0, max_occurs="unbounded")),
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
        ("meterValue", element(MeterValue, min_occurs=0, max_occurs="unbounded")),
    ]


class MeterValuesResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "MeterValuesResponse"


class BootNotificationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "BootNotificationRequest"
    _type_info = [
        ("chargePointVendor", element(CiString20Type)),
        ("chargePointModel", element(CiString20Type)),
        ("chargePointSerialNumber", element(CiString25Type, min_occurs=0)),
        ("chargeBoxSerialNumber", element(CiString25Type, min_occurs=0)),
        ("firmwareVersion", element(CiString50Type, min_occurs=0)),
        ("iccid", element(CiString20Type, min_occurs=0)),
        ("imsi", element(CiString20Type, min_occurs=0)),
        ("meterType", element(CiString25Type, min_occurs=0)),
        ("meterSerialNumber", element(CiString25Type, min_occurs=0)),
    ]


class BootNotificationResponse(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "BootNotificationResponse"
    _type_info = [
        ("status", element(RegistrationStatus)),
        ("currentTime", element(DateTime)),
        ("interval", element(Integer32)),
    ]


class StatusNotificationRequest(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "StatusNotificationRequest"
    _type_info = [
        ("connectorId", element(Integer32)),
        ("status", element(ChargePointStatus)),
        ("errorCode", element(ChargePointErrorCode)),
        ("info", element(CiString50Type, min_occurs=0)),
        ("timestamp", element(DateTime, min_occurs=0)),
        ("vendorId", element(CiString255Type, min_occurs=0)),
        ("vendorErrorCode", element(CiString50Type, min_occurs=0)),
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
        ("vendorId", element(CiString255Type)),
        ("messageId", element(CiString50Type, min_occurs=0)),
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
        _in_message_name="{urn://Ocpp/Cs/2015/10/}authorizeRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}authorizeResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def Authorize(ctx: MethodContext, request: AuthorizeRequest) -> AuthorizeResponse:
        raise NotImplementedError

    @rpc(
        BootNotificationRequest,
        _returns=BootNotificationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2015/10/}bootNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}bootNotificationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def BootNotification(
        ctx: MethodContext,
        request: BootNotificationRequest,
    ) -> BootNotificationResponse:
        raise NotImplementedError

    @rpc(
        DataTransferRequest,
        _returns=DataTransferResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2015/10/}dataTransferRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}dataTransferResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def DataTransfer(ctx: MethodContext, request: DataTransferRequest) -> DataTransferResponse:
        raise NotImplementedError

    @rpc(
        DiagnosticsStatusNotificationRequest,
        _returns=DiagnosticsStatusNotificationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2015/10/}diagnosticsStatusNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}diagnosticsStatusNotificationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def DiagnosticsStatusNotification(
        ctx: MethodContext,
        request: DiagnosticsStatusNotificationRequest,
    ) -> DiagnosticsStatusNotificationResponse:
        raise NotImplementedError

    @rpc(
        FirmwareStatusNotificationRequest,
        _returns=FirmwareStatusNotificationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2015/10/}firmwareStatusNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}firmwareStatusNotificationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def FirmwareStatusNotification(
        ctx: MethodContext,
        request: FirmwareStatusNotificationRequest,
    ) -> FirmwareStatusNotificationResponse:
        raise NotImplementedError

    @rpc(
        _returns=HeartbeatResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2015/10/}heartbeatRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}heartbeatResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def Heartbeat(ctx: MethodContext) -> HeartbeatResponse:
        raise NotImplementedError

    @rpc(
        MeterValuesRequest,
        _returns=MeterValuesResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2015/10/}meterValuesRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}meterValuesResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def MeterValues(ctx: MethodContext, request: MeterValuesRequest) -> MeterValuesResponse:
        raise NotImplementedError

    @rpc(
        StartTransactionRequest,
        _returns=StartTransactionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2015/10/}startTransactionRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}startTransactionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def StartTransaction(
        ctx: MethodContext,
        request: StartTransactionRequest,
    ) -> StartTransactionResponse:
        raise NotImplementedError

    @rpc(
        StatusNotificationRequest,
        _returns=StatusNotificationResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2015/10/}statusNotificationRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}statusNotificationResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def StatusNotification(
        ctx: MethodContext,
        request: StatusNotificationRequest,
    ) -> StatusNotificationResponse:
        raise NotImplementedError

    @rpc(
        StopTransactionRequest,
        _returns=StopTransactionResponse,
        _body_style="bare",
        _in_message_name="{urn://Ocpp/Cs/2015/10/}stopTransactionRequest",
        _out_message_name="{urn://Ocpp/Cs/2015/10/}stopTransactionResponse",
        _in_header=(ChargeBoxIdentity,),
    )
    def StopTransaction(
        ctx: MethodContext,
        request: StopTransactionRequest,
    ) -> StopTransactionResponse:
        raise NotImplementedError


bind_empty_request(CentralSystemService, "Heartbeat", HeartbeatRequest)


OPERATIONS: dict[str, OperationSpec] = {
    "Authorize": OperationSpec(
        name="Authorize",
        request_element="{urn://Ocpp/Cs/2015/10/}authorizeRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}authorizeResponse",
        request_model=AuthorizeRequest,
        response_model=AuthorizeResponse,
        soap_action="/Authorize",
        wsa_input_action="/Authorize",
        wsa_output_action="/AuthorizeResponse",
    ),
    "BootNotification": OperationSpec(
        name="BootNotification",
        request_element="{urn://Ocpp/Cs/2015/10/}bootNotificationRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}bootNotificationResponse",
        request_model=BootNotificationRequest,
        response_model=BootNotificationResponse,
        soap_action="/BootNotification",
        wsa_input_action="/BootNotification",
        wsa_output_action="/BootNotificationResponse",
    ),
    "DataTransfer": OperationSpec(
        name="DataTransfer",
        request_element="{urn://Ocpp/Cs/2015/10/}dataTransferRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}dataTransferResponse",
        request_model=DataTransferRequest,
        response_model=DataTransferResponse,
        soap_action="/DataTransfer",
        wsa_input_action="/DataTransfer",
        wsa_output_action="/DataTransferResponse",
    ),
    "DiagnosticsStatusNotification": OperationSpec(
        name="DiagnosticsStatusNotification",
        request_element="{urn://Ocpp/Cs/2015/10/}diagnosticsStatusNotificationRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}diagnosticsStatusNotificationResponse",
        request_model=DiagnosticsStatusNotificationRequest,
        response_model=DiagnosticsStatusNotificationResponse,
        soap_action="/DiagnosticsStatusNotification",
        wsa_input_action="/DiagnosticsStatusNotification",
        wsa_output_action="/DiagnosticsStatusNotificationResponse",
    ),
    "FirmwareStatusNotification": OperationSpec(
        name="FirmwareStatusNotification",
        request_element="{urn://Ocpp/Cs/2015/10/}firmwareStatusNotificationRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}firmwareStatusNotificationResponse",
        request_model=FirmwareStatusNotificationRequest,
        response_model=FirmwareStatusNotificationResponse,
        soap_action="/FirmwareStatusNotification",
        wsa_input_action="/FirmwareStatusNotification",
        wsa_output_action="/FirmwareStatusNotificationResponse",
    ),
    "Heartbeat": OperationSpec(
        name="Heartbeat",
        request_element="{urn://Ocpp/Cs/2015/10/}heartbeatRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}heartbeatResponse",
        request_model=HeartbeatRequest,
        response_model=HeartbeatResponse,
        soap_action="/Heartbeat",
        wsa_input_action="/Heartbeat",
        wsa_output_action="/HeartbeatResponse",
    ),
    "MeterValues": OperationSpec(
        name="MeterValues",
        request_element="{urn://Ocpp/Cs/2015/10/}meterValuesRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}meterValuesResponse",
        request_model=MeterValuesRequest,
        response_model=MeterValuesResponse,
        soap_action="/MeterValues",
        wsa_input_action="/MeterValues",
        wsa_output_action="/MeterValuesResponse",
    ),
    "StartTransaction": OperationSpec(
        name="StartTransaction",
        request_element="{urn://Ocpp/Cs/2015/10/}startTransactionRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}startTransactionResponse",
        request_model=StartTransactionRequest,
        response_model=StartTransactionResponse,
        soap_action="/StartTransaction",
        wsa_input_action="/StartTransaction",
        wsa_output_action="/StartTransactionResponse",
    ),
    "StatusNotification": OperationSpec(
        name="StatusNotification",
        request_element="{urn://Ocpp/Cs/2015/10/}statusNotificationRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}statusNotificationResponse",
        request_model=StatusNotificationRequest,
        response_model=StatusNotificationResponse,
        soap_action="/StatusNotification",
        wsa_input_action="/StatusNotification",
        wsa_output_action="/StatusNotificationResponse",
    ),
    "StopTransaction": OperationSpec(
        name="StopTransaction",
        request_element="{urn://Ocpp/Cs/2015/10/}stopTransactionRequest",
        response_element="{urn://Ocpp/Cs/2015/10/}stopTransactionResponse",
        request_model=StopTransactionRequest,
        response_model=StopTransactionResponse,
        soap_action="/StopTransaction",
        wsa_input_action="/StopTransaction",
        wsa_output_action="/StopTransactionResponse",
    ),
}


SERVICE = ServiceSpec(
    version="1.6",
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
    header_element="{urn://Ocpp/Cs/2015/10/}chargeBoxIdentity",
    service_class=CentralSystemService,
    operations=OPERATIONS,
    anonymous_types=frozenset(),
    types=(
        IdToken,
        CiString20Type,
        CiString25Type,
        CiString50Type,
        CiString255Type,
        CiString500Type,
        AuthorizationStatus,
        IdTagInfo,
        AuthorizeRequest,
        AuthorizeResponse,
        StartTransactionRequest,
        StartTransactionResponse,
        Reason,
        StopTransactionRequest,
        StopTransactionResponse,
        HeartbeatRequest,
        HeartbeatResponse,
        ReadingContext,
        Measurand,
        ValueFormat,
        UnitOfMeasure,
        Phase,
        Location,
        SampledValue,
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
    source_file="OCPP_CentralSystemService_1.6.wsdl",
    source_sha256="7362c69bb8dcb62e9e6fd5d8fca6fd77bcdadbcc9d487df5032b7986e28e9a69",
)
