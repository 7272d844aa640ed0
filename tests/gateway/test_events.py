"""The event hub: fan-out, filters, a slow subscriber losing its oldest events (and told
so), attached sinks, and closing."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import logging
from typing import Any

import pytest

from bridge import Event, EventType
from bridge.events import new_event
from gateway.events import EventHub, Gap

T0 = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)


def event(charger_id: str = "CP-1", event_type: EventType = EventType.CONNECTOR_STATUS) -> Event:
    return new_event(event_type, charger_id, T0, {})


async def test_every_subscriber_gets_every_event_it_accepts() -> None:
    hub = EventHub()
    everything = hub.subscribe()
    cp2 = hub.subscribe(lambda e: e.charger_id == "CP-2")
    sent = [event("CP-1"), event("CP-2"), event("CP-1")]
    for e in sent:
        hub.publish(e)
    assert [await everything.next() for _ in sent] == sent
    assert await cp2.next() is sent[1]
    assert cp2.next_nowait() is None


async def test_a_slow_subscriber_loses_its_oldest_events_and_is_told() -> None:
    hub = EventHub(queue_size=3)
    slow = hub.subscribe()
    sent = [event() for _ in range(5)]
    for e in sent:
        hub.publish(e)  # never waits
    assert await slow.next() == Gap(2)
    assert [await slow.next() for _ in range(3)] == sent[2:]
    hub.publish(sent[0])
    assert await slow.next() is sent[0]  # no gap this time


async def test_events_dropped_while_a_reader_wakes_are_reported_before_its_event() -> None:
    hub = EventHub(queue_size=2)
    subscription = hub.subscribe()
    reader = asyncio.create_task(subscription.next())
    await asyncio.sleep(0)
    sent = [event() for _ in range(3)]
    for e in sent:  # the reader is woken by the first, but runs after the third
        hub.publish(e)
    assert await asyncio.wait_for(reader, 1) == Gap(1)
    assert subscription.next_nowait() is sent[1]
    assert await subscription.next() is sent[2]


async def test_a_reader_waiting_wakes_on_publish() -> None:
    hub = EventHub()
    subscription = hub.subscribe()
    waiting = asyncio.create_task(subscription.next())
    await asyncio.sleep(0)
    e = event()
    hub.publish(e)
    assert await asyncio.wait_for(waiting, 1) is e


async def test_closing_ends_subscriptions_after_what_is_queued() -> None:
    hub = EventHub(queue_size=2)
    subscription = hub.subscribe()
    waiting = hub.subscribe()
    reader = asyncio.create_task(waiting.next())
    await asyncio.sleep(0)
    first, second = event(), event()
    hub.publish(first)
    hub.publish(second)
    hub.close()
    assert await asyncio.wait_for(reader, 1) is first
    assert await waiting.next() is second
    assert await waiting.next() is None
    assert [await subscription.next() for _ in range(4)] == [first, second, None, None]
    assert hub.subscribers == 0
    late = hub.subscribe()
    assert late.closed and await late.next() is None


async def test_a_subscription_is_a_context_manager() -> None:
    hub = EventHub()
    with hub.subscribe() as subscription:
        assert hub.subscribers == 1
    assert hub.subscribers == 0 and subscription.closed
    hub.publish(event())  # to nobody


async def test_attached_sinks_get_events_and_their_failures_are_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    hub = EventHub()
    got: list[Event] = []

    class Broken:
        def publish(self, e: Event) -> None:
            raise RuntimeError("boom")

    class Listing:
        def publish(self, e: Event) -> None:
            got.append(e)

    broken, listing = Broken(), Listing()
    hub.attach(broken)
    hub.attach(listing)
    subscription = hub.subscribe(lambda e: 1 / 0 > 0)  # a filter that fails
    with caplog.at_level(logging.ERROR, logger="gateway.events"):
        e = event()
        hub.publish(e)
    assert got == [e]
    assert subscription.next_nowait() is None
    assert "boom" in caplog.text and "ZeroDivisionError" in caplog.text
    hub.close()
    hub.publish(e)  # sinks outlive close(): they are detached by their owner
    assert got == [e, e]
    hub.detach(listing)
    hub.publish(e)
    assert len(got) == 2


async def test_a_reader_resuming_after_an_id_gets_what_it_missed() -> None:
    hub = EventHub(replay_size=5)
    sent = [event(f"CP-{i}") for i in range(4)]
    for e in sent:
        hub.publish(e)
    resumed = hub.subscribe(after=sent[1].id)
    assert [resumed.next_nowait(), resumed.next_nowait()] == sent[2:]
    assert resumed.next_nowait() is None
    up_to_date = hub.subscribe(after=sent[-1].id)
    assert up_to_date.next_nowait() is None
    filtered = hub.subscribe(lambda e: e.charger_id == "CP-3", after=sent[0].id)
    assert filtered.next_nowait() == sent[3]  # replay honours the filter


async def test_replayed_events_are_what_was_published_as_text_not_objects() -> None:
    """The replay buffer holds each event's data as JSON text (a garbage collector walks
    none of it): a replayed event equals the published one, whatever its data holds, and
    later changes to the published data do not reach it."""
    hub = EventHub()
    readings: list[dict[str, Any]] = [
        {"sampled_value": [{"value": "1.5", "unit": "Wh"}, {"value": "ü"}]}
    ]
    data = {
        "meter_value": readings,
        "transaction_id": 2**63 - 1,
        "huge": 2**70,  # orjson's limit is 64 bits: written by json instead
        "nothing": None,
        "ratio": 0.1,
    }
    before = event()
    first = new_event(EventType.METER_VALUES, "CP-1", T0, data)
    for published in (before, first, event()):
        hub.publish(published)
    expected = copy.deepcopy(first)
    readings[0]["sampled_value"].clear()
    replayed = hub.subscribe(after=before.id).next_nowait()
    assert replayed == expected and replayed is not first


@pytest.mark.parametrize("after", ["older", "other-run", "future", "garbage"])
async def test_a_reader_resuming_after_what_the_hub_no_longer_holds_is_told(after: str) -> None:
    hub = EventHub(replay_size=3)
    sent = [event() for _ in range(6)]
    for e in sent:
        hub.publish(e)
    epoch, counter = sent[-1].id.split("-")
    last_seen = {
        "older": sent[1].id,  # sent[2] is gone: the replay would have a hole
        "other-run": f"{int(epoch) - 60}-{counter}",
        "future": f"{epoch}-{int(counter) + 10}",
        "garbage": "not-an-id",
    }[after]
    subscription = hub.subscribe(after=last_seen)
    assert await subscription.next() == Gap(None)
    replayed = [subscription.next_nowait() for _ in range(3)]
    if after in ("older", "other-run"):  # what is still held comes after the gap
        assert replayed == sent[3:]
    else:
        assert replayed == [None] * 3


async def test_the_oldest_event_held_can_still_be_resumed_from_just_before() -> None:
    hub = EventHub(replay_size=3)
    sent = [event() for _ in range(5)]
    for e in sent:
        hub.publish(e)
    subscription = hub.subscribe(after=sent[1].id)  # sent[2:] are all held
    assert [subscription.next_nowait() for _ in range(3)] == sent[2:]
