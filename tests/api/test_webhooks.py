"""/webhooks: CRUD, validation and scopes over real HTTP; deliveries to a real aiohttp
receiver on a loopback port, signed (checked here with hmac), retried, logged, resumed
after a restart; and a receiver that is down costing a real OCPP-J charger nothing."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from ocpp.v16 import call

import storage
from api._delivery import WEBHOOKS, DeliveryConfig, WebhookWorker, sign
from bridge import EventType, RegistrationStatus, utcnow
from bridge.events import new_event
from storage import SqlStore
from storage.queries.webhooks import NewDelivery
from tests.json_ws.conftest import Gateway, running_charger

from .conftest import WAIT, ApiClient, ApiFactory

SECRET = "s3cret-s3cret-s3cret"
FAST = DeliveryConfig(base_delay=0.05, max_delay=0.2, max_attempts=4)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """An integrator's endpoint: answers each POST with the next of ``answers`` (then 200)
    and keeps what it got."""

    server: TestServer
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    arrived: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/hook"

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        async with self.arrived:
            self.received.append(Received(dict(request.headers), body))
            self.arrived.notify_all()
        return web.Response(status=self.answers.pop(0) if self.answers else 200)

    async def wait_for(self, count: int) -> list[Received]:
        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(lambda: len(self.received) >= count), WAIT)
        return self.received


@pytest.fixture
async def receiver(aiohttp_server: Any) -> Receiver:
    app = web.Application()
    receiver = Receiver(server=None)  # type: ignore[arg-type]
    app.router.add_post("/hook", receiver.handle)
    receiver.server = await aiohttp_server(app)
    return receiver


def worker(api: ApiClient) -> WebhookWorker:
    return api.app[WEBHOOKS]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def until(check: Callable[[], Awaitable[bool]], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def deliveries(api: ApiClient, webhook_id: int, **params: Any) -> list[dict[str, Any]]:
    status, body = await api.get(f"/webhooks/{webhook_id}/deliveries", params=params)
    assert status == 200, body
    return list(body["items"])


async def settled(api: ApiClient, webhook_id: int, count: int) -> list[dict[str, Any]]:
    """The log once ``count`` deliveries are no longer pending."""
    found: list[dict[str, Any]] = []

    async def done() -> bool:
        nonlocal found
        found = await deliveries(api, webhook_id)
        return len(found) >= count and all(d["status"] != "pending" for d in found)

    await until(done)
    return found


async def offline_command(api: ApiClient, charger_id: str = "CP-1") -> dict[str, Any]:
    """A command for a charger that never connected: final at once, so a
    ``command.finished`` event."""
    status, body = await api.post(f"/chargers/{charger_id}/commands", {"action": "ClearCache"})
    assert status == 201 and body["status"] == "offline", body
    return dict(body)


async def add_webhook(api: ApiClient, url: str, **fields: Any) -> dict[str, Any]:
    status, body = await api.post("/webhooks", {"url": url, **fields})
    assert status == 201, body
    return dict(body)


def check_signature(received: Received, secret: str) -> None:
    parts = dict(p.split("=", 1) for p in received.headers["X-OCPP-Gateway-Signature"].split(","))
    assert set(parts) == {"t", "v1"}
    assert abs(int(parts["t"]) - time.time()) < 60
    signed = f"{parts['t']}.".encode() + received.body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)


# --- delivery ------------------------------------------------------------------------------------


async def test_a_delivery_is_signed_and_logged(api_both: ApiClient, receiver: Receiver) -> None:
    api = api_both
    worker(api).config = FAST
    await api.add_charger("CP-1")
    hook = await add_webhook(api, receiver.url, secret=SECRET, event_types=["command.finished"])
    assert hook["secret"] == SECRET
    command = await offline_command(api)
    (got,) = await receiver.wait_for(1)
    check_signature(got, SECRET)
    assert got.headers["Content-Type"] == "application/json"
    event = got.json
    assert event["type"] == "command.finished" and event["charger_id"] == "CP-1"
    assert event["data"]["id"] == command["id"] and event["data"]["status"] == "offline"
    assert set(event) == {"id", "type", "charger_id", "at", "data"}
    assert got.headers["X-OCPP-Gateway-Event"] == event["id"]

    (logged,) = await settled(api, hook["id"], 1)
    assert got.headers["X-OCPP-Gateway-Delivery"] == str(logged["id"])
    assert logged["status"] == "delivered"
    assert (logged["attempts"], logged["last_status_code"], logged["last_error"]) == (1, 200, None)
    assert logged["event_id"] == event["id"] and logged["payload"] == event
    assert logged["finished_at"] is not None and logged["next_attempt_at"] is None


async def test_a_failing_receiver_is_retried_until_it_answers(
    api_both: ApiClient, receiver: Receiver
) -> None:
    api = api_both
    worker(api).config = FAST
    await api.add_charger("CP-1")
    receiver.answers = [500, 503]
    hook = await add_webhook(api, receiver.url, secret=SECRET)
    await offline_command(api)
    first, second, third = await receiver.wait_for(3)
    assert first.body == second.body == third.body
    ids = {r.headers["X-OCPP-Gateway-Delivery"] for r in (first, second, third)}
    assert len(ids) == 1  # one delivery, three attempts
    check_signature(third, SECRET)
    (logged,) = await settled(api, hook["id"], 1)
    assert (logged["status"], logged["attempts"], logged["last_status_code"]) == (
        "delivered",
        3,
        200,
    )


async def test_the_retry_settings_come_from_the_configuration(
    make_api: ApiFactory, receiver: Receiver
) -> None:
    api = await make_api(webhook_max_attempts=2, webhook_retry_base=0.01, webhook_timeout=3)
    config = worker(api).config
    assert (config.max_attempts, config.base_delay, config.total_timeout) == (2, 0.01, 3)
    await api.add_charger("CP-1")
    receiver.answers = [500, 500, 500]
    hook = await add_webhook(api, receiver.url)
    await offline_command(api)
    (logged,) = await settled(api, hook["id"], 1)
    assert (logged["status"], logged["attempts"]) == ("failed", 2)
    assert len(receiver.received) == 2


async def test_a_receiver_that_is_down_ends_failed_and_costs_a_charger_nothing(
    api: ApiClient,
) -> None:
    worker(api).config = FAST
    hook = await add_webhook(api, f"http://127.0.0.1:{closed_port()}/down")
    gateway = Gateway(api.server, api.app)
    async with running_charger(gateway, "CP-J") as charger:
        await charger.boot()
        slowest = 0.0
        for n in range(20):
            # each StatusNotification is an event for the webhook that is down
            await charger.call(
                call.StatusNotification(
                    connector_id=1 + n % 2, error_code="NoError", status="Available"
                )
            )
            began = time.monotonic()
            await charger.call(call.Heartbeat())
            slowest = max(slowest, time.monotonic() - began)
    assert slowest < 1.0  # not a benchmark: a generous bound
    logged = await settled(api, hook["id"], 23)  # boot, transport, connected, 20 statuses
    assert {d["status"] for d in logged} == {"failed"}
    assert {d["attempts"] for d in logged} == {FAST.max_attempts}
    assert all(d["last_status_code"] is None and d["last_error"] for d in logged)


async def test_a_slow_receiver_times_out_and_is_retried(
    api: ApiClient, aiohttp_server: Any
) -> None:
    async def stall(request: web.Request) -> web.Response:
        await asyncio.sleep(WAIT)
        return web.Response()

    app = web.Application()
    app.router.add_post("/", stall)
    slow = await aiohttp_server(app)
    worker(api).config = DeliveryConfig(base_delay=0.05, max_attempts=2, total_timeout=0.2)
    await api.add_charger("CP-1")
    hook = await add_webhook(api, f"http://127.0.0.1:{slow.port}/")
    await offline_command(api)
    (logged,) = await settled(api, hook["id"], 1)
    assert (logged["status"], logged["attempts"]) == ("failed", 2)
    assert "no answer" in logged["last_error"]


async def test_filters_choose_the_events(api: ApiClient, receiver: Receiver) -> None:
    worker(api).config = FAST
    for charger in ("CP-1", "CP-2"):
        await api.add_charger(charger)
    only_cp2 = await add_webhook(api, receiver.url, charger_ids=["CP-2"])
    only_boots = await add_webhook(api, receiver.url, event_types=["charger.boot"])
    disabled = await add_webhook(api, receiver.url, enabled=False)
    everything = await add_webhook(api, receiver.url)
    await offline_command(api, "CP-1")
    await offline_command(api, "CP-2")
    await receiver.wait_for(3)
    assert [d["payload"]["charger_id"] for d in await settled(api, only_cp2["id"], 1)] == ["CP-2"]
    assert len(await settled(api, everything["id"], 2)) == 2
    assert await deliveries(api, only_boots["id"]) == []
    assert await deliveries(api, disabled["id"]) == []
    assert len(receiver.received) == 3


async def test_pending_deliveries_are_resumed_after_a_restart(
    make_api: ApiFactory, receiver: Receiver, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'restart.db'}"
    await storage.upgrade_database(url)
    engine = storage.create_engine(url)
    async with SqlStore(engine) as store:
        hook = await store.create_webhook(
            url=receiver.url,
            secret=SECRET,
            event_types=[],
            charger_ids=[],
            enabled=True,
            description="left pending by the last run",
            now=utcnow(),
        )
        event = new_event(EventType.CHARGER_DISCONNECTED, "CP-1", utcnow(), {})
        await store.add_webhook_deliveries(
            [
                NewDelivery(
                    webhook_id=hook.id,
                    event_id=event.id,
                    event_type=event.type.value,
                    payload=event.to_json(),
                    created_at=utcnow(),
                )
            ]
        )
    await engine.dispose()
    api = await make_api(database_url=url)
    (got,) = await receiver.wait_for(1)
    check_signature(got, SECRET)
    assert got.json["id"] == event.id
    (logged,) = await settled(api, hook.id, 1)
    assert logged["status"] == "delivered"


async def test_a_full_queue_drops_and_counts_without_touching_the_charger(
    api: ApiClient, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    worker(api).config = DeliveryConfig(queue_size=0)
    await api.add_charger("CP-1")
    hook = await add_webhook(api, receiver.url)
    with caplog.at_level(logging.WARNING, logger="api.webhooks"):
        await offline_command(api)
        await offline_command(api)
    assert worker(api).dropped == 2
    assert "webhook queue full" in caplog.text
    assert await deliveries(api, hook["id"]) == []


def test_the_signature_is_hmac_sha256_of_time_and_body() -> None:
    body = b'{"id":"1-1"}'
    expected = hmac.new(b"key", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert sign("key", 1700000000, body) == f"t=1700000000,v1={expected}"


def test_backoff_doubles_up_to_the_cap_with_jitter() -> None:
    config = DeliveryConfig(base_delay=1.0, max_delay=5.0, jitter=0.2)
    for attempts, base in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 5.0), (9, 5.0)]:
        assert base * 0.8 <= config.delay(attempts) <= base * 1.2


# --- the resource ------------------------------------------------------------------------------


async def test_create_read_update_delete(api_both: ApiClient) -> None:
    api = api_both
    status, created = await api.post(
        "/webhooks",
        {
            "url": "https://example.com/ocpp",
            "event_types": ["charger.boot", "transaction.stopped"],
            "charger_ids": ["CP-1"],
            "description": "billing",
        },
    )
    assert status == 201, created
    assert len(created["secret"]) >= 32  # generated, shown once
    webhook_id = created["id"]
    status, shown = await api.get(f"/webhooks/{webhook_id}")
    assert status == 200 and "secret" not in shown
    assert shown == {k: v for k, v in created.items() if k != "secret"}
    assert shown["enabled"] is True and shown["description"] == "billing"

    status, changed = await api.patch(
        f"/webhooks/{webhook_id}",
        {"enabled": False, "event_types": [], "secret": "another-secret-0123", "description": None},
    )
    assert status == 200, changed
    assert (changed["enabled"], changed["event_types"], changed["description"]) == (
        False,
        [],
        None,
    )
    assert "secret" not in changed
    assert changed["charger_ids"] == ["CP-1"] and changed["url"] == "https://example.com/ocpp"

    status, _ = await api.delete(f"/webhooks/{webhook_id}")
    assert status == 204
    for method in (api.get, api.delete):
        status, body = await method(f"/webhooks/{webhook_id}")
        assert status == 404 and body["error"] == "not_found"
    status, _ = await api.get(f"/webhooks/{webhook_id}/deliveries")
    assert status == 404
    status, _ = await api.patch(f"/webhooks/{webhook_id}", {"enabled": True})
    assert status == 404


async def test_webhooks_are_listed_in_pages(api: ApiClient) -> None:
    ids = [(await add_webhook(api, f"http://127.0.0.1/{n}"))["id"] for n in range(5)]
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        status, page = await api.get("/webhooks", params=params)
        assert status == 200
        assert all("secret" not in w for w in page["items"])
        seen += [w["id"] for w in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids


async def test_the_delivery_log_pages_newest_first(api: ApiClient, receiver: Receiver) -> None:
    worker(api).config = FAST
    await api.add_charger("CP-1")
    receiver.answers = [500] * FAST.max_attempts  # the first delivery fails
    hook = await add_webhook(api, receiver.url)
    await offline_command(api)
    await settled(api, hook["id"], 1)
    for _ in range(3):
        await offline_command(api)
    logged = await settled(api, hook["id"], 4)
    assert [d["status"] for d in logged] == ["delivered"] * 3 + ["failed"]
    assert [d["id"] for d in logged] == sorted((d["id"] for d in logged), reverse=True)
    status, page = await api.get(f"/webhooks/{hook['id']}/deliveries", params={"limit": "3"})
    assert status == 200 and page["next_cursor"] is not None
    status, rest = await api.get(
        f"/webhooks/{hook['id']}/deliveries", params={"limit": "3", "cursor": page["next_cursor"]}
    )
    assert [d["id"] for d in page["items"] + rest["items"]] == [d["id"] for d in logged]
    failed = await deliveries(api, hook["id"], status="failed")
    assert [d["id"] for d in failed] == [logged[-1]["id"]]
    assert failed[0]["last_status_code"] == 500 and failed[0]["last_error"] == "HTTP 500"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "/relative/path"}, "url"),
        ({"url": "https://user:pw@example.com/"}, "url"),
        ({}, "body"),
        ({"url": "https://example.com", "secret": "short"}, "secret"),
        ({"url": "https://example.com", "event_types": ["charger.exploded"]}, "event_types[0]"),
        ({"url": "https://example.com", "charger_ids": [""]}, "charger_ids[0]"),
        ({"url": "https://example.com", "enabled": "yes"}, "enabled"),
        ({"url": "https://example.com", "colour": "red"}, "body"),
    ],
)
async def test_bad_webhooks_are_422_naming_the_field(
    api: ApiClient, body: dict[str, Any], field: str
) -> None:
    status, answer = await api.post("/webhooks", body)
    assert status == 422, answer
    assert answer["errors"][0]["field"] == field


async def test_bad_updates_and_ids(api: ApiClient) -> None:
    hook = await add_webhook(api, "https://example.com/")
    status, answer = await api.patch(f"/webhooks/{hook['id']}", {"url": "gopher://x"})
    assert status == 422 and answer["errors"][0]["field"] == "url"
    status, answer = await api.patch(f"/webhooks/{hook['id']}", {})
    assert status == 422
    status, answer = await api.get("/webhooks/abc")
    assert status == 422
    status, answer = await api.get(f"/webhooks/{2**63}")
    assert status == 404
    status, answer = await api.get(f"/webhooks/{hook['id']}/deliveries", params={"status": "x"})
    assert status == 422 and answer["errors"][0]["field"] == "status"


async def test_webhooks_need_the_admin_scope(api: ApiClient) -> None:
    hook = await add_webhook(api, "https://example.com/")
    for scope in ("read", "operate"):
        for method, path, body in [
            ("GET", "/webhooks", None),
            ("POST", "/webhooks", {"url": "https://example.com/"}),
            ("GET", f"/webhooks/{hook['id']}", None),
            ("PATCH", f"/webhooks/{hook['id']}", {"enabled": False}),
            ("DELETE", f"/webhooks/{hook['id']}", None),
            ("GET", f"/webhooks/{hook['id']}/deliveries", None),
        ]:
            status, answer = await api.request(method, path, body, scope=scope)
            assert status == 403, (scope, method, path)
            assert answer["error"] == "forbidden"
    status, _ = await api.get("/webhooks", scope=None)
    assert status == 401


async def test_the_signature_scheme_is_documented(api: ApiClient) -> None:
    _, document = await api.get("/openapi.json", scope=None)
    text = document["paths"]["/webhooks"]["post"]["description"]
    assert "X-OCPP-Gateway-Signature" in text and "HMAC-SHA256" in text
    assert "X-OCPP-Gateway-Delivery" in text and "X-OCPP-Gateway-Event" in text


async def test_registered_chargers_only_matter_for_filters(api: ApiClient) -> None:
    """A webhook may name chargers that do not exist (yet): filters are just ids."""
    await api.store.add_charger("CP-9", RegistrationStatus.ACCEPTED, now=utcnow())
    hook = await add_webhook(api, "https://example.com/", charger_ids=["CP-9", "CP-FUTURE"])
    assert hook["charger_ids"] == ["CP-9", "CP-FUTURE"]
