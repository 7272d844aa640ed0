"""Connections: a second one for the same id replaces the first, pings, online state,
last-seen, and shutdown."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging

import aiohttp
import pytest
import websockets

import storage
from bridge import CommandStatus
from storage import SqlStore

from .conftest import WAIT, Gateway, GatewayFactory, exchange, heartbeat_works, running_charger

BOOT = '[2,"boot","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]'


async def _online(gateway: Gateway, charger_id: str) -> bool | None:
    row = await gateway.charger(charger_id)
    return None if row is None else row.online


async def _until(gateway: Gateway, charger_id: str, online: bool) -> None:
    for _ in range(int(WAIT / 0.02)):
        if await _online(gateway, charger_id) is online:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{charger_id} never became {'online' if online else 'offline'}")


async def test_second_connection_replaces_the_first(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="json_ws")
    async with running_charger(gateway, "CP-DUP") as first:
        await first.boot()
        async with running_charger(gateway, "CP-DUP") as second:
            # The first is closed by the server, with a reason...
            await asyncio.wait_for(first.ws.wait_closed(), WAIT)
            assert first.ws.close_code == 1000
            assert first.ws.close_reason == "replaced by a newer connection"
            assert "CP-DUP connected again" in caplog.text
            # ...the second works, stays online, and gets the commands.
            assert (await second.boot()).status == "Accepted"
            await asyncio.sleep(0.1)  # the first's goodbye has run by now
            assert await _online(gateway, "CP-DUP") is True
            record = await asyncio.wait_for(
                gateway.commands.run("CP-DUP", "Reset", {"type": "Soft"}), WAIT
            )
            assert record.status is CommandStatus.ACCEPTED
            assert [a for a, _ in second.cp.received] == ["Reset"]
            assert first.cp.received == []
    await _until(gateway, "CP-DUP", online=False)


async def test_online_while_connected(gateway: Gateway) -> None:
    await gateway.add_charger("CP-ON")
    assert await _online(gateway, "CP-ON") is False
    async with await gateway.connect("CP-ON") as ws:
        await _until(gateway, "CP-ON", online=True)  # known: online before any frame
        assert await heartbeat_works(ws)
    await _until(gateway, "CP-ON", online=False)


async def test_unknown_charger_online_after_boot(gateway: Gateway) -> None:
    async with await gateway.connect("CP-NEW") as ws:
        assert await _online(gateway, "CP-NEW") is None
        await exchange(ws, BOOT)
        await _until(gateway, "CP-NEW", online=True)
    await _until(gateway, "CP-NEW", online=False)


async def test_last_seen_follows_frames(gateway: Gateway) -> None:
    async def last_seen() -> dt.datetime | None:
        row = await gateway.charger("CP-SEEN")
        return None if row is None else row.last_seen

    async with await gateway.connect("CP-SEEN") as ws:
        await exchange(ws, BOOT)
        before = await last_seen()
        assert before is not None
        await asyncio.sleep(0.05)
        assert await heartbeat_works(ws)
        for _ in range(int(WAIT / 0.02)):  # written with the store's next batch
            seen = await last_seen()
            if seen is not None and seen > before:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("last_seen did not move")
        # An answer to our command (a frame the bridge does not see) moves it too.
        record = await gateway.commands.submit("CP-SEEN", "ClearCache", {})
        call = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        before = await last_seen()
        assert before is not None
        await asyncio.sleep(0.05)
        await ws.send(json.dumps([3, call[1], {"status": "Accepted"}]))
        await gateway.commands.wait(record, WAIT)
        for _ in range(int(WAIT / 0.02)):
            seen = await last_seen()
            if seen is not None and seen > before:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("last_seen did not move for a CALLRESULT")


async def _pings_within(gateway: Gateway, seconds: float) -> bool:
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(
            gateway.url("/ocpp/CP-PING"), protocols=("ocpp1.6",), autoping=False
        )
        try:
            msg = await ws.receive(timeout=seconds)
        except TimeoutError:
            return False
        finally:
            await ws.close()
        return msg.type is aiohttp.WSMsgType.PING


async def test_ping_interval(make_gateway: GatewayFactory) -> None:
    assert await _pings_within(await make_gateway(json_ping_interval=0.2), WAIT)


async def test_ping_interval_zero_turns_pings_off(make_gateway: GatewayFactory) -> None:
    assert not await _pings_within(await make_gateway(json_ping_interval=0), 1.0)


async def test_shutdown_closes_with_1001_and_marks_offline(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway()
    ws = await gateway.connect("CP-BYE")
    await exchange(ws, BOOT)
    await _until(gateway, "CP-BYE", online=True)
    database_url = gateway.settings.database_url
    await gateway.server.close()
    with pytest.raises(websockets.ConnectionClosed):
        await asyncio.wait_for(ws.recv(), WAIT)
    assert ws.close_code == 1001
    engine = storage.create_engine(database_url)
    try:
        async with SqlStore(engine) as store:
            (charger,) = await store.list_chargers()
    finally:
        await engine.dispose()
    assert charger.id == "CP-BYE" and not charger.online
