"""One charger's OCPP-J session: aiohttp's WebSocket under the ``ocpp`` library's
``ChargePoint``.

The library needs only a ``recv()``/``send()`` pair (:class:`WebSocketAdapter`). It
frames, validates against the 1.6 JSON schemas (strict mode only) and routes; the
bridge decides. The parts of the library used: ``ChargePoint.start``, ``call``,
``_handle_call``, ``_response_queue`` and the ``route_map`` format, all stable since
0.x and pinned to ``ocpp<3`` in setup.py. Its traps, and what this module does:

- ``call()`` returns None on a CALLERROR unless ``suppress=False``: always passed.
- Its read loop awaits each inbound handler, so a handler that awaits an outbound
  ``call()`` deadlocks (the answer is never read). Handlers here only await the bridge;
  commands come from the dispatcher's own task.
- ``@after`` hooks run as tasks nobody references (they can be collected mid-run): none
  are used, and every task started here is kept in ``_tasks``.
- Its ``unpack`` drops an unreadable frame with a log line, and it answers
  ``NotSupported`` for an unknown action: :meth:`ChargerSession.route_message` frames
  itself (``_frames``) and answers per OCPP-J 1.6 section 4.
- A ``CallResult`` that nobody waits for stays in its response queue and is taken for
  the answer to the next call: only the answer to our outstanding call goes in.
- ``call()`` builds the answer's dataclass from the charger's fields, and a field it
  does not know is a TypeError: the dispatcher reads the raw answer (``_outcome``).
- It validates in the default executor (``ASYNC_VALIDATION``), which only adds thread
  hops, since jsonschema holds the GIL: see ``json_ws.SCHEMA_VALIDATION_IN_EXECUTOR``.
- For every call it converts the payload to snake_case with regexes and asks
  ``inspect.signature`` of the handler: in lenient mode the route is handed no payload
  to convert (it reads the one sent), and it carries a precomputed signature.
- It logs every frame at INFO and every refused call with a traceback at ERROR:
  :class:`_LibraryLog` turns those down (the message log keeps every frame).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from ocpp.charge_point import camel_to_snake_case
from ocpp.exceptions import OCPPError
from ocpp.messages import Call, CallError, CallResult
from ocpp.v16 import ChargePoint, call, call_result

from bridge import (
    CHARGER_ACTIONS,
    CentralSystem,
    ChargerError,
    CommandStatus,
    Contact,
    Direction,
    DispatchOutcome,
    MessageLogEntry,
    OcppVersion,
    Store,
    Transport,
    utcnow,
)
from bridge.text import storable

from ._errors import to_call_error, unknown_action
from ._frames import BadFrame, parse_frame
from ._tolerance import tolerate

log = logging.getLogger(__name__)

# The library's own wait for an answer, as a backstop: the dispatcher's deadline
# (CommandService's command_timeout) always ends a call first.
LIBRARY_RESPONSE_TIMEOUT = 3600.0  # seconds


class ConnectionClosed(Exception):
    """The WebSocket is closed: ends ``ChargePoint.start()``."""


class WebSocketAdapter:
    """The ``recv()``/``send()`` pair the library's ChargePoint reads and writes."""

    __slots__ = ("_ws", "on_send", "received_at")

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self._ws = ws
        self.received_at: dt.datetime = utcnow()
        self.on_send: Callable[[str], None] | None = None

    async def recv(self) -> str:
        msg = await self._ws.receive()
        if msg.type is WSMsgType.TEXT:
            self.received_at = utcnow()
            text: str = msg.data
            return text
        if msg.type is WSMsgType.BINARY:
            # OCPP-J 1.6 section 4.1.2: messages are JSON in text frames. 1003 is
            # RFC 6455's "received a type of data it cannot accept".
            await self._ws.close(
                code=WSCloseCode.UNSUPPORTED_DATA, message=b"OCPP-J uses text frames"
            )
        # CLOSE, CLOSING, CLOSED, or ERROR (a frame over max_msg_size: aiohttp has
        # already closed with 1009, "message too big").
        raise ConnectionClosed(str(self._ws.close_code))

    async def send(self, message: str) -> None:
        if self.on_send is not None:
            self.on_send(message)
        try:
            await self._ws.send_str(message)
        except ConnectionResetError as exc:  # aiohttp: "Cannot write to closing transport"
            raise ConnectionClosed(str(exc)) from None

    @property
    def ws(self) -> web.WebSocketResponse:
        return self._ws


