"""The HTTP leg of a SOAP call on aiohttp: one POST per attempt, retried only while no
connection could be made.

Whether a connection was made is learnt from aiohttp's request tracing, not from the
exception type: a total timeout that fires while connecting surfaces as a bare
TimeoutError, exactly like one that fires while waiting for the answer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import aiohttp
from aiohttp import hdrs

from bridge import utcnow

from ._errors import BadAnswer, BadRequest, CallError, Unreachable, from_transport
from ._limits import CallLimits

USER_AGENT = "ocpp-gateway"


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    content_type: str
    body: bytes

    def snippet(self, limit: int = 200) -> str:
        """The start of the body, for error messages."""
        return self.body[:limit].decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True, kw_only=True)
class Attempt:
    """One POST: either an answer came back (whatever it says) or it failed."""

    number: int
    started_at: dt.datetime
    finished_at: dt.datetime
    answer: Answer | None = None
    failure: CallError | None = None


Observer = Callable[[Attempt], None]


@dataclass(slots=True)
class _Progress:
    connected: bool = False


async def _on_connected(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: Any
) -> None:
    progress = context.trace_request_ctx
    if isinstance(progress, _Progress):
        progress.connected = True


def new_session(tls: ssl.SSLContext | bool = True) -> aiohttp.ClientSession:
    """The session SOAP calls must go through: its trace tells a connection that could not
    be made (safe to retry) from a failure after the request went out.

    Connections are not kept alive: chargers' embedded servers close idle connections
    without notice, and a POST on such a connection fails after "sending", which must not
    be retried. Commands are rare, so a connection each costs nothing that matters.

    ``tls`` is aiohttp's ``ssl``: True verifies against the system's CAs, a context
    against its own, False not at all (a charger's self-signed certificate)."""
    trace = aiohttp.TraceConfig()
    trace.on_connection_create_end.append(_on_connected)
    trace.on_connection_reuseconn.append(_on_connected)
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(force_close=True, limit=0, ssl=tls),
        trace_configs=[trace],
        headers={hdrs.USER_AGENT: USER_AGENT},
    )


async def post(
    session: aiohttp.ClientSession,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    limits: CallLimits,
    deadline: float,
    observe: Observer,
) -> Answer:
    """POST ``body`` until an answer comes back, or raise the :class:`CallError` of the
    last attempt. ``deadline`` is the event loop's clock by which all attempts end."""
    loop = asyncio.get_running_loop()
    number = 0
    while True:
        number += 1
        if session.closed:  # the gateway is shutting down (between two attempts, say)
            raise BadRequest("not sent: the HTTP client is closed")
        attempt_timeout = max(min(limits.total_timeout, deadline - loop.time()), 0.001)
        started_at = utcnow()
        progress = _Progress()
        try:
            answer = await _post_once(
                session, url, body, headers, limits, attempt_timeout, progress
            )
        except (aiohttp.ClientError, TimeoutError, OSError, CallError) as exc:
            failure = (
                exc
                if isinstance(exc, CallError)
                else from_transport(
                    exc,
                    connected=progress.connected,
                    attempt_timeout=attempt_timeout,
                    connect_timeout=limits.connect_timeout,
                )
            )
            observe(
                Attempt(number=number, started_at=started_at, finished_at=utcnow(), failure=failure)
            )
            if not isinstance(failure, Unreachable):
                raise failure from None
            pause = limits.pause_before_retry(number)
            retry = failure.retryable and number <= limits.connect_retries
            if retry and loop.time() + pause < deadline:
                await asyncio.sleep(pause)
                continue
            raise Unreachable(f"{failure.reason}; {_tries(number)}", retryable=False) from None
        observe(Attempt(number=number, started_at=started_at, finished_at=utcnow(), answer=answer))
        return answer


def _tries(number: int) -> str:
    return "1 attempt" if number == 1 else f"{number} attempts"


async def _post_once(
    session: aiohttp.ClientSession,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    limits: CallLimits,
    attempt_timeout: float,
    progress: _Progress,
) -> Answer:
    timeout = aiohttp.ClientTimeout(total=attempt_timeout, sock_connect=limits.connect_timeout)
    async with session.post(
        url,
        data=body,
        headers=headers,
        timeout=timeout,
        allow_redirects=False,
        trace_request_ctx=progress,
    ) as response:
        content = await _read(response, limits.max_answer_bytes)
        return Answer(response.status, response.headers.get(hdrs.CONTENT_TYPE, ""), content)


async def _read(response: aiohttp.ClientResponse, limit: int) -> bytes:
    too_big = BadAnswer(f"HTTP {response.status}: the answer is larger than {limit} bytes")
    if response.content_length is not None and response.content_length > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)
