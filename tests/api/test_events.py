"""GET /events: a Server-Sent Events stream read over real HTTP, with the events a real
OCPP-J charger (the ``ocpp`` library's ChargePoint over ``websockets``) and a command
cause; filters, keep-alives, auth, and streams that end on disconnect and on shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from ocpp.v16 import call

from api import _auth as auth_module
from api import events as api_events
from gateway.events import Gap
from gateway.keys import EVENTS
from tests.json_ws.conftest import Gateway, Running, running_charger

from .conftest import WAIT, ApiClient


@dataclass
class Message:
    event: str | None = None
    id: str | None = None
    data: str = ""
    comments: list[str] = field(default_factory=list)

    @property
    def json(self) -> Any:
        return json.loads(self.data)


class EventStream:
    """An SSE reader over an aiohttp response, one message (or comment) at a time."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response

    async def message(self, timeout: float = WAIT) -> Message | None:
        """The next message, comments included; None at the end of the stream."""
        message = Message()
        seen = False
        async with asyncio.timeout(timeout):
            while True:
                raw = await self.response.content.readline()
                if not raw:
                    return message if seen else None
                line = raw.decode().rstrip("\n")
                if line == "":
                    if seen:
                        return message
                    continue
                seen = True
                name, _, value = line.partition(":")
                value = value.removeprefix(" ")
                if name == "":
                    message.comments.append(value)
                elif name == "data":
                    message.data += value if not message.data else "\n" + value
                elif name == "event":
                    message.event = value
                elif name == "id":
                    message.id = value

    async def event(self, timeout: float = WAIT) -> Message:
        """The next event, past comments and the opening ``retry:``."""
        while True:
            message = await self.message(timeout)
            assert message is not None, "the stream ended"
            if message.event is not None:
                return message

    async def events_until(self, event_type: str, charger_id: str | None = None) -> list[Message]:
        seen = []
        while True:
            message = await self.event()
            seen.append(message)
            if message.event == event_type and (
                charger_id is None or message.json["charger_id"] == charger_id
            ):
                return seen


@contextlib.asynccontextmanager
async def event_stream(
    api: ApiClient, params: Any = None, scope: str = "read"
) -> AsyncIterator[EventStream]:
    async with api.session.get(
        api.url("/events"),
        params=params,
        headers=api.headers(scope, None),
        timeout=aiohttp.ClientTimeout(total=None, sock_read=None),
    ) as response:
        assert response.status == 200, await response.text()
        assert response.content_type == "text/event-stream"
        assert response.headers["Cache-Control"] == "no-cache"
        yield EventStream(response)


@contextlib.asynccontextmanager
async def json_charger(api: ApiClient, charger_id: str) -> AsyncIterator[Running]:
    async with running_charger(Gateway(api.server, api.app), charger_id) as charger:
        yield charger


async def status(charger: Running, connector: int, state: str) -> None:
    await charger.call(
        call.StatusNotification(connector_id=connector, error_code="NoError", status=state)
    )


# --- what the stream carries ------------------------------------------------------------------


async def test_a_charger_and_a_command_are_seen_on_the_stream(api_both: ApiClient) -> None:
    api = api_both
    async with event_stream(api) as stream:
        async with json_charger(api, "CP-1") as charger:
            await charger.boot()
            seen = await stream.events_until("charger.connected")
            assert [m.event for m in seen] == [
                "charger.boot",
                "charger.transport_changed",
                "charger.connected",
            ]
            boot = seen[0]
            assert boot.id == boot.json["id"]
            assert boot.json["charger_id"] == "CP-1"
            assert boot.json["type"] == "charger.boot"
            assert boot.json["at"].endswith("Z")
            assert boot.json["data"]["vendor"] == "VendorX"
            assert boot.json["data"]["status"] == "Accepted"

            await status(charger, 1, "Preparing")
            message = await stream.event()
            assert message.event == "connector.status"
            assert message.json["data"]["connector_id"] == 1
            assert message.json["data"]["status"] == "Preparing"

            started = await charger.call(
                call.StartTransaction(
                    connector_id=1,
                    id_tag="TAG-1",
                    meter_start=1000,
                    timestamp="2025-03-01T08:00:00Z",
                )
            )
            message = await stream.event()
            assert message.event == "transaction.started"
            assert message.json["data"]["transaction_id"] == started.transaction_id

            code, command = await api.post(
                "/chargers/CP-1/commands", {"action": "ClearCache", "wait": WAIT}
            )
            assert code == 201 and command["status"] == "accepted", command
            message = await stream.event()
            assert message.event == "command.finished"
            assert message.json["data"] == {
                "id": command["id"],
                "action": "ClearCache",
                "status": "accepted",
                "result": {"status": "Accepted"},
                "error": None,
            }
        message = await stream.event()
        assert message.event == "charger.disconnected"
        assert message.json["charger_id"] == "CP-1"


async def test_event_ids_increase(api: ApiClient) -> None:
    async with event_stream(api) as stream, json_charger(api, "CP-1") as charger:
        await charger.boot()
        seen = await stream.events_until("charger.connected")
    numbers = [int(m.id.rsplit("-", 1)[1]) for m in seen if m.id]
    assert len(numbers) == 3 and numbers == sorted(numbers) and len(set(numbers)) == 3


