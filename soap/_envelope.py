"""A charger's SOAP envelope, read as real chargers write it.

- SOAP 1.2 (what the OCPP WSDLs bind) or SOAP 1.1 (older gSOAP and .NET stacks): the
  envelope namespace decides, and the answer uses the same version.
- Any prefixes: elements are matched by namespace and local name, never by prefix.
- Headers: ``chargeBoxIdentity`` (matched by local name: some firmwares qualify it with
  another OCPP version's namespace, or not at all) and WS-Addressing. An unknown header
  with mustUnderstand, targeted at us, is a MustUnderstand fault (SOAP 1.2 Part 1,
  section 5.2.3); headers for another role or actor are not ours to process (section
  2.7). ``chargeBoxIdentity`` and the addressing headers are understood, so
  mustUnderstand on them is fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from lxml import etree

from ._addressing import NAMESPACES as WSA_NAMESPACES
from ._addressing import UNDERSTOOD as ADDRESSING_UNDERSTOOD
from ._addressing import Addressing
from ._faults import SoapFault, sender
from ._wire import PARSER, SOAP12, SOAP_VERSIONS, SoapVersion, split_tag

CHARGE_BOX_IDENTITY: Final = "chargeBoxIdentity"
_NO_DTD: Final = "a SOAP message must not contain a Document Type Declaration"
MAX_SYNTAX_REASON = 300  # characters of libxml2's message we repeat to the charger

# Roles whose header blocks are ours to process: SOAP 1.2 Part 1, section 2.2 (no role
# attribute means ultimateReceiver), SOAP 1.1 section 4.2.2 (no actor means us).
_OUR_ROLES: Final = frozenset(
    {
        "",
        "http://www.w3.org/2003/05/soap-envelope/role/next",
        "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver",
        "http://schemas.xmlsoap.org/soap/actor/next",
    }
)


@dataclass(slots=True)
class Envelope:
    soap: SoapVersion
    request: etree._Element  # the single child of the Body
    charge_box_identity: str | None
    addressing: Addressing


@dataclass(frozen=True, slots=True)
class _Names:
    """The qualified names one SOAP version's envelope is read by, written once."""

    soap: SoapVersion
    body: str
    header: str
    role: str  # the attribute naming who a header block is for
    must_understand: str

    @classmethod
    def of(cls, soap: SoapVersion) -> _Names:
        ns = soap.namespace
        role = "role" if soap is SOAP12 else "actor"
        return cls(
            soap, f"{{{ns}}}Body", f"{{{ns}}}Header", f"{{{ns}}}{role}", f"{{{ns}}}mustUnderstand"
        )


_ENVELOPES: Final = {f"{{{s.namespace}}}Envelope": _Names.of(s) for s in SOAP_VERSIONS.values()}
# The WS-Addressing headers we read, by qualified name: (namespace, local name).
_ADDRESSING_HEADERS: Final = {
    f"{{{namespace}}}{local}": (namespace, local)
    for namespace in WSA_NAMESPACES
    for local in ADDRESSING_UNDERSTOOD
}


def parse(data: bytes) -> etree._Element:
    """The root element of ``data``; a Sender fault for malformed XML or a DOCTYPE."""
    # SOAP 1.2 Part 1, section 5 and SOAP 1.1 section 3: "A SOAP message MUST NOT contain
    # a Document Type Declaration." Refused before libxml2 reads it; the check after
    # parsing catches one in an encoding this byte search cannot see (UTF-16).
    if b"<!DOCTYPE" in data:
        raise sender(_NO_DTD)
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        reason = str(exc)[:MAX_SYNTAX_REASON] or "the document is empty"
        raise sender(f"malformed XML: {reason}") from None
    except ValueError as exc:  # lxml refuses some inputs before libxml2 sees them
        raise sender(f"malformed XML: {exc}"[:MAX_SYNTAX_REASON]) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise sender(_NO_DTD)
    return root


def read_envelope(data: bytes) -> Envelope:
    """Parse and check the envelope; raise a SoapFault for what cannot be answered."""
    root = parse(data)
    names = _ENVELOPES.get(root.tag)
    if names is None:
        # SOAP 1.2 Part 1, section 5.4.7: anything but an Envelope in a namespace we
        # support is a VersionMismatch.
        raise SoapFault(
            "VersionMismatch",
            f"the root element is {root.tag}, not a SOAP 1.1 or 1.2 Envelope",
        )
    header = body = None
    for child in root:
        tag = child.tag
        if tag == names.body:
            body = child
        elif tag == names.header:
            header = child
    if body is None:
        raise sender("the Envelope has no Body")
    request = None
    for child in body:
        if request is not None:
            # OCPP is document/literal wrapped: one request element (WS-I BP R2201).
            raise sender("the Body holds more than one element")
        request = child
    if request is None:
        raise sender("the Body is empty")
    envelope = Envelope(names.soap, request, None, Addressing())
    if header is not None:
        _read_headers(envelope, header, names)
    return envelope


def _read_headers(envelope: Envelope, header: etree._Element, names: _Names) -> None:
    addressing = envelope.addressing
    not_understood: list[str] = []
    for block in header:
        role = block.get(names.role)
        if role is not None and role.strip() not in _OUR_ROLES:
            continue
        tag = block.tag
        known = _ADDRESSING_HEADERS.get(tag)
        if known is not None:
            addressing.read(known[0], known[1], block)
            continue
        _, local = split_tag(tag)
        if local == CHARGE_BOX_IDENTITY:
            if envelope.charge_box_identity is None:
                envelope.charge_box_identity = (block.text or "").strip() or None
            continue
        if block.get(names.must_understand, "").strip() in names.soap.must_understand_true:
            not_understood.append(tag)
    if not_understood:
        listed = ", ".join(not_understood)
        raise SoapFault(
            "MustUnderstand",
            f"header(s) marked mustUnderstand are not understood: {listed}",
            not_understood=tuple(not_understood),
        )
