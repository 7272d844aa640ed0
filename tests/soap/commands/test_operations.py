"""Every ChargePointService operation of 1.2 (9), 1.5 (15) and 1.6 (19), sent through the
bridge to the SOAP charge point simulator over real HTTP on loopback; the simulator
checks each request against the official schema and the result lands on the command."""

from __future__ import annotations

from typing import Any

import pytest

from bridge import CommandStatus, OcppVersion
from bridge.versions import COMMAND_ACTIONS_BY_VERSION
from tests.soap.commands.cases import CASES, PROFILE
from tests.soap.commands.helpers import Gateway, StandInCentralSystem
from wsdl import get_service

OPERATIONS = [
    pytest.param(version, action, id=f"{version}-{action}")
    for version in ("1.2", "1.5", "1.6")
    for action in get_service(version, "cp").operations
]


def test_operation_counts() -> None:
    counts = {v: len(get_service(v, "cp").operations) for v in ("1.2", "1.5", "1.6")}
    assert counts == {"1.2": 9, "1.5": 15, "1.6": 19}


def _subset(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and _subset(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(_subset(e, a) for e, a in zip(expected, actual, strict=True))
        )
    return bool(expected == actual)


@pytest.mark.parametrize(("version", "action"), OPERATIONS)
async def test_every_operation_reaches_the_simulator(
    gateway: Gateway,
    make_simulator: Any,
    central_system: StandInCentralSystem,
    version: str,
    action: str,
) -> None:
    case = CASES[action]
    sim = await make_simulator("CP-1", version)
    await gateway.register("CP-1", version, sim.url)
    if case.prepare is not None:
        case.prepare(sim)

    record = await gateway.run("CP-1", action, case.payload)

    assert record.status is case.status, record.error
    assert record.error is None
    assert record.result is not None and _subset(case.result, record.result), record.result
    assert [r.operation for r in sim.received] == [action]
    assert sim.received[0].charge_box_id == "CP-1"
    assert sim.validation_failures == []

    await sim.idle()
    assert sim.errors == []
    assert central_system.problems == []
    for operation in case.cs_calls:
        assert operation in central_system.operations("CP-1"), central_system.operations()
    if case.then is not None:
        case.then(sim, central_system)


UNSUPPORTED = [
    pytest.param(version, action, id=f"{version}-{action}")
    for version in ("1.2", "1.5")
    for action in sorted(set(CASES) - COMMAND_ACTIONS_BY_VERSION[OcppVersion(version)])
]


@pytest.mark.parametrize(("version", "action"), UNSUPPORTED)
async def test_an_action_the_version_lacks_is_not_supported_without_a_call(
    gateway: Gateway, make_simulator: Any, version: str, action: str
) -> None:
    sim = await make_simulator("CP-1", version)
    await gateway.register("CP-1", version, sim.url)

    record = await gateway.run("CP-1", action, CASES[action].payload)

    assert record.status is CommandStatus.NOT_SUPPORTED
    assert f"OCPP {version}" in (record.error or "")
    assert sim.received == []


@pytest.mark.parametrize("version", ["1.2", "1.5"])
async def test_a_remote_start_with_a_charging_profile_is_not_supported_before_16(
    gateway: Gateway, make_simulator: Any, version: str
) -> None:
    sim = await make_simulator("CP-1", version)
    await gateway.register("CP-1", version, sim.url)
    payload = {
        "idTag": "TAG1",
        "chargingProfile": {**PROFILE, "chargingProfilePurpose": "TxProfile"},
    }

    record = await gateway.run("CP-1", "RemoteStartTransaction", payload)

    assert record.status is CommandStatus.NOT_SUPPORTED
    assert sim.received == []


async def test_15_send_local_list_is_spelt_with_an_s_and_answered_with_a_hash(
    gateway: Gateway, make_simulator: Any
) -> None:
    sim = await make_simulator("CP-15", "1.5")
    await gateway.register("CP-15", "1.5", sim.url)

    record = await gateway.run("CP-15", "SendLocalList", CASES["SendLocalList"].payload)

    assert record.result == {"status": "Accepted"}  # the bridge drops the 1.5 hash (R8)
    (received,) = sim.received
    assert b"localAuthorisationList" in received.body
    assert b"localAuthorizationList" not in received.body
    assert [e["idTag"] for e in received.payload["localAuthorisationList"]] == ["TAG1", "TAG2"]


async def test_15_remote_start_puts_the_id_tag_first(gateway: Gateway, make_simulator: Any) -> None:
    sim = await make_simulator("CP-15", "1.5")
    await gateway.register("CP-15", "1.5", sim.url)

    await gateway.run("CP-15", "RemoteStartTransaction", {"connectorId": 2, "idTag": "TAG1"})

    body = sim.received[0].body
    assert body.index(b"idTag>") < body.index(b"connectorId>")  # 1.5 order (R7)
    assert sim.validation_failures == []


async def test_a_refusal_is_recorded_as_rejected(gateway: Gateway, make_simulator: Any) -> None:
    sim = await make_simulator("CP-1", "1.6")
    await gateway.register("CP-1", "1.6", sim.url)

    record = await gateway.run("CP-1", "RemoteStopTransaction", {"transactionId": 999})

    assert record.status is CommandStatus.REJECTED
    assert record.result == {"status": "Rejected"}