async def test_a_reader_reconnecting_with_last_event_id_misses_nothing(api: ApiClient) -> None:
    async with json_charger(api, "CP-1") as charger:
        await charger.boot()
        async with event_stream(api, [("type", "connector.status")]) as stream:
            await status(charger, 1, "Available")
            last_seen = await stream.event()
        await status(charger, 1, "Preparing")  # while the reader is away
        await status(charger, 1, "Charging")
    headers = api.headers("read", None) | {"Last-Event-ID": str(last_seen.id)}
    async with api.session.get(
        api.url("/events"),
        params=[("type", "connector.status")],
        headers=headers,
        timeout=aiohttp.ClientTimeout(total=None, sock_read=None),
    ) as response:
        stream = EventStream(response)
        missed = [await stream.event(), await stream.event()]
    assert [m.json["data"]["status"] for m in missed] == ["Preparing", "Charging"]
    async with event_stream(api, [("last_event_id", "1-1")]) as stream:  # another run's
        gap = await stream.event()
        assert (gap.event, gap.json) == ("gap", {"lost": None})


async def test_filters_by_charger_and_type(api: ApiClient) -> None:
    only_cp2 = [
        ("charger_id", "CP-2"),
        ("type", "connector.status,charger.disconnected"),
        ("type", "charger.boot"),
    ]
    async with (
        event_stream(api, only_cp2) as filtered,
        event_stream(api, [("type", "connector.status")]) as statuses,
    ):
        async with json_charger(api, "CP-1") as cp1:
            await cp1.boot()
            await status(cp1, 1, "Available")
        async with json_charger(api, "CP-2") as cp2:
            await cp2.boot()
            await status(cp2, 2, "Faulted")
        first = await filtered.event()
        assert (first.event, first.json["charger_id"]) == ("charger.boot", "CP-2")
        second = await filtered.event()
        assert (second.event, second.json["data"]["status"]) == ("connector.status", "Faulted")
        third = await filtered.event()
        assert (third.event, third.json["charger_id"]) == ("charger.disconnected", "CP-2")

        seen = [await statuses.event(), await statuses.event()]
        assert [(m.event, m.json["charger_id"]) for m in seen] == [
            ("connector.status", "CP-1"),
            ("connector.status", "CP-2"),
        ]


async def test_a_stream_needs_a_token_and_valid_filters(api: ApiClient) -> None:
    code, body = await api.get("/events", scope=None)
    assert code == 401 and body["error"] == "unauthorized"
    code, body = await api.get("/events", token="not-a-token")
    assert code == 401
    code, body = await api.get("/events", params={"type": "charger.boot,charger.exploded"})
    assert code == 422
    assert body["errors"][0]["field"] == "type" and "charger.exploded" in body["detail"]
    code, body = await api.get("/events", params={"charger_id": ""})
    assert code == 422 and body["errors"][0]["field"] == "charger_id"


async def test_the_stream_is_documented_as_text_event_stream(api: ApiClient) -> None:
    _, document = await api.get("/openapi.json", scope=None)
    operation = document["paths"]["/events"]["get"]
    assert "text/event-stream" in operation["responses"]["200"]["content"]
    assert operation["x-scope"] == "read"
    assert {p["name"] for p in operation["parameters"]} == {
        "charger_id",
        "type",
        "Last-Event-ID",
        "last_event_id",
        "ticket",
    }
    assert "Event" in document["components"]["schemas"]


# --- keep-alive, disconnect, shutdown -------------------------------------------------------------


async def test_an_idle_stream_gets_keep_alive_comments(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_events, "KEEPALIVE_SECONDS", 0.2)
    async with event_stream(api) as stream:
        opening = await stream.message()
        assert opening is not None and opening.comments == [] and opening.event is None
        message = await stream.message(timeout=3)
        assert message is not None and message.comments == ["keep-alive"]


async def test_a_reader_that_leaves_is_unsubscribed(api: ApiClient) -> None:
    hub = api.app[EVENTS]
    async with event_stream(api):
        assert hub.subscribers == 1
    for _ in range(int(WAIT / 0.05)):  # the stream notices within a second
        if not hub.subscribers:
            break
        await asyncio.sleep(0.05)
    assert hub.subscribers == 0
    # and the gateway goes on publishing to nobody
    async with json_charger(api, "CP-1") as charger:
        await charger.boot()


async def test_shutdown_ends_open_streams_without_waiting(api: ApiClient) -> None:
    async with event_stream(api) as first, event_stream(api, {"type": "meter_values"}) as second:
        began = time.monotonic()
        await asyncio.wait_for(api.server.close(), WAIT)
        assert time.monotonic() - began < 3.0  # aiohttp would wait 60 s for open handlers
        for stream in (first, second):
            while (message := await stream.message()) is not None:
                assert message.event is None  # nothing but the opening and keep-alives


def test_a_gap_is_an_sse_message_of_its_own() -> None:
    assert api_events._message(Gap(7)) == 'event: gap\ndata: {"lost":7}\n\n'


# --- a browser's EventSource: a one-use ticket instead of a header ------------------------------


async def test_a_ticket_opens_one_stream_without_a_header(api: ApiClient) -> None:
    status, body = await api.post("/events/tickets", scope="read")
    assert status == 201 and body["expires_in"] == 60
    url = api.url("/events")
    async with api.session.get(url, params={"ticket": body["ticket"]}) as response:
        assert response.status == 200
        assert response.content_type == "text/event-stream"
    status, again = await api.get("/events", scope=None, params={"ticket": body["ticket"]})
    assert status == 401 and "ticket" in again["detail"]  # used


async def test_tickets_expire_and_open_nothing_else(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, body = await api.post("/events/tickets", scope="read")
    status, _ = await api.get("/chargers", scope=None, params={"ticket": body["ticket"]})
    assert status == 401  # only the event stream takes tickets
    monkeypatch.setattr(auth_module, "TICKET_SECONDS", 0.0)
    _, expired = await api.post("/events/tickets", scope="read")
    status, _ = await api.get("/events", scope=None, params={"ticket": expired["ticket"]})
    assert status == 401
    status, _ = await api.post("/events/tickets", scope=None)
    assert status == 401  # a ticket is given only to who may read
