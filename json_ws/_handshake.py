"""What the HTTP upgrade request says, read without I/O: the charge box id, the
subprotocol and the Basic-auth credentials.

Each reader is lenient where real chargers are sloppy and no meaning can be misread,
and says exactly which HTTP status refuses the request otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from bridge.text import unstorable

# The subprotocols we speak, as registered with IANA (OCPP-J 1.6 section 3.1.2).
SUPPORTED_SUBPROTOCOLS = ("ocpp1.6",)


def charger_id_from_path(raw_path: str) -> str | None:
    """The last non-empty path segment, URL-decoded; None when there is none.

    Any prefix is accepted (``/steve/websocket/CentralSystemService/CP1`` is ``CP1``), so
    a charger keeps the URL that another central system gave it; a trailing slash is
    fine. ``raw_path`` is the undecoded path, so an id containing ``%2F`` is one segment.
    An id that is not storable text (``%00``) is none.
    """
    path = raw_path.partition("?")[0]
    for segment in reversed(path.split("/")):
        if segment:
            try:
                charger_id = unquote(segment, errors="strict")
            except UnicodeDecodeError:
                return None
            charger_id = charger_id.strip()
            return charger_id if charger_id and unstorable(charger_id) is None else None
    return None


@dataclass(frozen=True, slots=True)
class SubprotocolChoice:
    """``protocol`` is the offered token to echo back, or None when nothing was offered;
    ``refusal`` says why the upgrade must be refused (HTTP 400)."""

    protocol: str | None
    offered: tuple[str, ...]
    refusal: str | None = None


def choose_subprotocol(header_values: Iterable[str], *, require: bool) -> SubprotocolChoice:
    """Read ``Sec-WebSocket-Protocol`` leniently: spaces, empty items and a leading comma
    (``,ocpp1.6`` is sent by several firmwares) are ignored; case is ignored, and the
    token is echoed exactly as offered, because the client compares it byte for byte."""
    offered = tuple(
        token.strip() for value in header_values for token in value.split(",") if token.strip()
    )
    for token in offered:
        if token.casefold() in SUPPORTED_SUBPROTOCOLS:
            return SubprotocolChoice(token, offered)
    if offered:
        wanted = ", ".join(SUPPORTED_SUBPROTOCOLS)
        return SubprotocolChoice(
            None, offered, f"unsupported subprotocol(s) {', '.join(offered)}; we speak {wanted}"
        )
    if require:
        return SubprotocolChoice(None, offered, "no subprotocol offered; expected ocpp1.6")
    return SubprotocolChoice(None, offered)
