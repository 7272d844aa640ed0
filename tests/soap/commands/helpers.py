"""Real peers on loopback for the SOAP command tests: the gateway (aiohttp test server,
SQLite in a temp folder), raw HTTP stand-ins for misbehaving chargers, and a spyne
Central System stand-in for the simulator's own calls. Fixtures are imported by the
conftest files of ``tests/soap/commands`` and ``tests/soap/simulator``."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

import storage
from bridge import (
    CommandRecord,
    CommandService,
    OcppVersion,
    RegistrationStatus,
    Transport,
    UnknownChargerPolicy,
    utcnow,
)
from gateway.app import create_app
from gateway.keys import COMMANDS, STORE
from gateway.settings import Settings
from soap.simulator import SoapChargePoint
from soap.simulator._spyne import SpyneEndpoint
from storage import SqlStore
from wsdl.catalog import source
from wsdl.namespaces import SOAP12_ENVELOPE

# ../shared/ocpp-wsdl next to the repository; the official files are never copied into it.
OFFICIAL_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "ocpp-wsdl"
PUBLIC_URL = "http://gateway.test:8180"  # Settings.public_url: the base chargers reach
WAIT = 10.0  # seconds any single step may take on a loaded 2-core machine


def official_wsdl(version: str, kind: str) -> Path:
    path = OFFICIAL_DIR / source(version, kind).filename
    if not path.is_file():
        pytest.skip(f"official OCPP WSDL files not found at {OFFICIAL_DIR}")
    return path


# --- the gateway ------------------------------------------------------------------------


@dataclass
class Gateway:
    server: TestServer
    app: web.Application

    @property
    def store(self) -> SqlStore:
        return self.app[STORE]

    @property
    def commands(self) -> CommandService:
        return self.app[COMMANDS]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.port}{path}"

    async def register(self, charger_id: str, version: str, endpoint: str | None) -> None:
        """An Accepted SOAP charger of ``version`` whose learned wsa:From is ``endpoint``."""
        now = utcnow()
        await self.store.add_charger(charger_id, RegistrationStatus.ACCEPTED, now=now)
        await self.store.record_contact(
            charger_id, Transport.SOAP, OcppVersion(version), now, soap_endpoint=endpoint
        )

    async def run(self, charger_id: str, action: str, payload: dict[str, Any]) -> CommandRecord:
        """Submit a 1.6 command and wait for its final state, as stored."""
        record = await asyncio.wait_for(self.commands.run(charger_id, action, payload), WAIT * 3)
        stored = await self.store.get_command(record.id)
        assert stored is not None
        return stored

    async def messages(self, charger_id: str, count: int) -> list[Any]:
        """The message log of a charger (oldest first), once it holds ``count`` rows."""
        for _ in range(200):
            rows = await self.store.list_messages(charger_id, limit=1000)
            if len(rows) >= count:
                return sorted(rows, key=lambda r: r.timestamp)
            await asyncio.sleep(0.025)
        raise AssertionError(f"{charger_id}: {len(rows)} logged messages, expected {count}")


GatewayFactory = Callable[..., Awaitable[Gateway]]


@pytest.fixture
async def make_gateway(aiohttp_server: Any, tmp_path: Path) -> GatewayFactory:
    count = itertools.count(1)

    async def make(**overrides: Any) -> Gateway:
        url = f"sqlite+aiosqlite:///{tmp_path / f'gateway{next(count)}.db'}"
        await storage.upgrade_database(url)
        values: dict[str, Any] = {
            "database_url": url,
            "public_url": PUBLIC_URL,
            "unknown_chargers": UnknownChargerPolicy.ACCEPT,
            "json_ping_interval": 0,
            "command_timeout": 5.0,
            "soap_connect_retries": 1,
        }
        values.update(overrides)
        app = create_app(Settings(**values))  # soap.setup installs soap.commands
        server = await aiohttp_server(app)
        return Gateway(server, app)

    return make


@pytest.fixture
async def gateway(make_gateway: GatewayFactory) -> Gateway:
    return await make_gateway()


# --- raw HTTP stand-ins -------------------------------------------------------------------


@dataclass
class Captured:
    body: bytes
    content_type: str
    at: float  # the event loop's clock when the request arrived


Responder = Callable[[web.Request, Captured], Awaitable[web.StreamResponse]]


@dataclass
class StandIn:
    url: str
    received: list[Captured] = field(default_factory=list)


StandInFactory = Callable[[Responder], Awaitable[StandIn]]


@pytest.fixture
async def stand_in(aiohttp_server: Any) -> StandInFactory:
    """An HTTP server on loopback answering every POST with ``responder``."""

    async def make(responder: Responder) -> StandIn:
        received: list[Captured] = []

        async def handle(request: web.Request) -> web.StreamResponse:
            captured = Captured(
                await request.read(),
                request.headers.get("Content-Type", ""),
                asyncio.get_running_loop().time(),
            )
            received.append(captured)
            return await responder(request, captured)

        app = web.Application()
        app.router.add_post("/{tail:.*}", handle)
        server = await aiohttp_server(app)
        return StandIn(f"http://127.0.0.1:{server.port}/ocpp", received)

    return make


def soap_response(body: str, status: int = 200) -> web.Response:
    envelope = f'<e:Envelope xmlns:e="{SOAP12_ENVELOPE}"><e:Body>{body}</e:Body></e:Envelope>'
    return web.Response(
        text=envelope, status=status, content_type="application/soap+xml", charset="utf-8"
    )


def soap_fault(code: str, reason: str, subcode: str | None = None) -> web.Response:
    sub = f"<e:Subcode><e:Value>{subcode}</e:Value></e:Subcode>" if subcode else ""
    fault = (
        f"<e:Fault><e:Code><e:Value>{code}</e:Value>{sub}</e:Code>"
        f'<e:Reason><e:Text xml:lang="en">{reason}</e:Text></e:Reason></e:Fault>'
    )
    return soap_response(fault, status=500)


def reset_accepted(version: str) -> web.Response:
    namespace = {"1.2": "urn://Ocpp/Cp/2010/08/", "1.5": "urn://Ocpp/Cp/2012/06/"}.get(
        version, "urn://Ocpp/Cp/2015/10/"
    )
    return soap_response(
        f'<r:resetResponse xmlns:r="{namespace}"><r:status>Accepted</r:status></r:resetResponse>'
    )


# --- a Central System stand-in for the simulator's calls -----------------------------------


@dataclass(frozen=True)
class CsCall:
    operation: str
    charge_box_id: str | None
    payload: dict[str, Any]
    wsa_from: str | None


class StandInCentralSystem:
    """Answers the CentralSystemService of each version (at ``/<version>``) with spyne,
    checking every request against the official CentralSystemService schema."""

    def __init__(self) -> None:
        self.calls: list[CsCall] = []
        self.problems: list[str] = []
        self.url = ""
        self._transaction_ids = itertools.count(1001)
        self._endpoints: dict[str, SpyneEndpoint] = {}

    def endpoint(self, version: str) -> SpyneEndpoint:
        if version not in self._endpoints:
            from soap.simulator import official_schema

            schema = official_schema(official_wsdl(version, "cs"))
            self._endpoints[version] = SpyneEndpoint(version, "cs", schema)
        return self._endpoints[version]

    def operations(self, charge_box_id: str | None = None) -> list[str]:
        return [c.operation for c in self.calls if charge_box_id in (None, c.charge_box_id)]

    async def handle(self, request: web.Request) -> web.Response:
        version = request.match_info["version"]
        endpoint = self.endpoint(version)
        parsed = endpoint.parse(await request.read())
        if parsed.fault is not None or parsed.operation is None:
            self.problems.append(f"unparseable: {parsed.fault}")
            return web.Response(status=400)
        op = parsed.operation
        self.problems.extend(f"{op.name}: {p}" for p in parsed.problems)
        wsa_from = parsed.ctx.in_document.findtext(
            "{http://www.w3.org/2003/05/soap-envelope}Header/"
            "{http://www.w3.org/2005/08/addressing}From/"
            "{http://www.w3.org/2005/08/addressing}Address"
        )
        self.calls.append(CsCall(op.name, parsed.charge_box_id, parsed.payload, wsa_from))
        body = endpoint.answer(parsed, self._answer(version, op.name))
        return web.Response(body=body, content_type="application/soap+xml", charset="utf-8")

    def _answer(self, version: str, operation: str) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC)
        accepted = {"status": "Accepted"}
        if operation == "BootNotification":
            interval = "interval" if version == "1.6" else "heartbeatInterval"
            return {"status": "Accepted", "currentTime": now, interval: 300}
        if operation == "Heartbeat":
            return {"currentTime": now}
        if operation == "Authorize":
            return {"idTagInfo": accepted}
        if operation == "StartTransaction":
            return {"transactionId": next(self._transaction_ids), "idTagInfo": accepted}
        if operation == "DataTransfer":
            return accepted
        return {}


@pytest.fixture
async def central_system(aiohttp_server: Any) -> StandInCentralSystem:
    cs = StandInCentralSystem()
    app = web.Application()
    app.router.add_post("/{version}", cs.handle)
    server = await aiohttp_server(app)
    cs.url = f"http://127.0.0.1:{server.port}"
    return cs


SimulatorFactory = Callable[..., Awaitable[SoapChargePoint]]


@pytest.fixture
async def make_simulator(central_system: StandInCentralSystem) -> Any:
    """SOAP charge points validating what they receive against the official schema, and
    calling the Central System stand-in (at ``/<version>``) unless told otherwise."""
    started: list[SoapChargePoint] = []

    async def make(charge_box_id: str, version: str, **kwargs: Any) -> SoapChargePoint:
        url = kwargs.pop("central_system_url", f"{central_system.url}/{version}")
        sim = SoapChargePoint(
            charge_box_id, version, url, schema=official_wsdl(version, "cp"), **kwargs
        )
        await sim.start()
        started.append(sim)
        return sim

    yield make
    for sim in started:
        await sim.stop()
