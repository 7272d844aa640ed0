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
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar, cast

from .errors import ValidationError
from .model import wire_name
from .text import unstorable

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


# A decoder turns one raw JSON value into its bridge value. It gets the parent's path and
# its own key separately, so the dotted path is only built when something is wrong.
_Decoder = Callable[[Any, str, str, _Ctx], Any]
_DECODERS: dict[Any, _Decoder] = {}


def decode(cls: type[T], data: object, *, lenient: bool = True) -> Decoded[T]:
    """Build ``cls`` from its OCPP 1.6 JSON shape, or raise ValidationError naming the field."""
    ctx = _Ctx(lenient)
    value = _decoder(cls)(data, "", "", ctx)
    return Decoded(value, tuple(ctx.flags))


def _join(path: str, name: str) -> str:
    if not path:
        return name
    if not name:
        return path
    return f"{path}{name}" if name.startswith("[") else f"{path}.{name}"


def _decoder(hint: Any) -> _Decoder:
    """The decoder for a type, compiled once: the type hints are read here, not per value."""
    found = _DECODERS.get(hint)
    if found is None:
        found = _DECODERS[hint] = _compile(hint)
    return found


def _compile(hint: Any) -> _Decoder:
    origin = typing.get_origin(hint)
    if origin is list or origin is tuple:
        item_hint, _ = _strip(typing.get_args(hint)[0])
        return _array_decoder(_decoder(item_hint))
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return _model_decoder(hint)
        if issubclass(hint, enum.Enum):
            return _enum_decoder(hint)
        simple = _SIMPLE.get(hint)
        if simple is not None:
            return simple
    if hint is Any or hint is object:
        return lambda raw, parent, key, ctx: raw
    raise TypeError(f"bridge codec cannot decode {hint!r}")  # our bug, not theirs


def _model_decoder(cls: type[Any]) -> _Decoder:
    """A decoder written for ``cls`` and compiled: the field loop unrolled, with the
    common case of each field (a present value of the right type) checked inline and
    everything else left to the field's own decoder. It does what a loop over
    ``_plan(cls)`` would, in the same order (the flags come out the same)."""
    plan = _plan(cls)
    known = frozenset(f.wire for f in plan)
    env: dict[str, Any] = {
        "cls": cls,
        "known": known,
        "_join": _join,
        "_check_unknown_fields": _check_unknown_fields,
        "ValidationError": ValidationError,
    }
    lines = [
        "def decode_model(data, parent, key, ctx):",
        "    path = _join(parent, key)",
        "    if not isinstance(data, dict):",
        "        raise ValidationError(path or 'payload', 'must be an object')",
        "    present = 0",
    ]
    # Every field passed by keyword, its default written in when absent; a class where
    # that would not be the same as leaving it out (a field outside __init__, or one
    # without a default) gets a kwargs dict as the loop built.
    by_keyword = all(f.init for f in dataclasses.fields(cls)) and not any(
        f.required and f.optional for f in plan
    )
    if not by_keyword:
        lines.append("    kwargs = {}")
    arguments = []
    for i, f in enumerate(plan):
        dec = _decoder(f.hint)
        env[f"dec{i}"] = dec
        empty_is_absent = f.hint is not str and (f.optional or not f.required)
        wire = repr(f.wire)
        lines.append(f"    raw = data.get({wire})")
        if empty_is_absent:
            # An empty string is a valid optional *string*; for a number, enum or
            # date-time it can only mean "absent" (seen on several 1.6 firmwares).
            lines += [
                "    if raw == '':",
                f"        ctx.tolerate('empty_string', _join(path, {wire}),"
                " 'empty string in an optional field')",
                "        raw = None",
            ]
        lines.append("    if raw is None:")
        if f.required and not f.optional:
            lines.append(f"        raise ValidationError.missing(_join(path, {wire}))")
        elif by_keyword:
            lines.append(f"        v{i} = {_default_expression(cls, f, i, env)}")
        else:
            lines.append("        pass")
        lines += ["    else:", "        present += 1"]
        common = _inline_check(f.hint, dec, i, env)
        call = f"dec{i}(raw, path, {wire}, ctx)"
        value = f"v{i}" if by_keyword else f"kwargs[{f.attr!r}]"
        if common is None:
            lines.append(f"        {value} = {call}")
        else:
            lines.append(f"        {value} = {common} else {call}")
        arguments.append(f"{f.attr}=v{i}")
    lines += [
        "    if len(data) > present:",
        "        _check_unknown_fields(known, data, path, ctx)",
        "    try:",
        f"        return cls({', '.join(arguments) if by_keyword else '**kwargs'})",
        "    except ValidationError as exc:",
        "        raise ValidationError(_join(path, exc.field), exc.reason,"
        " code=exc.ocpp_code) from None",
    ]
    return cast(_Decoder, _compile_function("\n".join(lines), "decode_model", cls, env))


