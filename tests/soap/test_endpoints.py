"""Where the SOAP Central System answers: the shared path, one path per version, trailing
slashes, and aliases kept from a fleet's previous central system."""

from __future__ import annotations

import pytest

from .conftest import NS, GatewayFactory, envelope

ALIASES = ("/steve/services/CentralSystemService", "services/CentralSystemService/")


@pytest.mark.parametrize(
    ("path", "version"),
    [
        ("/ocpp/soap", "1.2"),
        ("/ocpp/soap/", "1.5"),
        ("/ocpp/soap/1.2", "1.2"),
        ("/ocpp/soap/1.5/", "1.5"),
        ("/ocpp/soap/1.6", "1.6"),
        ("/steve/services/CentralSystemService", "1.6"),
        ("/steve/services/CentralSystemService/", "1.5"),
        ("/services/CentralSystemService", "1.2"),
    ],
)
async def test_paths(make_gateway: GatewayFactory, path: str, version: str) -> None:
    gateway = await make_gateway(soap_path_aliases=ALIASES)
    await gateway.add_charger("CB-1")
    reply = await gateway.post(envelope(version, "<o:heartbeatRequest/>"), path)
    assert reply.status == 200, reply.body
    assert reply.body_element().tag == f"{{{NS[version]}}}heartbeatResponse"


async def test_an_unconfigured_path_is_not_ours(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway()
    reply = await gateway.post(
        envelope("1.6", "<o:heartbeatRequest/>"), "/steve/services/CentralSystemService"
    )
    assert reply.status in (404, 405)


async def test_an_unqualified_body_on_a_version_path(make_gateway: GatewayFactory) -> None:
    """Only a version path can say what an unqualified request element means."""
    gateway = await make_gateway()
    await gateway.add_charger("CB-1")
    ok = await gateway.post(envelope("1.5", "<heartbeatRequest/>"), "/ocpp/soap/1.5")
    assert ok.body_element().tag == f"{{{NS['1.5']}}}heartbeatResponse"
    refused = await gateway.post(envelope("1.5", "<heartbeatRequest/>"), "/ocpp/soap")
    assert refused.fault().subcode == "NotImplemented"
