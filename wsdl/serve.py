"""The WSDL documents our server publishes, built from the generated spyne services.

The XML Schema comes from spyne's own generator (:class:`spyne.interface.wsdl.Wsdl11`) run
over the generated models. The rest is rewritten with lxml because spyne cannot express it:

* the ``chargeBoxIdentity`` header is a global element of type xs:string (spyne declares
  no element for a simple type) and its message/part are ``Header``/``ChargeBoxIdentity``;
* messages are ``<Op>Input``/``<Op>Output`` with a ``parameters`` part;
* portType messages carry ``wsaw:Action`` and the binding references a ``wsp:Policy``
  with ``wsaw:UsingAddressing``;
* soapAction is ``/<Op>``, the binding/port names are the official ones;
* types the official schema declares inline (1.5 ``MeterValue/value``) are inlined again,
  and spyne's extra global element per complex type is dropped.

spyne's portType and binding are checked against the generated operation table, so the
rewritten parts cannot silently disagree with what the spyne service parses.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from lxml import etree
from spyne import Application
from spyne.interface.wsdl import Wsdl11
from spyne.protocol.soap import Soap12

from wsdl import get_service
from wsdl.namespaces import SOAP12_BINDING, SOAP_HTTP_TRANSPORT, WSAW, WSDL, WSP, WSU, XSD
from wsdl.spec import ServiceSpec

Element = etree._Element
QNAME_ATTRIBUTES = ("type", "base", "ref", "itemType")


@lru_cache(maxsize=32)
def build_wsdl(version: str, service: str, address: str) -> bytes:
    """The WSDL for OCPP ``version`` ("1.2", "1.5", "1.6") and ``service`` ("cs" or "cp"),
    with ``address`` as the ``soap12:address`` of its single port."""
    return build_wsdl_for(get_service(version, service), address)


def build_wsdl_for(spec: ServiceSpec, address: str) -> bytes:
    spyne_root = etree.fromstring(spyne_wsdl(spec, address))
    _check_spyne_operations(spec, spyne_root)
    root = etree.Element(_w("definitions"), nsmap=_nsmap(spec))
    root.set("targetNamespace", spec.namespace)
    root.append(_policy(spec))
    _schema(spec, spyne_root, etree.SubElement(root, _w("types")))
    _messages(spec, root)
    _port_type(spec, root)
    _binding(spec, root)
    _service(spec, root, address)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def spyne_wsdl(spec: ServiceSpec, address: str) -> bytes:
    """spyne's unmodified WSDL 1.1 document for the generated service."""
    app = Application(
        [spec.service_class],
        tns=spec.namespace,
        name=spec.service_name,
        in_protocol=Soap12(),
        out_protocol=Soap12(),
        classes=spec.types,  # spyne only emits types reachable from the methods otherwise
    )
    app.transport = SOAP_HTTP_TRANSPORT  # normally set by a spyne server transport
    document = Wsdl11(app.interface)
    document.build_interface_document(address)
    wsdl: bytes = document.get_interface_document()
    return wsdl


def _w(name: str) -> str:
    return f"{{{WSDL}}}{name}"


def _s(name: str) -> str:
    return f"{{{XSD}}}{name}"


def _soap(name: str) -> str:
    return f"{{{SOAP12_BINDING}}}{name}"


def _nsmap(spec: ServiceSpec) -> dict[str, str]:
    return {
        "wsdl": WSDL,
        "s": XSD,
        "soap12": SOAP12_BINDING,
        "tns": spec.namespace,
        "wsaw": WSAW,
        "wsp": WSP,
        "wsu": WSU,
    }


def _local(clark: str) -> str:
    return clark.rpartition("}")[2]


def _check_spyne_operations(spec: ServiceSpec, spyne_root: Element) -> None:
    ns = {"w": WSDL, "soap": SOAP12_BINDING}
    found = [
        (op.get("name"), _child_name(op, "w:input", ns), _child_name(op, "w:output", ns))
        for op in spyne_root.iterfind("w:portType/w:operation", ns)
    ]
    expected = [
        (op.name, _local(op.request_element), _local(op.response_element))
        for op in spec.operations.values()
    ]
    if found != expected:
        raise RuntimeError(f"spyne service and operation table disagree: {found} != {expected}")
    headers = {h.get("part") for h in spyne_root.iterfind(".//soap:header", ns)}
    if headers != {_local(spec.header_element)} or len(
        spyne_root.findall(".//soap:header", ns)
    ) != len(expected):
        raise RuntimeError(f"spyne declares unexpected SOAP headers: {headers}")


def _child_name(elem: Element, path: str, namespaces: dict[str, str]) -> str | None:
    child = elem.find(path, namespaces)
    return None if child is None else child.get("name")


def _policy(spec: ServiceSpec) -> Element:
    policy = etree.Element(f"{{{WSP}}}Policy")
    policy.set(f"{{{WSU}}}Id", spec.policy_id)
    one = etree.SubElement(policy, f"{{{WSP}}}ExactlyOne")
    every = etree.SubElement(one, f"{{{WSP}}}All")
    etree.SubElement(every, f"{{{WSAW}}}UsingAddressing")
    return policy


