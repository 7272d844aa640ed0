"""Issue 6, "must show": one API for a mixed fleet, end to end over real sockets against
one gateway. SOAP 1.5 and SOAP 1.6 chargers (the simulator) and an OCPP-J 1.6 charger
(the ``ocpp`` library's ChargePoint) take the same POST /chargers/{id}/commands; each
starts and stops a transaction the API then shows; a charger that moves from SOAP 1.5 to
OCPP-J 1.6 keeps its history and its open transaction; and nothing answers 5xx."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from .chargers import ENERGY_PER_SESSION_WH, WAIT, Session, json_charger, soap_charger
from .conftest import ApiClient

T = TypeVar("T")

TAG = "FLEET-TAG"
SIM_METER_START = 10_000  # the simulator's connector 1 starts at 10 kWh
SIM_SAMPLE_WH = 250  # and advances this much per sample (one after the start, one at stop)


class Integrator:
    """What an integrator sees: the API over HTTP, where no answer may be a 5xx."""

    def __init__(self, api: ApiClient) -> None:
        self.api = api
        self.answers: list[tuple[str, str, int]] = []

    async def request(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        status, answer = await self.api.request(method, path, body, **kw)
        self.answers.append((method, path, status))
        assert status < 500, f"{method} {path}: {status} {answer}"
        return status, answer

    async def command(self, charger_id: str, action: str, payload: dict[str, Any]) -> Any:
        """POST the command with ``wait``; the command as the API answers it."""
        status, body = await self.request(
            "POST",
            f"/chargers/{charger_id}/commands",
            {"action": action, "payload": payload, "wait": WAIT},
            scope="operate",
        )
        assert status == 201, body
        return body

    async def charger(self, charger_id: str) -> dict[str, Any]:
        status, body = await self.request("GET", f"/chargers/{charger_id}", scope="read")
        assert status == 200, body
        return dict(body)

    async def transactions(self, charger_id: str) -> list[dict[str, Any]]:
        status, page = await self.request(
            "GET", "/transactions", params={"charger_id": charger_id}, scope="read"
        )
        assert status == 200, page
        assert page["next_cursor"] is None
        return list(page["items"])

    async def transaction(self, charger_id: str, transaction_id: int) -> dict[str, Any]:
        found = [t for t in await self.transactions(charger_id) if t["id"] == transaction_id]
        assert len(found) == 1, found
        return found[0]

    def assert_no_5xx(self) -> None:
        assert self.answers, "no API call was made"
        assert [a for a in self.answers if a[2] >= 500] == []


async def eventually(check: Callable[[], Awaitable[T]], what: str, timeout: float = WAIT) -> T:
    """The first truthy value of ``await check()``, polled until ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await check()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"not within {timeout:g} s: {what} (last: {value!r})")
        await asyncio.sleep(0.05)


@pytest.fixture
async def api(api_both: ApiClient) -> ApiClient:
    """The whole fleet story on SQLite and on PostgreSQL."""
    return api_both


@pytest.fixture
async def integrator(api: ApiClient) -> Integrator:
    integrator = Integrator(api)
    status, body = await integrator.request("POST", "/id-tags", {"id_tag": TAG})
    assert status == 201, body
    return integrator


def assert_accepted(command: dict[str, Any], transport: str, version: str) -> None:
    assert command["status"] == "accepted" and command["final"] is True, command
    assert (command["transport"], command["version"]) == (transport, version), command
    assert command["result"] == {"status": "Accepted"}, command