class _LibraryLog(logging.LoggerAdapter):
    """The library's log calls, turned down: frames to DEBUG, refused calls to a line."""

    def info(self, msg: object, *args: object, **kwargs: Any) -> None:
        self.debug(msg, *args, **kwargs)

    def warning(self, msg: object, *args: object, **kwargs: Any) -> None:
        self.logger.info(msg, *args, **kwargs)  # a command's CALLERROR: an outcome we record

    def exception(self, msg: object, *args: object, **kwargs: Any) -> None:
        kwargs.pop("exc_info", None)
        self.debug(msg, *args, **kwargs)  # a refused call: json_ws logs it, once


_LIBRARY_LOG = _LibraryLog(logging.getLogger("json_ws.ocpp"), {})


@dataclass(slots=True)
class _Pending:
    """Our one outstanding call, and the charger's answer once it came."""

    unique_id: str
    action: str
    answer: CallResult | CallError | None = field(default=None)


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionServices:
    """What every session of one application shares."""

    central_system: CentralSystem
    store: Store
    lenient: bool
    # Store.note_message; None while a store lacks it (then frames are not logged).
    note_message: Callable[[MessageLogEntry], None] | None = None


class _Routes(Mapping[str, dict[str, Any]]):
    """The library's ``route_map`` (see ocpp.routing.create_route_map): one entry, the
    same for every charger action in the bridge's table, without a dict per session."""

    __slots__ = ("_entry",)

    def __init__(self, entry: dict[str, Any]) -> None:
        self._entry = entry

    def __getitem__(self, action: str) -> dict[str, Any]:
        if action not in CHARGER_ACTIONS:
            raise KeyError(action)
        return self._entry

    def __iter__(self) -> Iterator[str]:
        return iter(CHARGER_ACTIONS)

    def __len__(self) -> int:
        return len(CHARGER_ACTIONS)


