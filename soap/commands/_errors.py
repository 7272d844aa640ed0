"""Why a SOAP call gave no usable answer: one tree, each error carrying its command status.

::

    CallError
     ├── Unreachable   unreachable  no connection could be made (refused, DNS, no route,
     │                              connect timeout), after the retries
     ├── NoAnswer      timeout      the request went out; no answer in time (never retried:
     │                              the charger may already have acted)
     ├── BadRequest    error        we could not build the request: nothing was sent
     └── BadAnswer     error        the connection broke after sending, an HTTP error, a
          │                         body that is not XML, or not the operation's response
          └── SoapFault error       a SOAP Fault, with its code and reason

aiohttp's exceptions become these in :func:`from_transport`, zeep's in ``_codec``.
"""

from __future__ import annotations

import errno
from typing import ClassVar

import aiohttp

from bridge import CommandStatus


class CallError(Exception):
    status: ClassVar[CommandStatus] = CommandStatus.ERROR

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Unreachable(CallError):
    status = CommandStatus.UNREACHABLE

    def __init__(self, reason: str, *, retryable: bool = True) -> None:
        super().__init__(reason)
        self.retryable = retryable


class NoAnswer(CallError):
    status = CommandStatus.TIMEOUT


class BadRequest(CallError):
    pass


class BadAnswer(CallError):
    pass


class SoapFault(BadAnswer):
    def __init__(self, code: str, reason: str, subcodes: tuple[str, ...] = ()) -> None:
        label = "/".join((code, *subcodes))
        super().__init__(f"{label}: {reason}")
        self.code = code
        self.subcodes = subcodes
        self.fault_reason = reason


def from_transport(
    exc: BaseException, *, connected: bool, attempt_timeout: float, connect_timeout: float
) -> CallError:
    """An aiohttp (or socket) failure of one attempt. ``connected`` says whether a
    connection to the charger was made: only a failure before that may be retried."""
    if isinstance(exc, aiohttp.InvalidURL):
        return Unreachable(f"not a usable address: {exc}", retryable=False)
    if not connected:
        return Unreachable(_connect_failure(exc, connect_timeout, attempt_timeout))
    if isinstance(exc, TimeoutError):  # aiohttp's ServerTimeoutError is one too
        return NoAnswer(
            f"no answer within {_seconds(attempt_timeout)} s (the request was sent, so it is not retried)"
        )
    return BadAnswer(f"the connection failed after the request was sent: {_describe(exc)}")


_ERRNO_REASONS = {
    errno.ECONNREFUSED: "connection refused",
    errno.EHOSTUNREACH: "no route to host",
    errno.ENETUNREACH: "network unreachable",
    errno.ETIMEDOUT: "connection timed out",
    errno.ECONNRESET: "connection reset",
}


def _connect_failure(exc: BaseException, connect_timeout: float, attempt_timeout: float) -> str:
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return f"cannot resolve the host: {exc.os_error.strerror or exc.os_error}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        reason = _ERRNO_REASONS.get(exc.os_error.errno or 0)
        return f"{reason} ({exc.host}:{exc.port})" if reason else _describe(exc)
    if isinstance(exc, TimeoutError):
        return f"no connection within {_seconds(min(connect_timeout, attempt_timeout))} s"
    return _describe(exc)


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _seconds(value: float) -> str:
    """A timeout for people: the remaining part of a deadline (0.4993 s) reads as 0.5."""
    return f"{round(value, 1):g}"
