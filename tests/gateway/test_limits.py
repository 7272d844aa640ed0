"""The process's limits as chargers meet them: how many can be connected at once. The
real ``ocpp-gateway serve``, real sockets."""

import asyncio
import resource

import aiohttp
import pytest

from tests.live import LiveGateway, live_gateway

CHARGERS = 300
STARTING_LIMIT = 128  # open files the gateway starts with: fewer than CHARGERS


def test_serve_raises_its_open_files_limit_so_hundreds_of_chargers_stay_connected(tmp_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2 * CHARGERS:
        pytest.skip(f"the hard limit on open files here is {hard}")
    if soft != resource.RLIM_INFINITY and soft < 2 * CHARGERS:
        pytest.skip(f"this test's own process may open only {soft} files")
    with live_gateway(tmp_path, open_files=STARTING_LIMIT) as gateway:
        asyncio.run(_connect_every_charger(gateway))
    logged = (tmp_path / "gateway.log").read_text()
    assert f"(raised from {STARTING_LIMIT})" in logged, logged


async def _connect_every_charger(gateway: LiveGateway) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        # Without the raised limit the gateway stops accepting at about 110 connections
        # and these handshakes never complete.
        sockets = await asyncio.wait_for(
            asyncio.gather(
                *(
                    session.ws_connect(
                        f"ws://127.0.0.1:{gateway.port}/ocpp/LIMIT-{n}", protocols=("ocpp1.6",)
                    )
                    for n in range(CHARGERS)
                )
            ),
            timeout=60,
        )
        try:
            assert all(ws.protocol == "ocpp1.6" for ws in sockets)
            # Every one of them is served, the first and the last to connect alike.
            for ws in (sockets[0], sockets[-1]):
                await ws.send_str('[2,"boot","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]')  # fmt: skip
                answer = await ws.receive_json(timeout=10)
                assert answer[:2] == [3, "boot"], answer
        finally:
            await asyncio.gather(*(ws.close() for ws in sockets))
