"""``SoapChargePoint``: a simulated OCPP 1.2/1.5/1.6 SOAP charger on a loopback port."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from spyne.model.fault import Fault

from soap.commands import CallError, CallLimits, SoapCaller, new_session
from wsdl.serve import build_wsdl

from ._behaviour import Behaviour, FollowUp
from ._central import CentralCall, CentralSystemLink
from ._schema import official_schema
from ._spyne import SpyneEndpoint
from ._state import ChargerState

log = logging.getLogger(__name__)

VERSIONS = ("1.2", "1.5", "1.6")
DEFAULT_CALL_TIMEOUT = 10.0  # seconds the simulator waits for its Central System
SOAP_CONTENT_TYPE = "application/soap+xml"


@dataclass(frozen=True, slots=True)
class Received:
    """A request the simulator was sent, as it arrived."""

    operation: str | None  # None when spyne could not parse it
    charge_box_id: str | None
    payload: dict[str, Any]
    body: bytes


class SoapChargePoint:
    """Hosts the ChargePointService of ``version`` with spyne on aiohttp, and calls
    ``central_system_url`` with zeep (wsa:From = its own URL), one call at a time.

    Every request received is checked against the official schema when ``schema`` (the
    path of the official ChargePointService WSDL file of that version) is given; problems
    are kept in :attr:`validation_failures` and answered with a SOAP Fault. What follows a
    command (RemoteStart: StartTransaction and MeterValues; RemoteStop: StopTransaction;
    Reset: a new BootNotification...) runs after the answer is sent, in order;
    :meth:`idle` waits for it."""

    def __init__(
        self,
        charge_box_id: str,
        version: str,
        central_system_url: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        schema: Path | str | None = None,
        connectors: int = 2,
        vendor: str = "OcppGatewaySim",
        model: str = "SoapSim",
        call_timeout: float = DEFAULT_CALL_TIMEOUT,
        periodic: bool = False,
        time_scale: float = 1.0,
    ) -> None:
        if version not in VERSIONS:
            raise ValueError(f"OCPP {version!r} has no SOAP charge point here: one of {VERSIONS}")
        self.id = charge_box_id
        self.version = version
        self.central_system_url = central_system_url
        self.host = host
        self.port = port
        self.state = ChargerState.new(version, connectors)
        self.identity = {
            "chargePointVendor": vendor,
            "chargePointModel": model,
            "chargePointSerialNumber": f"SN-{charge_box_id}"[:25],
            "firmwareVersion": "1.0.0",
        }
        self.received: list[Received] = []
        self.validation_failures: list[str] = []
        self.errors: list[str] = []  # follow-ups that failed (the Central System's fault)
        self._schema = official_schema(Path(schema)) if schema is not None else None
        self._endpoint = SpyneEndpoint(version, "cp", self._schema)
        self._call_timeout = call_timeout
        self._runner: web.AppRunner | None = None
        self._caller: SoapCaller | None = None
        self._link: CentralSystemLink | None = None
        self._behaviour: Behaviour | None = None
        self._outbox: asyncio.Queue[FollowUp] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        # Like a charger in the field: once Accepted, a Heartbeat every HeartbeatInterval
        # and, during transactions, MeterValues every MeterValueSampleInterval (both
        # configuration keys, so ChangeConfiguration changes them). ``time_scale``
        # shrinks the seconds, for tests and load runs.
        self.periodic = periodic
        self.time_scale = time_scale
        self._timers: list[asyncio.Task[None]] = []

    # --- lifecycle ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Where the Central System sends commands (known once started)."""
        return f"http://{self.host}:{self.port}/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self._caller = SoapCaller(new_session(), CallLimits(connect_retries=0))
        self._link = CentralSystemLink(
            self._caller,
            self.version,
            self.central_system_url,
            self.id,
            self.url,
            self._call_timeout,
        )
        self._behaviour = Behaviour(self.state, self._link, self.identity)
        self._worker = asyncio.create_task(self._work(), name=f"soap-sim-{self.id}")
        if self.periodic:
            self._timers = [
                asyncio.create_task(
                    self._every("HeartbeatInterval", self._heartbeat_due),
                    name=f"soap-sim-{self.id}-heartbeat",
                ),
                asyncio.create_task(
                    self._every("MeterValueSampleInterval", self._sample_due),
                    name=f"soap-sim-{self.id}-meter",
                ),
            ]

    async def stop(self) -> None:
        for timer in self._timers:
            timer.cancel()
        await asyncio.gather(*self._timers, return_exceptions=True)
        self._timers = []
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
            self._worker = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._caller is not None:
            await self._caller.session.close()
            self._caller = None

    async def __aenter__(self) -> SoapChargePoint:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # --- calls to the Central System ------------------------------------------------------

    @property
    def central_calls(self) -> list[CentralCall]:
        """Every call the Central System answered, in order."""
        return self.link.calls

    @property
    def link(self) -> CentralSystemLink:
        if self._link is None:
            raise RuntimeError("the simulator is not started")
        return self._link

    @property
    def behaviour(self) -> Behaviour:
        if self._behaviour is None:
            raise RuntimeError("the simulator is not started")
        return self._behaviour

    async def boot(self) -> tuple[str, int]:
        """BootNotification (then, when Accepted, a StatusNotification per connector):
        the registration status and heartbeat interval."""
        return await self.behaviour.boot()

    async def heartbeat(self) -> str:
        return await self.link.heartbeat()

    async def status(self, connector_id: int, status: str, error_code: str = "NoError") -> None:
        """Report a connector's status (a 1.6 word; said in 1.2/1.5 terms when needed)."""
        self.state.connectors[connector_id].status = status
        await self.link.status(connector_id, status, error_code, force=True)

    def answer(self, operation: str, **fields: Any) -> None:
        """Answer ``operation`` with ``fields`` from now on, without changing any state."""
        self.behaviour.overrides[operation] = fields

    async def idle(self) -> None:
        """Wait until every follow-up queued so far has run."""
        await self._outbox.join()

    # --- the ChargePointService ---------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.method == "GET":  # ?wsdl
            wsdl = build_wsdl(self.version, "cp", self.url)
            return web.Response(body=wsdl, content_type="text/xml", charset="utf-8")
        if request.method != "POST":
            raise web.HTTPMethodNotAllowed(request.method, ["GET", "POST"])
        body = await request.read()
        parsed = self._endpoint.parse(body)
        op = parsed.operation
        self.received.append(
            Received(op.name if op else None, parsed.charge_box_id, parsed.payload, body)
        )
        if parsed.fault is not None or op is None:
            fault = parsed.fault or Fault("Client", "unreadable request")
            return await self._send(request, self._endpoint.fault(parsed, fault), 500)
        if parsed.problems:
            self.validation_failures.extend(f"{op.name}: {p}" for p in parsed.problems)
            fault = Fault("Client.SchemaValidation", "; ".join(parsed.problems)[:500])
            return await self._send(request, self._endpoint.fault(parsed, fault), 500)
        if parsed.charge_box_id != self.id:
            fault = Fault("Client.IdentityMismatch", f"this is {self.id!r}")
            return await self._send(request, self._endpoint.fault(parsed, fault), 500)
        try:
            reply = self.behaviour.handle(op.name, parsed.payload)
            answer = self._endpoint.answer(parsed, reply.fields)
        except Exception as exc:  # a simulator bug: answer like a charger would, and say so
            log.exception("%s: %s failed", self.id, op.name)
            self.errors.append(f"{op.name}: {type(exc).__name__}: {exc}")
            fault = Fault("Server", f"{type(exc).__name__}: {exc}")
            return await self._send(request, self._endpoint.fault(parsed, fault), 500)
        response = await self._send(request, answer, 200)
        for follow_up in reply.follow_ups:  # only now that the answer is on its way
            self._outbox.put_nowait(follow_up)
        return response

    async def _send(self, request: web.Request, body: bytes, status: int) -> web.StreamResponse:
        response = web.Response(
            body=body, status=status, content_type=SOAP_CONTENT_TYPE, charset="utf-8"
        )
        await response.prepare(request)
        await response.write_eof()
        return response

    async def _every(self, key: str, due: FollowUp) -> None:
        """Queue ``due`` every ``key`` seconds (read again each time; 0 pauses), behind
        whatever the charger is already doing: one call at a time, as a charger makes."""
        while True:
            try:
                seconds = float(self.state.configuration[key].value)
            except (KeyError, ValueError):
                seconds = 0.0
            await asyncio.sleep(seconds * self.time_scale if seconds > 0 else 1.0)
            if seconds > 0 and self.state.registration == "Accepted":
                self._outbox.put_nowait(due)

    async def _heartbeat_due(self) -> None:
        await self.link.heartbeat()

    async def _sample_due(self) -> None:
        charging = [c for c in self.state.connectors.values() if c.transaction is not None]
        if charging:
            await self.behaviour.sample(charging)

    async def _work(self) -> None:
        while True:
            follow_up = await self._outbox.get()
            try:
                await follow_up()
            except CallError as exc:
                self.errors.append(f"{type(exc).__name__}: {exc.reason}")
                log.warning("%s: a call to the Central System failed: %s", self.id, exc.reason)
            except Exception as exc:  # a simulator bug: keep serving, but make it visible
                self.errors.append(f"{type(exc).__name__}: {exc}")
                log.exception("%s: a follow-up failed", self.id)
            finally:
                self._outbox.task_done()
