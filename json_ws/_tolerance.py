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
from collections.abc import Callable, Iterator
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

_SPLIT = {path: tuple(path.split(".")) for rules in RULES.values() for path, _ in rules}


def tolerate(action: str, payload: dict[str, Any], received_at: dt.datetime) -> tuple[str, ...]:
    """Fix ``payload`` in place by the rules for ``action``; the flags of what was fixed."""
    rules = RULES.get(action)
    if rules is None:
        return ()
    flags: list[str] = []
    for path, fix in rules:
        for parent, key, where in _targets(payload, _SPLIT[path], ""):
            kind = fix(parent, key, received_at)
            if kind is not None:
                flags.append(f"{kind}:{where}")
    return tuple(flags)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _targets(
    node: Any, segments: tuple[str, ...], printed: str
) -> Iterator[tuple[dict[str, Any], str, str]]:
    if not isinstance(node, dict):
        return  # the wrong shape is the bridge codec's to refuse, naming the field
    head, rest = segments[0], segments[1:]
    if not rest:
        yield node, head, _join(printed, head)
        return
    if head.endswith("[]"):
        name = head[:-2]
        child = node.get(name)
        items = [child] if isinstance(child, dict) else child if isinstance(child, list) else []
        for i, item in enumerate(items):
            yield from _targets(item, rest, f"{_join(printed, name)}[{i}]")
    else:
        yield from _targets(node.get(head), rest, _join(printed, head))
