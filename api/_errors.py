"""The API's answers to everything that goes wrong: always JSON, ``{error, detail}``.

    ApiError                      raised by handlers; carries its HTTP status
    bridge.errors.GatewayError    converted by :func:`answering_errors`:
      ValidationError → 422 (409 for a duplicate), UnknownChargerError → 404,
      NotSupportedError → 409, InternalError → 500 (logged, detail withheld)
    aiohttp HTTPException          404, 405, 413 … re-worded as JSON

Nothing else leaves the API: an unexpected exception is logged and answered 500.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bridge.errors import (
    GatewayError,
    InternalError,
    NotSupportedError,
    UnknownChargerError,
    ValidationError,
)
from bridge.text import unstorable

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "internal_error",
    503: "unavailable",
}


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str  # a JSON path into the request: ``payload.connectorId``, ``limit``
    reason: str


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        *,
        error: str | None = None,
        errors: Sequence[FieldError] = (),
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error or _HTTP_CODES.get(status, "error")
        self.detail = detail
        self.errors = tuple(errors)
        self.headers = headers
        self.extra = extra

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.error, "detail": self.detail}
        if self.errors:
            body["errors"] = [{"field": e.field, "reason": e.reason} for e in self.errors]
        body.update(self.extra)
        return body


def _check_path(request: web.Request) -> None:
    """A path parameter no database can look up (``/chargers/CP%00``) is refused before
    any handler passes it to a query: PostgreSQL's text refuses NUL."""
    for name, value in request.match_info.items():
        problem = unstorable(value)
        if problem is not None:
            raise invalid(name, problem)


def invalid(field: str, reason: str) -> ApiError:
    return ApiError(422, f"{field}: {reason}", errors=[FieldError(field, reason)])


def not_found(detail: str) -> ApiError:
    return ApiError(404, detail)


def from_gateway_error(exc: GatewayError, field_prefix: str = "") -> ApiError:
    """One place where the bridge's and storage's errors become HTTP answers."""
    if isinstance(exc, ValidationError):
        status = exc.http_status  # 422; 409 for a duplicate
        field = f"{field_prefix}{exc.field}" if exc.field else field_prefix.rstrip(".")
        return ApiError(status, exc.detail, errors=[FieldError(field or "body", exc.reason)])
    if isinstance(exc, UnknownChargerError):
        return ApiError(404, exc.detail)
    if isinstance(exc, NotSupportedError):
        return ApiError(409, exc.detail, error="not_supported")
    if isinstance(exc, InternalError):
        log.error("internal error answering the API: %s", exc.detail, exc_info=exc)
        return ApiError(500, "the gateway failed; see its log")
    return ApiError(exc.http_status if 400 <= exc.http_status < 600 else 400, exc.detail)


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.json_response(data, status=status, headers=headers, dumps=dumps)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def answering_errors(handler: Handler) -> Handler:
    """``handler``, its errors answered as JSON. A decorator of each API handler, not a
    middleware: a middleware in the API's sub-application makes aiohttp run its
    middleware chain for every request of the whole application, SOAP and OCPP-J
    included (bench/soap.md)."""

    @functools.wraps(handler)
    async def answering(request: web.Request) -> web.StreamResponse:
        return await _answer(request, handler)

    return answering


async def _answer(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        _check_path(request)
        return await handler(request)
    except ApiError as exc:
        return json_response(exc.body(), exc.status, exc.headers)
    except GatewayError as exc:
        err = from_gateway_error(exc)
        return json_response(err.body(), err.status)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        reason = exc.text if exc.text and not exc.text.startswith(str(exc.status)) else exc.reason
        headers = {k: v for k, v in exc.headers.items() if k.lower() == "allow"}
        return json_response(
            {"error": _HTTP_CODES.get(exc.status, "error"), "detail": reason}, exc.status, headers
        )
    except Exception:
        log.exception("unexpected error answering %s %s", request.method, request.path)
        return json_response(
            {"error": "internal_error", "detail": "the gateway failed; see its log"}, 500
        )
