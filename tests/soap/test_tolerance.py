"""Envelopes as real chargers write them (issue 3, item 3): each is answered as if it were
textbook SOAP 1.2, and the server keeps answering afterwards."""

from __future__ import annotations

import pytest

from bridge import OcppVersion
from wsdl.namespaces import SOAP12_ENVELOPE, WSA

from .conftest import NS, SOAP11_ENVELOPE, Gateway, envelope, eventually, schema

CS16 = NS["1.6"]
HEARTBEAT_ANSWER = f"{{{CS16}}}heartbeatResponse"


def _raw(
    soap_prefix: str, soap_ns: str, inner_header: str, inner_body: str, extra_ns: str = ""
) -> str:
    p = soap_prefix
    return (
        f'<{p}:Envelope xmlns:{p}="{soap_ns}"{extra_ns}><{p}:Header>{inner_header}</{p}:Header>'
        f"<{p}:Body>{inner_body}</{p}:Body></{p}:Envelope>"
    )


# Each case: (id, body, content type, extra HTTP headers). All are a Heartbeat from CB-1.
HEARTBEATS: list[tuple[str, str, str, dict[str, str]]] = [
    ("soap12-textbook", envelope("1.6", "<o:heartbeatRequest/>"), "application/soap+xml", {}),
    (
        "prefix-S",
        _raw(
            "S",
            SOAP12_ENVELOPE,
            "<ns2:chargeBoxIdentity>CB-1</ns2:chargeBoxIdentity>",
            "<ns2:heartbeatRequest/>",
            f' xmlns:ns2="{CS16}"',
        ),
        "application/soap+xml",
        {},
    ),
    (
        "prefix-SOAP-ENV",
        _raw(
            "SOAP-ENV",
            SOAP12_ENVELOPE,
            "<ns0:chargeBoxIdentity>CB-1</ns0:chargeBoxIdentity>",
            "<ns0:heartbeatRequest></ns0:heartbeatRequest>",
            f' xmlns:ns0="{CS16}"',
        ),
        "application/soap+xml",
        {},
    ),
    (
        "default-xmlns-on-each-element",
        f'<Envelope xmlns="{SOAP12_ENVELOPE}"><Header>'
        f'<chargeBoxIdentity xmlns="{CS16}">CB-1</chargeBoxIdentity>'
        f'<Action xmlns="{WSA}">/Heartbeat</Action></Header>'
        f'<Body><heartbeatRequest xmlns="{CS16}"/></Body></Envelope>',
        "application/soap+xml",
        {},
    ),
    (
        "pretty-printed-with-comments",
        f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- written by hand -->\n'
        f'<s:Envelope xmlns:s="{SOAP12_ENVELOPE}" xmlns:o="{CS16}">\n  <s:Header>\n'
        "    <o:chargeBoxIdentity>CB-1</o:chargeBoxIdentity>\n  </s:Header>\n  <s:Body>\n"
        "    <o:heartbeatRequest>\n    </o:heartbeatRequest>\n  </s:Body>\n</s:Envelope>\n",
        "application/soap+xml",
        {},
    ),
    (
        "soapaction-missing",
        envelope("1.6", "<o:heartbeatRequest/>"),
        "application/soap+xml; charset=utf-8",
        {},
    ),
    (
        "content-type-action-quoted",
        envelope("1.6", "<o:heartbeatRequest/>"),
        'application/soap+xml; charset=utf-8; action="/Heartbeat"',
        {},
    ),
    (
        "content-type-action-disagrees",
        envelope("1.6", "<o:heartbeatRequest/>", action="/Authorize"),
        'application/soap+xml; action="/Authorize"',
        {},
    ),
    (
        "wrong-content-type",
        envelope("1.6", "<o:heartbeatRequest/>"),
        "text/plain",
        {},
    ),
    (
        "must-understand-on-known-headers",
        envelope("1.6", "<o:heartbeatRequest/>", charger_id=None).replace(
            "<s:Header>",
            '<s:Header><o:chargeBoxIdentity s:mustUnderstand="true">CB-1</o:chargeBoxIdentity>'
            '<a:Action s:mustUnderstand="1">/Heartbeat</a:Action>'
            '<a:To s:mustUnderstand="true">http://localhost/Ocpp/CentralSystemService/</a:To>',
        ),
        "application/soap+xml",
        {},
    ),
    (
        "unknown-header-not-mandatory",
        envelope(
            "1.6", "<o:heartbeatRequest/>", extra_headers='<x:Trace xmlns:x="urn:x">1</x:Trace>'
        ),
        "application/soap+xml",
        {},
    ),
    (
        "unknown-mandatory-header-for-another-role",
        envelope(
            "1.6",
            "<o:heartbeatRequest/>",
            extra_headers='<x:Trace xmlns:x="urn:x" s:mustUnderstand="true" '
            's:role="http://www.w3.org/2003/05/soap-envelope/role/none">1</x:Trace>',
        ),
        "application/soap+xml",
        {},
    ),
    (
        "chargeBoxIdentity-in-another-namespace",
        envelope("1.6", "<o:heartbeatRequest/>", charger_id=None).replace(
            "<s:Header>",
            f'<s:Header><chargeBoxIdentity xmlns="{NS["1.5"]}"> CB-1 </chargeBoxIdentity>',
        ),
        "application/soap+xml",
        {},
    ),
]


