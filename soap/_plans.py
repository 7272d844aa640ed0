"""Plans compiled at startup from the generated spyne models (``wsdl._generated``): what
each complex type holds and what each value must look like, read off the models'
``_type_info`` (children in schema order, ``min_occurs``/``max_occurs``, enumerations,
lengths, numeric bounds, XML attributes and simple content), so nothing is written per
operation and the contract stays the official WSDL's. ``_codec`` walks them.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spyne import ComplexModelBase, ModelBase
from spyne.model.complex import XmlAttribute, XmlData
from spyne.model.primitive import Boolean, DateTime, Decimal, Integer, Unicode


@dataclass(frozen=True, slots=True, eq=False)
class Leaf:
    """A simple type: what a value must look like."""

    type_name: str
    kind: str  # "string", "int", "decimal", "boolean" or "dateTime"
    values: frozenset[str]  # the enumeration; empty when there is none
    folded: frozenset[str]  # the enumeration case-folded, for lenient matching
    min_len: int
    max_len: int | None
    low: decimal.Decimal | None  # inclusive bounds (xs:minInclusive, spyne's ge)...
    high: decimal.Decimal | None
    low_exclusive: decimal.Decimal | None  # ...and exclusive ones (spyne's gt, lt)
    high_exclusive: decimal.Decimal | None
    pattern: re.Pattern[str] | None
    fraction_digits: int | None  # xs:fractionDigits of a decimal


@dataclass(frozen=True, slots=True, eq=False)
class Member:
    name: str
    required: bool
    repeated: bool
    leaf: Leaf | None  # a simple type...
    plan: Plan | None  # ...or a complex one
    open_tag: str  # as we write it: qualified by the default namespace of the answer
    close_tag: str
    plain: bool  # an xs:string without facets: the text as it is, nothing to check
    exact: frozenset[str | None]  # an enumeration's values: text that is one of them is valid


@dataclass(frozen=True, slots=True, eq=False)
class Plan:
    """A complex type."""

    type_name: str
    elements: Mapping[str, Member]  # child elements by local name
    by_tag: Mapping[str, Member]  # the same by qualified name (Clark notation), to match first
    order: tuple[Member, ...]  # child elements in schema order
    attributes: Mapping[str, Member]
    text: Member | None  # simple content (the 1.5 meter reading's value)
    required: tuple[str, ...]


def compile_model(model: type[ModelBase], memo: dict[type, Plan] | None = None) -> Plan:
    """The plan of a spyne ComplexModel (and of every complex type it contains)."""
    memo = {} if memo is None else memo
    if model in memo:
        return memo[model]
    elements: dict[str, Member] = {}
    attributes: dict[str, Member] = {}
    text: Member | None = None
    for name, member_type in model.get_flat_type_info(model).items():
        if issubclass(member_type, XmlAttribute):
            use = getattr(member_type, "_use", None)
            attributes[name] = _member(name, member_type.type, use == "required", False, memo)
        elif issubclass(member_type, XmlData):
            text = _member(name, member_type.type, False, False, memo)
        else:
            attrs = member_type.Attributes
            repeated = attrs.max_occurs > 1
            elements[name] = _member(name, member_type, attrs.min_occurs > 0, repeated, memo)
    namespace = model.get_namespace()
    plan = Plan(
        type_name=model.get_type_name(),
        elements=elements,
        by_tag={f"{{{namespace}}}{name}": member for name, member in elements.items()},
        order=tuple(elements.values()),
        attributes=attributes,
        text=text,
        required=tuple(m.name for m in elements.values() if m.required),
    )
    memo[model] = plan
    return plan


def _member(
    name: str, model: type[ModelBase], required: bool, repeated: bool, memo: dict[type, Plan]
) -> Member:
    if issubclass(model, ComplexModelBase):
        plan = compile_model(model, memo)
        return Member(name, required, repeated, None, plan, *_tags(name), False, frozenset())
    leaf = _leaf(model)
    plain = (
        leaf.kind == "string"
        and not leaf.values
        and leaf.max_len is None
        and not leaf.min_len
        and leaf.pattern is None
    )
    exact: frozenset[str | None] = frozenset()
    if leaf.kind == "string" and leaf.values and leaf.pattern is None:
        exact = frozenset(
            v for v in leaf.values if len(v) >= leaf.min_len and len(v) <= (leaf.max_len or len(v))
        )
    return Member(name, required, repeated, leaf, None, *_tags(name), plain, exact)


def _tags(name: str) -> tuple[str, str]:
    return f"<{name}>", f"</{name}>"


def _leaf(model: type[ModelBase]) -> Leaf:
    attrs = model.Attributes
    if issubclass(model, Unicode):
        kind = "string"
    elif issubclass(model, Integer):  # before Decimal: spyne's Integer is a Decimal
        kind = "int"
    elif issubclass(model, Decimal):
        kind = "decimal"
    elif issubclass(model, Boolean):
        kind = "boolean"
    elif issubclass(model, DateTime):
        kind = "dateTime"
    else:
        raise TypeError(f"the SOAP codec has no plan for {model.get_type_name()} ({model})")
    numeric = kind in ("int", "decimal")
    values = frozenset(str(v) for v in (getattr(attrs, "values", None) or ()))
    pattern = getattr(attrs, "pattern", None)
    max_len = getattr(attrs, "max_len", None)
    return Leaf(
        type_name=model.get_type_name() or kind,
        kind=kind,
        values=values,
        folded=frozenset(v.casefold() for v in values),
        min_len=int(getattr(attrs, "min_len", 0) or 0),
        max_len=_finite_int(max_len),
        low=_bound(attrs, ("ge", "min_bound"), max) if numeric else None,
        high=_bound(attrs, ("le", "max_bound"), min) if numeric else None,
        low_exclusive=_bound(attrs, ("gt",), max) if numeric else None,
        high_exclusive=_bound(attrs, ("lt",), min) if numeric else None,
        pattern=re.compile(pattern) if pattern else None,
        fraction_digits=_finite_int(getattr(attrs, "fraction_digits", None)) if numeric else None,
    )


def _finite_int(value: Any) -> int | None:
    return None if value is None or not decimal.Decimal(value).is_finite() else int(value)


def _bound(attrs: Any, names: Sequence[str], tightest: Any) -> decimal.Decimal | None:
    """The tightest finite bound among spyne's facets ``names``, or None."""
    found = [
        decimal.Decimal(value)
        for value in (getattr(attrs, name, None) for name in names)
        if value is not None and decimal.Decimal(value).is_finite()
    ]
    return tightest(found) if found else None