def _default_expression(cls: type, f: _Field, i: int, env: dict[str, Any]) -> str:
    """What leaving the field out of ``cls(...)`` would give it."""
    field_ = next(x for x in dataclasses.fields(cls) if x.name == f.attr)
    if field_.default_factory is not dataclasses.MISSING:
        env[f"factory{i}"] = field_.default_factory
        return f"factory{i}()"
    env[f"default{i}"] = field_.default
    return f"default{i}"


def _inline_check(hint: Any, dec: _Decoder, i: int, env: dict[str, Any]) -> str | None:
    """An expression ``<value> if <the value is already right>`` for the field's usual
    case, giving what ``dec`` would give; None when there is no such shortcut."""
    if dec is _decode_str:  # text that is ASCII without NUL is always storable
        return "raw if isinstance(raw, str) and raw.isascii() and '\\x00' not in raw"
    if dec is _decode_int_field:
        return "raw if type(raw) is int"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        env[f"members{i}"] = _enum_members(hint)
        return f"m if isinstance(raw, str) and (m := members{i}.get(raw)) is not None"
    return None


def _compile_function(source: str, name: str, cls: type, env: dict[str, Any]) -> Any:
    code = compile(source, f"<bridge.codec {name} of {cls.__qualname__}>", "exec")
    exec(code, env)  # the source was written from the dataclass's own fields
    return env[name]


def _check_unknown_fields(
    known: frozenset[str], data: dict[str, Any], path: str, ctx: _Ctx
) -> None:
    """OCPP 1.6 schemas forbid additional properties. An integrator's typo
    (``connectorID``) must not silently become "any connector", so strict mode refuses
    unknown fields; lenient mode keeps a charger's vendor extras out and flags them."""
    for key in data:
        if key not in known:
            ctx.tolerate("unknown_field", _join(path, str(key)), "is not a field of this message")


def _array_decoder(item: _Decoder) -> _Decoder:
    def decode_array(raw: Any, parent: str, key: str, ctx: _Ctx) -> tuple[Any, ...]:
        if isinstance(raw, dict):
            ctx.tolerate("object_for_array", _join(parent, key), "an object where an array belongs")
            raw = [raw]
        if not isinstance(raw, list):
            raise ValidationError(_join(parent, key), "must be an array")
        path = _join(parent, key)
        if len(raw) <= len(_INDEXES):
            indexes = _INDEXES[: len(raw)]
            return tuple([item(v, path, index, ctx) for v, index in zip(raw, indexes, strict=True)])
        return tuple([item(v, path, f"[{i}]", ctx) for i, v in enumerate(raw)])

    return decode_array


_INDEXES = tuple(f"[{i}]" for i in range(64))  # the keys of an array's items, made once


def _enum_members(cls: type[enum.Enum]) -> dict[str, enum.Enum]:
    """Each value's member, and the spellings the official schemas allow besides."""
    members: dict[str, enum.Enum] = {str(m.value): m for m in cls}
    for spelling, value in _SPELLINGS.items():
        if value in members:
            members[spelling] = members[value]
    return members


def _enum_decoder(cls: type[enum.Enum]) -> _Decoder:
    members = _enum_members(cls)
    folded = {str(m.value).casefold(): m for m in cls}
    allowed = ", ".join(str(m.value) for m in cls)

    def decode_enum(raw: Any, parent: str, key: str, ctx: _Ctx) -> enum.Enum:
        member = members.get(raw) if isinstance(raw, str) else None
        if member is not None:
            return member
        path = _join(parent, key)
        if not isinstance(raw, str):
            raise ValidationError(path, "must be a string")
        member = folded.get(raw.strip().casefold())
        if member is not None:
            ctx.tolerate(
                "enum_case",
                path,
                f"{raw!r} is not a valid value",
                code="PropertyConstraintViolation",
            )
            return member
        raise ValidationError(
            path, f"{raw!r} is not one of: {allowed}", code="PropertyConstraintViolation"
        )

    return decode_enum


def _decode_bool(raw: Any, parent: str, key: str, ctx: _Ctx) -> bool:
    if isinstance(raw, bool):
        return raw
    raise ValidationError(_join(parent, key), "must be a boolean")


def _decode_str(raw: Any, parent: str, key: str, ctx: _Ctx) -> str:
    if not isinstance(raw, str):
        raise ValidationError(_join(parent, key), "must be a string")
    problem = unstorable(raw)
    if problem is not None:
        raise ValidationError.out_of_range(_join(parent, key), problem)
    return raw


def _decode_int_field(raw: Any, parent: str, key: str, ctx: _Ctx) -> int:
    if type(raw) is int:
        return raw
    return _decode_int(raw, _join(parent, key), ctx)


