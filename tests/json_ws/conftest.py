"""A real gateway on a loopback port (aiohttp's test server, SQLite in a temp folder) and
OCPP-J chargers talking to it: the ``ocpp`` library's ChargePoint over ``websockets``,
or raw text frames when a test needs to send what no library would."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import websockets
from aiohttp import web
from aiohttp.test_utils import TestServer
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import Action

import storage
from bridge import ChargerRecord, CommandService, RegistrationStatus, UnknownChargerPolicy, utcnow
from gateway.app import create_app
from gateway.keys import COMMANDS, SETTINGS, STORE
from gateway.passwords import hash_password
from gateway.settings import Settings
from storage import SqlStore
from tests.storage.conftest import backend, database_url, postgres_url  # noqa: F401

WAIT = 5.0  # seconds any single step of a test may take on a loaded 2-core machine


@dataclass
class Gateway:
    server: TestServer
    app: web.Application
    scheme: str = "ws"

    @property
    def store(self) -> SqlStore:
        return self.app[STORE]

    @property
    def settings(self) -> Settings:
        return self.app[SETTINGS]

    @property
    def commands(self) -> CommandService:
        return self.app[COMMANDS]

    async def charger(self, charger_id: str) -> ChargerRecord | None:
        """The charger as stored now (get_charger may answer from the store's cache)."""
        return next((c for c in await self.store.list_chargers() if c.id == charger_id), None)

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.port}{path}"

    async def add_charger(self, charger_id: str, password: str | None = None) -> None:
        password_hash = hash_password(password) if password else None
        await self.store.add_charger(
            charger_id, RegistrationStatus.ACCEPTED, password_hash=password_hash, now=utcnow()
        )

    async def connect(
        self,
        charger_id: str,
        *,
        prefix: str = "/ocpp/",
        subprotocols: tuple[str, ...] | list[str] = ("ocpp1.6",),
        headers: dict[str, str] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> websockets.ClientConnection:
        return await websockets.connect(
            self.url(prefix + charger_id),
            subprotocols=[websockets.Subprotocol(p) for p in subprotocols] or None,
            additional_headers=headers,
            ssl=ssl_context,
            compression=None,
            open_timeout=WAIT,
        )


GatewayFactory = Callable[..., Awaitable[Gateway]]


@pytest.fixture
async def make_gateway(aiohttp_server: Any, tmp_path: Any) -> GatewayFactory:
    count = 0

    async def make(*, ssl_context: ssl.SSLContext | None = None, **overrides: Any) -> Gateway:
        nonlocal count
        count += 1
        url = overrides.pop("database_url", None) or (
            f"sqlite+aiosqlite:///{tmp_path / f'gateway{count}.db'}"
        )
        await storage.upgrade_database(url)
        values: dict[str, Any] = {
            "database_url": url,
            "unknown_chargers": UnknownChargerPolicy.ACCEPT,
            "json_ping_interval": 0,
            "command_timeout": 5.0,
        }
        values.update(overrides)
        app = create_app(Settings(**values))
        server = await aiohttp_server(app, ssl=ssl_context)
        return Gateway(server, app, "wss" if ssl_context else "ws")

    return make


@pytest.fixture
async def gateway(make_gateway: GatewayFactory) -> Gateway:
    return await make_gateway()


def basic_auth(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


# --- the ocpp library's ChargePoint as the charger ----------------------------------------


def _answers() -> dict[str, Any]:
    """What the test charger answers to each of the 19 commands (the library's
    ``call_result`` dataclasses), keyed by action."""
    return {
        "CancelReservation": call_result.CancelReservation(status="Accepted"),
        "ChangeAvailability": call_result.ChangeAvailability(status="Scheduled"),
        "ChangeConfiguration": call_result.ChangeConfiguration(status="RebootRequired"),
        "ClearCache": call_result.ClearCache(status="Accepted"),
        "ClearChargingProfile": call_result.ClearChargingProfile(status="Unknown"),
        "DataTransfer": call_result.DataTransfer(status="Accepted", data="pong"),
        "GetCompositeSchedule": call_result.GetCompositeSchedule(
            status="Accepted",
            connector_id=1,
            schedule_start="2024-05-01T10:00:00.000Z",
            charging_schedule={
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.0}],
            },
        ),
        "GetConfiguration": call_result.GetConfiguration(
            configuration_key=[
                {"key": "HeartbeatInterval", "readonly": False, "value": "300"},
            ],
            unknown_key=["NoSuchKey"],
        ),
        "GetDiagnostics": call_result.GetDiagnostics(file_name="diag-0001.zip"),
        "GetLocalListVersion": call_result.GetLocalListVersion(list_version=7),
        "RemoteStartTransaction": call_result.RemoteStartTransaction(status="Accepted"),
        "RemoteStopTransaction": call_result.RemoteStopTransaction(status="Accepted"),
        "ReserveNow": call_result.ReserveNow(status="Occupied"),
        "Reset": call_result.Reset(status="Accepted"),
        "SendLocalList": call_result.SendLocalList(status="Accepted"),
        "SetChargingProfile": call_result.SetChargingProfile(status="Accepted"),
        "TriggerMessage": call_result.TriggerMessage(status="Accepted"),
        "UnlockConnector": call_result.UnlockConnector(status="Unlocked"),
        "UpdateFirmware": call_result.UpdateFirmware(),
    }


