"""Bridge objects to and from their OCPP 1.6 JSON shape (camelCase dicts).

``decode`` is where wire data becomes typed: every field is coerced, checked and,
when wrong, refused with a :class:`ValidationError` that names the field by its OCPP
path (``meterValue[0].sampledValue[2].unit``). In lenient mode it tolerates what can be
understood without misreading data, and says so in :attr:`Decoded.flags`, which the
caller stores with the row:

- a timestamp without a zone is taken as UTC (``naive_timestamp:<path>``);
- an empty string in an optional non-string field is taken as absent
  (``empty_string:<path>``);
- an enumeration value in the wrong case is matched (``enum_case:<path>``);
- a whole number written as a decimal string or float for an integer field
  (``"10.0"``) is taken (``decimal_integer:<path>``); a fraction is refused.
- a field the message does not have is left out (``unknown_field:<path>``);
- a single object where an array belongs is taken as a one-item array
  (``object_for_array:<path>``; real chargers send ``meterValue`` as an object);
- a number written as a string for a decimal field (``"12.5"``) is taken
  (``decimal_string:<path>``).

In strict mode each of these is a ValidationError instead. In both modes a number is
refused when it has more than :data:`MAX_NUMBER_DIGITS` digits before the point.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import sys
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

from .errors import ValidationError
from .model import wire_name

T = TypeVar("T")

# The most digits ``json.loads`` accepts in an integer literal. A string or float such as
# "1e999999999" would otherwise become an integer of a billion digits (minutes of CPU).
MAX_NUMBER_DIGITS = sys.int_info.default_max_str_digits

# Spellings the official schemas allow besides the enumeration's own value. OCPP-J 1.6
# errata ("MeterValues.json and StopTransaction.json incorrect spelling of Celsius"): the
# OCA schemas spell the unit "Celcius", chargers are told to keep sending it, and a
# central system must accept both spellings.
_SPELLINGS = {"Celcius": "Celsius"}


@dataclass(frozen=True, slots=True)
class Decoded(Generic[T]):
    value: T
    flags: tuple[str, ...] = ()


@dataclass(slots=True)
class _Field:
    attr: str
    wire: str
    hint: Any  # the type with Optional and Annotated removed
    optional: bool
    required: bool  # no default: must be present
    empty_is_absent: bool  # the default is (): an empty tuple is left out by ``encode``


_PLANS: dict[type, tuple[_Field, ...]] = {}


def _strip(hint: Any) -> tuple[Any, bool]:
    """Remove ``Annotated`` and ``| None``; say whether None was allowed."""
    optional = False
    if typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) != len(typing.get_args(hint))
        hint = args[0] if len(args) == 1 else typing.Union[tuple(args)]  # noqa: UP007
        if typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
    return hint, optional


def _plan(cls: type) -> tuple[_Field, ...]:
    plan = _PLANS.get(cls)
    if plan is None:
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = []
        for f in dataclasses.fields(cls):
            hint, optional = _strip(hints[f.name])
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            empty_is_absent = f.default == ()
            fields.append(_Field(f.name, wire_name(f), hint, optional, required, empty_is_absent))
        plan = _PLANS[cls] = tuple(fields)
    return plan


@dataclass(slots=True)
class _Ctx:
    lenient: bool
    flags: list[str] = field(default_factory=list)

    def tolerate(self, flag: str, path: str, reason: str, *, code: str | None = None) -> None:
        if not self.lenient:
            raise ValidationError(path, reason, code=code)
        self.flags.append(f"{flag}:{path}")


def decode(cls: type[T], data: object, *, lenient: bool = True) -> Decoded[T]:
    """Build ``cls`` from its OCPP 1.6 JSON shape, or raise ValidationError naming the field."""
    ctx = _Ctx(lenient)
    value = _decode_model(cls, data, "", ctx)
    return Decoded(value, tuple(ctx.flags))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _decode_model(cls: type[T], data: object, path: str, ctx: _Ctx) -> T:
    if not isinstance(data, dict):
        raise ValidationError(path or "payload", "must be an object")
    kwargs: dict[str, Any] = {}
    for f in _plan(cls):
        fpath = _join(path, f.wire)
        raw = data.get(f.wire)
        if raw == "" and (f.optional or not f.required) and f.hint is not str:
            # An empty string is a valid optional *string*; for a number, enum or
            # date-time it can only mean "absent" (seen on several 1.6 firmwares).
            ctx.tolerate("empty_string", fpath, "empty string in an optional field")
            raw = None
        if raw is None:
            if f.required and not f.optional:
                raise ValidationError.missing(fpath)
            continue
        kwargs[f.attr] = _decode_value(f.hint, raw, fpath, ctx)
    if len(data) > len(kwargs):
        _check_unknown_fields(cls, data, path, ctx)
    try:
        return cls(**kwargs)
    except ValidationError as exc:
        raise ValidationError(_join(path, exc.field), exc.reason, code=exc.ocpp_code) from None


def _check_unknown_fields(cls: type, data: dict[str, Any], path: str, ctx: _Ctx) -> None:
    """OCPP 1.6 schemas forbid additional properties. An integrator's typo
    (``connectorID``) must not silently become "any connector", so strict mode refuses
    unknown fields; lenient mode keeps a charger's vendor extras out and flags them."""
    known = {f.wire for f in _plan(cls)}
    for key in data:
        if key not in known:
            ctx.tolerate("unknown_field", _join(path, str(key)), "is not a field of this message")