async def test_one_api_call_reaches_soap_15_soap_16_and_json_16_chargers(
    api: ApiClient, integrator: Integrator
) -> None:
    fleet = {"SOAP-15": ("soap", "1.5"), "SOAP-16": ("soap", "1.6"), "JSON-16": ("json", "1.6")}
    async with (
        soap_charger(api, "SOAP-15", "1.5") as sim15,
        soap_charger(api, "SOAP-16", "1.6") as sim16,
        json_charger(api, "JSON-16") as json16,
    ):
        boots = await asyncio.wait_for(
            asyncio.gather(sim15.boot(), sim16.boot(), json16.cp.boot()), WAIT
        )
        assert boots == [("Accepted", 300), ("Accepted", 300), "Accepted"]
        for charger_id, (transport, version) in fleet.items():
            charger = await integrator.charger(charger_id)
            assert (charger["transport"], charger["version"]) == (transport, version)

        async def idle() -> None:
            await asyncio.wait_for(
                asyncio.gather(sim15.idle(), sim16.idle(), json16.cp.idle()), WAIT
            )

        # The same call for all three at once: one gateway, three ways to the charger.
        start = {"idTag": TAG, "connectorId": 1}
        started = await asyncio.gather(
            *(integrator.command(c, "RemoteStartTransaction", start) for c in fleet)
        )
        for command, (transport, version) in zip(started, fleet.values(), strict=True):
            assert_accepted(command, transport, version)
        await idle()

        # Each charger answered, then sent StartTransaction on its own: the transaction shows.
        tx_ids: dict[str, int] = {}
        for charger_id in fleet:

            async def opened(charger_id: str = charger_id) -> list[dict[str, Any]]:
                return [t for t in await integrator.transactions(charger_id) if t["open"]]

            (tx,) = await eventually(opened, f"an open transaction on {charger_id}")
            assert (tx["charger_id"], tx["connector_id"], tx["id_tag"]) == (charger_id, 1, TAG)
            tx_ids[charger_id] = tx["id"]
        assert len(set(tx_ids.values())) == 3
        for sim in (sim15, sim16):
            sim_tx = sim.state.connectors[1].transaction
            assert sim_tx is not None and sim_tx.id == tx_ids[sim.id]
        assert json16.cp.sessions[1].id == tx_ids["JSON-16"]

        stopped = await asyncio.gather(
            *(
                integrator.command(c, "RemoteStopTransaction", {"transactionId": tx_ids[c]})
                for c in fleet
            )
        )
        for command, (transport, version) in zip(stopped, fleet.values(), strict=True):
            assert_accepted(command, transport, version)
        await idle()

        # OCPP 1.5's StopTransaction has no reason; the simulator's meter went up once
        # after the start (MeterValues) and once more at the stop.
        stops = {
            "SOAP-15": (SIM_METER_START + 2 * SIM_SAMPLE_WH, None),
            "SOAP-16": (SIM_METER_START + 2 * SIM_SAMPLE_WH, "Remote"),
            "JSON-16": (20_000 + ENERGY_PER_SESSION_WH, "Remote"),
        }
        for charger_id, tx_id in tx_ids.items():

            async def closed(charger_id: str = charger_id, tx_id: int = tx_id) -> Any:
                tx = await integrator.transaction(charger_id, tx_id)
                return None if tx["open"] else tx

            tx = await eventually(closed, f"transaction {tx_id} of {charger_id} closed")
            assert (tx["meter_stop"], tx["stop_reason"]) == stops[charger_id]
            assert tx["energy_wh"] == tx["meter_stop"] - tx["meter_start"] > 0

        for sim in (sim15, sim16):
            assert sim.errors == [] and sim.validation_failures == []
        assert json16.cp.errors == []
        assert [a for a, _ in json16.cp.received] == [
            "RemoteStartTransaction",
            "RemoteStopTransaction",
        ]

        # Gone from the WebSocket: its commands end offline at once, not after a timeout.
        await json16.disconnect()

        async def offline() -> bool:
            return (await integrator.charger("JSON-16"))["online"] is False

        await eventually(offline, "JSON-16 shown offline")
        began = asyncio.get_running_loop().time()
        command = await integrator.command("JSON-16", "ClearCache", {})
        elapsed = asyncio.get_running_loop().time() - began
        assert command["status"] == "offline" and command["final"] is True, command
        assert command["transport"] == "json"
        assert elapsed < api.settings.command_timeout, f"{elapsed:.1f} s"

    integrator.assert_no_5xx()