def _prefixed(spec: ServiceSpec, elem: Element, value: str) -> str:
    """Re-express a QName attribute value of ``elem`` with our prefixes."""
    prefix, _, name = value.rpartition(":")
    namespace = elem.nsmap.get(prefix or None)
    ours = {XSD: "s", spec.namespace: "tns"}.get(namespace or "")
    if ours is None:
        raise RuntimeError(f"spyne referenced {value!r} outside the service namespace")
    return f"{ours}:{name}"


def _copy(spec: ServiceSpec, source: Element, parent: Element) -> Element:
    copied = etree.SubElement(parent, source.tag)
    for key, value in source.attrib.items():
        text = str(value)
        copied.set(key, _prefixed(spec, source, text) if key in QNAME_ATTRIBUTES else text)
    for child in source:
        if isinstance(child.tag, str):
            _copy(spec, child, copied)
    return copied


def _schema(spec: ServiceSpec, spyne_root: Element, types_elem: Element) -> None:
    (spyne_schema,) = spyne_root.iterfind(f"{_w('types')}/{_s('schema')}")
    if spyne_schema.get("targetNamespace") != spec.namespace:
        raise RuntimeError("spyne put types outside the service namespace")
    schema = _copy(spec, spyne_schema, types_elem)

    types = {_name(e): e for e in schema if e.tag in (_s("simpleType"), _s("complexType"))}
    elements = {_name(e): e for e in schema if e.tag == _s("element")}
    for name in spec.anonymous_types:
        _inline(schema, types.pop(name), f"tns:{name}")
    order = [t.get_type_name() for t in spec.types]
    if sorted(types) != sorted(order):
        raise RuntimeError(f"spyne's types differ from the official ones: {sorted(types)}")

    for child in list(schema):
        schema.remove(child)
    for name in order:
        schema.append(types[name])
    header = etree.SubElement(schema, _s("element"), name=_local(spec.header_element))
    header.set("type", "s:string")
    for op in spec.operations.values():
        schema.append(elements[_local(op.request_element)])
        schema.append(elements[_local(op.response_element)])


def _name(elem: Element) -> str:
    return str(elem.get("name", ""))


def _inline(schema: Element, named: Element, reference: str) -> None:
    """Replace ``type=reference`` on every element by an anonymous copy of ``named``."""
    for elem in schema.iter(_s("element")):
        if elem.get("type") == reference:
            del elem.attrib["type"]
            anonymous = copy.deepcopy(named)
            del anonymous.attrib["name"]
            elem.append(anonymous)


def _messages(spec: ServiceSpec, root: Element) -> None:
    header = etree.SubElement(root, _w("message"), name=spec.header_message)
    part = etree.SubElement(header, _w("part"), name=spec.header_part)
    part.set("element", f"tns:{_local(spec.header_element)}")
    for op in spec.operations.values():
        for suffix, element in (("Input", op.request_element), ("Output", op.response_element)):
            message = etree.SubElement(root, _w("message"), name=f"{op.name}{suffix}")
            etree.SubElement(
                message, _w("part"), name="parameters", element=f"tns:{_local(element)}"
            )


def _port_type(spec: ServiceSpec, root: Element) -> None:
    port_type = etree.SubElement(root, _w("portType"), name=spec.port_type)
    for op in spec.operations.values():
        operation = etree.SubElement(port_type, _w("operation"), name=op.name)
        op_input = etree.SubElement(operation, _w("input"), message=f"tns:{op.name}Input")
        op_input.set(f"{{{WSAW}}}Action", op.wsa_input_action)
        op_output = etree.SubElement(operation, _w("output"), message=f"tns:{op.name}Output")
        if op.wsa_output_action is not None:
            op_output.set(f"{{{WSAW}}}Action", op.wsa_output_action)


def _binding(spec: ServiceSpec, root: Element) -> None:
    binding = etree.SubElement(root, _w("binding"), name=spec.binding, type=f"tns:{spec.port_type}")
    etree.SubElement(binding, _soap("binding"), transport=SOAP_HTTP_TRANSPORT)
    etree.SubElement(binding, f"{{{WSP}}}PolicyReference", URI=f"#{spec.policy_id}")
    for op in spec.operations.values():
        operation = etree.SubElement(binding, _w("operation"), name=op.name)
        etree.SubElement(operation, _soap("operation"), soapAction=op.soap_action, style="document")
        op_input = etree.SubElement(operation, _w("input"))
        header = etree.SubElement(op_input, _soap("header"), message=f"tns:{spec.header_message}")
        header.set("part", spec.header_part)
        header.set("use", "literal")
        etree.SubElement(op_input, _soap("body"), use="literal")
        op_output = etree.SubElement(operation, _w("output"))
        etree.SubElement(op_output, _soap("body"), use="literal")


def _service(spec: ServiceSpec, root: Element, address: str) -> None:
    service = etree.SubElement(root, _w("service"), name=spec.service_name)
    port = etree.SubElement(service, _w("port"), name=spec.port, binding=f"tns:{spec.binding}")
    etree.SubElement(port, _soap("address"), location=address)
