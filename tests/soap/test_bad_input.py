"""What cannot be answered gets the documented Fault (issue 3, items 4 and 6), never a
traceback, and the server keeps answering."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from bridge import CentralSystem
from gateway.keys import CENTRAL_SYSTEM
from wsdl.namespaces import SOAP12_ENVELOPE

from .conftest import SOAP11_ENVELOPE, WAIT, Gateway, GatewayFactory, envelope

CP16 = "urn://Ocpp/Cp/2015/10/"


@dataclass(frozen=True)
class Case:
    id: str
    body: str | bytes
    status: int
    code: str  # SOAP 1.2 Code/Value (local name)
    subcode: str | None
    mentions: str  # a phrase the Reason must contain
    path: str = "/ocpp/soap"


def _start(fields: str) -> str:
    return envelope("1.6", f"<o:startTransactionRequest>{fields}</o:startTransactionRequest>")


GOOD_START = (
    "<o:connectorId>1</o:connectorId><o:idTag>TAG</o:idTag>"
    "<o:timestamp>2024-03-01T12:00:00Z</o:timestamp><o:meterStart>0</o:meterStart>"
)
SAMPLED = "<o:sampledValue><o:value>1</o:value></o:sampledValue>"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    f'<s:Envelope xmlns:s="{SOAP12_ENVELOPE}"><s:Body>&lol2;</s:Body></s:Envelope>'
)
XXE = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + envelope(
    "1.6", "<o:authorizeRequest><o:idTag>&x;</o:idTag></o:authorizeRequest>"
)

CASES = [
    # --- not XML, not SOAP ------------------------------------------------------------------
    Case(
        "malformed",
        envelope("1.6", "<o:heartbeatRequest>")[:-20],
        400,
        "Sender",
        "FormationViolation",
        "malformed XML",
    ),
    Case("empty-body", b"", 400, "Sender", "FormationViolation", "malformed XML"),
    Case(
        "not-utf8", b"<s:Envelope \xff\xfe>", 400, "Sender", "FormationViolation", "malformed XML"
    ),
    Case(
        "billion-laughs",
        BILLION_LAUGHS,
        400,
        "Sender",
        "FormationViolation",
        "Document Type Declaration",
    ),
    Case("xxe", XXE, 400, "Sender", "FormationViolation", "Document Type Declaration"),
    Case(
        "not-an-envelope",
        "<heartbeatRequest/>",
        500,
        "VersionMismatch",
        None,
        "not a SOAP 1.1 or 1.2 Envelope",
    ),
    Case(
        "unknown-envelope-namespace",
        '<s:Envelope xmlns:s="urn:soap-0.9"><s:Body/></s:Envelope>',
        500,
        "VersionMismatch",
        None,
        "Envelope",
    ),
    Case(
        "no-body",
        f'<s:Envelope xmlns:s="{SOAP12_ENVELOPE}"><s:Header/></s:Envelope>',
        400,
        "Sender",
        "FormationViolation",
        "no Body",
    ),
    Case(
        "empty-soap-body", envelope("1.6", ""), 400, "Sender", "FormationViolation", "Body is empty"
    ),
    Case(
        "two-body-elements",
        envelope("1.6", "<o:heartbeatRequest/><o:heartbeatRequest/>"),
        400,
        "Sender",
        "FormationViolation",
        "more than one element",
    ),
    # --- headers ------------------------------------------------------------------------------
    Case(
        "no-chargeBoxIdentity",
        envelope("1.6", "<o:heartbeatRequest/>", charger_id=None),
        400,
        "Sender",
        "FormationViolation",
        "chargeBoxIdentity",
    ),
    Case(
        "empty-chargeBoxIdentity",
        envelope("1.6", "<o:heartbeatRequest/>", charger_id=" "),
        400,
        "Sender",
        "FormationViolation",
        "chargeBoxIdentity",
    ),
    Case(
        "unknown-mandatory-header",
        envelope(
            "1.6",
            "<o:heartbeatRequest/>",
            extra_headers='<w:Security xmlns:w="urn:wsse" s:mustUnderstand="true"/>',
        ),
        500,
        "MustUnderstand",
        None,
        "{urn:wsse}Security",
    ),
    # --- the operation --------------------------------------------------------------------------
    Case(
        "unknown-operation",
        envelope("1.6", "<o:fooRequest/>"),
        400,
        "Sender",
        "NotImplemented",
        "fooRequest",
    ),
    Case(
        "charge-point-operation",
        envelope("1.6", f'<c:resetRequest xmlns:c="{CP16}"><c:type>Hard</c:type></c:resetRequest>'),
        400,
        "Sender",
        "NotImplemented",
        "resetRequest",
    ),
    Case(
        "data-transfer-in-1.2",
        envelope(
            "1.2", "<o:dataTransferRequest><o:vendorId>x</o:vendorId></o:dataTransferRequest>"
        ),
        400,
        "Sender",
        "NotImplemented",
        "dataTransferRequest is not an operation of the OCPP 1.2",
    ),
    Case(
        "wrong-version-for-the-path",
        envelope("1.5", "<o:heartbeatRequest/>"),
        400,
        "Sender",
        "ProtocolError",
        "OCPP 1.5 request; this endpoint serves OCPP 1.6",
        path="/ocpp/soap/1.6",
    ),
    # --- schema-invalid: the Reason names the field ------------------------------------------------
    Case(
        "missing-field",
        _start(GOOD_START.replace("<o:meterStart>0</o:meterStart>", "")),
        400,
        "Sender",
        "OccurenceConstraintViolation",
        "meterStart: required field is missing",
    ),
    Case(
        "not-an-integer",
        _start(GOOD_START.replace(">1<", ">one<")),
        400,
        "Sender",
        "TypeConstraintViolation",
        "connectorId: 'one' is not an integer",
    ),
    Case(
        "fraction-for-an-integer",
        _start(GOOD_START.replace("<o:meterStart>0", "<o:meterStart>1.5")),
        400,
        "Sender",
        "TypeConstraintViolation",
        "meterStart",
    ),
    Case(
        "out-of-xs-int",
        _start(GOOD_START.replace(">0<", ">2147483648<")),
        400,
        "Sender",
        "PropertyConstraintViolation",
        "meterStart: 2147483648 is out of range",
    ),
    Case(
        "id-tag-too-long",
        _start(GOOD_START.replace(">TAG<", ">" + "T" * 21 + "<")),
        400,
        "Sender",
        "PropertyConstraintViolation",
        "idTag: 21 characters",
    ),
    Case(
        "bad-date-time",
        _start(GOOD_START.replace("2024-03-01T12:00:00Z", "yesterday")),
        400,
        "Sender",
        "TypeConstraintViolation",
        "timestamp: 'yesterday' is not an xs:dateTime",
    ),
    Case(
        "unexpected-element",
        _start(GOOD_START + "<o:colour>red</o:colour>"),
        400,
        "Sender",
        "FormationViolation",
        "colour: unexpected element",
    ),
    Case(
        "repeated-element",
        _start(GOOD_START + "<o:idTag>TAG2</o:idTag>"),
        400,
        "Sender",
        "OccurenceConstraintViolation",
        "idTag: occurs more than once",
    ),
    Case(
        "elements-in-a-simple-field",
        _start(GOOD_START.replace("<o:idTag>TAG</o:idTag>", "<o:idTag><o:b>TAG</o:b></o:idTag>")),
        400,
        "Sender",
        "FormationViolation",
        "idTag: must hold text",
    ),
    Case(
        "bad-enumeration",
        envelope(
            "1.6",
            "<o:statusNotificationRequest><o:connectorId>1</o:connectorId><o:status>Occupied</o:status>"
            "<o:errorCode>NoError</o:errorCode></o:statusNotificationRequest>",
        ),
        400,
        "Sender",
        "PropertyConstraintViolation",
        "status: 'Occupied' is not one of",
    ),
    Case(
        "deep-path",
        envelope(
            "1.6",
            "<o:meterValuesRequest><o:connectorId>1</o:connectorId><o:meterValue>"
            f"<o:timestamp>2024-03-01T12:00:00Z</o:timestamp>{SAMPLED}{SAMPLED}"
            "<o:sampledValue><o:unit>Wh</o:unit></o:sampledValue>"
            "</o:meterValue></o:meterValuesRequest>",
        ),
        400,
        "Sender",
        "OccurenceConstraintViolation",
        "meterValue[0].sampledValue[2].value: required field is missing",
    ),
    Case(
        "deep-path-1.5-attribute",
        envelope(
            "1.5",
            "<o:meterValuesRequest><o:connectorId>1</o:connectorId><o:values>"
            '<o:timestamp>2024-03-01T12:00:00Z</o:timestamp><o:value unit="Wh">1</o:value>'
            '<o:value unit="A">2</o:value></o:values></o:meterValuesRequest>',
        ),
        400,
        "Sender",
        "PropertyConstraintViolation",
        "values[0].value[1].unit: 'A' is not one of",
    ),
    Case(
        "1.6-only-value-from-a-1.5-charger",
        envelope(
            "1.5",
            "<o:statusNotificationRequest><o:connectorId>1</o:connectorId><o:status>Charging</o:status>"
            "<o:errorCode>NoError</o:errorCode></o:statusNotificationRequest>",
        ),
        400,
        "Sender",
        "PropertyConstraintViolation",
        "status: 'Charging' is not one of",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_bad_input_gets_a_fault(gateway: Gateway, case: Case) -> None:
    await gateway.add_charger("CB-1")
    reply = await gateway.post(case.body, case.path)
    assert reply.status == case.status, reply.body
    assert reply.headers["Content-Type"] == "application/soap+xml; charset=utf-8"
    fault = reply.fault()
    assert (fault.code, fault.subcode) == (case.code, case.subcode)
    assert case.mentions in fault.reason
    assert "Traceback" not in reply.body.decode()
    assert await gateway.heartbeat_works()


async def test_must_understand_fault_lists_the_header(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1")
    extra = '<w:Security xmlns:w="urn:wsse" s:mustUnderstand="1"/>'
    reply = await gateway.post(envelope("1.6", "<o:heartbeatRequest/>", extra_headers=extra))
    (not_understood,) = reply.root.iterfind(
        f"{{{SOAP12_ENVELOPE}}}Header/{{{SOAP12_ENVELOPE}}}NotUnderstood"
    )
    prefix, _, local = not_understood.get("qname", "").partition(":")
    assert (not_understood.nsmap[prefix], local) == ("urn:wsse", "Security")


SOAP11_CASES = [
    (
        "client",
        envelope("1.6", "<o:fooRequest/>", soap_ns=SOAP11_ENVELOPE),
        "Client",
        "NotImplemented",
    ),
    (
        "missing-identity",
        envelope("1.6", "<o:heartbeatRequest/>", soap_ns=SOAP11_ENVELOPE, charger_id=None),
        "Client",
        "FormationViolation",
    ),
    (
        "must-understand",
        envelope(
            "1.6",
            "<o:heartbeatRequest/>",
            soap_ns=SOAP11_ENVELOPE,
            extra_headers='<w:S xmlns:w="urn:w" s:mustUnderstand="1"/>',
        ),
        "MustUnderstand",
        None,
    ),
]


@pytest.mark.parametrize(
    ("body", "code", "subcode"), [c[1:] for c in SOAP11_CASES], ids=[c[0] for c in SOAP11_CASES]
)
async def test_soap11_faults_are_500_client(
    gateway: Gateway, body: str, code: str, subcode: str | None
) -> None:
    """SOAP 1.1 section 6.2: every fault is HTTP 500, faultcode Client/Server."""
    reply = await gateway.post(body, content_type="text/xml")
    assert reply.status == 500
    assert reply.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert reply.soap_ns == SOAP11_ENVELOPE
    fault = reply.fault()
    assert (fault.code, fault.subcode) == (code, subcode)


async def test_malformed_text_xml_is_answered_in_soap11(gateway: Gateway) -> None:
    reply = await gateway.post(b"<oops", content_type="text/xml")
    assert (reply.status, reply.soap_ns) == (500, SOAP11_ENVELOPE)
    assert reply.fault().code == "Client"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_a_body_over_the_limit_is_413(make_gateway: GatewayFactory, chunked: bool) -> None:
    gateway = await make_gateway(soap_max_body_bytes=4096)
    await gateway.add_charger("CB-1")
    padding = "<!--" + "x" * 5000 + "-->"
    body = envelope("1.6", "<o:heartbeatRequest/>" + padding).encode()
    if chunked:

        async def chunks() -> object:
            for start in range(0, len(body), 1000):
                yield body[start : start + 1000]

        data: object = chunks()
    else:
        data = body
    async with gateway.session.post(
        gateway.url(), data=data, headers={"Content-Type": "application/soap+xml"}
    ) as response:
        assert response.status == 413
        text = await response.text()
    assert "larger than 4096 bytes" in text
    assert await gateway.heartbeat_works()


async def _raw_post(
    port: int | None, body: bytes, parts: list[tuple[int, float]]
) -> tuple[bytes, bytes]:
    """POST ``body`` over a raw socket, ``(bytes, then a pause in seconds)`` at a time;
    the status line and headers, and the body of the answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            b"POST /ocpp/soap HTTP/1.1\r\nHost: gw\r\nContent-Type: application/soap+xml\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)
        )
        sent = 0
        for size, pause in parts:
            writer.write(body[sent : sent + size])
            sent += size
            await writer.drain()
            await asyncio.sleep(pause)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), WAIT)
        length = int(head.lower().partition(b"content-length:")[2].split(b"\r\n")[0])
        return head, await asyncio.wait_for(reader.readexactly(length), WAIT)
    finally:
        writer.close()


