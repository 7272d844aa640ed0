"""Real chargers for the API's end-to-end tests, on loopback against one gateway: the SOAP
simulator (OCPP 1.2/1.5/1.6) and an OCPP-J 1.6 charger built from the ``ocpp`` library's
ChargePoint over ``websockets`` that, like the simulator, starts and stops transactions
when told to remotely."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import websockets
from ocpp.routing import after, on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import Action

from soap.simulator import SoapChargePoint
from wsdl.catalog import source

from .conftest import ApiClient

WAIT = 10.0  # seconds any single step may take on a loaded 2-core machine
ENERGY_PER_SESSION_WH = 750  # what the JSON charger's meter advances over a transaction
# ../shared/ocpp-wsdl next to the repository; the official files are never copied into it.
OFFICIAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "ocpp-wsdl"


# --- the SOAP simulator ---------------------------------------------------------------------


def official_cp_wsdl(version: str) -> Path:
    path = OFFICIAL_DIR / source(version, "cp").filename
    if not path.is_file():
        pytest.skip(f"official OCPP WSDL files not found at {OFFICIAL_DIR}")
    return path


@contextlib.asynccontextmanager
async def soap_charger(
    api: ApiClient, charger_id: str, version: str
) -> AsyncIterator[SoapChargePoint]:
    """The simulator, calling the gateway's SOAP endpoint (any version: the namespace
    decides) and checking what it receives against the official ChargePointService schema."""
    sim = SoapChargePoint(
        charger_id,
        version,
        api.url("/ocpp/soap"),
        schema=official_cp_wsdl(version),
        call_timeout=WAIT,
    )
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


# --- the OCPP-J charger ---------------------------------------------------------------------


@dataclass
class Session:
    """A transaction as the JSON charger remembers it."""

    id: int
    connector_id: int
    id_tag: str
    meter_start: int
    meter_stop: int | None = None  # what it sent in StopTransaction


class JsonCharger(ChargePoint):
    """Accepts RemoteStart/RemoteStopTransaction, and once the answer has gone out sends
    StartTransaction/StopTransaction (with StatusNotifications) like a real charger.

    The follow-ups run as tasks started from the library's ``@after`` hooks and kept in
    :attr:`_tasks`: a handler that awaited its own outbound call would hold the read loop
    that must deliver the call's answer. :meth:`idle` waits for them; what failed is in
    :attr:`errors`."""

    __test__ = False  # not a pytest class

    def __init__(
        self,
        charger_id: str,
        connection: Any,
        *,
        connectors: int = 2,
        meters: dict[int, int] | None = None,
        sessions: Sequence[Session] = (),
    ) -> None:
        super().__init__(charger_id, connection, response_timeout=WAIT)
        self.meters = meters or {n: 20_000 * n for n in range(1, connectors + 1)}
        # Open transactions by connector: ``sessions`` are those it had before connecting.
        self.sessions: dict[int, Session] = {s.connector_id: s for s in sessions}
        self.finished: list[Session] = []
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[str] = []
        self._starting: set[int] = set()
        self._accepted: tuple[int, str] | None = None  # the remote start just accepted
        self._tasks: set[asyncio.Task[None]] = set()

    # --- lifecycle ------------------------------------------------------------------------

    async def boot(self) -> str:
        result = await self.call(
            call.BootNotification(charge_point_vendor="JsonVendor", charge_point_model="JsonSim"),
            suppress=False,
        )
        if result.status == "Accepted":
            for connector_id in self.meters:
                status = "Charging" if connector_id in self.sessions else "Available"
                await self.status(connector_id, status)
        return str(result.status)

    async def status(self, connector_id: int, status: str) -> None:
        await self.call(
            call.StatusNotification(
                connector_id=connector_id, error_code="NoError", status=status, timestamp=_now()
            ),
            suppress=False,
        )

    async def idle(self) -> None:
        """Wait until every follow-up started so far has run."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(self._guarded(work, name), name=f"{self.id}-{name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _guarded(self, work: Coroutine[Any, Any, None], name: str) -> None:
        try:
            await work
        except Exception as exc:
            self.errors.append(f"{name}: {type(exc).__name__}: {exc}")

    # --- RemoteStartTransaction -----------------------------------------------------------

    @on(Action.remote_start_transaction)
    def on_remote_start_transaction(
        self, id_tag: str, connector_id: int | None = None, **kw: Any
    ) -> Any:
        self.received.append(("RemoteStartTransaction", {"id_tag": id_tag, **kw}))
        if connector_id is None:
            free = [c for c in self.meters if c not in self.sessions and c not in self._starting]
            connector_id = free[0] if free else None
        busy = connector_id in self.sessions or connector_id in self._starting
        if connector_id is None or connector_id not in self.meters or busy:
            return call_result.RemoteStartTransaction(status="Rejected")
        self._starting.add(connector_id)
        self._accepted = (connector_id, id_tag)
        return call_result.RemoteStartTransaction(status="Accepted")

    @after(Action.remote_start_transaction)
    def after_remote_start_transaction(self, **kw: Any) -> None:
        accepted, self._accepted = self._accepted, None
        if accepted is not None:
            self._spawn(self.start_transaction(*accepted), "StartTransaction")

    async def start_transaction(self, connector_id: int, id_tag: str) -> None:
        try:
            await self.status(connector_id, "Preparing")
            meter_start = self.meters[connector_id]
            result = await self.call(
                call.StartTransaction(
                    connector_id=connector_id,
                    id_tag=id_tag,
                    meter_start=meter_start,
                    timestamp=_now(),
                ),
                suppress=False,
            )
            session = Session(result.transaction_id, connector_id, id_tag, meter_start)
            self.sessions[connector_id] = session
        finally:
            self._starting.discard(connector_id)
        if result.id_tag_info["status"] != "Accepted":  # refused: stop at once
            await self.stop_transaction(session, "DeAuthorized")
            return
        await self.status(connector_id, "Charging")

    # --- RemoteStopTransaction ------------------------------------------------------------

    @on(Action.remote_stop_transaction)
    def on_remote_stop_transaction(self, transaction_id: int) -> Any:
        self.received.append(("RemoteStopTransaction", {"transaction_id": transaction_id}))
        known = any(s.id == transaction_id for s in self.sessions.values())
        return call_result.RemoteStopTransaction(status="Accepted" if known else "Rejected")

    @after(Action.remote_stop_transaction)
    def after_remote_stop_transaction(self, transaction_id: int) -> None:
        for session in self.sessions.values():
            if session.id == transaction_id:
                self._spawn(self.stop_transaction(session, "Remote"), "StopTransaction")

    async def stop_transaction(self, session: Session, reason: str) -> None:
        self.sessions.pop(session.connector_id, None)
        self.meters[session.connector_id] += ENERGY_PER_SESSION_WH
        session.meter_stop = self.meters[session.connector_id]
        await self.call(
            call.StopTransaction(
                meter_stop=session.meter_stop,
                timestamp=_now(),
                transaction_id=session.id,
                reason=reason,
                id_tag=session.id_tag,
            ),
            suppress=False,
        )
        self.finished.append(session)
        await self.status(session.connector_id, "Finishing")
        await self.status(session.connector_id, "Available")


@dataclass
class Connected:
    """A JsonCharger with its read loop running; :meth:`disconnect` closes the socket."""

    cp: JsonCharger
    ws: websockets.ClientConnection
    task: asyncio.Task[Any] = field(repr=False)

    async def disconnect(self) -> None:
        await self.ws.close()
        self.task.cancel()
        with contextlib.suppress(BaseException):
            await self.task


@contextlib.asynccontextmanager
async def json_charger(api: ApiClient, charger_id: str, **kwargs: Any) -> AsyncIterator[Connected]:
    """Connect to ws://…/ocpp/<charger_id> with ``ocpp1.6`` and run the charger's read loop."""
    ws = await websockets.connect(
        api.url(f"/ocpp/{charger_id}").replace("http://", "ws://", 1),
        subprotocols=[websockets.Subprotocol("ocpp1.6")],
        compression=None,
        open_timeout=WAIT,
    )
    cp = JsonCharger(charger_id, ws, **kwargs)
    connected = Connected(cp, ws, asyncio.create_task(cp.start(), name=f"{charger_id}-read"))
    try:
        yield connected
    finally:
        await cp.idle()
        await connected.disconnect()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
