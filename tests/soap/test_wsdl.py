"""GET <endpoint>?wsdl serves a WSDL equivalent to the official one, addressed to the
endpoint it was fetched from."""

from __future__ import annotations

import asyncio
import io

import pytest
import zeep

from wsdl import VERSIONS
from wsdl.canonical import canonical_wsdl, differences

from .conftest import NS, Gateway, GatewayFactory, official_path

ADDRESS = "/services/CentralSystemService/children/port[CentralSystemServiceSoap12]/children/address[0]/attrs/location"


async def _fetch(gateway: Gateway, path: str) -> bytes:
    async with gateway.session.get(gateway.url(path)) as response:
        assert response.status == 200, await response.text()
        assert response.content_type == "text/xml"
        return await response.read()


def _only_the_address_differs(served: bytes, version: str, address: str) -> None:
    official = canonical_wsdl(official_path(version).read_bytes())
    found = differences(official, canonical_wsdl(served))
    assert found == [f"{ADDRESS}: 'http://localhost/Ocpp/CentralSystemService/' != {address!r}"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_each_version_path_serves_its_official_wsdl(gateway: Gateway, version: str) -> None:
    path = f"/ocpp/soap/{version}"
    served = await _fetch(gateway, f"{path}?wsdl")
    _only_the_address_differs(served, version, gateway.url(path))


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/ocpp/soap", "?wsdl"),
        ("/ocpp/soap/", "?WSDL"),
        ("/steve/services/CentralSystemService", "?wsdl"),
    ],
)
async def test_paths_for_any_version_serve_the_16_wsdl(
    make_gateway: GatewayFactory, path: str, query: str
) -> None:
    gateway = await make_gateway(soap_path_aliases=("/steve/services/CentralSystemService",))
    served = await _fetch(gateway, path + query)
    _only_the_address_differs(served, "1.6", gateway.url(path))


async def test_public_url_is_the_address(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(public_url="https://csms.example.com/")
    served = await _fetch(gateway, "/ocpp/soap/1.5?wsdl")
    _only_the_address_differs(served, "1.5", "https://csms.example.com/ocpp/soap/1.5")


async def test_a_client_built_from_the_served_wsdl_reaches_us(gateway: Gateway) -> None:
    await gateway.add_charger("CB-WSDL")
    served = await _fetch(gateway, "/ocpp/soap/1.6?wsdl")
    client = zeep.Client(wsdl=io.BytesIO(served))  # the address comes from the document

    def heartbeat() -> object:
        return client.service.Heartbeat(_soapheaders={"ChargeBoxIdentity": "CB-WSDL"})

    assert await asyncio.get_running_loop().run_in_executor(None, heartbeat) is not None


async def test_get_without_wsdl_says_what_to_do(gateway: Gateway) -> None:
    async with gateway.session.get(gateway.url("/ocpp/soap/1.6")) as response:
        assert response.status == 400
        assert "?wsdl" in await response.text()


def test_namespaces_are_the_official_ones() -> None:
    assert NS == {
        "1.2": "urn://Ocpp/Cs/2010/08/",
        "1.5": "urn://Ocpp/Cs/2012/06/",
        "1.6": "urn://Ocpp/Cs/2015/10/",
    }


def test_the_address_is_written_in_escaped() -> None:
    from lxml import etree

    from soap._server import wsdl_document

    address = 'http://host/a?b=1&c="<x>"'
    root = etree.fromstring(wsdl_document("1.2", address))
    assert root.xpath("//*[local-name()='address']/@location") == [address]
