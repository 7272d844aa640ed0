"""The compiled codec: request elements to payload dicts and answer dicts to XML, by the
plans of ``_plans``; spyne's own parser (``_spyne``) stays the reference, and a
differential test runs both.

Decoding matches children by local name, so prefixes, a default namespace on every
element, unqualified children and an order other than the schema's all read the same:
within one complex type every child name is distinct, so a name says which member it is.
It checks what the schema says about each value and names the field by its path
(``meterValue[0].sampledValue[2].value``). Values come out typed as the bridge reads
them: xs:int as int, xs:boolean as bool, xs:decimal as Decimal, strings and enumerations
as str, xs:dateTime as the string sent (``bridge.codec`` parses it and flags a missing
zone). In lenient mode (``Settings.lenient``), an enumeration value in the wrong case and
an empty optional non-string element are passed on as written, for the bridge to accept
and flag as it does for JSON chargers.

Answers are written in schema order as text, every element in the service namespace
(declared once, as the default namespace of the response element).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree

from bridge import ValidationError
from bridge.codec import format_timestamp
from wsdl.spec import OperationSpec, ServiceSpec

from ._envelope import Envelope
from ._plans import Leaf, Member, Plan, compile_model
from ._wire import SoapVersion, escape, local_name, split_tag, write_envelope

_TYPE = "TypeConstraintViolation"
_PROPERTY = "PropertyConstraintViolation"
_OCCURRENCE = "OccurenceConstraintViolation"  # OCPP-J 1.6 section 4.2.3 spells it so
_FORMATION = "FormationViolation"

_BOOLEANS: Final = {"true": True, "1": True, "false": False, "0": False}


class EncodeError(Exception):
    """An answer that does not fit the response schema: our bug, never the charger's."""


# --- decoding -----------------------------------------------------------------------------


class _Invalid(Exception):
    """A value that breaks the schema, found at ``element`` (or its attribute)."""

    def __init__(self, element: etree._Element, name: str | None, reason: str, code: str) -> None:
        super().__init__(reason)
        self.element = element
        self.name = name  # an attribute or a missing child of ``element``
        self.reason = reason
        self.code = code


