"""The upgrade request over a real socket: path, subprotocol and registration policy;
and the pure readers behind them, as tables."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest
import websockets

from bridge import UnknownChargerPolicy
from gateway.charger_auth import basic_credentials
from json_ws._handshake import charger_id_from_path, choose_subprotocol

from .conftest import WAIT, Gateway, GatewayFactory, heartbeat_works


@pytest.mark.parametrize(
    ("raw_path", "charger_id"),
    [
        ("/ocpp/CP1", "CP1"),
        ("/ocpp/CP1/", "CP1"),
        ("/steve/websocket/CentralSystemService/CP1", "CP1"),
        ("/CP1", "CP1"),
        ("/ocpp/1.6/CP1?token=x", "CP1"),
        ("/ocpp/CP%201", "CP 1"),
        ("/ocpp/a%2Fb", "a/b"),  # one segment: decoded after splitting
        ("/", None),
        ("//", None),
        ("/ocpp/%FF", None),  # not UTF-8
        ("/ocpp/CP%001", None),  # NUL: no database keeps it as text
    ],
)
def test_charger_id_from_path(raw_path: str, charger_id: str | None) -> None:
    assert charger_id_from_path(raw_path) == charger_id


@pytest.mark.parametrize(
    ("headers", "protocol", "refused"),
    [
        (["ocpp1.6"], "ocpp1.6", False),
        ([",ocpp1.6"], "ocpp1.6", False),
        ([" ocpp1.6 , "], "ocpp1.6", False),
        (["ocpp1.5, ocpp1.6"], "ocpp1.6", False),
        (["ocpp2.0.1", "ocpp1.6"], "ocpp1.6", False),
        (["OCPP1.6"], "OCPP1.6", False),  # echoed as offered
        (["ocpp2.0.1"], None, True),
        ([""], None, False),  # an empty header is no offer
        ([], None, False),
    ],
)
def test_choose_subprotocol(headers: list[str], protocol: str | None, refused: bool) -> None:
    choice = choose_subprotocol(headers, require=False)
    assert choice.protocol == protocol
    assert (choice.refusal is not None) is refused


def test_choose_subprotocol_can_require_one() -> None:
    assert choose_subprotocol([], require=True).refusal is not None
    assert choose_subprotocol(["ocpp1.6"], require=True).refusal is None


@pytest.mark.parametrize(
    ("header", "credentials"),
    [
        ("Basic Q1AxOnNlY3JldA==", ("CP1", "secret")),
        ("basic Q1AxOnNlY3JldA==", ("CP1", "secret")),
        ("Basic Q1AxOnPDqWNyZXQ=", ("CP1", "sécret")),  # UTF-8
        (None, None),
        ("", None),
        ("Bearer abc", None),
        ("Basic !!!", None),
    ],
)
def test_basic_credentials(header: str | None, credentials: tuple[str, str] | None) -> None:
    assert basic_credentials(header) == credentials


# --- over a real socket -------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix", ["/ocpp/", "/steve/websocket/CentralSystemService/", "/", "/ocpp/1.6/"]
)
async def test_any_path_prefix(gateway: Gateway, prefix: str) -> None:
    async with await gateway.connect("CP-PATH", prefix=prefix) as ws:
        await ws.send('[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]')
        await ws.recv()
        assert await heartbeat_works(ws)
    assert await gateway.charger("CP-PATH") is not None


async def test_trailing_slash_and_url_decoding(gateway: Gateway) -> None:
    async with await gateway.connect("CP%20SLASH/") as ws:
        await ws.send('[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]')
        await ws.recv()
    assert await gateway.charger("CP SLASH") is not None


@pytest.mark.parametrize("offered", [["ocpp1.6"], ["ocpp2.0.1", "ocpp1.6"], ["ocpp1.5", "ocpp1.6"]])
async def test_subprotocol_negotiated(gateway: Gateway, offered: list[str]) -> None:
    async with await gateway.connect("CP-SUB", subprotocols=offered) as ws:
        assert ws.subprotocol == "ocpp1.6"
        await ws.send('[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]')
        assert '"Accepted"' in await ws.recv()


async def _raw_upgrade(gateway: Gateway, path: str, extra: str) -> tuple[int, str]:
    """The upgrade request as a sloppy firmware writes it, byte for byte."""
    reader, writer = await asyncio.open_connection("127.0.0.1", gateway.server.port)
    writer.write(
        (
            f"GET {path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            f"{extra}\r\n"
        ).encode()
    )
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), WAIT)
    writer.close()
    status_line, _, headers = head.decode().partition("\r\n")
    return int(status_line.split()[1]), headers


@pytest.mark.parametrize(
    "offer",
    [
        "Sec-WebSocket-Protocol: ,ocpp1.6\r\n",
        "Sec-WebSocket-Protocol:  ocpp1.6 ,\r\n",
        "Sec-WebSocket-Protocol: ,, ocpp1.6\r\n",
    ],
)
async def test_sloppy_subprotocol_headers(gateway: Gateway, offer: str) -> None:
    status, headers = await _raw_upgrade(gateway, "/ocpp/CP-SLOPPY", offer)
    assert status == 101
    assert "Sec-WebSocket-Protocol: ocpp1.6\r\n" in headers


async def test_no_subprotocol_is_taken_as_16(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="json_ws")
    async with await gateway.connect("CP-NOSUB", subprotocols=[]) as ws:
        assert ws.subprotocol is None
        await ws.send('[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]')
        assert '"Accepted"' in await ws.recv()
    assert "offered no subprotocol" in caplog.text


async def test_no_subprotocol_refused_when_required(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(json_require_subprotocol=True)
    with pytest.raises(websockets.InvalidStatus) as refused:
        await gateway.connect("CP-NOSUB", subprotocols=[])
    assert refused.value.response.status_code == 400


async def test_only_unsupported_subprotocols_get_400(gateway: Gateway) -> None:
    with pytest.raises(websockets.InvalidStatus) as refused:
        await gateway.connect("CP-201", subprotocols=["ocpp2.0.1"])
    assert refused.value.response.status_code == 400


async def test_unknown_charger_rejected_by_policy_gets_404(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(unknown_chargers=UnknownChargerPolicy.REJECT)
    with pytest.raises(websockets.InvalidStatus) as refused:
        await gateway.connect("CP-STRANGER")
    assert refused.value.response.status_code == 404
    await gateway.add_charger("CP-KNOWN")
    async with await gateway.connect("CP-KNOWN") as ws:
        assert await heartbeat_works(ws)


async def test_unknown_charger_pending_policy_connects(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(unknown_chargers=UnknownChargerPolicy.PENDING)
    async with await gateway.connect("CP-NEW") as ws:
        await ws.send('[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]')
        assert '"Pending"' in await ws.recv()


async def test_plain_get_is_not_found(gateway: Gateway) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(gateway.url("/ocpp/CP1").replace("ws://", "http://")) as response:
            assert response.status == 404
        async with http.get(gateway.url("/health").replace("ws://", "http://")) as response:
            assert response.status == 200