@pytest.mark.parametrize(
    ("body", "content_type", "headers"), [c[1:] for c in HEARTBEATS], ids=[c[0] for c in HEARTBEATS]
)
async def test_heartbeat_envelopes_are_answered(
    gateway: Gateway, body: str, content_type: str, headers: dict[str, str]
) -> None:
    await gateway.add_charger("CB-1")
    reply = await gateway.post(body, content_type=content_type, headers=headers)
    assert reply.status == 200, reply.body
    assert reply.headers["Content-Type"] == "application/soap+xml; charset=utf-8"
    assert reply.soap_ns == SOAP12_ENVELOPE
    assert reply.body_element().tag == HEARTBEAT_ANSWER
    schema("1.6").assertValid(reply.body_element())
    assert reply.header("Action") == "/HeartbeatResponse"
    assert await gateway.heartbeat_works()


SOAP11_CASES = [
    ("soapaction-quoted", {"SOAPAction": '"/Heartbeat"'}),
    ("soapaction-bare", {"SOAPAction": "/Heartbeat"}),
    ("soapaction-empty", {"SOAPAction": '""'}),
    ("soapaction-missing", {}),
    ("soapaction-disagrees", {"SOAPAction": '"/StopTransaction"'}),
]


@pytest.mark.parametrize("headers", [c[1] for c in SOAP11_CASES], ids=[c[0] for c in SOAP11_CASES])
async def test_soap11_is_answered_in_soap11(gateway: Gateway, headers: dict[str, str]) -> None:
    await gateway.add_charger("CB-1")
    body = envelope("1.6", "<o:heartbeatRequest/>", soap_ns=SOAP11_ENVELOPE).replace(
        "<o:chargeBoxIdentity>", '<o:chargeBoxIdentity s:mustUnderstand="1">'
    )
    reply = await gateway.post(body, content_type="text/xml; charset=utf-8", headers=headers)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert reply.soap_ns == SOAP11_ENVELOPE
    assert reply.body_element().tag == HEARTBEAT_ANSWER


