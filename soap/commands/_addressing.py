"""WS-Addressing 1.0 headers of the requests we send.

The OCPP WSDLs declare ``wsaw:UsingAddressing``, so zeep writes ``wsa:Action``,
``wsa:MessageID`` and ``wsa:To`` itself; adding ``zeep.wsa.WsAddressingPlugin`` as well
would send each of them twice. zeep's ``To`` is the WSDL's placeholder address
(``Client.create_message`` ignores the address of a service proxy), so it is pointed at
the real endpoint here. ``From`` and ``ReplyTo`` are endpoint references that zeep never
writes: the OCPP SOAP specs have the sender's own URL in ``wsa:From/wsa:Address``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from lxml import etree

from wsdl.namespaces import SOAP12_ENVELOPE, WSA

WRITTEN_BY_ZEEP = ("Action", "MessageID", "To")


def wsa(name: str) -> str:
    return f"{{{WSA}}}{name}"


def complete(
    envelope: etree._Element, *, to: str, from_address: str | None, reply_to: str | None
) -> str:
    """Point ``To`` at ``to``, add ``From`` and ``ReplyTo`` (when given) and check that
    each addressing header is there exactly once; return the ``MessageID``."""
    header = _header(envelope)
    written = {name: header.findall(wsa(name)) for name in WRITTEN_BY_ZEEP}
    for name, elements in written.items():
        if len(elements) != 1:
            raise RuntimeError(f"expected zeep to write one wsa:{name}, found {len(elements)}")
    written["To"][0].text = to
    for name, address in (("From", from_address), ("ReplyTo", reply_to)):
        if address is not None:
            if header.find(wsa(name)) is not None:
                raise RuntimeError(f"wsa:{name} was already written")
            reference = etree.SubElement(header, wsa(name))
            etree.SubElement(reference, wsa("Address")).text = address
    added = [name for name, address in (("From", from_address), ("ReplyTo", reply_to)) if address]
    check_once(envelope, [wsa(name) for name in (*WRITTEN_BY_ZEEP, *added)])
    return str(written["MessageID"][0].text)


def header_counts(envelope: etree._Element) -> Counter[str]:
    """How often each SOAP header element occurs, by Clark name."""
    header = envelope.find(f"{{{SOAP12_ENVELOPE}}}Header")
    if header is None:
        return Counter()
    return Counter(str(child.tag) for child in header if isinstance(child.tag, str))


def check_once(envelope: etree._Element, names: Iterable[str]) -> None:
    """Every header in ``names`` (Clark names) occurs exactly once."""
    counts = header_counts(envelope)
    wrong = {name: counts[name] for name in names if counts[name] != 1}
    if wrong:
        raise RuntimeError(f"SOAP headers not written exactly once: {wrong}")


def _header(envelope: etree._Element) -> etree._Element:
    header = envelope.find(f"{{{SOAP12_ENVELOPE}}}Header")
    if header is None:
        raise RuntimeError("zeep wrote no SOAP header")
    return header
