"""Webhooks: events POSTed to integrators' URLs, signed, retried, and logged.

Routing: the :class:`WebhookWorker` is a sink on the event hub. For an event some
enabled webhook wants it queues ``(event, webhook ids)`` without waiting (a bounded
queue: when full, the event is dropped for webhooks and counted). A recorder writes the
queued events as ``pending`` delivery rows, many per transaction; a scheduler sends the
due ones, a few at a time, and records each attempt. Deliveries left pending by a stop
are sent after the next start. A receiver that is down or slow costs the chargers
nothing: nothing on their path waits for a webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import hashlib
import hmac
import logging
import random
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from yarl import URL

from bridge import Event, EventType, utcnow
from gateway.events import EventHub
from gateway.keys import EVENTS, SETTINGS, STORE
from storage import SqlStore
from storage.queries import webhooks as queries
from storage.queries.webhooks import (
    DELIVERY_STATUSES,
    Attempt,
    DeliveryRecord,
    DueDelivery,
    NewDelivery,
    WebhookRecord,
)

from . import _json
from ._errors import dumps, invalid, json_response, not_found
from ._keys import API
from ._routes import (
    ADMIN,
    PAGE,
    Param,
    Response,
    Routes,
    decode_cursor,
    json_body,
    page,
    page_limit,
    query_str,
)

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-OCPP-Gateway-Signature"
EVENT_HEADER = "X-OCPP-Gateway-Event"
DELIVERY_HEADER = "X-OCPP-Gateway-Delivery"
USER_AGENT = "ocpp-gateway-webhooks"
SECRET_BYTES = 32  # of a generated secret (43 URL-safe characters)
MIN_SECRET_LENGTH = 16
MAX_URL_LENGTH = 2048
# Dropped events are logged at most this often (seconds), with the count so far.
DROP_LOG_INTERVAL = 10.0
# How long a stop waits for the recorder to write what is queued.
STOP_FLUSH_SECONDS = 5.0
# After a database error, the recorder and the scheduler wait this long (seconds).
STORAGE_RETRY_SECONDS = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryConfig:
    """How deliveries are attempted. Attempt ``n`` (from 1) that fails is retried after
    ``base_delay * 2**(n-1)`` seconds, at most ``max_delay``, give or take ``jitter``."""

    base_delay: float = 1.0
    max_delay: float = 300.0
    jitter: float = 0.2  # a fraction of the delay, either way
    max_attempts: int = 8
    connect_timeout: float = 5.0
    total_timeout: float = 10.0
    concurrency: int = 16  # requests in flight, across every webhook
    queue_size: int = 10_000  # events waiting to be recorded; beyond, they are dropped
    batch_size: int = 500  # delivery rows written per transaction, at most

    def delay(self, failed_attempts: int) -> float:
        delay = min(self.max_delay, self.base_delay * 2 ** max(failed_attempts - 1, 0))
        return delay * random.uniform(1 - self.jitter, 1 + self.jitter)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-OCPP-Gateway-Signature`` value: ``t=<unix time>,v1=<hex HMAC-SHA256 of
    "<t>.<body>" keyed with the webhook's secret>``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


@dataclass(slots=True)
class _Queued:
    event: Event
    webhook_ids: tuple[int, ...]


class WebhookWorker:
    """The hub's webhook sink, the recorder and the sender. ``config`` may be replaced
    while running (it is read at each attempt)."""

    def __init__(
        self,
        store: SqlStore,
        hub: EventHub,
        config: DeliveryConfig | None = None,
    ) -> None:
        self.store = store
        self.hub = hub
        self.config = config or DeliveryConfig()
        self.dropped = 0  # events not queued for webhooks: the queue was full
        self.lost = 0  # delivery rows not written: storage failed
        self._webhooks: tuple[WebhookRecord, ...] = ()
        # Unbounded as a Queue, bounded in publish(): a stop can always add its marker.
        self._queue: asyncio.Queue[_Queued | None] = asyncio.Queue()
        self._wake = asyncio.Event()
        self._sending: dict[int, asyncio.Task[None]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._session: aiohttp.ClientSession | None = None
        self._last_drop_log = 0.0

    # --- the hub's sink -----------------------------------------------------------------

    def publish(self, event: Event) -> None:
        """Called by the hub for every event: never waits, never raises."""
        if not self._webhooks:
            return
        event_type, charger_id = event.type.value, event.charger_id
        ids = tuple(w.id for w in self._webhooks if w.wants(event_type, charger_id))
        if not ids:
            return
        if self._queue.qsize() >= self.config.queue_size:
            self.dropped += 1
            now = time.monotonic()
            if now - self._last_drop_log >= DROP_LOG_INTERVAL:
                self._last_drop_log = now
                log.warning(
                    "webhook queue full: event %s dropped for webhooks (%d dropped so far)",
                    event.id,
                    self.dropped,
                )
            return
        self._queue.put_nowait(_Queued(event, ids))

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        await self.reload()
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.config.concurrency),
            headers={"User-Agent": USER_AGENT},
        )
        self._tasks = [
            asyncio.create_task(self._record(), name="webhook-recorder"),
            asyncio.create_task(self._schedule(), name="webhook-scheduler"),
        ]
        self.hub.attach(self)

    async def stop(self) -> None:
        """Queued events are written as pending deliveries (sent after the next start);
        attempts in flight are abandoned, and stay pending."""
        self.hub.detach(self)
        recorder, scheduler = self._tasks
        scheduler.cancel()
        self._queue.put_nowait(None)
        try:
            await asyncio.wait_for(asyncio.shield(recorder), STOP_FLUSH_SECONDS)
        except TimeoutError:
            log.warning("webhook deliveries still unwritten at shutdown were dropped")
        recorder.cancel()
        sending = list(self._sending.values())
        for task in sending:
            task.cancel()
        await asyncio.gather(recorder, scheduler, *sending, return_exceptions=True)
        if self._session is not None:
            await self._session.close()

    async def reload(self) -> None:
        """Re-read the enabled webhooks (after a change through the API)."""
        self._webhooks = tuple(await self.store.read(queries.enabled_webhooks))
        self._wake.set()

    # --- recording ---------------------------------------------------------------------

    async def _record(self) -> None:
        stopping = False
        while not stopping:
            item = await self._queue.get()
            batch: list[_Queued] = []
            rows = 0
            while True:
                if item is None:
                    stopping = True
                else:
                    batch.append(item)
                    rows += len(item.webhook_ids)
                if stopping or rows >= self.config.batch_size or self._queue.empty():
                    break
                item = self._queue.get_nowait()
            if batch:
                await self._write(batch)

    async def _write(self, batch: list[_Queued]) -> None:
        now = utcnow()
        rows = [
            NewDelivery(
                webhook_id=webhook_id,
                event_id=queued.event.id,
                event_type=queued.event.type.value,
                payload=queued.event.to_json(),
                created_at=now,
            )
            for queued in batch
            for webhook_id in queued.webhook_ids
        ]
        try:
            await self.store.add_webhook_deliveries(rows)
        except Exception:
            self.lost += len(rows)
            log.exception("could not record %d webhook deliveries", len(rows))
            await asyncio.sleep(STORAGE_RETRY_SECONDS)
            return
        self._wake.set()

    # --- sending ------------------------------------------------------------------------

    async def _schedule(self) -> None:
        while True:
            self._wake.clear()
            try:
                timeout = await self._start_due()
            except Exception:
                log.exception("could not read the due webhook deliveries")
                timeout = STORAGE_RETRY_SECONDS
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    async def _start_due(self) -> float | None:
        """Start the due deliveries there is room for; how long until the next is due
        (None: until woken)."""
        free = self.config.concurrency - len(self._sending)
        if free <= 0:
            return None  # a finished attempt wakes the scheduler
        now = utcnow()
        busy = frozenset(self._sending)
        due = await self.store.read(
            functools.partial(queries.due_deliveries, now=now, limit=free, exclude=busy)
        )
        for delivery in due:
            task = asyncio.create_task(self._send(delivery), name=f"webhook-{delivery.id}")
            self._sending[delivery.id] = task
        if len(due) == free:
            return None
        next_at = await self.store.read(
            functools.partial(queries.next_due_at, exclude=frozenset(self._sending))
        )
        if next_at is None:
            return None
        return max((next_at - utcnow()).total_seconds(), 0.0)

    async def _send(self, delivery: DueDelivery) -> None:
        try:
            code, error = await self._attempt(delivery)
            config = self.config
            attempts = delivery.attempts + 1
            next_at = None
            if code is not None and 200 <= code < 300:
                status = queries.DELIVERED
            elif attempts >= config.max_attempts:
                status = queries.FAILED
                log.info(
                    "webhook %d: delivery %d failed after %d attempts: %s",
                    delivery.webhook_id,
                    delivery.id,
                    attempts,
                    error,
                )
            else:
                status = queries.PENDING
                next_at = utcnow() + dt.timedelta(seconds=config.delay(attempts))
            await self.store.record_webhook_attempt(
                Attempt(
                    delivery_id=delivery.id,
                    status=status,
                    status_code=code,
                    error=error,
                    next_attempt_at=next_at,
                    now=utcnow(),
                )
            )
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("webhook delivery %d", delivery.id)
            await asyncio.sleep(STORAGE_RETRY_SECONDS)
        finally:
            self._sending.pop(delivery.id, None)
            self._wake.set()

    async def _attempt(self, delivery: DueDelivery) -> tuple[int | None, str | None]:
        """POST once: the status code (None without an answer) and what went wrong."""
        assert self._session is not None
        body = dumps(delivery.payload).encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(delivery.secret, int(time.time()), body),
            EVENT_HEADER: delivery.event_id,
            DELIVERY_HEADER: str(delivery.id),
        }
        timeout = aiohttp.ClientTimeout(
            total=self.config.total_timeout, connect=self.config.connect_timeout
        )
        try:
            async with self._session.post(
                delivery.url, data=body, headers=headers, timeout=timeout, allow_redirects=False
            ) as response:
                code = response.status
        except TimeoutError:
            return None, f"no answer in {self.config.total_timeout:g} s"
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            return None, f"{type(exc).__name__}: {exc}"[:500]
        if 200 <= code < 300:
            return code, None
        return code, f"HTTP {code}"


WEBHOOKS = web.AppKey("webhooks", WebhookWorker)


def install(app: web.Application) -> None:
    """Start the delivery worker with ``app`` (after the store and the event hub)."""
    app.cleanup_ctx.append(_delivery_worker)


async def _delivery_worker(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    config = DeliveryConfig(
        base_delay=settings.webhook_retry_base,
        max_delay=settings.webhook_retry_max,
        max_attempts=settings.webhook_max_attempts,
        total_timeout=settings.webhook_timeout,
        connect_timeout=min(5.0, settings.webhook_timeout),
        concurrency=settings.webhook_concurrency,
    )
    worker = WebhookWorker(app[STORE], app[EVENTS], config)
    app[WEBHOOKS] = worker
    await worker.start()
    yield
    await worker.stop()


# --- the API ----------------------------------------------------------------------------------

EVENT_TYPES = [t.value for t in EventType]
_URL = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_URL_LENGTH,
    "description": "an absolute http or https URL; events are POSTed to it",
}
_SECRET = {
    "type": "string",
    "minLength": MIN_SECRET_LENGTH,
    "maxLength": 256,
    "writeOnly": True,
    "description": "the HMAC-SHA256 key the deliveries are signed with",
}
_EVENT_TYPES = {
    "type": "array",
    "items": {"type": "string", "enum": EVENT_TYPES},
    "uniqueItems": True,
    "description": "event types to deliver; empty: all",
}
_CHARGER_IDS = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "uniqueItems": True,
    "maxItems": 10_000,
    "description": "chargers whose events to deliver; empty: all",
}
_DESCRIPTION = {"type": ["string", "null"], "maxLength": 1000}
_ENABLED = {"type": "boolean", "description": "false: nothing is delivered (nor recorded)"}

WEBHOOK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "url",
        "event_types",
        "charger_ids",
        "enabled",
        "description",
        "created_at",
    ],
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string"},
        "event_types": {"type": "array", "items": {"type": "string"}},
        "charger_ids": {"type": "array", "items": {"type": "string"}},
        "enabled": {"type": "boolean"},
        "description": _json.NULLABLE_STRING,
        "created_at": _json.DATE_TIME,
    },
}

DELIVERY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "webhook_id",
        "event_id",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "next_attempt_at",
        "finished_at",
        "payload",
    ],
    "properties": {
        "id": {"type": "integer", "description": f"sent as {DELIVERY_HEADER}"},
        "webhook_id": {"type": "integer"},
        "event_id": {"type": "string"},
        "event_type": {"type": "string", "enum": EVENT_TYPES},
        "status": {"type": "string", "enum": list(DELIVERY_STATUSES)},
        "attempts": {"type": "integer", "minimum": 0},
        "last_status_code": {"type": ["integer", "null"]},
        "last_error": _json.NULLABLE_STRING,
        "created_at": _json.DATE_TIME,
        "next_attempt_at": _json.NULLABLE_DATE_TIME | {"description": "pending: when"},
        "finished_at": _json.NULLABLE_DATE_TIME,
        "payload": {"$ref": "#/components/schemas/Event"},
    },
}


routes = Routes(
    "webhooks",
    {
        "Webhook": WEBHOOK_SCHEMA,
        "WebhookCreated": {
            "allOf": [
                {"$ref": "#/components/schemas/Webhook"},
                {
                    "type": "object",
                    "required": ["secret"],
                    "properties": {
                        "secret": {
                            "type": "string",
                            "description": "shown this once: keep it to check signatures",
                        }
                    },
                },
            ]
        },
        "WebhookCreate": {
            "type": "object",
            "required": ["url"],
            "additionalProperties": False,
            "properties": {
                "url": _URL,
                "secret": _SECRET | {"description": "generated when absent"},
                "event_types": _EVENT_TYPES,
                "charger_ids": _CHARGER_IDS,
                "description": _DESCRIPTION,
                "enabled": _ENABLED | {"default": True},
            },
        },
        "WebhookUpdate": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {
                "url": _URL,
                "secret": _SECRET | {"description": "a new secret (not shown again)"},
                "event_types": _EVENT_TYPES,
                "charger_ids": _CHARGER_IDS,
                "description": _DESCRIPTION,
                "enabled": _ENABLED,
            },
        },
        "WebhookPage": _json.page_schema("Webhook"),
        "WebhookDelivery": DELIVERY_SCHEMA,
        "WebhookDeliveryPage": _json.page_schema("WebhookDelivery"),
    },
)

WEBHOOK_ID = Param("webhook_id", {"type": "integer", "minimum": 1}, where="path")
DELIVERY_STATUS = Param(
    "status", {"type": "string", "enum": list(DELIVERY_STATUSES)}, description="only these"
)

SIGNATURE_DOC = f"""