async def test_a_disagreeing_action_is_flagged_in_the_message_log(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1")
    body = envelope("1.6", "<o:heartbeatRequest/>", action="/Authorize")
    reply = await gateway.post(
        body, content_type="text/xml", headers={"SOAPAction": '"/Authorize"'}
    )
    assert reply.body_element().tag == HEARTBEAT_ANSWER

    async def flagged() -> bool:
        return any(m.flags for m in await gateway.store.list_messages("CB-1"))

    await eventually(flagged)
    (inbound,) = [m for m in await gateway.store.list_messages("CB-1") if m.flags]
    assert inbound.action == "Heartbeat"
    assert set(inbound.flags) == {
        "soap_action_mismatch:/Authorize",
        "wsa_action_mismatch:/Authorize",
    }


async def test_sampled_value_children_in_a_real_chargers_order(gateway: Gateway) -> None:
    """A real 1.6 charger writes sampledValue children as context, location, measurand,
    unit, value; other fields out of order too, and an empty optional element."""
    await gateway.add_charger("CB-1")
    readings = "".join(
        f"<o:sampledValue><o:context>Sample.Periodic</o:context><o:location>Outlet</o:location>"
        f"<o:measurand>{m}</o:measurand><o:unit>{u}</o:unit><o:value>{v}</o:value></o:sampledValue>"
        for m, u, v in (
            ("Energy.Active.Import.Register", "kWh", "12.5"),
            ("Voltage", "V", "230"),
        )
    )
    body = (
        "<o:meterValuesRequest>"
        f"<o:meterValue>{readings}<o:timestamp>2024-03-01T12:00:00Z</o:timestamp></o:meterValue>"
        "<o:connectorId>2</o:connectorId></o:meterValuesRequest>"
    )
    reply = await gateway.post(envelope("1.6", body))
    assert reply.status == 200, reply.body
    assert reply.body_element().tag == f"{{{CS16}}}meterValuesResponse"
    rows = await gateway.store.list_meter_values("CB-1")
    assert [(r.connector_id, r.measurand, r.unit, r.value, r.location) for r in rows] == [
        (2, "Energy.Active.Import.Register", "kWh", "12.5", "Outlet"),
        (2, "Voltage", "V", "230", "Outlet"),
    ]
    assert rows[0].energy_wh == 12500


@pytest.mark.parametrize(
    "fields",
    [
        # empty optional string written as a pair and self-closing; empty optional
        # timestamp (taken as absent, flagged by the bridge)
        "<o:connectorId>1</o:connectorId><o:status>Available</o:status>"
        "<o:errorCode>NoError</o:errorCode><o:info></o:info><o:vendorId/><o:timestamp/>",
        # schema order reversed
        "<o:timestamp>2024-03-01T12:00:00Z</o:timestamp><o:errorCode>NoError</o:errorCode>"
        "<o:status>Available</o:status><o:connectorId>1</o:connectorId>",
        # unqualified children under a qualified request element
        "<connectorId>1</connectorId><status>Available</status><errorCode>NoError</errorCode>",
        # whitespace around numbers and date-times (xs:int and xs:dateTime collapse it)
        "<o:connectorId> 1 </o:connectorId><o:status>Available</o:status>"
        "<o:errorCode>NoError</o:errorCode><o:timestamp>\n2024-03-01T12:00:00Z\n</o:timestamp>",
    ],
    ids=["empty-elements", "reversed", "unqualified-children", "whitespace"],
)
async def test_status_notification_shapes(gateway: Gateway, fields: str) -> None:
    await gateway.add_charger("CB-1")
    body = f"<o:statusNotificationRequest>{fields}</o:statusNotificationRequest>"
    reply = await gateway.post(envelope("1.6", body))
    assert reply.status == 200, reply.body
    (connector,) = await gateway.store.get_connectors("CB-1")
    assert (connector.connector_id, connector.status, connector.error_code) == (
        1,
        "Available",
        "NoError",
    )


async def test_enumeration_in_the_wrong_case_is_taken_and_flagged(gateway: Gateway) -> None:
    """Lenient mode (the default): the bridge matches the case and flags it."""
    await gateway.add_charger("CB-1")
    body = (
        "<o:statusNotificationRequest><o:connectorId>1</o:connectorId>"
        "<o:status>available</o:status><o:errorCode>NoError</o:errorCode>"
        "</o:statusNotificationRequest>"
    )
    reply = await gateway.post(envelope("1.6", body))
    assert reply.status == 200, reply.body
    (connector,) = await gateway.store.get_connectors("CB-1")
    assert connector.status == "Available"
    assert "enum_case:status" in connector.flags


@pytest.mark.parametrize(
    ("version", "body", "answer"),
    [
        ("1.2", "<o:heartbeatRequest/>", "heartbeatResponse"),
        ("1.5", "<o:heartbeatRequest/>", "heartbeatResponse"),
        ("1.6", "<o:heartbeatRequest/>", "heartbeatResponse"),
        (
            "1.5",
            "<o:meterValuesRequest><o:connectorId>1</o:connectorId><o:values>"
            "<o:timestamp>2024-03-01T12:00:00Z</o:timestamp>"
            '<o:value unit="Amp" measurand="Current.Import">16</o:value>'
            '<o:value o:unit="Wh">1234</o:value></o:values></o:meterValuesRequest>',
            "meterValuesResponse",
        ),
    ],
    ids=["1.2", "1.5", "1.6", "1.5-readings"],
)
async def test_the_body_namespace_picks_the_version_on_the_shared_path(
    gateway: Gateway, version: str, body: str, answer: str
) -> None:
    await gateway.add_charger("CB-1")
    reply = await gateway.post(envelope(version, body), "/ocpp/soap")
    assert reply.status == 200, reply.body
    assert reply.body_element().tag == f"{{{NS[version]}}}{answer}"
    schema(version).assertValid(reply.body_element())
    charger = await gateway.store.get_charger("CB-1")
    assert charger is not None and charger.version is OcppVersion(version)


async def test_15_reading_attributes_are_stored(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1")
    body = (
        "<o:meterValuesRequest><o:connectorId>1</o:connectorId><o:values>"
        "<o:timestamp>2024-03-01T12:00:00Z</o:timestamp>"
        '<o:value unit="Amp" measurand="Current.Import" context="Sample.Clock">16</o:value>'
        '<o:value o:unit="Wh">1234</o:value></o:values></o:meterValuesRequest>'
    )
    assert (await gateway.post(envelope("1.5", body))).status == 200
    rows = await gateway.store.list_meter_values("CB-1")
    assert [(r.value, r.unit, r.measurand, r.context) for r in rows] == [
        ("16", "A", "Current.Import", "Sample.Clock"),
        ("1234", "Wh", None, None),
    ]
