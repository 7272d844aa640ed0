"""The WebSocket endpoint: the handshake's refusals, then one session per connection."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass
from typing import Any

from aiohttp import WSCloseCode, hdrs, web

from bridge import Transport, UnknownChargerPolicy
from gateway.charger_auth import REALM, PasswordCheck, address_allowed, auth_required
from gateway.keys import CENTRAL_SYSTEM, COMMANDS, STORE
from gateway.settings import Settings

from ._connection import ChargerSession, SessionServices, WebSocketAdapter
from ._dispatcher import Connections, JsonDispatcher
from ._handshake import SUPPORTED_SUBPROTOCOLS, charger_id_from_path, choose_subprotocol

log = logging.getLogger(__name__)

# Seconds a closing handshake may take before the socket is dropped (aiohttp's default,
# 10 s, holds a dead charger's slot that long at every shutdown).
CLOSE_TIMEOUT = 5.0
# Chargers pay for every byte over cellular, and a permessage-deflate context pair costs
# ~300 KiB of RAM per connection: OCPP-J frames are small, so it is not offered.
COMPRESSION = False
# RFC 6455 section 5.5: a control frame's payload is at most 125 bytes, 2 of them the code.
MAX_CLOSE_REASON_BYTES = 123


@dataclass(frozen=True, slots=True)
class _Admission:
    protocol: str | None  # the offered token to echo, None when none was offered
    known: bool  # the store has a row for this charger


class JsonFrontDoor:
    """Owns the OCPP-J routes, sessions and dispatcher of one application."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.connections = Connections()
        self.dispatcher = JsonDispatcher(self.connections, self._close_policy)
        self._passwords = PasswordCheck()
        self._sockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._services: SessionServices | None = None

    def install(self, app: web.Application) -> None:
        app.cleanup_ctx.append(self._lifespan)
        app.on_shutdown.append(self._on_shutdown)
        # Any path: the charge box id is its last segment. Indexed under "/", this route
        # is tried after every more specific one (the SOAP endpoint, sub-apps).
        app.router.add_get("/{path:.*}", self.handle, name="ocpp-json", allow_head=False)

    # --- lifecycle -------------------------------------------------------------------

    async def _lifespan(self, app: web.Application) -> AsyncIterator[None]:
        store = app[STORE]
        note_message = getattr(store, "note_message", None)
        if note_message is None:
            log.warning("this store has no note_message: OCPP-J frames are not logged")
        self._services = SessionServices(
            central_system=app[CENTRAL_SYSTEM],
            store=store,
            lenient=self.settings.lenient,
            note_message=note_message,
        )
        app[COMMANDS].register(Transport.JSON, self.dispatcher)
        yield
        await self._close_all()
        if self._tasks:  # the last goodbyes: chargers marked offline
            await asyncio.wait(set(self._tasks), timeout=CLOSE_TIMEOUT)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _on_shutdown(self, app: web.Application) -> None:
        await self._close_all()

    async def _close_all(self) -> None:
        sockets = [ws for ws in self._sockets if not ws.closed]
        if sockets:
            log.info("closing %d OCPP-J connections", len(sockets))
        await asyncio.gather(
            *(ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown") for ws in sockets),
            return_exceptions=True,
        )

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # --- the endpoint ------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get(hdrs.UPGRADE, "").lower() != "websocket":
            raise web.HTTPNotFound()
        charger_id = charger_id_from_path(request.raw_path)
        if charger_id is None:
            raise web.HTTPNotFound(text="no charge box id in the path")
        admission = await self._admit(request, charger_id)
        return await self._serve(request, charger_id, admission)

    async def _admit(self, request: web.Request, charger_id: str) -> _Admission:
        """Every refusal happens here, before the upgrade: 400, 401, 403, 404 or 503."""
        settings = self.settings
        choice = choose_subprotocol(
            request.headers.getall(hdrs.SEC_WEBSOCKET_PROTOCOL, ()),
            require=settings.json_require_subprotocol,
        )
        if choice.refusal is not None:
            log.warning("%s refused: %s", charger_id, choice.refusal)
            raise web.HTTPBadRequest(text=choice.refusal)
        services = self._require_services()
        try:
            charger = await services.store.get_charger(charger_id)
        except Exception:
            log.exception("%s refused: storage is unavailable", charger_id)
            raise web.HTTPServiceUnavailable() from None
        if charger is None and settings.unknown_chargers is UnknownChargerPolicy.REJECT:
            log.warning("%s refused: unknown charger (registration policy: reject)", charger_id)
            raise web.HTTPNotFound(text="unknown charge box id")
        if not address_allowed(charger, request.remote):
            log.warning("%s refused: %s is not in its allowed_ips", charger_id, request.remote)
            raise web.HTTPForbidden(text="address not allowed for this charge box id")
        if auth_required(charger, settings.auth_required):
            outcome = await self._passwords.check(
                charger_id, charger, request.headers.get(hdrs.AUTHORIZATION)
            )
            if not outcome.ok:
                log.warning("%s refused from %s: %s", charger_id, request.remote, outcome.reason)
                raise web.HTTPUnauthorized(headers={hdrs.WWW_AUTHENTICATE: REALM})
        return _Admission(protocol=choice.protocol, known=charger is not None)

    async def _serve(
        self, request: web.Request, charger_id: str, admission: _Admission
    ) -> web.WebSocketResponse:
        protocol = admission.protocol
        settings = self.settings
        ws = web.WebSocketResponse(
            protocols=(protocol,) if protocol else (),
            heartbeat=settings.json_ping_interval or None,  # 0: some chargers never pong
            max_msg_size=settings.json_max_frame_bytes,
            compress=COMPRESSION,
            timeout=CLOSE_TIMEOUT,
        )
        await ws.prepare(request)
        if protocol is None:
            log.info(
                "%s offered no subprotocol: taken as %s", charger_id, SUPPORTED_SUBPROTOCOLS[0]
            )
        session = ChargerSession(
            charger_id,
            WebSocketAdapter(ws),
            self._require_services(),
            remote_addr=request.remote,
            known=admission.known,
        )
        previous = self.connections.attach(session)
        if previous is not None:
            log.warning(
                "%s connected again from %s: closing its connection from %s",
                charger_id,
                request.remote,
                previous.remote_addr,
            )
            self._close(previous, WSCloseCode.OK, "replaced by a newer connection")
        self._sockets.add(ws)
        log.info("%s connected from %s", charger_id, request.remote)
        if session.known:
            await session.mark_online(True)
        try:
            await session.serve()
        finally:
            # In its own task: aiohttp may cancel this handler when the peer goes away
            # (handler_cancellation), and the charger must still be marked offline.
            await asyncio.shield(self._spawn(self._goodbye(session)))
        return ws

    def _close(self, session: ChargerSession, code: int, reason: str) -> None:
        """Fail the session's outstanding call now and close its socket in the background
        (the close handshake waits for the charger, up to CLOSE_TIMEOUT)."""
        session.retire()
        message = reason.encode()[:MAX_CLOSE_REASON_BYTES]
        self._spawn(session.adapter.ws.close(code=code, message=message))

    def _close_policy(self, session: ChargerSession, reason: str) -> None:
        """The operator deleted the charger or changed how it is admitted (RFC 6455: 1008,
        the policy): its next connection is checked against what is stored now."""
        self._close(session, WSCloseCode.POLICY_VIOLATION, reason)

    async def _goodbye(self, session: ChargerSession) -> None:
        session.retire()
        if self.connections.detach(session) and session.online_marked:
            await session.mark_online(False)
        log.info("%s disconnected (close code %s)", session.id, session.adapter.ws.close_code)

    def _require_services(self) -> SessionServices:
        if self._services is None:
            raise web.HTTPServiceUnavailable(text="starting up")
        return self._services