class _Bad(Exception):
    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def _decode(plan: Plan, element: etree._Element, lenient: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if plan.attributes:
        for key, raw in element.items():
            attribute = plan.attributes.get(local_name(key))
            if not isinstance(raw, str):  # lxml-stubs allow bytes; parsed values are str
                raw = raw.decode()
            if attribute is not None:  # others (xsi:type, xsi:nil, foreign) are not ours
                try:
                    out[attribute.name] = _value(attribute, raw, lenient)
                except _Bad as bad:
                    raise _Invalid(element, attribute.name, bad.reason, bad.code) from None
    if plan.text is not None:
        try:
            out[plan.text.name] = _value(plan.text, element.text, lenient)
        except _Bad as bad:
            raise _Invalid(element, None, bad.reason, bad.code) from None
    by_tag = plan.by_tag
    for child in element:
        tag = child.tag
        member = by_tag.get(tag)  # the schema's own namespace: the common case
        if member is None:
            member = plan.elements.get(local_name(tag))
            if member is None:
                if not isinstance(tag, str):
                    continue
                raise _Invalid(child, None, f"unexpected element in {plan.type_name}", _FORMATION)
        if member.plan is not None:
            value: Any = _decode(member.plan, child, lenient)
        elif len(child):
            raise _Invalid(child, None, "must hold text, not elements", _FORMATION)
        elif member.plain:
            value = child.text or ""
        elif (text := child.text) in member.exact:
            value = text
        else:
            try:
                value = _value(member, text, lenient)
            except _Bad as bad:
                raise _Invalid(child, None, bad.reason, bad.code) from None
        name = member.name
        if member.repeated:
            items = out.get(name)
            if items is None:
                out[name] = [value]
            else:
                items.append(value)
        elif name in out:
            raise _Invalid(child, None, "occurs more than once", _OCCURRENCE)
        else:
            out[name] = value
    for name in plan.required:
        if name not in out:
            raise _Invalid(element, name, "required field is missing", _OCCURRENCE)
    return out


def _value(member: Member, raw: str | None, lenient: bool) -> Any:
    leaf = member.leaf
    assert leaf is not None
    kind = leaf.kind
    if kind == "string" and not leaf.values:
        text = raw or ""  # xs:string keeps its whitespace
        if (leaf.max_len is not None and len(text) > leaf.max_len) or len(text) < leaf.min_len:
            raise _Bad(_length_reason(leaf, text), _PROPERTY)
        if leaf.pattern is not None and not leaf.pattern.fullmatch(text):
            raise _Bad(f"{text!r} does not match {leaf.pattern.pattern!r}", _PROPERTY)
        return text
    text = (raw or "").strip()  # whitespace collapses for every other type we read
    if not text and lenient and not member.required:
        return ""  # the bridge takes an empty optional field as absent, flagged
    if kind == "string":  # an enumeration
        if text in leaf.values:
            return text
        if lenient and text.casefold() in leaf.folded:
            return text  # the bridge matches the case and flags it
        allowed = ", ".join(sorted(leaf.values))
        raise _Bad(f"{text!r} is not one of: {allowed}", _PROPERTY)
    if kind == "int":
        try:
            number = int(text)
        except ValueError:
            raise _Bad(f"{text!r} is not an integer", _TYPE) from None
        if "_" in text:  # Python reads "1_000"; XML Schema does not
            raise _Bad(f"{text!r} is not an integer", _TYPE)
        _check_range(leaf, number)
        return number
    if kind == "dateTime":
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            raise _Bad(f"{text!r} is not an xs:dateTime", _TYPE) from None
        return text
    if kind == "boolean":
        flag = _BOOLEANS.get(text)
        if flag is None:
            raise _Bad(f"{text!r} is not an xs:boolean", _TYPE)
        return flag
    try:
        amount = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise _Bad(f"{text!r} is not a decimal number", _TYPE) from None
    if not amount.is_finite() or "_" in text:
        raise _Bad(f"{text!r} is not a decimal number", _TYPE)
    _check_range(leaf, amount)
    exponent = amount.as_tuple().exponent
    if (
        leaf.fraction_digits is not None
        and isinstance(exponent, int)
        and -exponent > leaf.fraction_digits
    ):
        raise _Bad(f"{text!r} has more than {leaf.fraction_digits} fraction digits", _PROPERTY)
    return amount


def _check_range(leaf: Leaf, number: int | decimal.Decimal) -> None:
    if (
        (leaf.low is not None and number < leaf.low)
        or (leaf.high is not None and number > leaf.high)
        or (leaf.low_exclusive is not None and number <= leaf.low_exclusive)
        or (leaf.high_exclusive is not None and number >= leaf.high_exclusive)
    ):
        raise _Bad(f"{number} is out of range for {leaf.type_name}", _PROPERTY)


def _length_reason(leaf: Leaf, text: str) -> str:
    if leaf.max_len is not None and len(text) > leaf.max_len:
        return f"{len(text)} characters; {leaf.type_name} allows at most {leaf.max_len}"
    return f"{len(text)} characters; {leaf.type_name} needs at least {leaf.min_len}"


def _path(plan: Plan, root: etree._Element, invalid: _Invalid) -> str:
    """The OCPP path of the offending field, below the request element."""
    chain: list[etree._Element] = []
    element: etree._Element | None = invalid.element
    while element is not None and element is not root:
        chain.append(element)
        element = element.getparent()
    parts: list[str] = []
    current: Plan | None = plan
    for element in reversed(chain):
        local = local_name(element.tag)
        member = current.elements.get(local) if current is not None else None
        if member is not None and member.repeated:
            index = sum(
                1 for s in element.itersiblings(preceding=True) if local_name(s.tag) == local
            )
            parts.append(f"{local}[{index}]")
        else:
            parts.append(local)
        current = member.plan if member is not None else None
    if invalid.name is not None:
        parts.append(invalid.name)
    return ".".join(parts) or local_name(root.tag)


# --- encoding -----------------------------------------------------------------------------


def _encode(plan: Plan, data: Mapping[str, Any], parts: list[str], where: str) -> None:
    for member in plan.order:
        value = data.get(member.name)
        if value is None:
            if member.required:
                raise EncodeError(f"{where}{member.name} is required in {plan.type_name}")
            continue
        for item in value if member.repeated else (value,):
            if member.plan is not None:
                parts.append(_open(member, item))
                _encode(member.plan, item, parts, f"{where}{member.name}.")
            else:
                parts.append(member.open_tag)
                parts.append(_text(member, item, where))
            parts.append(member.close_tag)


def _open(member: Member, item: Mapping[str, Any]) -> str:
    assert member.plan is not None
    if not member.plan.attributes:
        return member.open_tag
    written = "".join(
        f' {name}="{_text(attribute, item[name], "")}"'
        for name, attribute in member.plan.attributes.items()
        if item.get(name) is not None
    )
    return f"<{member.name}{written}>"


def _text(member: Member, value: Any, where: str) -> str:
    leaf = member.leaf
    assert leaf is not None
    kind = leaf.kind
    if kind == "string":
        text = str(value)
        if leaf.values and text not in leaf.values:
            raise EncodeError(f"{where}{member.name}: {text!r} is not a {leaf.type_name}")
        return escape(text)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | decimal.Decimal | str):
            raise EncodeError(f"{where}{member.name}: {value!r} is not an integer")
        return str(int(value))
    if kind == "dateTime":
        if isinstance(value, dt.datetime):
            return format_timestamp(value)
        return escape(str(value))
    if kind == "boolean":
        return "true" if value else "false"
    return str(decimal.Decimal(value))


