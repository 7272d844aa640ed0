"""Helpers the generated modules use to declare schema-faithful spyne fields.

Spyne's defaults differ from XML Schema's: a member is ``minOccurs=0`` and ``nillable`` unless
told otherwise, and customising a *named* simple type without repeating its name makes spyne
invent a new anonymous-looking type (``Parent_fieldType``). These helpers undo both.
"""

from __future__ import annotations

from typing import Any

from spyne import ComplexModel, ModelBase, ServiceBase, SimpleModel, XmlAttribute, XmlData

from wsdl.namespaces import XSD


def element(
    model: type[ModelBase], min_occurs: int = 1, max_occurs: int | str = 1, nillable: bool = False
) -> type[ModelBase]:
    """A sequence member with XML Schema's occurrence defaults (exactly once, not nillable)."""
    kwargs: dict[str, Any] = {
        "min_occurs": min_occurs,
        "max_occurs": max_occurs,
        "nillable": nillable,
    }
    if issubclass(model, SimpleModel) and model.get_namespace() != XSD:
        kwargs["type_name"] = model.get_type_name()
    customized: type[ModelBase] = model.customize(**kwargs)
    return customized


def attribute(model: type[ModelBase], use: str | None = None) -> type[ModelBase]:
    """An XML attribute of the enclosing complex type."""
    attr: type[ModelBase] = XmlAttribute(model, use=use)
    return attr


def text(model: type[ModelBase]) -> type[ModelBase]:
    """The character content of a complex type with simple content."""
    data: type[ModelBase] = XmlData(model)
    return data


def bind_empty_request(
    service: type[ServiceBase], operation: str, model: type[ComplexModel]
) -> None:
    """Give a bare operation declared without an argument its official, empty request type.

    spyne raises LogicError for an empty model as the argument of a ``_body_style="bare"``
    method, so such operations are declared with no argument, which makes spyne invent a
    type named after the request element; this swaps the official type back in.
    """
    descriptor = service.public_methods[operation]
    if model.get_flat_type_info(model):
        raise ValueError(f"{model.get_type_name()} is not empty")
    invented = descriptor.in_message
    descriptor.in_message = model.customize(
        sub_name=invented.get_type_name(), sub_ns=invented.get_namespace()
    )
