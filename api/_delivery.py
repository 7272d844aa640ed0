"""Webhook delivery: events POSTed to integrators' URLs, signed, retried, and logged.

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
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from aiohttp import web

from bridge import Event, utcnow
from gateway.events import EventHub
from gateway.keys import EVENTS, SETTINGS, STORE
from storage import SqlStore
from storage.queries import webhooks as queries
from storage.queries.webhooks import (
    Attempt,
    DueDelivery,
    NewDelivery,
    WebhookRecord,
)

from ._errors import dumps

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-OCPP-Gateway-Signature"
EVENT_HEADER = "X-OCPP-Gateway-Event"
DELIVERY_HEADER = "X-OCPP-Gateway-Delivery"
USER_AGENT = "ocpp-gateway-webhooks"
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
