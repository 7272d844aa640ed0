"""The event hub: the bridge publishes, integrators' streams and the webhooks listen.

``EventHub.publish`` is synchronous and never waits: each subscriber has a bounded queue,
and one that falls behind loses its oldest events and is told how many (a
:class:`Gap`) before the next one it reads. Chargers never wait for an integrator.

Sinks attached with :meth:`EventHub.attach` (the webhook router) are called in
``publish`` itself, and must be as quick and as bounded.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import orjson

from bridge import Event, EventSink, EventType

log = logging.getLogger(__name__)

# Events a subscriber may have waiting before it loses its oldest: about a minute of a
# busy fleet's telemetry for a stream reader that stalls.
SUBSCRIBER_QUEUE_SIZE = 1000
# Recent events kept for readers that reconnect with the last id they saw (SSE's
# Last-Event-ID): a reader away for less than this many events misses none.
REPLAY_SIZE = 10_000

EventFilter = Callable[[Event], bool]
# A held event: its data as JSON text. A MeterValues event's data is a dozen dicts and
# lists; ten thousand of them alive made every full garbage collection walk ~110,000 more
# objects (50-80 ms pauses under load, bench/soap.md). Text is not walked at all.
_Held = tuple[str, EventType, str, dt.datetime, bytes]


@dataclass(frozen=True, slots=True)
class Gap:
    """``lost`` events were dropped here: the subscriber read too slowly, or (``None``:
    how many is unknown) it resumed after an event the hub no longer holds."""

    lost: int | None


class Subscription:
    """One listener's queue. ``await next()`` gives an Event, a Gap, or None once the
    hub has closed (or the subscription was)."""

    __slots__ = ("_accept", "_held", "_hub", "_queue", "closed", "lost", "unknown_gap")

    def __init__(self, hub: EventHub, accept: EventFilter | None, maxsize: int) -> None:
        self._hub = hub
        self._accept = accept
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue(maxsize)
        self._held: Event | None = None  # taken from the queue, given after a Gap
        self.lost = 0  # dropped since the subscriber last read
        self.unknown_gap = False  # resumed after an event no longer held
        self.closed = False

    def offer(self, event: Event) -> None:
        if self.closed or (self._accept is not None and not self._accept(event)):
            return
        if self._queue.full():
            self._queue.get_nowait()  # the oldest goes
            self.lost += 1
        self._queue.put_nowait(event)

    async def next(self) -> Event | Gap | None:
        if self.unknown_gap:
            self.unknown_gap = False
            return Gap(None)
        if self.lost:  # everything lost came before everything still queued
            return self._gap()
        if self._held is not None:
            held, self._held = self._held, None
            return held
        if self.closed and self._queue.empty():
            return None
        item = await self._queue.get()
        if self.lost and item is not None:
            # Dropped while this reader was waking up: older than the event it got.
            self._held = item
            return self._gap()
        return item

    def next_nowait(self) -> Event | Gap | None:
        """What :meth:`next` would give at once, or None when it would wait (or the
        subscription has ended)."""
        if self.unknown_gap:
            self.unknown_gap = False
            return Gap(None)
        if self.lost:
            return self._gap()
        if self._held is not None:
            held, self._held = self._held, None
            return held
        if self._queue.empty():
            return None
        return self._queue.get_nowait()

    def _gap(self) -> Gap:
        lost, self.lost = self.lost, 0
        return Gap(lost)

    def close(self) -> None:
        """End the subscription: ``next()`` gives what is queued, then None."""
        if self.closed:
            return
        self.closed = True
        self._hub._subscriptions.discard(self)
        if self._queue.empty():
            self._queue.put_nowait(None)  # wakes a reader waiting on the empty queue

    def __enter__(self) -> Subscription:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class EventHub:
    """:class:`bridge.EventSink` fanning out to subscriptions and attached sinks."""

    def __init__(
        self, *, queue_size: int = SUBSCRIBER_QUEUE_SIZE, replay_size: int = REPLAY_SIZE
    ) -> None:
        self.queue_size = queue_size
        self._recent: deque[_Held] = deque(maxlen=replay_size)
        self._subscriptions: set[Subscription] = set()
        self._sinks: list[EventSink] = []
        self.closed = False
        self.published = 0

    def publish(self, event: Event) -> None:
        self.published += 1
        self._recent.append(_hold(event))
        for subscription in tuple(self._subscriptions):
            try:
                subscription.offer(event)
            except Exception:  # a subscriber's filter failed: its problem, not ours
                log.exception("event subscriber failed on %s", event.type)
        for sink in self._sinks:
            try:
                sink.publish(event)
            except Exception:
                log.exception("event sink %r failed on %s", sink, event.type)

    def subscribe(
        self,
        accept: EventFilter | None = None,
        *,
        maxsize: int | None = None,
        after: str | None = None,
    ) -> Subscription:
        """A new subscription (a context manager that closes it), taking the events for
        which ``accept`` is true (all without it). After :meth:`close`, it is closed.

        ``after``, the id of the last event a reader saw, first replays the events since
        it that the hub still holds; when some are no longer held (or the id is not one
        this hub can place) the replay starts with ``Gap(None)``."""
        subscription = Subscription(self, accept, maxsize or self.queue_size)
        if after is not None:
            complete, missed = self._since(after)
            subscription.unknown_gap = not complete
            for event in missed:
                subscription.offer(event)
        if self.closed:
            subscription.close()
        else:
            self._subscriptions.add(subscription)
        return subscription

    def _since(self, event_id: str) -> tuple[bool, list[Event]]:
        """The held events after ``event_id``, and whether they are all there were."""
        position = _position(event_id)
        if position is None or not self._recent:
            return False, []
        first = _position(self._recent[0][0])
        last = _position(self._recent[-1][0])
        assert first is not None and last is not None
        if position > last:  # not issued yet, or by a later run: nothing to go on
            return False, []
        if position[0] < first[0]:  # an earlier run: all held are newer, some are gone
            return False, [_event(held) for held in self._recent]
        complete = position >= first or (position[0], position[1] + 1) == first
        return complete, [
            _event(held) for held in self._recent if (_position(held[0]) or position) > position
        ]

    @property
    def subscribers(self) -> int:
        return len(self._subscriptions)

    def attach(self, sink: EventSink) -> None:
        self._sinks.append(sink)

    def detach(self, sink: EventSink) -> None:
        if sink in self._sinks:
            self._sinks.remove(sink)

    def close(self) -> None:
        """End every subscription (at shutdown: open streams finish). Attached sinks stay
        until detached, so events published while the gateway winds down still reach
        them."""
        self.closed = True
        for subscription in tuple(self._subscriptions):
            subscription.close()


def _hold(event: Event) -> _Held:
    try:
        data = orjson.dumps(event.data)  # ~1 us for a MeterValues event; json: 16 us
    except TypeError:  # what orjson does not take (an int over 64 bits): json does
        data = json.dumps(event.data).encode()
    return event.id, event.type, event.charger_id, event.at, data


def _event(held: _Held) -> Event:
    event_id, event_type, charger_id, at, data = held
    loaded: dict[str, Any] = json.loads(data)
    return Event(id=event_id, type=event_type, charger_id=charger_id, at=at, data=loaded)


def _position(event_id: str) -> tuple[int, int] | None:
    """``bridge.events.EventIds``'s ``<epoch>-<counter>`` as a sortable pair."""
    epoch, _, counter = event_id.partition("-")
    if not (epoch.isdigit() and counter.isdigit()):
        return None
    return int(epoch), int(counter)
