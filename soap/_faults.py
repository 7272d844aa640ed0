"""SOAP Faults: the one place where this front door turns errors into answers.

::

    SoapFault(code, subcode, reason)       what the charger is told
     code:    Sender | Receiver | MustUnderstand | VersionMismatch   (SOAP 1.2 names)
     subcode: the OCPP-J 1.6 error code (section 4.2.3) it corresponds to

    raised here, or converted by :func:`fault_for`:
     SoapFault (envelope, headers, auth, size)  itself
     bridge ChargerError (ValidationError, NotRegisteredError, UnknownActionError)
                                          -> Sender, its ``ocpp_code``, its detail
     bridge NotSupportedError             -> Receiver, NotSupported, its detail
     any other bridge GatewayError        -> Receiver, InternalError, a generic reason
     lxml XMLSyntaxError                  -> Sender, FormationViolation
     anything else (our bug)              -> Receiver, InternalError, a generic reason
                                             (the traceback is logged, never sent)

SOAP 1.1 spells Sender/Receiver ``Client``/``Server`` (SOAP 1.1 section 4.4.1) and has no
subcodes: the OCPP code goes in ``detail``.

HTTP status of a fault:

- SOAP 1.2: ``env:Sender`` is 400 and every other fault 500 (SOAP 1.2 Part 2, section
  7.5.1.2, table 20);
- SOAP 1.1: 500 for every fault (SOAP 1.1 section 6.2; WS-I Basic Profile 1.1 R1126);
- refusals before the SOAP layer keep their HTTP meaning whatever the SOAP version: 401
  (Basic auth, with ``WWW-Authenticate``), 403 (IP allowlist), 413 (body size).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Final, Literal

from lxml import etree

from bridge import ChargerError, GatewayError, NotSupportedError

from ._wire import SOAP11, SOAP12, SoapVersion, escape, write_envelope

log = logging.getLogger(__name__)

FaultCode = Literal["Sender", "Receiver", "MustUnderstand", "VersionMismatch"]

INTERNAL_REASON: Final = "internal error in the central system"
_SOAP11_CODES: Final[dict[str, str]] = {"Sender": "Client", "Receiver": "Server"}


@dataclass(eq=False)
class SoapFault(Exception):
    code: FaultCode
    reason: str
    subcode: str | None = None  # an OCPP-J error code: SecurityError, FormationViolation...
    http_status: int | None = None  # set only for refusals outside SOAP: 401, 403, 413
    headers: dict[str, str] = field(default_factory=dict)  # extra HTTP headers
    not_understood: tuple[str, ...] = ()  # Clark names of headers for a MustUnderstand fault

    def __post_init__(self) -> None:
        super().__init__(self.reason)

    def status(self, soap: SoapVersion) -> int:
        if self.http_status is not None:
            return self.http_status
        return 400 if soap is SOAP12 and self.code == "Sender" else 500


def sender(reason: str, subcode: str | None = "FormationViolation") -> SoapFault:
    return SoapFault("Sender", reason, subcode)


def fault_for(exc: BaseException) -> SoapFault:
    """The fault that answers ``exc``."""
    if isinstance(exc, SoapFault):
        return exc
    if isinstance(exc, ChargerError):
        return SoapFault("Sender", exc.detail, exc.ocpp_code)
    if isinstance(exc, NotSupportedError):
        return SoapFault("Receiver", exc.detail, exc.ocpp_code)
    if isinstance(exc, GatewayError):
        log.error("SOAP request failed: %s", exc.detail)
        return SoapFault("Receiver", INTERNAL_REASON, "InternalError")
    if isinstance(exc, etree.XMLSyntaxError):
        return SoapFault("Sender", f"malformed XML: {exc}", "FormationViolation")
    log.error("SOAP request failed with an unexpected error", exc_info=exc)
    return SoapFault("Receiver", INTERNAL_REASON, "InternalError")


def render_fault(
    fault: SoapFault, soap: SoapVersion, subcode_ns: str, header_ns: str, header: str
) -> bytes:
    """The whole fault envelope. ``subcode_ns`` qualifies the OCPP code (the OCPP service
    namespace of the request); ``header`` is the WS-Addressing reply header, its prefix
    bound to ``header_ns``."""
    if soap is SOAP11:
        return write_envelope(soap, header_ns, header, _fault11(fault, subcode_ns))
    header += "".join(_not_understood(name) for name in fault.not_understood)
    if fault.code == "VersionMismatch":
        header += _UPGRADE
    return write_envelope(soap, header_ns, header, _fault12(fault, subcode_ns))


# SOAP 1.2 Part 1, section 5.4.7: a VersionMismatch fault lists the envelopes we accept.
_UPGRADE: Final = (
    "<env:Upgrade>"
    f'<env:SupportedEnvelope xmlns:s12="{SOAP12.namespace}" qname="s12:Envelope"/>'
    f'<env:SupportedEnvelope xmlns:s11="{SOAP11.namespace}" qname="s11:Envelope"/>'
    "</env:Upgrade>"
)


def _fault12(fault: SoapFault, subcode_ns: str) -> str:
    # SOAP 1.2 Part 1, section 5.4: Code/Value, an optional Subcode/Value (a QName), and
    # Reason/Text with a mandatory xml:lang.
    subcode = ""
    if fault.subcode:
        subcode = (
            f'<env:Subcode><env:Value xmlns:ocpp="{escape(subcode_ns)}">'
            f"ocpp:{fault.subcode}</env:Value></env:Subcode>"
        )
    return (
        f"<env:Fault><env:Code><env:Value>env:{fault.code}</env:Value>{subcode}</env:Code>"
        f'<env:Reason><env:Text xml:lang="en">{escape(fault.reason)}</env:Text></env:Reason>'
        "</env:Fault>"
    )


def _fault11(fault: SoapFault, subcode_ns: str) -> str:
    code = _SOAP11_CODES.get(fault.code, fault.code)
    detail = ""
    if fault.subcode and fault.code in _SOAP11_CODES:
        # SOAP 1.1 section 4.4: detail carries body-related errors only (not MustUnderstand)
        detail = (
            f'<detail><ocpp:errorCode xmlns:ocpp="{escape(subcode_ns)}">'
            f"{fault.subcode}</ocpp:errorCode></detail>"
        )
    return (
        f"<soap:Fault><faultcode>soap:{code}</faultcode>"
        f"<faultstring>{escape(fault.reason)}</faultstring>{detail}</soap:Fault>"
    )


def _not_understood(clark: str) -> str:
    # SOAP 1.2 Part 1, section 5.4.8: one env:NotUnderstood header block per header.
    namespace, _, local = clark.lstrip("{").rpartition("}")
    if not namespace:
        return f'<env:NotUnderstood qname="{escape(local)}"/>'
    return f'<env:NotUnderstood xmlns:h="{escape(namespace)}" qname="h:{escape(local)}"/>'
