"""The simulator's ChargePointService endpoint: what it refuses, and how."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from lxml import etree

from soap.commands import SoapCaller, SoapFault, new_session, service_client
from soap.simulator import SoapChargePoint
from wsdl.namespaces import SOAP12_ENVELOPE, WSA

CP15 = "urn://Ocpp/Cp/2012/06/"


def envelope(
    body: str, *, identity: str = "SIM-1", wsa_from: str | None = "http://cs.test/"
) -> bytes:
    source = f"<a:From><a:Address>{wsa_from}</a:Address></a:From>" if wsa_from else ""
    return (
        f'<s:Envelope xmlns:s="{SOAP12_ENVELOPE}" xmlns:a="{WSA}" xmlns:c="{CP15}"><s:Header>'
        f"<c:chargeBoxIdentity>{identity}</c:chargeBoxIdentity>"
        "<a:Action>/RemoteStartTransaction</a:Action><a:MessageID>urn:uuid:1</a:MessageID>"
        f"<a:To>http://sim/</a:To>{source}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


REMOTE_START_16_ORDER = (
    "<c:remoteStartTransactionRequest><c:connectorId>1</c:connectorId>"
    "<c:idTag>TAG1</c:idTag></c:remoteStartTransactionRequest>"
)
REMOTE_START_15_ORDER = (
    "<c:remoteStartTransactionRequest><c:idTag>TAG1</c:idTag>"
    "<c:connectorId>1</c:connectorId></c:remoteStartTransactionRequest>"
)


async def post(sim: SoapChargePoint, body: bytes) -> tuple[int, etree._Element]:
    async with aiohttp.ClientSession() as session, session.post(sim.url, data=body) as response:
        return response.status, etree.fromstring(await response.read())


def fault_reason(document: etree._Element) -> str:
    return str(document.findtext(f".//{{{SOAP12_ENVELOPE}}}Reason/{{{SOAP12_ENVELOPE}}}Text"))


async def test_a_request_that_breaks_the_official_schema_is_recorded_and_refused(
    make_simulator: Any,
) -> None:
    sim = await make_simulator("SIM-1", "1.5")

    status, document = await post(sim, envelope(REMOTE_START_16_ORDER))

    assert status == 500
    assert "connectorId" in fault_reason(document) and "not expected" in fault_reason(document)
    assert len(sim.validation_failures) == 1
    assert sim.validation_failures[0].startswith("RemoteStartTransaction: schema:")
    assert sim.state.connectors[1].starting is None  # refused: nothing happened


async def test_the_same_request_in_the_15_order_passes(make_simulator: Any) -> None:
    sim = await make_simulator("SIM-1", "1.5", central_system_url="http://127.0.0.1:9/")

    status, document = await post(sim, envelope(REMOTE_START_15_ORDER))

    assert status == 200
    assert document.findtext(f".//{{{CP15}}}status") == "Accepted"
    assert document.findtext(f".//{{{WSA}}}RelatesTo") == "urn:uuid:1"
    assert document.findtext(f".//{{{WSA}}}Action") == "/RemoteStartTransactionResponse"
    assert sim.validation_failures == []
    await sim.idle()


async def test_a_request_without_wsa_from_is_a_validation_failure(make_simulator: Any) -> None:
    sim = await make_simulator("SIM-1", "1.5")

    status, _ = await post(sim, envelope(REMOTE_START_15_ORDER, wsa_from=None))

    assert status == 500
    assert sim.validation_failures == ["RemoteStartTransaction: 0 wsa:From headers"]


async def test_another_charge_box_identity_is_refused(make_simulator: Any) -> None:
    sim = await make_simulator("SIM-1", "1.5")

    status, document = await post(sim, envelope(REMOTE_START_15_ORDER, identity="SIM-2"))

    assert status == 500
    assert "SIM-1" in fault_reason(document)


async def test_refusals_are_soap_faults_our_client_reads(make_simulator: Any) -> None:
    sim = await make_simulator("SIM-1", "1.6")

    status, document = await post(sim, b"<not xml")
    assert status == 500
    assert document.find(f".//{{{SOAP12_ENVELOPE}}}Fault") is not None

    # the same fault, read by our own client: spyne writes SOAP 1.2 codes with subcodes
    async with new_session() as session:
        client = service_client("1.6", "cp")
        with pytest.raises(SoapFault) as raised:
            await SoapCaller(session).call(
                client,
                "ClearCache",
                {},
                endpoint=sim.url,
                charge_box_id="SIM-OTHER",
                from_address="http://cs.test/",
                timeout=5,
            )
    assert raised.value.code == "soap12env:Sender"
    assert raised.value.subcodes == ("IdentityMismatch",)
    assert raised.value.reason == "soap12env:Sender/IdentityMismatch: this is 'SIM-1'"


async def test_the_wsdl_is_served_with_the_simulators_address(make_simulator: Any) -> None:
    sim = await make_simulator("SIM-1", "1.6")

    async with aiohttp.ClientSession() as session, session.get(sim.url + "?wsdl") as response:
        document = etree.fromstring(await response.read())

    address = document.find(".//{http://schemas.xmlsoap.org/wsdl/soap12/}address")
    assert address is not None and address.get("location") == sim.url


def test_an_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match=r"OCPP '2\.0'"):
        SoapChargePoint("SIM-1", "2.0", "http://cs/")


async def test_a_simulator_bug_is_a_receiver_fault_and_recorded(make_simulator: Any) -> None:
    sim = await make_simulator("SIM-1", "1.6")
    sim.answer("Reset", notAField="x")

    async with new_session() as session:
        with pytest.raises(SoapFault) as raised:
            await SoapCaller(session).call(
                service_client("1.6", "cp"),
                "Reset",
                {"type": "Soft"},
                endpoint=sim.url,
                charge_box_id="SIM-1",
                from_address="http://cs.test/",
                timeout=5,
            )

    assert raised.value.code == "soap12env:Receiver"
    assert sim.errors == ["Reset: KeyError: 'notAField'"]
