"""The process's limits as chargers meet them: how many can be connected at once, and how
long an idle HTTP connection is kept. The real ``ocpp-gateway serve``, real sockets."""

import asyncio
import resource
import socket

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


def test_an_idle_http_connection_is_closed_and_an_idle_websocket_is_not(tmp_path):
    with live_gateway(tmp_path, env={"OCPP_GATEWAY_HTTP_IDLE_TIMEOUT": "1"}) as gateway:
        address = ("127.0.0.1", gateway.port)
        with (
            socket.create_connection(address) as unfinished,
            socket.create_connection(address) as kept_alive,
        ):
            unfinished.sendall(b"POST /ocpp/soap HTTP/1.1\r\nHost: gw\r\nContent-Le")
            kept_alive.sendall(b"GET /health HTTP/1.1\r\nHost: gw\r\n\r\n")
            answered = _read_until_closed(kept_alive, within=10)
            assert answered.startswith(b"HTTP/1.1 200"), answered
            assert answered.endswith(b'{"status": "ok"}')  # and then closed, idle
            assert _read_until_closed(unfinished, within=10) == b""
        asyncio.run(_websocket_outlives_the_idle_timeout(gateway, idle=3.0))


def _read_until_closed(sock: socket.socket, within: float) -> bytes:
    """What ``sock`` receives until the gateway closes it; fails past ``within`` seconds."""
    sock.settimeout(within)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        pytest.fail(f"still open after {within} s, having received {received!r}")
    return received


async def _websocket_outlives_the_idle_timeout(gateway: LiveGateway, idle: float) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(
            f"ws://127.0.0.1:{gateway.port}/ocpp/IDLE-1", protocols=("ocpp1.6",)
        ) as ws,
    ):
        await asyncio.sleep(idle)
        await ws.send_str('[2,"hb","Heartbeat",{}]')
        answer = await ws.receive_json(timeout=10)
        assert answer[1] == "hb", answer  # an answer (CALLERROR: not booted), not a close
