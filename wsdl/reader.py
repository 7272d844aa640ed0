"""Read an official OCPP WSDL file into plain data for the code generator.

Only the XSD and WSDL constructs that the six OCPP files use are accepted; anything else
raises :class:`UnsupportedWsdl` so that a changed input cannot be half-translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from wsdl.namespaces import SOAP12_BINDING, SOAP_HTTP_TRANSPORT, WSAW, WSDL, WSP, WSU, XSD

Element = etree._Element

FACETS = (
    "length",
    "minLength",
    "maxLength",
    "pattern",
    "totalDigits",
    "fractionDigits",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
)

ALLOWED_ATTRIBUTES = {
    "element": {"name", "type", "minOccurs", "maxOccurs", "nillable"},
    "attribute": {"name", "type", "use"},
    "complexType": {"name"},
    "simpleType": {"name"},
    "sequence": set(),
    "simpleContent": set(),
    "extension": {"base"},
    "restriction": {"base"},
}
NS = {"w": WSDL, "s": XSD, "soap12": SOAP12_BINDING, "wsp": WSP}


class UnsupportedWsdl(ValueError):
    """The WSDL uses a construct the generator does not translate."""


@dataclass(frozen=True)
class TypeRef:
    namespace: str
    name: str

    @property
    def builtin(self) -> bool:
        return self.namespace == XSD


@dataclass(frozen=True)
class SimpleTypeDef:
    name: str
    base: TypeRef
    enumeration: tuple[str, ...]
    facets: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ElementDef:
    name: str
    type: TypeRef
    min_occurs: int
    max_occurs: int | None  # None: unbounded
    nillable: bool


@dataclass(frozen=True)
class AttributeDef:
    name: str
    type: TypeRef
    use: str | None


@dataclass(frozen=True)
class ComplexTypeDef:
    name: str
    elements: tuple[ElementDef, ...]
    text_base: TypeRef | None  # simpleContent extension base
    attributes: tuple[AttributeDef, ...]
    anonymous: bool  # declared inline in the official file; name is ours


@dataclass(frozen=True)
class OperationDef:
    name: str
    input_message: str
    output_message: str
    input_element: str
    output_element: str
    soap_action: str
    wsa_input_action: str | None
    wsa_output_action: str | None


@dataclass(frozen=True)
class WsdlDoc:
    namespace: str
    simple_types: tuple[SimpleTypeDef, ...]
    complex_types: tuple[ComplexTypeDef, ...]
    type_order: tuple[str, ...]  # named types in document order
    elements: tuple[tuple[str, TypeRef], ...]
    header_message: str
    header_part: str
    header_element: str
    header_type: TypeRef
    operations: tuple[OperationDef, ...]
    port_type: str
    binding: str
    service: str
    port: str
    address: str
    policy_id: str


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _children(elem: Element) -> list[Element]:
    """Child elements, without comments and xs:annotation."""
    return [c for c in elem if isinstance(c.tag, str) and c.tag != _q(XSD, "annotation")]


def _local(elem: Element, namespace: str) -> str:
    qname = etree.QName(elem)
    if qname.namespace != namespace:
        raise UnsupportedWsdl(f"unexpected element {elem.tag} at line {elem.sourceline}")
    allowed = ALLOWED_ATTRIBUTES.get(qname.localname) if namespace == XSD else None
    if allowed is not None and not set(elem.attrib) <= allowed:
        extra = sorted(str(a) for a in set(elem.attrib) - allowed)
        raise UnsupportedWsdl(f"xs:{qname.localname} with {extra} at line {elem.sourceline}")
    return qname.localname


def _resolve(elem: Element, value: str | None) -> TypeRef:
    if value is None:
        raise UnsupportedWsdl(f"missing QName on {elem.tag} at line {elem.sourceline}")
    prefix, _, name = value.rpartition(":")
    namespace = elem.nsmap.get(prefix or None)
    if namespace is None:
        raise UnsupportedWsdl(f"unknown prefix in {value!r} at line {elem.sourceline}")
    return TypeRef(namespace, name)


def _only(elem: Element, path: str, namespaces: dict[str, str]) -> Element:
    found = elem.findall(path, namespaces)
    if len(found) != 1:
        raise UnsupportedWsdl(f"expected exactly one {path}, found {len(found)}")
    return found[0]


def _single(elem: Element, kind: str) -> Element:
    children = _children(elem)
    if len(children) != 1 or _local(children[0], XSD) != kind:
        raise UnsupportedWsdl(f"expected a single xs:{kind} at line {elem.sourceline}")
    return children[0]


def _simple_type(elem: Element) -> SimpleTypeDef:
    restriction = _single(elem, "restriction")
    enumeration: list[str] = []
    facets: list[tuple[str, str]] = []
    for facet in _children(restriction):
        kind = _local(facet, XSD)
        value = facet.get("value")
        if value is None:
            raise UnsupportedWsdl(f"facet without value at line {facet.sourceline}")
        if kind == "enumeration":
            enumeration.append(value)
        elif kind in FACETS:
            facets.append((kind, value))
        else:
            raise UnsupportedWsdl(f"facet {kind} is not supported")
    return SimpleTypeDef(
        name=_name(elem),
        base=_resolve(restriction, restriction.get("base")),
        enumeration=tuple(enumeration),
        facets=tuple(facets),
    )


def _name(elem: Element) -> str:
    name = elem.get("name")
    if not name:
        raise UnsupportedWsdl(f"unnamed {elem.tag} at line {elem.sourceline}")
    return name


def _max_occurs(value: str | None) -> int | None:
    if value is None:
        return 1
    return None if value == "unbounded" else int(value)


def _attribute(elem: Element) -> AttributeDef:
    if _local(elem, XSD) != "attribute":
        raise UnsupportedWsdl(f"expected xs:attribute at line {elem.sourceline}")
    return AttributeDef(_name(elem), _resolve(elem, elem.get("type")), elem.get("use"))


class _SchemaReader:
    def __init__(self, schema: Element) -> None:
        self.schema = schema
        self.complex_types: list[ComplexTypeDef] = []
        self.taken: set[str] = {_name(c) for c in _children(schema) if c.get("name")}

    def complex_type(self, elem: Element, name: str, anonymous: bool) -> None:
        elements: tuple[ElementDef, ...] = ()
        attributes: list[AttributeDef] = []
        text_base: TypeRef | None = None
        for child in _children(elem):
            kind = _local(child, XSD)
            if kind == "sequence":
                elements = tuple(self.element(e, name) for e in _children(child))
            elif kind == "attribute":
                attributes.append(_attribute(child))
            elif kind == "simpleContent":
                extension = _single(child, "extension")
                text_base = _resolve(extension, extension.get("base"))
                attributes.extend(_attribute(a) for a in _children(extension))
            else:
                raise UnsupportedWsdl(f"complexType {name}: {kind} is not supported")
        self.complex_types.append(
            ComplexTypeDef(name, elements, text_base, tuple(attributes), anonymous)
        )

    def element(self, elem: Element, parent: str) -> ElementDef:
        if _local(elem, XSD) != "element":
            raise UnsupportedWsdl(f"{parent}: only xs:element is supported in a sequence")
        name = _name(elem)
        inline = _children(elem)
        if inline:
            if elem.get("type") is not None or len(inline) != 1:
                raise UnsupportedWsdl(f"{parent}/{name}: unexpected inline content")
            if _local(inline[0], XSD) != "complexType":
                raise UnsupportedWsdl(f"{parent}/{name}: only inline complexType is supported")
            type_name = parent + name[0].upper() + name[1:]
            if type_name in self.taken:
                raise UnsupportedWsdl(f"name {type_name} for an anonymous type is taken")
            self.taken.add(type_name)
            self.complex_type(inline[0], type_name, anonymous=True)
            type_ref = TypeRef(self.schema.get("targetNamespace", ""), type_name)
        else:
            type_ref = _resolve(elem, elem.get("type"))
        return ElementDef(
            name=name,
            type=type_ref,
            min_occurs=int(elem.get("minOccurs", "1")),
            max_occurs=_max_occurs(elem.get("maxOccurs")),
            nillable=elem.get("nillable") in ("true", "1"),
        )


def _policy_id(root: Element) -> str:
    policy = _only(root, "wsp:Policy", NS)
    body = [etree.QName(e).localname for e in policy.iter() if isinstance(e.tag, str)]
    if body != ["Policy", "ExactlyOne", "All", "UsingAddressing"]:
        raise UnsupportedWsdl(f"unexpected policy content {body}")
    policy_id = policy.get(_q(WSU, "Id"))
    if not policy_id:
        raise UnsupportedWsdl("policy without wsu:Id")
    return policy_id


def _message_element(messages: dict[str, Element], ref: TypeRef) -> str:
    (part,) = _children(messages[ref.name])
    if part.get("name") != "parameters":
        raise UnsupportedWsdl(f"message {ref.name}: expected a single 'parameters' part")
    return _resolve(part, part.get("element")).name


def read_wsdl(path: Path) -> WsdlDoc:
    root = etree.parse(str(path)).getroot()
    namespace = root.get("targetNamespace", "")
    schema = _only(root, "w:types/s:schema", NS)
    if schema.get("targetNamespace") != namespace:
        raise UnsupportedWsdl("schema and WSDL target namespaces differ")
    if schema.get("elementFormDefault") != "qualified":
        raise UnsupportedWsdl("only elementFormDefault='qualified' is supported")

    reader = _SchemaReader(schema)
    simple_types: list[SimpleTypeDef] = []
    elements: list[tuple[str, TypeRef]] = []
    type_order: list[str] = []
    for child in _children(schema):
        kind = _local(child, XSD)
        if kind in ("simpleType", "complexType"):
            type_order.append(_name(child))
        if kind == "simpleType":
            simple_types.append(_simple_type(child))
        elif kind == "complexType":
            reader.complex_type(child, _name(child), anonymous=False)
        elif kind == "element":
            elements.append((_name(child), _resolve(child, child.get("type"))))
        else:
            raise UnsupportedWsdl(f"schema item {kind} is not supported")

    messages = {_name(m): m for m in root.findall("w:message", NS)}
    binding = _only(root, "w:binding", NS)
    port_type = _only(root, "w:portType", NS)
    if _resolve(binding, binding.get("type")).name != _name(port_type):
        raise UnsupportedWsdl("binding does not bind the portType")
    soap_binding = _only(binding, "soap12:binding", NS)
    if soap_binding.get("style", "document") != "document":
        raise UnsupportedWsdl("only document style is supported")
    if soap_binding.get("transport") != SOAP_HTTP_TRANSPORT:
        raise UnsupportedWsdl("only the SOAP over HTTP transport is supported")
    policy_id = _policy_id(root)
    policy_ref = _only(binding, "wsp:PolicyReference", NS)
    if policy_ref.get("URI") != f"#{policy_id}":
        raise UnsupportedWsdl("the binding does not reference the addressing policy")

    headers: set[tuple[str, str]] = set()
    operations: list[OperationDef] = []
    for op in port_type.findall("w:operation", NS):
        name = _name(op)
        op_input = _only(op, "w:input", NS)
        op_output = _only(op, "w:output", NS)
        bop = _only(binding, f"w:operation[@name='{name}']", NS)
        soap_op = _only(bop, "soap12:operation", NS)
        if soap_op.get("style", "document") != "document":
            raise UnsupportedWsdl(f"{name}: only document style is supported")
        op_headers = bop.findall("w:input/soap12:header", NS)
        if len(op_headers) != 1:
            raise UnsupportedWsdl(f"{name}: expected exactly one input header")
        headers.add(
            (
                _resolve(op_headers[0], op_headers[0].get("message")).name,
                op_headers[0].get("part", ""),
            )
        )
        if bop.findall("w:output/soap12:header", NS):
            raise UnsupportedWsdl(f"{name}: output headers are not supported")
        in_msg = _resolve(op_input, op_input.get("message"))
        out_msg = _resolve(op_output, op_output.get("message"))
        if (in_msg.name, out_msg.name) != (f"{name}Input", f"{name}Output"):
            raise UnsupportedWsdl(f"{name}: messages are not named {name}Input/{name}Output")
        operations.append(
            OperationDef(
                name=name,
                input_message=in_msg.name,
                output_message=out_msg.name,
                input_element=_message_element(messages, in_msg),
                output_element=_message_element(messages, out_msg),
                soap_action=soap_op.get("soapAction", ""),
                wsa_input_action=op_input.get(_q(WSAW, "Action")),
                wsa_output_action=op_output.get(_q(WSAW, "Action")),
            )
        )
    if len(headers) != 1:
        raise UnsupportedWsdl(f"operations declare different headers: {sorted(headers)}")
    ((header_message, header_part),) = headers
    (header_part_elem,) = (
        p for p in _children(messages[header_message]) if p.get("name") == header_part
    )
    header_element = _resolve(header_part_elem, header_part_elem.get("element")).name
    header_types = [t for n, t in elements if n == header_element]
    if len(header_types) != 1:
        raise UnsupportedWsdl(f"header element {header_element} is not declared once")

    service = _only(root, "w:service", NS)
    port = _only(service, "w:port", NS)
    return WsdlDoc(
        namespace=namespace,
        simple_types=tuple(simple_types),
        complex_types=tuple(reader.complex_types),
        type_order=tuple(type_order),
        elements=tuple(elements),
        header_message=header_message,
        header_part=header_part,
        header_element=header_element,
        header_type=header_types[0],
        operations=tuple(operations),
        port_type=_name(port_type),
        binding=_name(binding),
        service=_name(service),
        port=_name(port),
        address=_only(port, "soap12:address", NS).get("location", ""),
        policy_id=policy_id,
    )
