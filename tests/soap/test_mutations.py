"""Generated bad input against the real process (hypothesis): every operation of every
version, built by zeep from the official WSDL with every optional field, then changed the
way a sloppy or broken charger would, in the body or in the headers (chargeBoxIdentity,
WS-Addressing): a value of the wrong type or range, an element dropped, repeated,
renamed, unqualified, moved, or one we never heard of; sent as SOAP 1.2 or 1.1, with
WS-Addressing 2005/08 or 2004/08.

Whatever was sent, the answer is the operation's response, valid under the official
schema, or a Sender Fault (HTTP 400; SOAP 1.1: a Client fault, HTTP 500) with a reason:
never a Receiver (Server) fault, which is how our own bugs answer, and never a traceback
in the server's log. The server answers a Heartbeat afterwards. Examples per version:
``OCPP_GATEWAY_TEST_SOAP_EXAMPLES`` (the seed is fixed, so a run is repeatable; raise it
to search further).
"""

from __future__ import annotations

import copy
import os
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

import pytest
import zeep
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tests.live import LiveGateway, generated, live_on_each_backend
from tests.storage.conftest import postgres_url  # noqa: F401
from wsdl import VERSIONS, get_service
from wsdl.namespaces import SOAP12_ENVELOPE, WSA

from .conftest import SOAP11_ENVELOPE, WSA04, official_path, schema
from .test_differential import requests

EXAMPLES = int(os.environ.get("OCPP_GATEWAY_TEST_SOAP_EXAMPLES", "400"))
CHARGER = "CB-FUZZ"
HEADERS = {"Content-Type": "application/soap+xml; charset=utf-8"}
ENV = {"e": SOAP12_ENVELOPE}

# Values a charger's firmware gets wrong: out of xs:int's range, the wrong type, a
# date-time that is not one, text where an enumeration is expected, far too long.
ODD_VALUES = [
    "", " ", "-1", "0", "2147483648", "-2147483649", "99999999999999999999999", "1e3",
    "1.5", "NaN", "INF", "true", "0x10", "2024-13-45T25:61:61Z", "2024-03-01",
    "2024-03-01T12:00:00", "24:00:00", "accepted", "Ünïcødé ☃", "x" * 600, "<![CDATA[",
]  # fmt: skip
TEXT = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
)
# Odd values are drawn most: the structural changes mostly end in a Fault at the codec,
# while a value that passes it goes on through the bridge and into storage.
KINDS = ("text",) * 6 + ("drop", "repeat", "unknown", "rename", "unqualify", "move")


live = live_on_each_backend("soap-fuzz", chargers=(CHARGER,))


def valid_requests(version: str) -> dict[str, etree._Element]:
    """Each operation's envelope as zeep writes it from the official WSDL."""
    client = zeep.Client(wsdl=str(official_path(version)))
    return {
        operation: client.create_message(
            client.service, operation, _soapheaders={"ChargeBoxIdentity": CHARGER}, **fields
        )
        for operation, fields in requests(version).items()
    }


def as_older_dialect(data: st.DataObject, envelope: etree._Element) -> list[str]:
    """Now and then the same envelope as older stacks write it: SOAP 1.1, and WS-Addressing
    2004/08 (the gateway reads and answers both)."""
    done = []
    if data.draw(st.booleans(), label="SOAP 1.1"):
        for element in envelope.iter(f"{{{SOAP12_ENVELOPE}}}*"):
            element.tag = f"{{{SOAP11_ENVELOPE}}}{etree.QName(element).localname}"
        done.append("SOAP 1.1")
    if data.draw(st.booleans(), label="WS-Addressing 2004/08"):
        for element in envelope.iter(f"{{{WSA}}}*"):
            element.tag = f"{{{WSA04}}}{etree.QName(element).localname}"
        done.append("WS-Addressing 2004/08")
    return done