class ChargerSession(ChargePoint):
    """The library's v16 ChargePoint, with one route for every charger action (the
    bridge's table) and the dispatcher's outbound call."""

    # Ours in slots: the library's instance dict stays small (5,000 sessions idle).
    __slots__ = (
        "_adapter",
        "_command_lock",
        "_inbound",
        "_pending",
        "_response_queue",  # the library's, made lazily here
        "_retired",
        "_services",
        "_tasks",
        "_waiting_for_close",
        "known",
        "online_marked",
        "remote_addr",
        "route_map",  # the library's
    )

    def __init__(
        self,
        charger_id: str,
        adapter: WebSocketAdapter,
        services: SessionServices,
        *,
        remote_addr: str | None,
        known: bool,
    ) -> None:
        super().__init__(
            charger_id, adapter, response_timeout=LIBRARY_RESPONSE_TIMEOUT, logger=_LIBRARY_LOG
        )
        # Made when a command is first sent: an idle asyncio.Queue is ~3 KiB per charger.
        self._response_queue: asyncio.Queue[Any] | None = None
        self._adapter = adapter
        self._services = services
        self.remote_addr = remote_addr
        # True once the store has a row for this charger (unknown ones get it at boot).
        self.known = known
        self.online_marked = False
        self._retired = False
        self._waiting_for_close: asyncio.Future[None] | None = None
        self._inbound: Call | None = None
        self._pending: _Pending | None = None
        self._command_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[Any]] | None = None
        # Lenient mode leaves validation to the bridge codec, which tolerates what the 1.6
        # schemas refuse, and flags it.
        self.route_map = _Routes(
            {"_on_action": self._route(), "_skip_schema_validation": services.lenient}
        )
        adapter.on_send = self._note_outbound

    # --- lifecycle -------------------------------------------------------------------

    async def serve(self) -> None:
        """Read and answer frames until the WebSocket closes."""
        try:
            await self.start()
        except ConnectionClosed:
            pass
        except Exception:  # a bug of ours outside a call's handling: end this one session
            log.exception("%s: session failed", self.id)
            await self._adapter.ws.close(code=WSCloseCode.INTERNAL_ERROR)
        finally:
            self.retire()

    @property
    def adapter(self) -> WebSocketAdapter:
        return self._adapter

    def retire(self) -> None:
        """Fail our outstanding call at once: the connection is gone or replaced."""
        self._retired = True
        if self._waiting_for_close is not None and not self._waiting_for_close.done():
            self._waiting_for_close.set_result(None)

    def _closed(self) -> asyncio.Future[None]:
        """Resolved when the session ends: what an outstanding command also waits for."""
        if self._waiting_for_close is None:
            self._waiting_for_close = asyncio.get_running_loop().create_future()
            if self._retired:
                self._waiting_for_close.set_result(None)
        return self._waiting_for_close

    async def mark_online(self, online: bool) -> None:
        now = utcnow()
        central_system = self._services.central_system
        try:
            if online:
                await central_system.charger_connected(
                    Contact(
                        charger_id=self.id,
                        transport=Transport.JSON,
                        version=OcppVersion.V16,
                        received_at=now,
                        remote_addr=self.remote_addr,
                    )
                )
            else:
                await central_system.charger_disconnected(self.id, now)
            self.online_marked = online
        except Exception:
            log.exception("%s: could not record the charger as %s", self.id, _state(online))

    # --- inbound -------------------------------------------------------------------

    async def route_message(self, raw_msg: str) -> None:
        """The library's router, framing per OCPP-J 1.6 section 4 (see ``_frames``)."""
        self._touch()
        try:
            message = parse_frame(raw_msg, lenient=self._services.lenient)
        except BadFrame as bad:
            self._note(Direction.IN, raw_msg, None)
            log.info("%s: bad frame: %s", self.id, bad)
            if bad.answer:
                reply = CallError(bad.unique_id, bad.error.code, bad.error.description, {})
                await self._adapter.send(reply.to_json())
            return
        if isinstance(message, Call):
            await self._route_call(raw_msg, message)
        else:
            self._take_answer(raw_msg, message)

    async def _route_call(self, raw_msg: str, message: Call) -> None:
        self._note(Direction.IN, raw_msg, message.action)
        self._inbound = message
        try:
            if message.action not in self.route_map:
                raise unknown_action(message.action)
            # The route reads the payload from self._inbound, as sent. In lenient mode
            # the library is handed none, so it neither validates nor converts one.
            await self._handle_call(
                message
                if not self._services.lenient
                else Call(message.unique_id, message.action, {})
            )
        except ConnectionClosed:
            raise
        except Exception as exc:  # the library's validation errors, and our own bugs
            if not isinstance(exc, OCPPError):
                log.exception("%s: %s failed", self.id, message.action)
            reply = message.create_call_error(to_call_error(exc))
            await self._adapter.send(reply.to_json())
        finally:
            self._inbound = None

    def _route(self) -> Callable[..., Awaitable[Any]]:
        """The handler the library calls. It asks ``inspect.signature`` of it for every
        call; a precomputed ``__signature__`` answers in a microsecond instead of eight."""

        async def on_charger_call(call_unique_id: Any, **_snake_case: Any) -> Any:
            return await self._on_charger_call(call_unique_id)

        on_charger_call.__signature__ = _ROUTE_SIGNATURE  # type: ignore[attr-defined]
        return on_charger_call

    async def _on_charger_call(self, call_unique_id: Any) -> Any:
        """The route for every charger action: the bridge answers the camelCase payload
        as the charger sent it."""
        message = self._inbound
        assert message is not None and message.unique_id == call_unique_id
        action: str = message.action
        received_at = self._adapter.received_at
        contact = Contact(
            charger_id=self.id,
            transport=Transport.JSON,
            version=OcppVersion.V16,
            received_at=received_at,
            remote_addr=self.remote_addr,
        )
        services = self._services
        flags = tolerate(action, message.payload, received_at) if services.lenient else ()
        try:
            answer = await services.central_system.handle_payload(
                contact, action, message.payload, flags
            )
        except ChargerError as exc:
            log.info("%s: %s refused: %s", self.id, action, exc.detail)
            raise to_call_error(exc) from exc
        except Exception as exc:
            log.exception("%s: %s failed", self.id, action)
            raise to_call_error(exc) from exc
        if action == "BootNotification" and not self.online_marked:
            self.known = True  # the bridge registered it, or it was known already
            await self.mark_online(True)
        return getattr(call_result, action)(**_snake_case(answer))

    def _take_answer(self, raw_msg: str, message: CallResult | CallError) -> None:
        pending = self._pending
        matches = pending is not None and pending.unique_id == message.unique_id
        self._note(Direction.IN, raw_msg, pending.action if pending and matches else None)
        if pending is None or not matches:
            log.info("%s: answer %r matches no call of ours; ignored", self.id, message.unique_id)
            return
        pending.answer = message
        assert self._response_queue is not None  # made before the call was sent
        self._response_queue.put_nowait(message)

    # --- outbound ------------------------------------------------------------------

    async def send_command(
        self, action: str, payload: dict[str, Any], timeout: float
    ) -> DispatchOutcome:
        """One command, as the dispatcher's interface promises: never raises for what the
        charger or the network did, and returns within ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if self._retired:
            return DispatchOutcome(CommandStatus.OFFLINE, error="charger is not connected")
        try:
            request = getattr(call, action)(**camel_to_snake_case(payload))
        except TypeError as exc:  # CommandService validated it: this is our bug
            return DispatchOutcome(CommandStatus.ERROR, error=f"internal error: {exc}")
        try:
            async with asyncio.timeout_at(deadline):
                await self._command_lock.acquire()  # one outstanding call per connection
        except TimeoutError:
            return _timed_out(timeout)
        try:
            if self._retired:  # closed while we queued
                return DispatchOutcome(CommandStatus.OFFLINE, error="charger is not connected")
            return await self._call(request, action, deadline, timeout)
        finally:
            self._pending = None
            self._command_lock.release()

    async def _call(
        self, request: Any, action: str, deadline: float, timeout: float
    ) -> DispatchOutcome:
        pending = self._pending = _Pending(str(uuid.uuid4()), action)
        if self._response_queue is None:
            self._response_queue = asyncio.Queue()
        while not self._response_queue.empty():  # an answer that came as a call timed out
            self._response_queue.get_nowait()
        closed = self._closed()
        task = self._start(
            self.call(
                request,
                suppress=False,
                unique_id=pending.unique_id,
                skip_schema_validation=self._services.lenient,
            )
        )
        try:
            remaining = max(deadline - asyncio.get_running_loop().time(), 0)
            done, _ = await asyncio.wait(
                (task, closed), timeout=remaining, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            if not task.done():
                task.cancel()
        if task not in done:
            if closed.done():
                return DispatchOutcome(
                    CommandStatus.ERROR, error="connection closed before the charger answered"
                )
            return _timed_out(timeout)
        return _outcome(task, pending, self._services.lenient)

    def _start(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        if self._tasks is None:
            self._tasks = set()
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # --- message log and last-seen ------------------------------------------------------

    def _note_outbound(self, text: str) -> None:
        if text.startswith("[2,"):  # our CALL (the library writes compact JSON)
            action = self._pending.action if self._pending else None
        else:
            action = self._inbound.action if self._inbound else None
        self._note(Direction.OUT, text, action)

    def _note(self, direction: Direction, text: str, action: str | None) -> None:
        note_message = self._services.note_message
        if note_message is None:
            return
        try:
            note_message(
                MessageLogEntry(
                    charger_id=self.id,
                    direction=direction,
                    transport=Transport.JSON,
                    action=action,
                    message=text,
                    timestamp=self._adapter.received_at if direction is Direction.IN else utcnow(),
                )
            )
        except Exception:  # the log is a record, not a promise to the charger
            log.exception("%s: could not queue a frame for the message log", self.id)

    def _touch(self) -> None:
        """Last-seen, for every frame (the bridge notes it too for the calls it decodes):
        the store coalesces it and writes it with its next batch."""
        if self.known:
            self._services.store.touch(self.id, self._adapter.received_at)


async def _route_prototype(call_unique_id: Any, **snake_case_payload: Any) -> Any: ...


_ROUTE_SIGNATURE = inspect.signature(_route_prototype)


@functools.cache
def _snake_key(key: str) -> str:
    """The library's camelCase-to-snake_case for one key, remembered: its regexes cost
    more than the rest of answering a Heartbeat. Keys are the bridge's field names."""
    (converted,) = camel_to_snake_case({key: None})
    return str(converted)


