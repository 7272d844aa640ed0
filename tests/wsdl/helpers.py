"""spyne parse/serialise without calling the service method, as the SOAP layer will do it."""

import copy
from pathlib import Path
from typing import Any

from lxml import etree
from spyne import Application, MethodContext
from spyne.protocol.soap import Soap12
from spyne.server import ServerBase

from wsdl.namespaces import SOAP12_ENVELOPE, XSD
from wsdl.spec import ServiceSpec


def spyne_server(spec: ServiceSpec, validator: str | None = "soft") -> ServerBase:
    app = Application(
        [spec.service_class],
        tns=spec.namespace,
        name=spec.service_name,
        in_protocol=Soap12(validator=validator),
        out_protocol=Soap12(),
    )
    return ServerBase(app)


def parse_request(server: ServerBase, envelope: bytes) -> MethodContext:
    """bytes -> ctx.in_object / ctx.in_header; ctx.in_error is set instead on failure."""
    ctx = MethodContext(server, MethodContext.SERVER)
    ctx.in_string = [envelope]
    primary, *_aux = server.generate_contexts(ctx)
    if primary.in_error is None:
        server.get_in_object(primary)
    return primary


def serialise_response(server: ServerBase, ctx: MethodContext, response: Any) -> bytes:
    """ctx.out_object -> bytes, for a context that came out of :func:`parse_request`."""
    ctx.out_object = [response]  # bare methods: a one-item sequence holding the body object
    server.get_out_string(ctx)
    return b"".join(ctx.out_string)


def official_schema(path: Path) -> etree.XMLSchema:
    """The xs:schema embedded in an official WSDL file, ready to validate with."""
    schema = etree.parse(str(path)).find(f".//{{{XSD}}}schema")
    assert schema is not None
    # QName values (type="tns:IdToken") need the prefixes the WSDL root declares
    nsmap = {k: v for k, v in schema.nsmap.items() if k is not None}
    standalone = etree.Element(schema.tag, dict(schema.attrib), nsmap=nsmap)
    standalone.extend(copy.deepcopy(child) for child in schema)
    return etree.XMLSchema(standalone)


def body_element(envelope: bytes) -> etree._Element:
    (body,) = etree.fromstring(envelope).iterfind(f"{{{SOAP12_ENVELOPE}}}Body")
    (element,) = body
    return element
