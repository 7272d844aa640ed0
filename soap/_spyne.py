"""The reference codec: spyne's own server pipeline, with the method call replaced by an
await.

spyne's ``ServerBase`` keeps parsing apart from serialising: ``generate_contexts`` and
``get_in_object`` turn the request bytes into ``ctx.in_object``; ``get_out_string`` turns
``ctx.out_object`` into the answer. In between, where spyne would call the service
method (``get_out_object``), the front door awaits the bridge. This is the path the
issue describes; the compiled codec (``_codec``) does the same work many times faster
(bench/soap.md) and is checked against this one by a differential test. Select it with
``SoapFrontDoor(settings, codec="spyne")`` or ``soap.setup(app, codec="spyne")``.

The envelope has already been read by ``_envelope`` (faults for DOCTYPEs, unknown
mustUnderstand headers, WS-Addressing), so spyne sees only documents it can parse;
WS-Addressing, which spyne does not model, is added to spyne's answer on its
``after_serialize`` event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree
from spyne import Application, ComplexModelBase, DateTime, MethodContext, ModelBase
from spyne.model.complex import XmlAttribute, XmlData
from spyne.model.fault import Fault
from spyne.protocol.soap import Soap11, Soap12
from spyne.server import ServerBase

from bridge.codec import parse_timestamp
from wsdl.spec import OperationSpec, ServiceSpec

from ._envelope import Envelope
from ._faults import SoapFault
from ._wire import SOAP12, SoapVersion

# spyne's fault codes (``Client.<Kind>``) as OCPP-J error codes.
_SUBCODES = {
    "Client.ValidationError": "TypeConstraintViolation",
    "Client.SchemaValidationError": "TypeConstraintViolation",
    "Client.ResourceNotFound": "NotImplemented",
}


@dataclass(slots=True, eq=False)
class SpyneRequest:
    server: ServerBase
    ctx: MethodContext
    operation: OperationSpec
    payload: dict[str, Any]

    def answer(self, answer: dict[str, Any], header_ns: str, header: str) -> bytes:
        self.ctx.out_object = [_to_model(self.operation.response_model, answer)]
        self.ctx.udc = _header_blocks(header_ns, header)
        self.server.get_out_string(self.ctx)
        return b"".join(self.ctx.out_string)


class SpyneCodec:
    name = "spyne"

    def __init__(self) -> None:
        self._servers: dict[tuple[str, str], ServerBase] = {}

    def decode(
        self,
        data: bytes,
        envelope: Envelope,
        service: ServiceSpec,
        operation: OperationSpec,
        lenient: bool,
    ) -> SpyneRequest:
        server = self._server(service, envelope.soap)
        ctx = MethodContext(server, MethodContext.SERVER)
        ctx.in_string = [data]
        primary = server.generate_contexts(ctx)[0]
        if primary.in_error is None:
            server.get_in_object(primary)
        if primary.in_error is not None:
            raise _fault(primary.in_error)
        if primary.descriptor.operation_name != operation.name:  # both read the body element
            raise RuntimeError(f"spyne chose {primary.descriptor.operation_name}")
        in_object = primary.in_object
        if isinstance(in_object, list | tuple):
            in_object = in_object[0] if in_object else None
        payload = _to_payload(operation.request_model, in_object)
        return SpyneRequest(server, primary, operation, payload)

    def _server(self, service: ServiceSpec, soap: SoapVersion) -> ServerBase:
        key = (service.version, soap.name)
        server = self._servers.get(key)
        if server is None:
            protocol = Soap12 if soap is SOAP12 else Soap11
            app = Application(
                [service.service_class],
                tns=service.namespace,
                name=service.service_name,
                in_protocol=protocol(validator="soft"),
                out_protocol=protocol(),
            )
            app.out_protocol.event_manager.add_listener("after_serialize", _add_header)
            server = self._servers[key] = ServerBase(app)
        return server


def _fault(error: Any) -> SoapFault:
    if isinstance(error, Fault):
        code = str(error.faultcode)
        reason = str(error.faultstring)
        if code.startswith("Client"):
            return SoapFault("Sender", reason, _SUBCODES.get(code, "FormationViolation"))
        return SoapFault("Receiver", reason, "InternalError")
    return SoapFault("Receiver", "internal error in the central system", "InternalError")


def _members(model: type[ModelBase]) -> list[tuple[str, type[ModelBase], bool]]:
    """``(name, type, repeated)`` of each member, with attributes and text unwrapped."""
    members = []
    for name, member in model.get_flat_type_info(model).items():
        if issubclass(member, XmlAttribute | XmlData):
            members.append((name, member.type, False))
        else:
            members.append((name, member, member.Attributes.max_occurs > 1))
    return members


def _to_payload(model: type[ModelBase], obj: Any) -> dict[str, Any]:
    """A spyne object as the payload dict the bridge reads (date-times stay datetimes:
    ``bridge.codec`` takes them as they are)."""
    out: dict[str, Any] = {}
    if obj is None:
        return out
    for name, member, repeated in _members(model):
        value = getattr(obj, name, None)
        if value is None:
            continue
        if issubclass(member, ComplexModelBase):
            if repeated:
                out[name] = [_to_payload(member, item) for item in value]
            else:
                out[name] = _to_payload(member, value)
        elif repeated:
            out[name] = list(value)
        else:
            out[name] = value
    return out


def _to_model(model: type[ModelBase], data: dict[str, Any]) -> Any:
    values: dict[str, Any] = {}
    for name, member, repeated in _members(model):
        value = data.get(name)
        if value is None:
            continue
        if issubclass(member, ComplexModelBase):
            value = [_to_model(member, v) for v in value] if repeated else _to_model(member, value)
        elif issubclass(member, DateTime) and isinstance(value, str):
            value = parse_timestamp(value, name)[0]
        values[name] = value
    return model(**values)


def _header_blocks(header_ns: str, header: str) -> list[etree._Element]:
    holder = etree.fromstring(f'<header xmlns:wsa="{header_ns}">{header}</header>')
    return list(holder)


def _add_header(ctx: MethodContext) -> None:
    blocks = ctx.udc
    if not blocks or ctx.out_document is None:
        return
    namespace = ctx.out_document.tag[1:].partition("}")[0]
    header = etree.Element(f"{{{namespace}}}Header")
    header.extend(blocks)
    ctx.out_document.insert(0, header)