def _snake_case(data: Any) -> Any:
    """``ocpp.charge_point.camel_to_snake_case``, with remembered keys."""
    if isinstance(data, dict):
        return {_snake_key(k): _snake_case(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_snake_case(v) for v in data]
    return data


def _outcome(task: asyncio.Task[Any], pending: _Pending, lenient: bool) -> DispatchOutcome:
    answer = pending.answer
    if isinstance(answer, CallError):
        return DispatchOutcome(
            CommandStatus.ERROR,
            error=storable(f"{answer.error_code}: {answer.error_description}"),
        )
    exc = task.exception()
    if isinstance(exc, ConnectionClosed):
        return DispatchOutcome(CommandStatus.ERROR, error="connection closed while sending")
    if isinstance(answer, CallResult) and (exc is None or lenient):
        # The raw answer, not the library's dataclass: that one refuses a field it does
        # not know (a TypeError), and lenient mode takes the answer all the same.
        if isinstance(answer.payload, dict):
            return DispatchOutcome(CommandStatus.ACCEPTED, result=answer.payload)
        return DispatchOutcome(CommandStatus.ERROR, error="invalid answer: not an object")
    if isinstance(exc, OCPPError):
        reply = to_call_error(exc)
        return DispatchOutcome(
            CommandStatus.ERROR,
            error=storable(f"invalid answer: {reply.code}: {reply.description}"),
        )
    return DispatchOutcome(CommandStatus.ERROR, error=storable(f"invalid answer: {exc}"))


def _timed_out(timeout: float) -> DispatchOutcome:
    return DispatchOutcome(CommandStatus.TIMEOUT, error=f"no answer in {timeout:g} s")


def _state(online: bool) -> str:
    return "online" if online else "offline"
