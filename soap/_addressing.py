"""WS-Addressing on the Central System side: what a charger's request says, and our answer's
headers.

The OCPP 1.5/1.6 SOAP specs use WS-Addressing 1.0 (2005/08); older stacks (OCPP 1.2 era
gSOAP and .NET WSE builds) send the 2004/08 member submission. Both are read, and the
answer uses the namespace the charger used.
"""

from __future__ import annotations

import functools
import itertools
import os
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from lxml import etree

from wsdl.namespaces import WSA

from ._wire import escape, local_name

WSA10: Final = WSA
WSA04: Final = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
NAMESPACES: Final = frozenset({WSA10, WSA04})
ANONYMOUS: Final = {
    WSA10: "http://www.w3.org/2005/08/addressing/anonymous",
    WSA04: "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous",
}
# WS-Addressing 1.0 SOAP Binding, section 6; the 2004/08 submission, section 4.
FAULT_ACTION: Final = {
    WSA10: "http://www.w3.org/2005/08/addressing/soap/fault",
    WSA04: "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault",
}
# Headers we read or may safely ignore (so mustUnderstand on them is honoured).
UNDERSTOOD: Final = frozenset(
    {"Action", "MessageID", "To", "From", "ReplyTo", "FaultTo", "RelatesTo"}
)


@dataclass(slots=True)
class Addressing:
    """The WS-Addressing headers of one request; None where the charger sent none."""

    namespace: str | None = None
    action: str | None = None
    message_id: str | None = None  # any string: OCPP chargers send UUIDs, counters, URNs
    to: str | None = None
    from_address: str | None = None
    reply_to: str | None = None

    def read(self, namespace: str, local: str, element: etree._Element) -> bool:
        """Take one header in a WS-Addressing namespace; False for one we do not know."""
        if local not in UNDERSTOOD:
            return False
        if self.namespace is None:
            self.namespace = namespace
        if local == "Action":
            self.action = _text(element)
        elif local == "MessageID":
            self.message_id = _text(element)
        elif local == "To":
            self.to = _text(element)
        elif local == "From":
            self.from_address = endpoint_address(element)
        elif local == "ReplyTo":
            self.reply_to = endpoint_address(element)
        return True


def _text(element: etree._Element) -> str | None:
    return (element.text or "").strip() or None


def endpoint_address(element: etree._Element) -> str | None:
    """The address of an endpoint reference: ``wsa:From/wsa:Address``, or the URL written
    directly in ``wsa:From`` (several charger firmwares do this)."""
    for child in element:
        if local_name(child.tag) == "Address":
            return _text(child)
    return _text(element)


def reply_header(request: Addressing, action: str) -> tuple[str, str]:
    """``(namespace, header XML)`` of our answer: Action, RelatesTo the request's
    MessageID (when it had one), a new MessageID, and To anonymous (the answer travels
    back on the HTTP response, WS-Addressing 1.0 SOAP Binding section 5.1)."""
    namespace = request.namespace or WSA10
    start, end = _header_frame(namespace, action)
    relates = ""
    if request.message_id is not None:
        relates = f"<wsa:RelatesTo>{escape(request.message_id)}</wsa:RelatesTo>"
    return namespace, f"{start}{relates}<wsa:MessageID>urn:uuid:{_message_ids.new()}{end}"


@functools.lru_cache(maxsize=256)  # two namespaces, and each operation's one or two actions
def _header_frame(namespace: str, action: str) -> tuple[str, str]:
    """The reply header's text before RelatesTo, and after the new MessageID's value."""
    return f"<wsa:Action>{escape(action)}</wsa:Action>", (
        f"</wsa:MessageID><wsa:To>{ANONYMOUS[namespace]}</wsa:To>"
    )


def fault_action(request: Addressing) -> str:
    return FAULT_ACTION[request.namespace or WSA10]


class MessageIds:
    """Version-4 UUIDs for our answers' wsa:MessageID: unique, not secret (WS-Addressing
    1.0 Core, section 3.1, asks for an IRI that uniquely identifies the message).

    One random UUID per process, its last 48 bits (the node field) counting up from their
    random start: formatting a counter costs a fraction of a ``uuid.UUID`` built and
    written out per answer (about 2 µs). The version and variant bits are
    those of the random UUID, so every id is a well-formed version-4 UUID; ids repeat
    only after 2**48 answers, and two processes share a prefix with probability 2**-74."""

    _prefix: str  # the random UUID's first 24 characters, up to the node field
    _counter: Iterator[int]  # the node field's next values

    def __init__(self) -> None:
        self.reseed()

    def reseed(self) -> None:
        first = str(uuid.UUID(int=random.getrandbits(128), version=4))
        self._prefix = first[:24]  # "xxxxxxxx-xxxx-4xxx-Vxxx-"
        self._counter = itertools.count(int(first[24:], 16))

    def new(self) -> str:
        return f"{self._prefix}{next(self._counter) & _NODE_MASK:012x}"


_NODE_MASK: Final = (1 << 48) - 1
_message_ids = MessageIds()
# A forked child must not repeat its parent's ids (``random`` reseeds itself at fork too).
os.register_at_fork(after_in_child=_message_ids.reseed)
