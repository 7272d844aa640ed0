"""Base of every bridge dataclass: constraints that validate when an object is built.

Every OCPP object in the bridge is a frozen, slotted, keyword-only dataclass deriving
from :class:`Model`. Field constraints are written in the annotation with
``Annotated`` (``IdToken = Annotated[str, MaxLen(20)]``) and are checked in
``__post_init__``, so an invalid object cannot exist, whichever door built it.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from .errors import ValidationError


@dataclass(frozen=True, slots=True)
class MaxLen:
    """CiStringNN: at most ``n`` characters (OCPP 1.6 section 7.x CiString types)."""

    n: int

    def check(self, field: str, value: object) -> None:
        if isinstance(value, str) and len(value) > self.n:
            raise ValidationError.out_of_range(field, f"longer than {self.n} characters")


@dataclass(frozen=True, slots=True)
class Min:
    lowest: int | float

    def check(self, field: str, value: object) -> None:
        if isinstance(value, int | float) and value < self.lowest:
            raise ValidationError.out_of_range(field, f"must be >= {self.lowest}")


@dataclass(frozen=True, slots=True)
class Max:
    highest: int | float

    def check(self, field: str, value: object) -> None:
        if isinstance(value, int | float) and value > self.highest:
            raise ValidationError.out_of_range(field, f"must be <= {self.highest}")


Constraint = MaxLen | Min | Max
# (attribute, wire name, constraints on the value, constraints on each item of a tuple)
_Plan = tuple[tuple[str, str, tuple[Constraint, ...], tuple[Constraint, ...]], ...]

CiString20 = Annotated[str, MaxLen(20)]
CiString25 = Annotated[str, MaxLen(25)]
CiString50 = Annotated[str, MaxLen(50)]
CiString255 = Annotated[str, MaxLen(255)]
CiString500 = Annotated[str, MaxLen(500)]
IdToken = CiString20
ConnectorId = Annotated[int, Min(0), Max(2**31 - 1)]
NonNegative = Annotated[int, Min(0)]
# OCPP's integer has no bound, but what we keep must fit a 64-bit column: a transaction
# id or meter reading beyond it is refused naming the field, not failed in storage.
# (Real chargers do send 2**63-1 as "no transaction": that still fits.)
Int64 = Annotated[int, Min(-(2**63)), Max(2**63 - 1)]
Int32 = Annotated[int, Min(-(2**31)), Max(2**31 - 1)]


def _constraints(cls: type) -> _Plan:
    hints = typing.get_type_hints(cls, include_extras=True)
    plan: list[tuple[str, str, tuple[Constraint, ...], tuple[Constraint, ...]]] = []
    for f in dataclasses.fields(cls):
        found = _annotated_constraints(hints[f.name])
        per_item = _item_constraints(hints[f.name])
        if found or per_item:
            plan.append((f.name, wire_name(f), found, per_item))
    return tuple(plan)


def wire_name(f: dataclasses.Field[Any]) -> str:
    """The OCPP (camelCase) name of a bridge field: ``connector_id`` -> ``connectorId``."""
    explicit = f.metadata.get("wire")
    if explicit is not None:
        return str(explicit)
    head, *rest = f.name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _item_constraints(hint: Any) -> tuple[Constraint, ...]:
    """Constraints on the items of a ``tuple[X, ...]`` (or ``tuple[X, ...] | None``) field:
    ``GetConfiguration.key`` is a list of CiString50."""
    for candidate in (hint, *typing.get_args(hint)):
        if typing.get_origin(candidate) is tuple:
            item, *_ = typing.get_args(candidate)
            return _annotated_constraints(item)
    return ()


def _annotated_constraints(hint: Any) -> tuple[Constraint, ...]:
    """Constraints on ``hint`` itself, or on its non-None member (``X | None``)."""
    if typing.get_origin(hint) is Annotated:
        return tuple(m for m in hint.__metadata__ if isinstance(m, MaxLen | Min | Max))
    found: list[Constraint] = []
    for arg in typing.get_args(hint):
        if typing.get_origin(arg) is Annotated:
            found.extend(m for m in arg.__metadata__ if isinstance(m, MaxLen | Min | Max))
    return tuple(found)


class Model:
    """Mixin for bridge dataclasses: validates annotated constraints when built."""

    __slots__ = ()
    _constraint_plan: ClassVar[_Plan | None] = None

    def __post_init__(self) -> None:
        cls = type(self)
        plan = cls.__dict__.get("_constraint_plan")
        if plan is None:
            plan = _constraints(cls)
            type.__setattr__(cls, "_constraint_plan", plan)
        for name, wire, constraints, per_item in plan:
            value = getattr(self, name)
            if value is None:
                continue
            for constraint in constraints:
                constraint.check(wire, value)
            if per_item:
                for i, item in enumerate(value):
                    for constraint in per_item:
                        constraint.check(f"{wire}[{i}]", item)
