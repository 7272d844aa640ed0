"""The whole SOAP loop against the gateway itself: the simulator boots at the gateway's
SOAP Central System (which learns its wsa:From), commands go out through the bridge and
the SOAP dispatcher, and what the simulator does afterwards lands in the gateway's store."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bridge import CommandStatus, IdTagRecord, OcppVersion, Transport
from soap.simulator import SoapChargePoint
from tests.soap.commands.helpers import Gateway, StandInCentralSystem

VERSIONS = ["1.2", "1.5", "1.6"]


async def eventually(check: Any, timeout: float = 5.0) -> Any:
    """The first truthy value of ``await check()`` within ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await check()
        if value or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(0.02)


async def booted(gateway: Gateway, make_simulator: Any, version: str) -> SoapChargePoint:
    sim: SoapChargePoint = await make_simulator(
        "SIM-E2E", version, central_system_url=gateway.url(f"/ocpp/soap/{version}")
    )
    await gateway.store.upsert_id_tag(IdTagRecord(id_tag="TAG1"))
    status, interval = await sim.boot()
    assert (status, interval) == ("Accepted", 300)
    charger = await gateway.store.get_charger("SIM-E2E")
    assert charger is not None
    assert (charger.transport, charger.version) == (Transport.SOAP, OcppVersion(version))
    assert charger.soap_endpoint == sim.url  # learned from wsa:From
    return sim


@pytest.fixture(autouse=True)
def _simulator_clean(central_system: StandInCentralSystem) -> Any:
    yield
    assert central_system.calls == []  # everything went to the gateway, not the stand-in


@pytest.mark.parametrize("version", VERSIONS)
async def test_remote_start_and_stop_through_the_gateway(
    gateway: Gateway, make_simulator: Any, version: str
) -> None:
    sim = await booted(gateway, make_simulator, version)

    start = await gateway.run(
        "SIM-E2E", "RemoteStartTransaction", {"connectorId": 1, "idTag": "TAG1"}
    )
    await sim.idle()

    assert (start.status, start.result) == (CommandStatus.ACCEPTED, {"status": "Accepted"})
    tx = await eventually(lambda: gateway.store.open_transaction_on("SIM-E2E", 1))
    assert tx is not None and tx.id_tag == "TAG1" and tx.meter_start == 10_000
    assert sim.state.connectors[1].transaction is not None
    assert sim.state.connectors[1].transaction.id == tx.id
    meter = await eventually(lambda: gateway.store.list_meter_values("SIM-E2E"))
    assert [row.value for row in meter] == ["10250"]

    stop = await gateway.run("SIM-E2E", "RemoteStopTransaction", {"transactionId": tx.id})
    await sim.idle()

    assert stop.status is CommandStatus.ACCEPTED
    closed = await gateway.store.get_transaction(tx.id)
    assert closed is not None and closed.meter_stop == 10_500
    assert sim.errors == [] and sim.validation_failures == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_reset_reboots_and_availability_is_reported(
    gateway: Gateway, make_simulator: Any, version: str
) -> None:
    sim = await booted(gateway, make_simulator, version)

    reset = await gateway.run("SIM-E2E", "Reset", {"type": "Soft"})
    available = await gateway.run(
        "SIM-E2E", "ChangeAvailability", {"connectorId": 2, "type": "Inoperative"}
    )
    await sim.idle()

    assert reset.status is available.status is CommandStatus.ACCEPTED
    assert sim.state.boots == 2

    async def unavailable() -> bool:
        connectors = {c.connector_id: c for c in await gateway.store.get_connectors("SIM-E2E")}
        return 2 in connectors and connectors[2].status == "Unavailable"

    assert await eventually(unavailable)
    assert sim.errors == [] and sim.validation_failures == []


async def test_get_configuration_through_the_gateway(gateway: Gateway, make_simulator: Any) -> None:
    await booted(gateway, make_simulator, "1.5")

    record = await gateway.run("SIM-E2E", "GetConfiguration", {"key": ["NumberOfConnectors"]})

    assert record.result == {
        "configurationKey": [{"key": "NumberOfConnectors", "readonly": True, "value": "2"}]
    }


async def test_a_tag_the_gateway_refuses_ends_the_transaction_at_once(
    gateway: Gateway, make_simulator: Any
) -> None:
    sim = await booted(gateway, make_simulator, "1.6")

    record = await gateway.run(
        "SIM-E2E", "RemoteStartTransaction", {"connectorId": 1, "idTag": "UNKNOWN"}
    )
    await sim.idle()

    assert record.status is CommandStatus.ACCEPTED  # the charger accepted; the tag is Invalid
    (tx,) = await gateway.store.list_transactions("SIM-E2E")
    assert tx.id_tag == "UNKNOWN" and tx.stop_reason == "DeAuthorized"
    assert sim.state.connectors[1].transaction is None