async def test_a_charger_moving_from_soap_15_to_json_16_keeps_its_history(
    api: ApiClient, integrator: Integrator
) -> None:
    charger_id = "MIGRANT"
    async with soap_charger(api, charger_id, "1.5") as sim:
        assert await asyncio.wait_for(sim.boot(), WAIT) == ("Accepted", 300)
        before = await integrator.charger(charger_id)
        assert (before["transport"], before["version"]) == ("soap", "1.5")
        assert [(h["transport"], h["version"]) for h in before["protocol_history"]] == [
            ("soap", "1.5")
        ]
        started = await integrator.command(
            charger_id, "RemoteStartTransaction", {"idTag": TAG, "connectorId": 1}
        )
        assert_accepted(started, "soap", "1.5")
        await asyncio.wait_for(sim.idle(), WAIT)
        sim_tx = sim.state.connectors[1].transaction
        assert sim_tx is not None
        meter_now = sim.state.connectors[1].meter_wh  # it sampled once since the start
        assert sim.errors == [] and sim.validation_failures == []

    async def opened() -> list[dict[str, Any]]:
        return [t for t in await integrator.transactions(charger_id) if t["open"]]

    (tx,) = await eventually(opened, "the transaction started over SOAP")
    assert tx["id"] == sim_tx.id and tx["meter_start"] == SIM_METER_START

    # The same charger after a firmware update: OCPP-J 1.6, its transaction still running.
    session = Session(sim_tx.id, 1, TAG, SIM_METER_START)
    async with json_charger(
        api, charger_id, meters={1: meter_now, 2: 20_000}, sessions=[session]
    ) as new:
        assert await asyncio.wait_for(new.cp.boot(), WAIT) == "Accepted"

        charger = await integrator.charger(charger_id)
        assert (charger["transport"], charger["version"], charger["online"]) == (
            "json",
            "1.6",
            True,
        )
        history = [(h["transport"], h["version"]) for h in charger["protocol_history"]]
        assert history == [("soap", "1.5"), ("json", "1.6")]

        kept = await integrator.transaction(charger_id, sim_tx.id)
        assert kept["open"] is True and kept["meter_start"] == SIM_METER_START

        stopped = await integrator.command(
            charger_id, "RemoteStopTransaction", {"transactionId": sim_tx.id}
        )
        assert_accepted(stopped, "json", "1.6")
        await asyncio.wait_for(new.cp.idle(), WAIT)
        assert new.cp.errors == []
        assert new.cp.received == [("RemoteStopTransaction", {"transaction_id": sim_tx.id})]
        assert session.meter_stop == meter_now + ENERGY_PER_SESSION_WH

        async def closed() -> Any:
            found = await integrator.transaction(charger_id, sim_tx.id)
            return None if found["open"] else found

        done = await eventually(closed, "the transaction stopped over OCPP-J")
        assert done["meter_stop"] == session.meter_stop
        assert done["energy_wh"] == session.meter_stop - SIM_METER_START
        assert done["stop_reason"] == "Remote"
        assert [t["id"] for t in await integrator.transactions(charger_id)] == [sim_tx.id]

    # The message log: started over SOAP, stopped over OCPP-J.
    for action, transport in (("StartTransaction", "soap"), ("StopTransaction", "json")):

        async def logged(action: str = action) -> list[dict[str, Any]]:
            status, page = await integrator.request(
                "GET",
                f"/chargers/{charger_id}/messages",
                params={"action": action, "direction": "in"},
                scope="read",
            )
            assert status == 200, page
            return list(page["items"])

        (message,) = await eventually(logged, f"{action} in the message log")
        assert message["transport"] == transport, message

    # Each command keeps the way it went out.
    status, page = await integrator.request("GET", f"/chargers/{charger_id}/commands", scope="read")
    assert status == 200
    ways = [(c["action"], c["transport"], c["version"]) for c in reversed(page["items"])]
    assert ways == [
        ("RemoteStartTransaction", "soap", "1.5"),
        ("RemoteStopTransaction", "json", "1.6"),
    ]
    integrator.assert_no_5xx()