def _decode_value(hint: Any, raw: object, path: str, ctx: _Ctx) -> Any:
    origin = typing.get_origin(hint)
    if origin is list or origin is tuple:
        (item,) = typing.get_args(hint)[:1]
        if isinstance(raw, dict):
            ctx.tolerate("object_for_array", path, "an object where an array belongs")
            raw = [raw]
        if not isinstance(raw, list):
            raise ValidationError(path, "must be an array")
        item_hint, _ = _strip(item)
        return tuple(_decode_value(item_hint, v, f"{path}[{i}]", ctx) for i, v in enumerate(raw))
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return _decode_model(hint, raw, path, ctx)
        if issubclass(hint, enum.Enum):
            return _decode_enum(hint, raw, path, ctx)
        if hint is bool:
            if isinstance(raw, bool):
                return raw
            raise ValidationError(path, "must be a boolean")
        if hint is int:
            return _decode_int(raw, path, ctx)
        if hint is Decimal:
            return _decode_decimal(raw, path, ctx)
        if hint is str:
            if isinstance(raw, str):
                return raw
            raise ValidationError(path, "must be a string")
        if hint is dt.datetime:
            return _decode_datetime(raw, path, ctx)
    if hint is Any or hint is object:
        return raw
    raise TypeError(f"bridge codec cannot decode {hint!r} at {path}")  # our bug, not theirs


def _decode_enum(cls: type[enum.Enum], raw: object, path: str, ctx: _Ctx) -> enum.Enum:
    if not isinstance(raw, str):
        raise ValidationError(path, "must be a string")
    try:
        return cls(raw)
    except ValueError:
        pass
    if raw in _SPELLINGS:
        try:
            return cls(_SPELLINGS[raw])
        except ValueError:
            pass
    folded = raw.strip().casefold()
    for member in cls:
        if str(member.value).casefold() == folded:
            ctx.tolerate(
                "enum_case",
                path,
                f"{raw!r} is not a valid value",
                code="PropertyConstraintViolation",
            )
            return member
    allowed = ", ".join(str(m.value) for m in cls)
    raise ValidationError(
        path, f"{raw!r} is not one of: {allowed}", code="PropertyConstraintViolation"
    )


def _decode_int(raw: object, path: str, ctx: _Ctx) -> int:
    if isinstance(raw, bool):
        raise ValidationError(path, "must be an integer")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float | str):
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ValidationError(path, "must be an integer") from None
        if number.is_finite() and number == number.to_integral_value():
            _check_magnitude(number, path)
            ctx.tolerate("decimal_integer", path, "must be an integer")
            return int(number)
    raise ValidationError(path, "must be an integer")


def _check_magnitude(number: Decimal, path: str) -> None:
    if number and number.adjusted() >= MAX_NUMBER_DIGITS:
        raise ValidationError.out_of_range(path, f"more than {MAX_NUMBER_DIGITS} digits")


def _decode_decimal(raw: object, path: str, ctx: _Ctx) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        raise ValidationError(path, "must be a number")
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError(path, "must be a number") from None
    if not number.is_finite():
        raise ValidationError(path, "must be a finite number")
    _check_magnitude(number, path)
    if isinstance(raw, str):
        ctx.tolerate("decimal_string", path, "must be a number, not a string")
    return number


def parse_timestamp(raw: str, path: str, *, lenient: bool = True) -> tuple[dt.datetime, bool]:
    """ISO 8601 to an aware UTC datetime; the bool says the zone was missing."""
    text = raw.strip()
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(path, f"{raw!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        if not lenient:
            raise ValidationError(path, "date-time has no time zone")
        return value.replace(tzinfo=dt.UTC), True
    return value.astimezone(dt.UTC), False


def _decode_datetime(raw: object, path: str, ctx: _Ctx) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        if raw.tzinfo is None:
            ctx.tolerate("naive_timestamp", path, "date-time has no time zone")
            return raw.replace(tzinfo=dt.UTC)
        return raw.astimezone(dt.UTC)
    if not isinstance(raw, str):
        raise ValidationError(path, "must be a date-time string")
    value, naive = parse_timestamp(raw, path, lenient=True)
    if naive:
        ctx.tolerate("naive_timestamp", path, "date-time has no time zone")
    return value


def format_timestamp(value: dt.datetime) -> str:
    """UTC, millisecond precision, ``Z`` suffix: what every charger parses."""
    utc = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def encode(obj: object) -> dict[str, Any]:
    """A bridge object to its OCPP 1.6 JSON shape; absent fields (None, or the empty
    tuple that stands for an absent ``transactionData``) are left out."""
    out: dict[str, Any] = {}
    for f in _plan(type(obj)):
        value = getattr(obj, f.attr)
        if value is None or (f.empty_is_absent and value == ()):
            continue
        out[f.wire] = _encode_value(value)
    return out


def _encode_value(value: object) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple | list):
        return [_encode_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return encode(value)
    return value
