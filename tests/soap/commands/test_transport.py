"""Connect failures versus failures after sending: what is retried, and what each becomes."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from bridge import CommandStatus, Direction
from gateway.settings import Settings
from soap.commands import BadAnswer, CallLimits, NoAnswer, Unreachable
from soap.commands._errors import from_transport
from tests.soap.commands.helpers import Captured, GatewayFactory, StandInFactory, reset_accepted


@contextlib.contextmanager
def listener_that_never_accepts() -> Iterator[int]:
    """A loopback port whose accept queue is full: the kernel drops further SYNs, so a
    connection attempt hangs until its timeout (Linux)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = int(server.getsockname()[1])
    fillers = []
    try:
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        yield port
    finally:
        for filler in fillers:
            filler.close()
        server.close()


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        pytest.param(
            {"soap_connect_timeout": 0.2, "soap_total_timeout": 5.0},
            "no connection within 0.2 s",
            id="connect-timeout",
        ),
        # the total timeout firing while connecting surfaces as a bare TimeoutError, like a
        # read timeout: only aiohttp's trace tells that no connection was ever made
        pytest.param(
            {"soap_connect_timeout": 5.0, "soap_total_timeout": 0.2},
            "no connection within 0.2 s",
            id="total-timeout-while-connecting",
        ),
    ],
)
async def test_a_connection_that_cannot_be_made_in_time_is_unreachable_and_retried(
    make_gateway: GatewayFactory, settings: dict[str, float], reason: str
) -> None:
    gateway = await make_gateway(soap_connect_retries=1, **settings)
    with listener_that_never_accepts() as port:
        await gateway.register("CP-1", "1.6", f"http://127.0.0.1:{port}/")
        record = await gateway.run("CP-1", "Reset", {"type": "Soft"})

    assert record.status is CommandStatus.UNREACHABLE
    assert record.error == f"{reason}; 2 attempts"
    log = await gateway.messages("CP-1", 2)
    assert [m.flags for m in log] == [("attempt:1", "unreachable"), ("attempt:2", "unreachable")]


async def test_a_successful_exchange_is_logged_both_ways(
    make_gateway: GatewayFactory, stand_in: StandInFactory
) -> None:
    gateway = await make_gateway()

    async def accept(request: aiohttp.web.Request, captured: Captured) -> aiohttp.web.Response:
        return reset_accepted("1.5")

    charger = await stand_in(accept)
    await gateway.register("CP-1", "1.5", charger.url)

    record = await gateway.run("CP-1", "Reset", {"type": "Soft"})

    assert record.status is CommandStatus.ACCEPTED
    request, answer = await gateway.messages("CP-1", 2)
    assert (request.direction, request.flags) == (Direction.OUT, ("attempt:1",))
    assert request.message == charger.received[0].body.decode()
    assert (answer.direction, answer.flags, answer.action) == (Direction.IN, (), "Reset")
    assert "<r:status>Accepted</r:status>" in answer.message
    assert answer.timestamp >= request.timestamp


def _key() -> aiohttp.client_reqrep.ConnectionKey:
    return aiohttp.client_reqrep.ConnectionKey("127.0.0.1", 9, False, True, None, None, None)


TABLE = [
    pytest.param(
        aiohttp.ClientConnectorError(_key(), ConnectionRefusedError(111, "refused")),
        False,
        Unreachable,
        "connection refused (127.0.0.1:9)",
        id="refused",
    ),
    pytest.param(
        aiohttp.ClientConnectorError(_key(), OSError(113, "No route to host")),
        False,
        Unreachable,
        "no route to host (127.0.0.1:9)",
        id="no-route",
    ),
    pytest.param(
        aiohttp.ConnectionTimeoutError("connect"),
        False,
        Unreachable,
        "no connection within 5 s",
        id="connect-timeout",
    ),
    pytest.param(TimeoutError(), False, Unreachable, "no connection within 5 s", id="total-early"),
    pytest.param(TimeoutError(), True, NoAnswer, "no answer within 30 s", id="total-late"),
    pytest.param(
        aiohttp.SocketTimeoutError("read"), True, NoAnswer, "no answer within 30 s", id="read"
    ),
    pytest.param(
        aiohttp.ServerDisconnectedError(),
        True,
        BadAnswer,
        "the connection failed after the request was sent: ServerDisconnectedError",
        id="disconnected",
    ),
    pytest.param(
        aiohttp.ClientOSError(104, "Connection reset by peer"),
        True,
        BadAnswer,
        "the connection failed after the request was sent",
        id="reset-after-sending",
    ),
]


@pytest.mark.parametrize(("exc", "connected", "kind", "reason"), TABLE)
def test_transport_failures_become_command_outcomes(
    exc: BaseException, connected: bool, kind: type, reason: str
) -> None:
    error = from_transport(exc, connected=connected, attempt_timeout=30.0, connect_timeout=5.0)
    assert type(error) is kind
    assert error.reason.startswith(reason), error.reason


def test_an_invalid_url_is_not_retried() -> None:
    error = from_transport(
        aiohttp.InvalidURL("http://[::1"), connected=False, attempt_timeout=30, connect_timeout=5
    )
    assert isinstance(error, Unreachable) and not error.retryable


def test_backoff_doubles_up_to_its_cap() -> None:
    limits = CallLimits(backoff=0.5, max_backoff=2.0)
    assert [limits.pause_before_retry(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 2.0, 2.0]


@pytest.mark.parametrize(
    "bad", [{"connect_timeout": 0}, {"total_timeout": -1}, {"connect_retries": -1}]
)
def test_limits_refuse_nonsense(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        CallLimits(**bad)


def test_the_default_limits_come_from_the_settings() -> None:
    limits = CallLimits.from_settings(
        Settings(soap_connect_timeout=2, soap_total_timeout=9, soap_connect_retries=4)
    )
    assert (limits.connect_timeout, limits.total_timeout, limits.connect_retries) == (2, 9, 4)
    assert CallLimits() == CallLimits(connect_timeout=5.0, total_timeout=30.0, connect_retries=3)
