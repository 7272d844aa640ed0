"""The generated spyne ChargePointService, driven by hand: spyne parses each request and
serialises each answer, while the simulator's own (async) code decides what to answer.

The generated service methods are stubs; spyne's ServerBase is used for the protocol
work only (parse, validate, serialise), as the Central System's SOAP layer does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lxml import etree
from spyne import Application, ComplexModelBase, MethodContext
from spyne.model.fault import Fault
from spyne.protocol.soap import Soap12
from spyne.server import ServerBase

from wsdl import get_service
from wsdl.namespaces import SOAP12_ENVELOPE, WSA
from wsdl.spec import OperationSpec, ServiceSpec

from ._schema import check_request


@dataclass(slots=True)
class Parsed:
    """One request, parsed. ``fault`` is set instead of ``operation`` when spyne refused it."""

    ctx: MethodContext
    operation: OperationSpec | None
    charge_box_id: str | None
    payload: dict[str, Any]
    message_id: str | None
    problems: list[str] = field(default_factory=list)
    fault: Fault | None = None


class SpyneEndpoint:
    """One version's ChargePointService (or CentralSystemService) on spyne. Given the
    official ``schema``, each request is also checked against it and for the OCPP SOAP
    headers (``Parsed.problems``)."""

    def __init__(self, version: str, kind: str = "cp", schema: etree.XMLSchema | None = None):
        self.spec: ServiceSpec = get_service(version, kind)
        self.server = _server(version, kind)
        self.schema = schema

    def parse(self, body: bytes) -> Parsed:
        ctx = MethodContext(self.server, MethodContext.SERVER)
        ctx.in_string = [body]
        ctx, *_ = self.server.generate_contexts(ctx)
        if ctx.in_error is None:
            self.server.get_in_object(ctx)
        if ctx.in_error is not None:
            return Parsed(ctx, None, None, {}, None, fault=ctx.in_error)
        op = self.spec.operations[ctx.descriptor.operation_name]
        envelope = ctx.in_document
        problems = (
            [] if self.schema is None else check_request(self.spec, op, envelope, self.schema)
        )
        message_id = envelope.findtext(f"{{{SOAP12_ENVELOPE}}}Header/{{{WSA}}}MessageID")
        identity = ctx.in_header
        return Parsed(
            ctx,
            op,
            identity if isinstance(identity, str) else None,
            to_plain(ctx.in_object),
            message_id,
            problems,
        )

    def answer(self, parsed: Parsed, fields: dict[str, Any]) -> bytes:
        """The operation's response envelope, with WS-Addressing Action and RelatesTo."""
        assert parsed.operation is not None
        response = to_model(parsed.operation.response_model, fields)
        parsed.ctx.out_object = [response]  # bare methods: a one-item sequence
        self.server.get_out_string(parsed.ctx)
        body = b"".join(parsed.ctx.out_string)
        return _addressed(body, parsed.operation.wsa_output_action, parsed.message_id)

    def fault(self, parsed: Parsed, fault: Fault) -> bytes:
        parsed.ctx.out_object = None
        parsed.ctx.out_error = fault
        self.server.get_out_string(parsed.ctx)
        return b"".join(parsed.ctx.out_string)


@cache
def _server(version: str, kind: str) -> ServerBase:
    spec = get_service(version, kind)
    app = Application(
        [spec.service_class],
        tns=spec.namespace,
        name=spec.service_name,
        in_protocol=Soap12(validator="soft"),
        out_protocol=Soap12(),
    )
    return ServerBase(app)


def _addressed(envelope: bytes, action: str | None, relates_to: str | None) -> bytes:
    root = etree.fromstring(envelope)
    header = root.find(f"{{{SOAP12_ENVELOPE}}}Header")
    if header is None:
        header = etree.Element(f"{{{SOAP12_ENVELOPE}}}Header")
        root.insert(0, header)
    values = {"Action": action, "MessageID": f"urn:uuid:{uuid.uuid4()}", "RelatesTo": relates_to}
    for name, value in values.items():
        if value is not None:
            etree.SubElement(header, f"{{{WSA}}}{name}", nsmap={"wsa": WSA}).text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def to_plain(value: Any) -> Any:
    """A spyne object as plain data keyed by element names (None members left out)."""
    if isinstance(value, ComplexModelBase):
        info = type(value).get_flat_type_info(type(value))
        out = {name: to_plain(getattr(value, name, None)) for name in info}
        return {k: v for k, v in out.items() if v is not None}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    return value


def to_model(cls: type[ComplexModelBase], fields: dict[str, Any]) -> ComplexModelBase:
    """Plain data to an instance of the spyne class ``cls`` (nested dicts and lists too)."""
    info = cls.get_flat_type_info(cls)
    kwargs: dict[str, Any] = {}
    for name, value in fields.items():
        member = info[name]  # KeyError: a field the schema does not have (a simulator bug)
        if isinstance(value, list):
            kwargs[name] = [_member(member, v) for v in value]
        else:
            kwargs[name] = _member(member, value)
    return cls(**kwargs)


def _member(member: Any, value: Any) -> Any:
    if isinstance(value, dict) and issubclass(member, ComplexModelBase):
        # element(...) customises the class (min/max occurs); spyne wants the original
        return to_model(getattr(member, "__orig__", None) or member, value)
    return value
