"""A canonical structure of a WSDL 1.1 document, for comparing two WSDLs by meaning.

Prefixes, documentation, comments, whitespace, attribute defaults and the order of
order-insensitive items (schema items, facets, messages, binding contents) are normalised
away; QName values are resolved to ``{namespace}name``. Everything else is kept: element and
type names and structure, sequence order, occurrences, attributes, facets, enumerations in
order, operations in portType order, soapAction, ``wsaw:Action``, headers, policies and the
address.

Deliberately independent of :mod:`wsdl.reader`, so a reader bug cannot hide in both sides.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from wsdl.namespaces import WSDL, WSP, XSD

Element = etree._Element
Canon = dict[str, Any]

QNAME_ATTRIBUTES = {"type", "base", "ref", "itemType", "element", "message", "binding"}
RESTRICTION = f"{{{XSD}}}restriction"
ENUMERATION = f"{{{XSD}}}enumeration"
IGNORED = {f"{{{XSD}}}annotation", f"{{{WSDL}}}documentation"}
DEFAULTS: dict[str, dict[str, str]] = {
    f"{{{XSD}}}schema": {
        "elementFormDefault": "unqualified",
        "attributeFormDefault": "unqualified",
    },
    f"{{{XSD}}}element": {"minOccurs": "1", "maxOccurs": "1", "nillable": "false"},
    f"{{{XSD}}}attribute": {"use": "optional"},
    f"{{{XSD}}}complexType": {"mixed": "false"},
    f"{{{XSD}}}sequence": {"minOccurs": "1", "maxOccurs": "1"},
    "{http://schemas.xmlsoap.org/wsdl/soap12/}binding": {"style": "document"},
    "{http://schemas.xmlsoap.org/wsdl/soap12/}operation": {"style": "document"},
}


def _resolve(elem: Element, value: str) -> str:
    prefix, _, name = value.rpartition(":")
    namespace = elem.nsmap.get(prefix or None)
    if namespace is None and prefix:
        raise ValueError(f"unbound prefix in {value!r} at line {elem.sourceline}")
    return f"{{{namespace or ''}}}{name}"


def _attributes(elem: Element) -> dict[str, str]:
    """Attributes with defaults filled in and QName values resolved."""
    attrs = {str(k): str(v) for k, v in elem.attrib.items()}
    for key in QNAME_ATTRIBUTES & attrs.keys():
        attrs[key] = _resolve(elem, attrs[key])
    for key, value in DEFAULTS.get(elem.tag, {}).items():
        attrs.setdefault(key, value)
    return dict(sorted(attrs.items()))


def canon_element(elem: Element, unordered: bool = False) -> Canon:
    """Tag, attributes, text and children of ``elem``."""
    attrs = _attributes(elem)
    children = [canon_element(c, unordered) for c in _children(elem)]
    if unordered:
        children.sort(key=repr)
    elif elem.tag == RESTRICTION:
        # facets are unordered; enumerations keep their order, ahead of the other facets
        children.sort(key=lambda c: "" if c["tag"] == ENUMERATION else c["tag"])
    result: Canon = {"tag": elem.tag, "attrs": attrs, "children": children}
    text = (elem.text or "").strip()
    if text:
        result["text"] = text
    return result


def _children(elem: Element) -> list[Element]:
    return [c for c in elem if isinstance(c.tag, str) and c.tag not in IGNORED]


def _keyed(items: list[Element], what: str) -> dict[str, Canon]:
    result: dict[str, Canon] = {}
    for item in items:
        key = f"{etree.QName(item).localname} {item.get('name') or item.get('namespace')}"
        if key in result:
            raise ValueError(f"duplicate {what} {key}")
        result[key] = canon_element(item)
    return dict(sorted(result.items()))


def _schema(schema: Element) -> Canon:
    return {"attrs": _attributes(schema), "items": _keyed(_children(schema), "schema item")}


def _binding(binding: Element) -> Canon:
    operations: dict[str, Canon] = {}
    extensions: list[Canon] = []
    for child in _children(binding):
        if child.tag == f"{{{WSDL}}}operation":
            operations[child.get("name", "")] = canon_element(child, unordered=True)
        else:
            extensions.append(canon_element(child))
    return {
        "attrs": _attributes(binding),
        "extensions": sorted(extensions, key=repr),
        "operations": dict(sorted(operations.items())),
    }


def canonical_wsdl(document: bytes | Element) -> Canon:
    """The canonical structure of a WSDL document (bytes or a parsed root element)."""
    root = etree.fromstring(document) if isinstance(document, bytes) else document
    if root.tag != f"{{{WSDL}}}definitions":
        raise ValueError("not a WSDL 1.1 document")
    result: Canon = {
        "attrs": _attributes(root),
        "policies": {},
        "schemas": {},
        "messages": {},
        "portTypes": {},
        "bindings": {},
        "services": {},
        "other": [],
    }
    for child in _children(root):
        name = child.get("name", "")
        if child.tag == f"{{{WSP}}}Policy":
            result["policies"][_policy_id(child)] = canon_element(child)
        elif child.tag == f"{{{WSDL}}}types":
            for schema in _children(child):
                result["schemas"][schema.get("targetNamespace", "")] = _schema(schema)
        elif child.tag == f"{{{WSDL}}}message":
            result["messages"][name] = canon_element(child)
        elif child.tag == f"{{{WSDL}}}portType":
            result["portTypes"][name] = canon_element(child)
        elif child.tag == f"{{{WSDL}}}binding":
            result["bindings"][name] = _binding(child)
        elif child.tag == f"{{{WSDL}}}service":
            result["services"][name] = canon_element(child)
        else:
            result["other"].append(canon_element(child))
    for key in ("messages", "portTypes", "bindings", "services", "policies"):
        result[key] = dict(sorted(result[key].items()))
    return result


def _policy_id(policy: Element) -> str:
    for key, value in policy.attrib.items():
        if etree.QName(key).localname == "Id":
            return str(value)
    return ""


def _label(value: Any, index: int) -> str:
    if isinstance(value, dict) and "tag" in value:
        name = value["attrs"].get("name") or value["attrs"].get("value") or ""
        return f"{etree.QName(value['tag']).localname}[{name or index}]"
    return f"[{index}]"


def differences(first: Any, second: Any, path: str = "") -> list[str]:
    """Human-readable paths where two canonical structures differ (empty if equal)."""
    if isinstance(first, dict) and isinstance(second, dict):
        found: list[str] = []
        for key in sorted(first.keys() | second.keys()):
            if key not in second:
                found.append(f"{path}/{key}: only in first")
            elif key not in first:
                found.append(f"{path}/{key}: only in second")
            else:
                found += differences(first[key], second[key], f"{path}/{key}")
        return found
    if isinstance(first, list) and isinstance(second, list):
        found = []
        if len(first) != len(second):
            found.append(f"{path}: {len(first)} items != {len(second)} items")
        for index, (a, b) in enumerate(zip(first, second, strict=False)):
            found += differences(a, b, f"{path}/{_label(a, index)}")
        return found
    return [] if first == second else [f"{path}: {first!r} != {second!r}"]
