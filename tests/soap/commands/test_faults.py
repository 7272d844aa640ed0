"""Each way a SOAP charger can fail ends the command in its documented status, within the
timeout, with every attempt in the message log; only failed connections are retried."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from aiohttp import web

from bridge import CommandStatus, Direction
from tests.soap.commands.helpers import (
    Captured,
    GatewayFactory,
    StandInFactory,
    reset_accepted,
    soap_fault,
    soap_response,
)

RESET = {"type": "Hard"}


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_charger_down_is_unreachable_after_the_connect_retries(
    make_gateway: GatewayFactory,
) -> None:
    gateway = await make_gateway(soap_connect_retries=2)
    await gateway.register("CP-1", "1.6", f"http://127.0.0.1:{closed_port()}/ocpp")
    loop = asyncio.get_running_loop()
    started = loop.time()

    record = await gateway.run("CP-1", "Reset", RESET)

    assert record.status is CommandStatus.UNREACHABLE
    assert record.error is not None
    assert "connection refused" in record.error and "3 attempts" in record.error
    assert loop.time() - started < 5.0  # pauses of 0.5 s and 1 s, within command_timeout
    log = await gateway.messages("CP-1", 3)
    assert [m.flags for m in log] == [
        ("attempt:1", "unreachable"),
        ("attempt:2", "unreachable"),
        ("attempt:3", "unreachable"),
    ]
    assert all(m.direction is Direction.OUT and m.action == "Reset" for m in log)
    assert "<wsa:Action>/Reset</wsa:Action>" in log[0].message


async def test_the_retries_end_with_the_command_deadline(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(soap_connect_retries=10, command_timeout=1.0)
    await gateway.register("CP-1", "1.6", f"http://127.0.0.1:{closed_port()}/")
    loop = asyncio.get_running_loop()
    started = loop.time()

    record = await gateway.run("CP-1", "Reset", RESET)

    assert record.status is CommandStatus.UNREACHABLE
    assert loop.time() - started < 2.0  # pauses of 0.5 s, then 1 s would pass the deadline
    assert "2 attempts" in (record.error or "")


async def _sleep_past_the_timeout(request: web.Request, captured: Captured) -> web.Response:
    await asyncio.sleep(5)
    return reset_accepted("1.6")


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param({"soap_total_timeout": 0.5}, id="soap_total_timeout"),
        pytest.param({"command_timeout": 0.5}, id="command_timeout"),
    ],
)
async def test_charger_too_slow_is_a_timeout_and_never_retried(
    make_gateway: GatewayFactory, stand_in: StandInFactory, settings: dict[str, float]
) -> None:
    gateway = await make_gateway(soap_connect_retries=3, **settings)
    charger = await stand_in(_sleep_past_the_timeout)
    await gateway.register("CP-1", "1.6", charger.url)
    loop = asyncio.get_running_loop()
    started = loop.time()

    record = await gateway.run("CP-1", "Reset", RESET)

    assert record.status is CommandStatus.TIMEOUT
    assert "no answer within 0.5 s" in (record.error or "")
    assert loop.time() - started < 2.0
    assert len(charger.received) == 1  # the charger may have acted: no second request
    (logged,) = await gateway.messages("CP-1", 1)
    assert logged.flags == ("attempt:1", "timeout")


Respond = Callable[[web.Request, Captured], Awaitable[web.StreamResponse]]


def answer_with(response: Callable[[], web.StreamResponse]) -> Respond:
    async def respond(request: web.Request, captured: Captured) -> web.StreamResponse:
        return response()

    return respond


async def _hang_up(request: web.Request, captured: Captured) -> web.StreamResponse:
    assert request.transport is not None
    request.transport.close()  # the request was read: the charger might have acted on it
    await asyncio.sleep(1)
    return web.Response()


@dataclass(frozen=True)
class Failure:
    respond: Respond
    error: str  # the start of the command's error
    http_status: int | None  # of the answer, logged with the attempt (None: no answer)


FAILURES = {
    "soap-fault": Failure(
        answer_with(lambda: soap_fault("e:Sender", "Unknown connector", subcode="BadConnector")),
        "e:Sender/BadConnector: Unknown connector",
        500,
    ),
    "soap-fault-receiver": Failure(
        answer_with(lambda: soap_fault("e:Receiver", "Out of memory")),
        "e:Receiver: Out of memory",
        500,
    ),
    "not-xml": Failure(
        answer_with(lambda: web.Response(text="Service temporarily unavailable")),
        "HTTP 200, not XML",
        200,
    ),
    "http-500": Failure(
        answer_with(lambda: web.Response(status=500, text="Internal Server Error")),
        "HTTP 500, not XML",
        500,
    ),
    "http-500-xml-not-soap": Failure(
        answer_with(lambda: web.Response(status=500, text="<error>database down</error>")),
        "HTTP 500, not a SOAP 1.2 envelope: <error>database down</error>",
        500,
    ),
    "http-404-empty": Failure(
        answer_with(lambda: web.Response(status=404)), "HTTP 404: an empty answer", 404
    ),
    "http-503-soap-body": Failure(
        answer_with(lambda: soap_response("<busy/>", status=503)), "HTTP 503: <e:Envelope", 503
    ),
    "wrong-answer": Failure(
        answer_with(lambda: soap_response('<x:heartbeatResponse xmlns:x="urn:x"/>')),
        "expected resetResponse, got heartbeatResponse",
        200,
    ),
    "invalid-answer": Failure(
        answer_with(
            lambda: soap_response(
                '<r:resetResponse xmlns:r="urn://Ocpp/Cp/2015/10/"><r:nope/></r:resetResponse>'
            )
        ),
        "invalid resetResponse",
        200,
    ),
    "too-large": Failure(
        answer_with(lambda: web.Response(body=b"x" * (1024 * 1024 + 1))),
        "HTTP 200: the answer is larger than 1048576 bytes",
        None,
    ),
    "hang-up": Failure(_hang_up, "the connection failed after the request was sent", None),
}


@pytest.mark.parametrize("name", list(FAILURES))
async def test_a_bad_answer_is_an_error_with_what_came_back(
    make_gateway: GatewayFactory, stand_in: StandInFactory, name: str
) -> None:
    failure = FAILURES[name]
    gateway = await make_gateway(soap_connect_retries=3)
    charger = await stand_in(failure.respond)
    await gateway.register("CP-1", "1.6", charger.url)

    record = await gateway.run("CP-1", "Reset", RESET)

    assert record.status is CommandStatus.ERROR
    assert (record.error or "").startswith(failure.error), record.error
    assert len(charger.received) == 1  # never retried: the request went out
    expected = 1 if failure.http_status is None else 2
    log = await gateway.messages("CP-1", expected)
    assert log[0].direction is Direction.OUT
    if failure.http_status is not None:
        answer = log[1]
        assert answer.direction is Direction.IN
        assert answer.flags == (
            () if failure.http_status == 200 else (f"http:{failure.http_status}",)
        )


async def test_a_fault_with_http_200_is_still_a_fault(
    make_gateway: GatewayFactory, stand_in: StandInFactory
) -> None:
    gateway = await make_gateway()

    async def fault_200(request: web.Request, captured: Captured) -> web.Response:
        fault = soap_fault("e:Sender", "Not now")
        fault.set_status(200)
        return fault

    charger = await stand_in(fault_200)
    await gateway.register("CP-1", "1.6", charger.url)

    record = await gateway.run("CP-1", "Reset", RESET)

    assert (record.status, record.error) == (CommandStatus.ERROR, "e:Sender: Not now")


async def test_every_command_row_ends_final(
    make_gateway: GatewayFactory, stand_in: StandInFactory
) -> None:
    gateway = await make_gateway(soap_total_timeout=0.3)
    slow = await stand_in(_sleep_past_the_timeout)
    await gateway.register("CP-1", "1.6", slow.url)
    records = [await gateway.commands.submit("CP-1", "Reset", RESET) for _ in range(3)]
    for record in records:
        await asyncio.wait_for(gateway.commands.wait(record, None), 5)
    for record in records:
        stored = await gateway.store.get_command(record.id)
        assert stored is not None and stored.status is CommandStatus.TIMEOUT
        assert stored.finished_at is not None
