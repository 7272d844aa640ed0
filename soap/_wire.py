"""The bytes on the wire: the XML parser, the two SOAP versions and the answer envelope.

Answers are written from precomputed text, not built as trees: an OCPP answer is a few
elements, and string templates cost a few microseconds where lxml costs tens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from lxml import etree

from wsdl.namespaces import SOAP12_ENVELOPE

SOAP11_ENVELOPE: Final = "http://schemas.xmlsoap.org/soap/envelope/"

# A charger is not trusted: no entities are expanded, no DTD or anything else is fetched,
# and libxml2's limits on depth and text size stay on. A document with a DOCTYPE is refused
# after parsing (``_envelope``): libxml2 has no switch to refuse it while parsing, and with
# these settings the internal subset is read but never applied.
PARSER: Final = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_blank_text=True,
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
)

XML_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>'


@dataclass(frozen=True, slots=True)
class SoapVersion:
    name: str  # "1.1" or "1.2"
    namespace: str
    prefix: str  # the envelope prefix in our answers
    content_type: str  # of our answers
    must_understand_true: frozenset[str]  # lexical forms of xs:boolean true


SOAP12: Final = SoapVersion(
    "1.2",
    SOAP12_ENVELOPE,
    "env",
    "application/soap+xml; charset=utf-8",
    frozenset({"true", "1"}),
)
# SOAP 1.1 section 4.2.3 allows only "0" and "1"; chargers that learnt SOAP 1.2 send "true".
SOAP11: Final = SoapVersion(
    "1.1",
    SOAP11_ENVELOPE,
    "soap",
    "text/xml; charset=utf-8",
    frozenset({"true", "1"}),
)
SOAP_VERSIONS: Final = {SOAP12.namespace: SOAP12, SOAP11.namespace: SOAP11}

_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def local_name(tag: object) -> str:
    """The local part of an lxml tag (``{namespace}name`` or ``name``)."""
    if not isinstance(tag, str):  # a comment or processing instruction
        return ""
    return tag[tag.rfind("}") + 1 :]


def split_tag(tag: str) -> tuple[str, str]:
    """``(namespace, local name)`` of an lxml tag; the namespace is "" when unqualified."""
    if tag[:1] != "{":
        return "", tag
    namespace, _, local = tag[1:].partition("}")
    return namespace, local


def escape(text: str) -> str:
    """``text`` as XML character data or a double-quoted attribute value."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace('"', "&quot;")
    if _NOT_XML_CHAR.search(text):
        text = _NOT_XML_CHAR.sub("\ufffd", text)
    return text


@cache
def _frame(soap: SoapVersion, header_ns: str) -> tuple[str, str, str]:
    p = soap.prefix
    start = f'{XML_DECLARATION}<{p}:Envelope xmlns:{p}="{soap.namespace}"'
    if header_ns:
        start += f' xmlns:wsa="{header_ns}"'
    return f"{start}><{p}:Header>", f"</{p}:Header><{p}:Body>", f"</{p}:Body></{p}:Envelope>"


def write_envelope(soap: SoapVersion, header_ns: str, header: str, body: str) -> bytes:
    """An envelope around ``header`` and ``body`` (XML text). ``header_ns`` is bound to the
    ``wsa`` prefix the header uses."""
    start, middle, end = _frame(soap, header_ns)
    return f"{start}{header}{middle}{body}{end}".encode()
