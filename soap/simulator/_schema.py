"""Checks of each request the simulator receives: the official ChargePointService schema
(read from an official WSDL file outside the repository), and the OCPP SOAP headers."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from lxml import etree

from wsdl.namespaces import SOAP12_ENVELOPE, WSA, XSD
from wsdl.spec import OperationSpec, ServiceSpec


@cache
def official_schema(wsdl_path: Path) -> etree.XMLSchema:
    """The xs:schema embedded in an official OCPP WSDL file."""
    schema = etree.parse(str(wsdl_path)).find(f".//{{{XSD}}}schema")
    if schema is None:
        raise ValueError(f"{wsdl_path} has no xs:schema")
    # QName values such as type="tns:IdToken" need the prefixes the WSDL root declares
    nsmap = {k: v for k, v in schema.nsmap.items() if k is not None}
    standalone = etree.Element(schema.tag, dict(schema.attrib), nsmap=nsmap)
    standalone.extend(copy.deepcopy(child) for child in schema)
    return etree.XMLSchema(standalone)


def check_request(
    spec: ServiceSpec,
    op: OperationSpec,
    envelope: etree._Element,
    schema: etree.XMLSchema,
) -> list[str]:
    """What is wrong with a parsed request envelope (empty when nothing is)."""
    problems: list[str] = []
    header = envelope.find(f"{{{SOAP12_ENVELOPE}}}Header")
    body = envelope.find(f"{{{SOAP12_ENVELOPE}}}Body")
    headers = [] if header is None else [h for h in header if isinstance(h.tag, str)]
    identities = [h for h in headers if h.tag == spec.header_element]
    if len(identities) != 1:
        problems.append(f"{len(identities)} chargeBoxIdentity headers")
    for name, allowed in (("Action", 1), ("MessageID", 1), ("To", 1), ("From", 1), ("ReplyTo", 0)):
        found = [h for h in headers if h.tag == f"{{{WSA}}}{name}"]
        if not allowed <= len(found) <= 1:  # ReplyTo may be left out; nothing may repeat
            problems.append(f"{len(found)} wsa:{name} headers")
    action = header.findtext(f"{{{WSA}}}Action") if header is not None else None
    if action is not None and action != op.wsa_input_action:
        problems.append(f"wsa:Action {action!r}, expected {op.wsa_input_action!r}")
    children = [c for c in (body if body is not None else ()) if isinstance(c.tag, str)]
    for element in [*identities[:1], *children]:
        try:
            schema.assertValid(element)
        except etree.DocumentInvalid as exc:
            problems.append(f"schema: {exc}")
    return problems