ANSWERS = _answers()


class TestCharger(ChargePoint):
    """A charger built from the ocpp library: answers every 1.6 command from ANSWERS,
    and records what it was asked (snake_case, as the library hands it over)."""

    __test__ = False  # not a pytest class

    def __init__(self, charger_id: str, connection: Any) -> None:
        super().__init__(charger_id, connection, response_timeout=WAIT)
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.answers = dict(ANSWERS)

    def _answer(self, action: str, kwargs: dict[str, Any]) -> Any:
        self.received.append((action, kwargs))
        answer = self.answers[action]
        if isinstance(answer, Exception):
            raise answer
        return answer

    @on(Action.cancel_reservation)
    def on_cancel_reservation(self, **kw: Any) -> Any:
        return self._answer("CancelReservation", kw)

    @on(Action.change_availability)
    def on_change_availability(self, **kw: Any) -> Any:
        return self._answer("ChangeAvailability", kw)

    @on(Action.change_configuration)
    def on_change_configuration(self, **kw: Any) -> Any:
        return self._answer("ChangeConfiguration", kw)

    @on(Action.clear_cache)
    def on_clear_cache(self, **kw: Any) -> Any:
        return self._answer("ClearCache", kw)

    @on(Action.clear_charging_profile)
    def on_clear_charging_profile(self, **kw: Any) -> Any:
        return self._answer("ClearChargingProfile", kw)

    @on(Action.data_transfer)
    def on_data_transfer(self, **kw: Any) -> Any:
        return self._answer("DataTransfer", kw)

    @on(Action.get_composite_schedule)
    def on_get_composite_schedule(self, **kw: Any) -> Any:
        return self._answer("GetCompositeSchedule", kw)

    @on(Action.get_configuration)
    def on_get_configuration(self, **kw: Any) -> Any:
        return self._answer("GetConfiguration", kw)

    @on(Action.get_diagnostics)
    def on_get_diagnostics(self, **kw: Any) -> Any:
        return self._answer("GetDiagnostics", kw)

    @on(Action.get_local_list_version)
    def on_get_local_list_version(self, **kw: Any) -> Any:
        return self._answer("GetLocalListVersion", kw)

    @on(Action.remote_start_transaction)
    def on_remote_start_transaction(self, **kw: Any) -> Any:
        return self._answer("RemoteStartTransaction", kw)

    @on(Action.remote_stop_transaction)
    def on_remote_stop_transaction(self, **kw: Any) -> Any:
        return self._answer("RemoteStopTransaction", kw)

    @on(Action.reserve_now)
    def on_reserve_now(self, **kw: Any) -> Any:
        return self._answer("ReserveNow", kw)

    @on(Action.reset)
    def on_reset(self, **kw: Any) -> Any:
        return self._answer("Reset", kw)

    @on(Action.send_local_list)
    def on_send_local_list(self, **kw: Any) -> Any:
        return self._answer("SendLocalList", kw)

    @on(Action.set_charging_profile)
    def on_set_charging_profile(self, **kw: Any) -> Any:
        return self._answer("SetChargingProfile", kw)

    @on(Action.trigger_message)
    def on_trigger_message(self, **kw: Any) -> Any:
        return self._answer("TriggerMessage", kw)

    @on(Action.unlock_connector)
    def on_unlock_connector(self, **kw: Any) -> Any:
        return self._answer("UnlockConnector", kw)

    @on(Action.update_firmware)
    def on_update_firmware(self, **kw: Any) -> Any:
        return self._answer("UpdateFirmware", kw)


@dataclass
class Running:
    """A TestCharger with its read loop running."""

    cp: TestCharger
    ws: websockets.ClientConnection
    task: asyncio.Task[Any] = field(repr=False)

    async def call(self, payload: Any) -> Any:
        return await asyncio.wait_for(self.cp.call(payload, suppress=False), WAIT)

    async def boot(self) -> Any:
        return await self.call(
            call.BootNotification(charge_point_vendor="VendorX", charge_point_model="ModelY")
        )


@contextlib.asynccontextmanager
async def running_charger(
    gateway: Gateway, charger_id: str, **connect: Any
) -> AsyncIterator[Running]:
    ws = await gateway.connect(charger_id, **connect)
    cp = TestCharger(charger_id, ws)
    task = asyncio.create_task(cp.start())
    try:
        yield Running(cp, ws, task)
    finally:
        await ws.close()
        task.cancel()
        with contextlib.suppress(BaseException):
            await task


# --- raw frames ------------------------------------------------------------------------------


async def exchange(ws: websockets.ClientConnection, frame: str | bytes) -> Any:
    """Send one frame; the next frame back, parsed."""
    await ws.send(frame)
    return json.loads(await asyncio.wait_for(ws.recv(), WAIT))


async def heartbeat_works(ws: websockets.ClientConnection, unique_id: str = "hb") -> bool:
    reply = await exchange(ws, json.dumps([2, unique_id, "Heartbeat", {}]))
    return bool(reply[0] == 3 and reply[1] == unique_id and "currentTime" in reply[2])
