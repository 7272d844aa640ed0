"""Events as they happen: ``GET /events``, a Server-Sent Events stream.

Each event is one SSE message: ``id:`` the event id, ``event:`` its type, ``data:`` the
:class:`bridge.Event` as JSON (the ``Event`` schema). A reader that falls behind loses
its oldest events and gets an ``event: gap`` message saying how many; the stream never
slows the chargers down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from typing import Any

from aiohttp import web

from bridge import Event, EventType
from gateway.events import EventFilter, Gap, Subscription
from gateway.keys import EVENTS

from . import _json
from ._auth import TICKET_SECONDS
from ._errors import dumps, invalid, json_response
from ._keys import AUTH, PRINCIPAL
from ._routes import READ, Param, Response, Routes, query_list

log = logging.getLogger(__name__)

# A comment line this often keeps proxies and load balancers from closing an idle stream.
KEEPALIVE_SECONDS = 15.0
# How often an idle stream checks whether its reader has gone.
DISCONNECT_CHECK_SECONDS = 1.0
# Events written in one go when a reader is behind.
MAX_BATCH = 100
# How soon a reader that lost the connection should try again (SSE ``retry:``, ms).
RETRY_MS = 3000

EVENT_TYPES = [t.value for t in EventType]

EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "type", "charger_id", "at", "data"],
    "properties": {
        "id": {
            "type": "string",
            "description": "unique; increasing within one run of the gateway",
        },
        "type": {"type": "string", "enum": EVENT_TYPES},
        "charger_id": {"type": "string"},
        "at": _json.DATE_TIME,
        "data": {
            "type": "object",
            "description": "by type: charger.boot {status, vendor, model, firmware, "
            "transport, version}; charger.connected {transport, version, remote_addr}; "
            "charger.disconnected {}; charger.transport_changed {transport, version, "
            "previous_transport, previous_version}; connector.status (a Connector); "
            "transaction.started {transaction_id, connector_id, id_tag, id_tag_status, "
            "meter_start, timestamp}; transaction.stopped {transaction_id (null when "
            "unmatched), reported_transaction_id, matched, connector_id, id_tag, "
            "meter_start, meter_stop, timestamp, reason, energy_wh, flags}; meter_values "
            "{connector_id, transaction_id, meter_value (OCPP 1.6 JSON)}; command.finished "
            "{id, action, status, result, error}",
        },
    },
}

CHARGER_IDS = Param(
    "charger_id",
    {"type": "array", "items": {"type": "string", "minLength": 1}},
    description="only these chargers (repeat the parameter); all when absent",
)
TYPES = Param(
    "type",
    {"type": "array", "items": {"type": "string", "enum": EVENT_TYPES}},
    description="only these event types (repeat the parameter, or separate with commas); "
    "all when absent",
)

LAST_EVENT_ID = Param(
    "Last-Event-ID",
    {"type": "string"},
    where="header",
    description="the id of the last event this reader saw: the events since it that the "
    "gateway still holds (the last 10,000) come first. Browsers send it on reconnecting.",
)
LAST_EVENT_ID_QUERY = Param(
    "last_event_id",
    {"type": "string"},
    description="the same as the Last-Event-ID header, for clients that cannot set it",
)

TICKET = Param(
    "ticket",
    {"type": "string"},
    description="a one-use ticket from POST /events/tickets, instead of the Authorization "
    "header (a browser's EventSource cannot send headers)",
)

routes = Routes(
    "events",
    {
        "Event": EVENT_SCHEMA,
        "StreamTicket": {
            "type": "object",
            "required": ["ticket", "expires_in"],
            "properties": {
                "ticket": {"type": "string"},
                "expires_in": {"type": "number", "description": "seconds to use it in"},
            },
        },
    },
)


@routes.post(
    "/events/tickets",
    scope=READ,
    summary="A one-use ticket to open the event stream from a browser",
    responses={201: "StreamTicket"},
)
async def create_stream_ticket(request: web.Request) -> web.StreamResponse:
    """`new EventSource("/api/v1/events?ticket=…")` cannot send an Authorization header.
    A ticket carries the caller's scopes, opens one stream, and must be used within 60 s;
    so a long-lived token never appears in a URL (and in proxies' logs)."""
    auth = request.app[AUTH]
    ticket = auth.issue_ticket(request[PRINCIPAL])
    return json_response({"ticket": ticket, "expires_in": TICKET_SECONDS}, 201)


@routes.get(
    "/events",
    scope=READ,
    summary="A live stream of events (Server-Sent Events)",
    params=[CHARGER_IDS, TYPES, LAST_EVENT_ID, LAST_EVENT_ID_QUERY, TICKET],
    allow_ticket=True,
    responses={200: Response("An endless stream of events", media_type="text/event-stream")},
)
async def stream_events(request: web.Request) -> web.StreamResponse:
    """Server-Sent Events (`text/event-stream`), from the moment of the request on: for
    each event `id: <event id>`, `event: <type>` and `data: <the Event as JSON>`. A
    reader that falls behind loses its oldest events and first gets `event: gap` with
    `data: {"lost": <count>}`. A comment line (`: keep-alive`) comes every 15 s when
    nothing else does. The stream ends when the gateway shuts down.

    A reader that reconnects with `Last-Event-ID` (or `last_event_id`) first gets the
    events it missed, as long as the gateway still holds them (the last 10,000 events,
    since the gateway started); otherwise the stream starts with `event: gap` and
    `data: {"lost": null}`: some were missed, how many is unknown."""
    charger_ids = _charger_ids(request)
    types = _types(request)
    hub = request.config_dict[EVENTS]
    response = web.StreamResponse(
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
    response.content_type = "text/event-stream"
    response.charset = "utf-8"
    after = request.headers.get("Last-Event-ID") or request.query.get("last_event_id") or None
    with hub.subscribe(_filter(charger_ids, types), after=after) as subscription:
        await response.prepare(request)
        try:
            await response.write(f"retry: {RETRY_MS}\n\n".encode())
            await _pump(request, response, subscription)
        except ConnectionError:  # the reader went away mid-write
            pass
    return response  # aiohttp ends the stream (write_eof), and minds a reader gone


async def _pump(
    request: web.Request, response: web.StreamResponse, subscription: Subscription
) -> None:
    loop = asyncio.get_running_loop()
    keepalive_at = loop.time() + KEEPALIVE_SECONDS
    while True:
        wait = max(min(keepalive_at - loop.time(), DISCONNECT_CHECK_SECONDS), 0)
        try:
            item = await asyncio.wait_for(subscription.next(), wait)
        except TimeoutError:
            transport = request.transport
            if transport is None or transport.is_closing():
                return
            if loop.time() >= keepalive_at:
                await response.write(b": keep-alive\n\n")
                keepalive_at = loop.time() + KEEPALIVE_SECONDS
            continue
        if item is None:  # the hub closed: the gateway is shutting down
            return
        chunk = [_message(item)]
        while len(chunk) < MAX_BATCH:
            more = subscription.next_nowait()
            if more is None:
                break
            chunk.append(_message(more))
        await response.write("".join(chunk).encode())
        keepalive_at = loop.time() + KEEPALIVE_SECONDS


def _message(item: Event | Gap) -> str:
    if isinstance(item, Gap):
        return f"event: gap\ndata: {dumps({'lost': item.lost})}\n\n"
    return f"id: {item.id}\nevent: {item.type.value}\ndata: {dumps(item.to_json())}\n\n"


def _filter(charger_ids: Collection[str], types: Collection[EventType]) -> EventFilter | None:
    if not charger_ids and not types:
        return None

    def accept(event: Event) -> bool:
        return (not charger_ids or event.charger_id in charger_ids) and (
            not types or event.type in types
        )

    return accept


def _charger_ids(request: web.Request) -> frozenset[str]:
    ids = request.query.getall("charger_id", [])
    if any(not i for i in ids):
        raise invalid("charger_id", "must not be empty")
    return frozenset(ids)


def _types(request: web.Request) -> frozenset[EventType]:
    return frozenset(EventType(name) for name in query_list(request, "type", EVENT_TYPES))