def _decode_decimal_field(raw: Any, parent: str, key: str, ctx: _Ctx) -> Decimal:
    return _decode_decimal(raw, _join(parent, key), ctx)


def _decode_datetime_field(raw: Any, parent: str, key: str, ctx: _Ctx) -> dt.datetime:
    return _decode_datetime(raw, _join(parent, key), ctx)


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
    return _in_utc(value, path), False


def _in_utc(value: dt.datetime, path: str) -> dt.datetime:
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is in the year 0 in UTC
        raise ValidationError.out_of_range(path, "date-time is out of range in UTC") from None


def _decode_datetime(raw: object, path: str, ctx: _Ctx) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        if raw.tzinfo is None:
            ctx.tolerate("naive_timestamp", path, "date-time has no time zone")
            return raw.replace(tzinfo=dt.UTC)
        return _in_utc(raw, path)
    if not isinstance(raw, str):
        raise ValidationError(path, "must be a date-time string")
    value, naive = parse_timestamp(raw, path, lenient=True)
    if naive:
        ctx.tolerate("naive_timestamp", path, "date-time has no time zone")
    return value


_SIMPLE: dict[Any, _Decoder] = {
    bool: _decode_bool,
    str: _decode_str,
    int: _decode_int_field,
    Decimal: _decode_decimal_field,
    dt.datetime: _decode_datetime_field,
}


def format_timestamp(value: dt.datetime) -> str:
    """UTC, millisecond precision, ``Z`` suffix: what every charger parses."""
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    # This runs for every answer: isoformat() is the cheapest way to the digits (strftime,
    # a naive copy or timespec= all cost more). "YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00", cut
    # to milliseconds (truncated, not rounded).
    text = value.isoformat()
    return f"{text[:23]}Z" if value.microsecond else f"{text[:19]}.000Z"


def encode(obj: object) -> dict[str, Any]:
    """A bridge object to its OCPP 1.6 JSON shape; absent fields (None, or the empty
    tuple that stands for an absent ``transactionData``) are left out."""
    return _encoder(type(obj))(obj)


_Encoder = Callable[[Any], dict[str, Any]]
_ENCODERS: dict[type, _Encoder] = {}


def _encoder(cls: type) -> _Encoder:
    found = _ENCODERS.get(cls)
    if found is None:
        # A placeholder while the fields' own encoders are made (a type that holds itself).
        _ENCODERS[cls] = lambda obj: _ENCODERS[cls](obj)
        try:
            found = _ENCODERS[cls] = _model_encoder(cls)
        except BaseException:
            del _ENCODERS[cls]
            raise
    return found


def _model_encoder(cls: type) -> _Encoder:
    """An encoder written for ``cls`` and compiled, as ``_model_decoder``: each field's
    usual type is written inline, anything else goes to ``_encode_value``, which decides
    by the value's own type as the loop did."""
    env: dict[str, Any] = {"_encode_value": _encode_value, "format_timestamp": format_timestamp}
    lines = ["def encode_model(obj):", "    out = {}"]
    for i, f in enumerate(_plan(cls)):
        lines.append(f"    v = obj.{f.attr}")
        absent = "v is not None and v != ()" if f.empty_is_absent else "v is not None"
        lines += [
            f"    if {absent}:",
            f"        out[{f.wire!r}] = {_encode_expression(f.hint, i, env)}",
        ]
    lines.append("    return out")
    return cast(_Encoder, _compile_function("\n".join(lines), "encode_model", cls, env))


def _encode_expression(hint: Any, i: int, env: dict[str, Any]) -> str:
    """What ``_encode_value(v)`` gives, with the field's usual type of value first."""
    fallback = "_encode_value(v)"
    if typing.get_origin(hint) is tuple:
        item, _ = _strip(typing.get_args(hint)[0])
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            env[f"item{i}"], env[f"encode{i}"] = item, _encoder(item)
            each = f"encode{i}(x) if type(x) is item{i} else _encode_value(x)"
            return f"[{each} for x in v] if type(v) is tuple else {fallback}"
    if isinstance(hint, type):
        env[f"hint{i}"] = hint
        if issubclass(hint, enum.Enum):
            return f"v._value_ if type(v) is hint{i} else {fallback}"
        if hint is dt.datetime:
            return f"format_timestamp(v) if type(v) is hint{i} else {fallback}"
        if dataclasses.is_dataclass(hint):
            env[f"encode{i}"] = _encoder(hint)
            return f"encode{i}(v) if type(v) is hint{i} else {fallback}"
    # Plain str and int are the JSON value itself (a str or int enum member is not).
    return f"v if type(v) is str or type(v) is int else {fallback}"


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