def post(base: str, path: str, data: bytes, soap11: bool = False) -> tuple[int, bytes]:
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'} if soap11 else HEADERS
    request = urllib.request.Request(base + path, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def mutate(data: st.DataObject, envelope: etree._Element) -> list[str]:
    """Change the request element or a header in place; what was done, for the report."""
    done = []
    header = envelope.find(f"{{{SOAP12_ENVELOPE}}}Header")
    (request,) = envelope.find(f"{{{SOAP12_ENVELOPE}}}Body")  # type: ignore[misc]
    assert header is not None
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        elements = [e for part in (*header, request) for e in part.iter() if isinstance(e.tag, str)]
        element = data.draw(st.sampled_from(elements), label="element")
        kind = data.draw(st.sampled_from(KINDS), label="kind")
        qname = etree.QName(element)
        parent = element.getparent()
        if kind == "text":
            if len(element):
                continue
            element.text = data.draw(TEXT, label="text")
        elif kind == "drop" and parent is not None:
            parent.remove(element)
        elif kind == "repeat" and parent is not None:
            element.addnext(copy.deepcopy(element))
        elif kind == "unknown":
            etree.SubElement(element, f"{{{qname.namespace}}}vendorExtension").text = "1"
        elif kind == "rename":
            local = data.draw(st.from_regex(r"[a-zA-Z][a-zA-Z0-9]{0,12}", fullmatch=True))
            element.tag = f"{{{qname.namespace}}}{local}" if qname.namespace else local
        elif kind == "unqualify":
            element.tag = qname.localname
        elif kind == "move" and parent is not None and len(parent) > 1:
            parent.remove(element)
            parent.insert(data.draw(st.integers(0, len(parent)), label="position"), element)
        else:
            continue
        done.append(f"{kind} {qname.localname}")
    return done


def check(version: str, operation: str, status: int, body: bytes, what: list[str]) -> None:
    context = (version, operation, what, body[:2000])
    root = etree.fromstring(body)
    if root.tag == f"{{{SOAP11_ENVELOPE}}}Envelope":  # answered in the version asked
        check_soap11(version, operation, status, root, context)
        return
    (element,) = root.find("e:Body", ENV)  # type: ignore[misc]
    if status == 200:
        check_response(version, operation, element, context)
        return
    assert status == 400, context
    assert etree.QName(element).localname == "Fault", context
    assert (element.findtext("e:Code/e:Value", namespaces=ENV) or "").endswith(":Sender"), context
    assert (element.findtext("e:Reason/e:Text", namespaces=ENV) or "").strip(), context


def check_response(version: str, operation: str, element: etree._Element, context: Any) -> None:
    """The operation's response element, valid under the official schema."""
    expected = get_service(version, "cs").operations[operation].response_element
    assert element.tag == expected, context
    schema(version).assertValid(element)


def check_soap11(
    version: str, operation: str, status: int, root: etree._Element, context: Any
) -> None:
    """SOAP 1.1 section 6.2: every fault is an HTTP 500; a Client fault is the charger's."""
    (element,) = root.find(f"{{{SOAP11_ENVELOPE}}}Body")  # type: ignore[misc]
    if status == 200:
        check_response(version, operation, element, context)
        return
    assert status == 500, context
    assert etree.QName(element).localname == "Fault", context
    assert (element.findtext("faultcode") or "").rpartition(":")[2] == "Client", context
    assert (element.findtext("faultstring") or "").strip(), context


@pytest.mark.parametrize("version", VERSIONS)
def test_mutated_requests_get_an_answer_or_a_sender_fault(live: LiveGateway, version: str) -> None:
    envelopes = valid_requests(version)
    path = f"/ocpp/soap/{version}"
    statuses: Counter[tuple[int, bool]] = Counter()
    for operation, envelope in envelopes.items():  # each unchanged one is answered
        status, body = post(live.base, path, etree.tostring(envelope))
        assert status == 200, (operation, body)
        check(version, operation, status, body, [])

    @given(data=st.data())
    @generated(EXAMPLES)
    def run(data: Any) -> None:
        operation = data.draw(st.sampled_from(sorted(envelopes)), label="operation")
        envelope = copy.deepcopy(envelopes[operation])
        what = mutate(data, envelope) + as_older_dialect(data, envelope)
        soap11 = "SOAP 1.1" in what
        status, body = post(live.base, path, etree.tostring(envelope), soap11)
        check(version, operation, status, body, what)
        statuses[status, soap11] += 1

    run()
    # the mutations reach every outcome: answered, or refused, in either SOAP version
    assert all(
        statuses[outcome] for outcome in ((200, False), (400, False), (200, True), (500, True))
    ), statuses
    heartbeat = envelopes["Heartbeat"]
    assert post(live.base, path, etree.tostring(heartbeat))[0] == 200