Each event is POSTed as JSON (the `Event` schema) with the headers
`{EVENT_HEADER}` (the event id), `{DELIVERY_HEADER}` (the delivery id: the same on a
retry) and `{SIGNATURE_HEADER}: t=<unix time>,v1=<hex>`, where `<hex>` is the
HMAC-SHA256, keyed with the webhook's secret, of `<t>.<body>` (the time as written in the
header, a full stop, and the raw body bytes). To check one: compute it the same way,
compare in constant time, and refuse a `t` far from your clock (replays).

A 2xx answer within 10 s is a delivery. Anything else (another status, a redirect, a
timeout, a refused connection) is retried with exponential backoff (1 s, 2 s, 4 s …,
at most 5 min, with jitter) up to 8 attempts, then the delivery is `failed` (these are
the defaults; the `webhook_*` settings change them). Every
attempt is in the delivery log. Deliveries may arrive out of order and, rarely (a
restart during an attempt), twice: use the event id to tell."""


routes.webhooks["event"] = {
    "post": {
        "summary": "An event, POSTed to each webhook whose filters it matches",
        "description": SIGNATURE_DOC.strip(),
        "operationId": "deliver_event",
        "parameters": [
            {
                "name": name,
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": text,
            }
            for name, text in (
                (EVENT_HEADER, "the event id"),
                (DELIVERY_HEADER, "the delivery id: the same on every retry"),
                (SIGNATURE_HEADER, "t=<unix time>,v1=<hex HMAC-SHA256 of '<t>.<body>'>"),
            )
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}},
        },
        "responses": {"2XX": {"description": "Delivered; anything else is retried"}},
    }
}


@routes.post(
    "/webhooks",
    scope=ADMIN,
    summary="Add a webhook",
    body="WebhookCreate",
    responses={201: Response("Created", "WebhookCreated", headers={"Location": "its URL"})},
    description="Events matching the webhook's filters are delivered to its URL. The "
    "secret is returned in this answer only; without one, one is generated." + SIGNATURE_DOC,
)
async def create_webhook(request: web.Request) -> web.StreamResponse:
    body = await json_body(request)
    request.app[API].check("WebhookCreate", body)
    _check_url(body["url"])
    generated = "secret" not in body
    secret = secrets.token_urlsafe(SECRET_BYTES) if generated else body["secret"]
    record = await request.config_dict[STORE].create_webhook(
        url=body["url"],
        secret=secret,
        event_types=body.get("event_types", []),
        charger_ids=body.get("charger_ids", []),
        enabled=body.get("enabled", True),
        description=body.get("description"),
        now=utcnow(),
    )
    await _reload(request)
    headers = {"Location": f"/api/v1/webhooks/{record.id}"}
    return json_response(_webhook(record) | {"secret": secret}, 201, headers)


@routes.get(
    "/webhooks",
    scope=ADMIN,
    summary="Webhooks, oldest first",
    params=[*PAGE],
    responses={200: "WebhookPage"},
)
async def list_webhooks(request: web.Request) -> web.StreamResponse:
    limit = page_limit(request)
    after = _cursor_id(decode_cursor(request))
    records = await request.config_dict[STORE].read(
        functools.partial(queries.list_webhooks, limit=limit + 1, after_id=after)
    )
    return json_response(page([_webhook(r) for r in records], limit, lambda w: [w["id"]]))


@routes.get(
    "/webhooks/{webhook_id}",
    scope=ADMIN,
    summary="One webhook",
    params=[WEBHOOK_ID],
    responses={200: "Webhook"},
    description="The secret is never shown after the webhook's creation." + SIGNATURE_DOC,
)
async def get_webhook(request: web.Request) -> web.StreamResponse:
    return json_response(_webhook(await _find(request)))


@routes.patch(
    "/webhooks/{webhook_id}",
    scope=ADMIN,
    summary="Change a webhook",
    params=[WEBHOOK_ID],
    body="WebhookUpdate",
    responses={200: "Webhook"},
)
async def update_webhook(request: web.Request) -> web.StreamResponse:
    """Sets the fields given. A new `secret` signs the deliveries from now on (retries
    included); it is not shown. Disabling a webhook pauses its pending deliveries."""
    webhook_id = _webhook_id(request)
    body = await json_body(request)
    request.app[API].check("WebhookUpdate", body)
    if "url" in body:
        _check_url(body["url"])
    record = await request.config_dict[STORE].update_webhook(webhook_id, body)
    if record is None:
        raise not_found(f"no webhook {webhook_id}")
    await _reload(request)
    return json_response(_webhook(record))


@routes.delete(
    "/webhooks/{webhook_id}",
    scope=ADMIN,
    summary="Delete a webhook and its delivery log",
    params=[WEBHOOK_ID],
    responses={204: None},
)
async def delete_webhook(request: web.Request) -> web.StreamResponse:
    webhook_id = _webhook_id(request)
    if not await request.config_dict[STORE].delete_webhook(webhook_id):
        raise not_found(f"no webhook {webhook_id}")
    await _reload(request)
    return web.Response(status=204)


@routes.get(
    "/webhooks/{webhook_id}/deliveries",
    scope=ADMIN,
    summary="A webhook's delivery log, newest first",
    params=[WEBHOOK_ID, DELIVERY_STATUS, *PAGE],
    responses={200: "WebhookDeliveryPage"},
)
async def list_deliveries(request: web.Request) -> web.StreamResponse:
    """Every event routed to the webhook: its status (`pending`, `delivered`, `failed`),
    attempts so far, and the last attempt's HTTP status and error."""
    webhook = await _find(request)
    status = query_str(request, "status", DELIVERY_STATUSES)
    limit = page_limit(request)
    before = _cursor_id(decode_cursor(request))
    records = await request.config_dict[STORE].read(
        functools.partial(
            queries.list_deliveries,
            webhook_id=webhook.id,
            limit=limit + 1,
            before_id=before,
            status=status,
        )
    )
    return json_response(page([_delivery(r) for r in records], limit, lambda d: [d["id"]]))


