"""Tolerance for real chargers, before the bridge: one table, lenient mode only.

Where each tolerated case of the OCPP-J front door is handled. Strict mode answers the
CALLERROR in the last column instead: the ocpp library's schema validation runs first
there and names most of them (tests/json_ws/test_tolerance.py holds the table).

====================================  ===================  ===============================
case                                  lenient: where       strict answer
====================================  ===================  ===============================
pretty-printed frame, whitespace      it is plain JSON     (accepted)
any string as message id              ``_frames``          (accepted)
transactionId 9223372036854775807     bridge rules         (accepted, stop flagged)
decimals in Wh values, kWh units      bridge rules         (accepted: valid 1.6)
required timestamp missing            here                 ``ProtocolError`` (incomplete)
number where 1.6 wants a string       here                 ``TypeConstraintViolation``
meterValue as object, not array       bridge codec         ``TypeConstraintViolation``
empty string, optional number/date    bridge codec         ``TypeConstraintViolation``
empty string, optional enumeration    bridge codec         ``FormationViolation``
enumeration in the wrong case         bridge codec         ``FormationViolation``
naive timestamp, "10.0" for integer   bridge codec         ``TypeConstraintViolation``
====================================  ===================  ===============================

Each fix here returns a flag, ``<kind>:<path>`` in the bridge codec's path syntax, that
is stored with the row the payload becomes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

# A fix looks at ``parent[key]``, may replace it, and returns its flag kind, or None.
_Fix = Callable[[dict[str, Any], str, dt.datetime], str | None]


def _fill_timestamp(parent: dict[str, Any], key: str, received_at: dt.datetime) -> str | None:
    # Seen on chargers whose clock is not yet set after a reboot: they leave the field out
    # (or empty) rather than send 1970. The time we received it is the best reading there is.
    if parent.get(key) in (None, ""):
        parent[key] = received_at
        return "missing_timestamp"
    return None


def _number_to_string(parent: dict[str, Any], key: str, received_at: dt.datetime) -> str | None:
    # 1.6 types sampledValue.value as a string; some firmwares send the JSON number.
    # Its shortest repr reads back as the same number, so nothing is misread.
    value = parent.get(key)
    if type(value) is int or type(value) is float:
        parent[key] = repr(value)
        return "number_for_string"
    return None


# action -> (path, fix). ``name[]`` is an array, or one object standing for it.
RULES: dict[str, tuple[tuple[str, _Fix], ...]] = {
    "MeterValues": (
        ("meterValue[].timestamp", _fill_timestamp),
        ("meterValue[].sampledValue[].value", _number_to_string),
    ),
    "StartTransaction": (("timestamp", _fill_timestamp),),
    "StopTransaction": (
        ("timestamp", _fill_timestamp),
        ("transactionData[].timestamp", _fill_timestamp),
        ("transactionData[].sampledValue[].value", _number_to_string),
    ),
    "SecurityEventNotification": (("timestamp", _fill_timestamp),),
}

# Each path as (name, is_array) segments, split once.
_Segments = tuple[tuple[str, bool], ...]
_COMPILED: dict[str, tuple[tuple[_Segments, _Fix], ...]] = {
    action: tuple(
        (
            tuple(
                (segment.removesuffix("[]"), segment.endswith("[]")) for segment in path.split(".")
            ),
            fix,
        )
        for path, fix in rules
    )
    for action, rules in RULES.items()
}
# Where a fix applied: (name, index or None) from the payload down, printed only then.
_Where = tuple[tuple[str, int | None], ...]


def tolerate(action: str, payload: dict[str, Any], received_at: dt.datetime) -> tuple[str, ...]:
    """Fix ``payload`` in place by the rules for ``action``; the flags of what was fixed."""
    rules = _COMPILED.get(action)
    if rules is None:
        return ()
    flags: list[str] = []
    for segments, fix in rules:
        _apply(payload, segments, 0, fix, received_at, (), flags)
    return tuple(flags)


def _apply(
    node: Any,
    segments: _Segments,
    depth: int,
    fix: _Fix,
    received_at: dt.datetime,
    where: _Where,
    flags: list[str],
) -> None:
    if not isinstance(node, dict):
        return  # the wrong shape is the bridge codec's to refuse, naming the field
    name, is_array = segments[depth]
    if depth == len(segments) - 1:
        kind = fix(node, name, received_at)
        if kind is not None:
            flags.append(f"{kind}:{_printed((*where, (name, None)))}")
        return
    child = node.get(name)
    if not is_array:
        _apply(child, segments, depth + 1, fix, received_at, (*where, (name, None)), flags)
        return
    if isinstance(child, dict):  # one object standing for the array
        child = [child]
    elif not isinstance(child, list):
        return
    for index, item in enumerate(child):
        _apply(item, segments, depth + 1, fix, received_at, (*where, (name, index)), flags)


def _printed(where: _Where) -> str:
    """The bridge codec's path syntax: ``meterValue[0].sampledValue[1].value``."""
    return ".".join(name if index is None else f"{name}[{index}]" for name, index in where)