async def test_a_body_that_does_not_arrive_in_time_is_408(make_gateway: GatewayFactory) -> None:
    """A charger that stops sending (or trickles bytes) does not hold a request for ever."""
    gateway = await make_gateway(soap_read_timeout=0.3)
    await gateway.add_charger("CB-1")
    body = envelope("1.6", "<o:heartbeatRequest/>").encode()
    head, answer = await _raw_post(gateway.server.port, body, [(20, 0.0)])  # then nothing
    assert head.startswith(b"HTTP/1.1 408 "), head
    assert b"connection: close" in head.lower()
    assert b"did not arrive within 0.3 seconds" in answer
    # A slow body that does arrive in time is answered.
    head, answer = await _raw_post(gateway.server.port, body, [(20, 0.1), (20, 0.1), (10**6, 0)])
    assert head.startswith(b"HTTP/1.1 200 "), (head, answer)
    assert await gateway.heartbeat_works()


async def test_default_limit_is_one_mebibyte(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1")
    body = envelope("1.6", "<o:heartbeatRequest/>" + "<!--" + "x" * (1024 * 1024) + "-->")
    assert (await gateway.post(body)).status == 413
    near = envelope("1.6", "<o:heartbeatRequest/>" + "<!--" + "x" * (1000 * 1000) + "-->")
    assert (await gateway.post(near)).status == 200


async def test_our_own_bug_is_a_receiver_fault_without_details(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await gateway.add_charger("CB-1")

    async def broken(self: CentralSystem, *args: object) -> dict[str, object]:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(type(gateway.app[CENTRAL_SYSTEM]), "handle_payload", broken)
    reply = await gateway.post(envelope("1.6", "<o:heartbeatRequest/>"))
    assert reply.status == 500
    fault = reply.fault()
    assert (fault.code, fault.subcode) == ("Receiver", "InternalError")
    assert fault.reason == "internal error in the central system"
    assert "secret" not in reply.body.decode()
    assert "secret internals" in caplog.text  # the traceback is ours to read


async def test_a_closed_connection_mid_request_leaves_the_server_up(gateway: Gateway) -> None:
    _, writer = await asyncio.open_connection("127.0.0.1", gateway.server.port)
    writer.write(b"POST /ocpp/soap HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<s:Env")
    await writer.drain()
    writer.close()
    assert await gateway.heartbeat_works()
