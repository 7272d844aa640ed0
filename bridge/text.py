"""Text the gateway can keep: a rule for every string a charger or an integrator sends."""

from __future__ import annotations

from typing import Any, Final

# What a character no database keeps becomes in a record of what was said.
REPLACEMENT: Final = "\ufffd"


def unstorable(value: str) -> str | None:
    """Why ``value`` cannot be kept as text, or None when it can.

    NUL (U+0000) arrives as ``\\u0000`` in JSON: PostgreSQL's text cannot hold it, and
    XML 1.0 cannot carry it to a SOAP charger. A lone surrogate (``\\ud800``) is not
    Unicode text: it cannot be encoded as UTF-8, for any database."""
    if "\x00" in value:
        return "contains a NUL character (U+0000)"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "contains a lone surrogate (U+D800-U+DFFF), which is not Unicode text"
    return None


def storable(value: str) -> str:
    """``value`` with what no database keeps replaced by U+FFFD: for text that is a record
    of what was said (a raw frame, a charger's error description), not a value to refuse."""
    if unstorable(value) is None:  # nearly always: the text as it is
        return value
    return "".join(REPLACEMENT if c == "\x00" or "\ud800" <= c <= "\udfff" else c for c in value)


def storable_json(value: Any) -> Any:
    """A JSON value with :func:`storable` applied to every string in it, keys included:
    what a charger answered, kept as a record even when it cannot be taken."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)): storable_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable_json(item) for item in value]
    return value