# --- helpers -----------------------------------------------------------------------------------


def _webhook(record: WebhookRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "url": record.url,
        "event_types": list(record.event_types),
        "charger_ids": list(record.charger_ids),
        "enabled": record.enabled,
        "description": record.description,
        "created_at": _json.timestamp(record.created_at),
    }


def _delivery(record: DeliveryRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "webhook_id": record.webhook_id,
        "event_id": record.event_id,
        "event_type": record.event_type,
        "status": record.status,
        "attempts": record.attempts,
        "last_status_code": record.last_status_code,
        "last_error": record.last_error,
        "created_at": _json.timestamp(record.created_at),
        "next_attempt_at": _json.timestamp(record.next_attempt_at),
        "finished_at": _json.timestamp(record.finished_at),
        "payload": record.payload,
    }


def _check_url(text: str) -> None:
    try:
        url = URL(text)
    except (ValueError, TypeError):
        raise invalid("url", "is not a URL") from None
    if url.scheme not in ("http", "https") or not url.absolute or not url.host:
        raise invalid("url", "must be an absolute http or https URL")
    if url.user is not None or url.password is not None:
        raise invalid("url", "must not hold credentials: deliveries are signed instead")


def _webhook_id(request: web.Request) -> int:
    raw = request.match_info["webhook_id"]
    try:
        value = int(raw)
    except ValueError:
        raise invalid("webhook_id", f"{raw!r} is not an integer") from None
    if not 1 <= value < 2**63:
        raise not_found(f"no webhook {raw}")
    return value


async def _find(request: web.Request) -> WebhookRecord:
    webhook_id = _webhook_id(request)
    record = await request.config_dict[STORE].read(
        functools.partial(queries.get_webhook, webhook_id=webhook_id)
    )
    if record is None:
        raise not_found(f"no webhook {webhook_id}")
    return record


def _cursor_id(cursor: list[Any] | None) -> int | None:
    if cursor is None:
        return None
    if len(cursor) != 1 or not isinstance(cursor[0], int) or isinstance(cursor[0], bool):
        raise invalid("cursor", "not a cursor this API gave out")
    return int(cursor[0])


async def _reload(request: web.Request) -> None:
    worker = request.config_dict.get(WEBHOOKS)
    if worker is not None:
        await worker.reload()
