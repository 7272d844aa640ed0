"""Every request carries chargeBoxIdentity and the WS-Addressing headers exactly once: zeep
writes Action, MessageID and To (the WSDL says UsingAddressing), we add From and ReplyTo."""

from __future__ import annotations

import io
from typing import Any

import pytest
import zeep
from lxml import etree
from zeep.wsa import WsAddressingPlugin

import soap
from bridge import CommandStatus, OcppVersion
from bridge.versions import request_from_16
from soap.commands import service_client
from soap.commands._addressing import complete, header_counts
from soap.commands._dispatcher import CENTRAL_SYSTEM_PATH
from tests.soap.commands.cases import CASES
from tests.soap.commands.helpers import (
    PUBLIC_URL,
    Captured,
    GatewayFactory,
    StandInFactory,
    reset_accepted,
)
from wsdl import get_service
from wsdl.namespaces import SOAP12_ENVELOPE, WSA
from wsdl.serve import build_wsdl

HEADERS = ("Action", "MessageID", "To", "From", "ReplyTo")


def wsa(name: str) -> str:
    return f"{{{WSA}}}{name}"


def header(envelope: etree._Element, path: str) -> str | None:
    return envelope.findtext(f"{{{SOAP12_ENVELOPE}}}Header/{path}")


@pytest.mark.parametrize("version", ["1.2", "1.5", "1.6"])
async def test_each_header_is_on_the_wire_once(
    make_gateway: GatewayFactory, stand_in: StandInFactory, version: str
) -> None:
    gateway = await make_gateway()

    async def respond(request: Any, captured: Captured) -> Any:
        return reset_accepted(version)

    charger = await stand_in(respond)
    await gateway.register("CP-7", version, charger.url)

    record = await gateway.run("CP-7", "Reset", {"type": "Soft"})

    assert record.status is CommandStatus.ACCEPTED, record.error
    (captured,) = charger.received
    envelope = etree.fromstring(captured.body)
    spec = get_service(version, "cp")
    counts = header_counts(envelope)
    assert counts[spec.header_element] == 1
    assert {name: counts[wsa(name)] for name in HEADERS} == dict.fromkeys(HEADERS, 1)
    assert sum(counts.values()) == 1 + len(HEADERS)
    assert header(envelope, f"{{{spec.namespace}}}chargeBoxIdentity") == "CP-7"
    assert header(envelope, wsa("Action")) == "/Reset"
    assert header(envelope, wsa("To")) == charger.url
    ours = f"{PUBLIC_URL}/ocpp/soap/{version}"  # our SOAP Central System for that version
    assert header(envelope, f"{wsa('From')}/{wsa('Address')}") == ours
    assert header(envelope, f"{wsa('ReplyTo')}/{wsa('Address')}") == ours
    assert (header(envelope, wsa("MessageID")) or "").startswith("urn:uuid:")
    assert captured.content_type == 'application/soap+xml; charset=utf-8; action="/Reset"'


@pytest.mark.parametrize("version", ["1.2", "1.5", "1.6"])
def test_every_operation_is_written_with_each_header_once(version: str) -> None:
    client = service_client(version, "cp")
    for name, op in client.spec.operations.items():
        payload = request_from_16(OcppVersion(version), name, CASES[name].payload).payload
        request = client.request(
            name,
            payload,
            charge_box_id="CB",
            to="http://charger.example/ocpp",
            from_address=PUBLIC_URL,
            reply_to=PUBLIC_URL,
        )
        counts = header_counts(etree.fromstring(request.body))
        assert counts[client.spec.header_element] == 1, name
        assert all(counts[wsa(h)] == 1 for h in HEADERS), (name, counts)
        assert f'action="{op.soap_action}"' in request.headers["Content-Type"]


def test_message_ids_differ_between_requests() -> None:
    client = service_client("1.6", "cp")
    ids = {
        client.request("ClearCache", {}, charge_box_id="CB", to="http://x/").message_id
        for _ in range(3)
    }
    assert len(ids) == 3


def test_zeeps_plugin_on_top_would_send_every_header_twice() -> None:
    """The trap this package avoids: zeep adds the headers itself for UsingAddressing."""
    document = build_wsdl("1.6", "cp", "http://localhost/Ocpp/ChargePointService/")
    doubled = zeep.Client(wsdl=io.BytesIO(document), plugins=[WsAddressingPlugin()])
    envelope = doubled.create_message(
        doubled.service, "ClearCache", _soapheaders={"ChargeBoxIdentity": "CB"}
    )
    assert header_counts(envelope)[wsa("Action")] == 2
    with pytest.raises(RuntimeError, match="one wsa:Action, found 2"):
        complete(envelope, to="http://x/", from_address=None, reply_to=None)


def test_from_names_the_path_our_soap_central_system_answers_on() -> None:
    assert CENTRAL_SYSTEM_PATH == soap.SOAP_PATH


async def test_without_a_public_url_from_is_the_advertised_address(
    make_gateway: GatewayFactory, stand_in: StandInFactory
) -> None:
    gateway = await make_gateway(public_url=None, host="127.0.0.1", port=8180)

    async def respond(request: Any, captured: Captured) -> Any:
        return reset_accepted("1.6")

    charger = await stand_in(respond)
    await gateway.register("CP-7", "1.6", charger.url)

    await gateway.run("CP-7", "Reset", {"type": "Soft"})

    envelope = etree.fromstring(charger.received[0].body)
    address = header(envelope, f"{wsa('From')}/{wsa('Address')}")
    assert address == "http://127.0.0.1:8180/ocpp/soap/1.6"