# --- per operation ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class OperationCodec:
    operation: OperationSpec
    request: Plan
    response: Plan
    response_start: str
    response_end: str
    response_empty: str

    def decode(self, element: etree._Element, lenient: bool) -> dict[str, Any]:
        """The payload of a request element; ValidationError names the bad field."""
        try:
            return _decode(self.request, element, lenient)
        except _Invalid as invalid:
            path = _path(self.request, element, invalid)
            raise ValidationError(path, invalid.reason, code=invalid.code) from None

    def encode(self, answer: Mapping[str, Any]) -> str:
        """The response element, as XML text."""
        if not self.response.order:
            return self.response_empty
        parts = [self.response_start]
        _encode(self.response, answer, parts, "")
        parts.append(self.response_end)
        return "".join(parts)


def compile_service(service: ServiceSpec) -> dict[str, OperationCodec]:
    """Codecs for every operation of ``service``, by request element (Clark notation)."""
    memo: dict[type, Plan] = {}
    codecs: dict[str, OperationCodec] = {}
    for operation in service.operations.values():
        namespace, local = split_tag(operation.response_element)
        start = f'<{local} xmlns="{escape(namespace)}">'
        codecs[operation.request_element] = OperationCodec(
            operation=operation,
            request=compile_model(operation.request_model, memo),
            response=compile_model(operation.response_model, memo),
            response_start=start,
            response_end=f"</{local}>",
            response_empty=f'<{local} xmlns="{escape(namespace)}"/>',
        )
    return codecs


# --- the codec the front door uses ----------------------------------------------------------


@dataclass(slots=True, eq=False)
class CompiledRequest:
    codec: OperationCodec
    soap: SoapVersion
    payload: dict[str, Any]

    def answer(self, answer: Mapping[str, Any], header_ns: str, header: str) -> bytes:
        return write_envelope(self.soap, header_ns, header, self.codec.encode(answer))


class CompiledCodec:
    name = "compiled"

    def __init__(self, services: Sequence[ServiceSpec]) -> None:
        self._codecs: dict[str, OperationCodec] = {}
        for service in services:
            self._codecs.update(compile_service(service))

    def decode(
        self,
        data: bytes,
        envelope: Envelope,
        service: ServiceSpec,
        operation: OperationSpec,
        lenient: bool,
    ) -> CompiledRequest:
        codec = self._codecs[operation.request_element]
        return CompiledRequest(codec, envelope.soap, codec.decode(envelope.request, lenient))
