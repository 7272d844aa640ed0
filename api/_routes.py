"""Operations: each API endpoint declared once, with what the OpenAPI document says of it.

A resource module makes a :class:`Routes` and decorates its handlers::

    routes = Routes("chargers")

    @routes.get("/chargers/{charger_id}", scope=READ, summary="One charger",
                params=[CHARGER_ID], responses={200: "Charger"})
    async def get_charger(request: web.Request) -> web.StreamResponse: ...

The router and the OpenAPI document are both built from these declarations, so the two
cannot disagree about paths, methods, parameters or scopes. Query parameters are parsed
and checked here (422 naming the parameter); request bodies against their schema.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bridge.text import unstorable

from ._errors import ApiError, FieldError, invalid

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

READ = "read"
OPERATE = "operate"
ADMIN = "admin"
SCOPES = (READ, OPERATE, ADMIN)
# A scope grants the ones before it: operate can read, admin can do everything.
GRANTS = {READ: {READ}, OPERATE: {READ, OPERATE}, ADMIN: {READ, OPERATE, ADMIN}}

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    schema: Mapping[str, Any]
    where: str = "query"  # or "path", "header"
    required: bool = False
    description: str = ""

    def spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "name": self.name,
            "in": self.where,
            "required": self.required or self.where == "path",
            "schema": dict(self.schema),
        }
        if self.description:
            spec["description"] = self.description
        return spec


@dataclass(frozen=True, slots=True)
class Response:
    description: str
    schema: str | None = None  # a component name
    media_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)  # name -> description


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str  # below /api/v1, aiohttp and OpenAPI syntax alike: /chargers/{charger_id}
    handler: Handler
    scope: str | None  # None: public
    summary: str
    tag: str
    params: tuple[Param, ...]
    body: str | None  # a component name, for JSON bodies
    body_media_types: tuple[str, ...]
    responses: Mapping[int, Response]
    description: str = ""
    # Also accept a one-use ticket in the query (``?ticket=``): for the event stream,
    # which a browser's EventSource opens without being able to set a header.
    allow_ticket: bool = False

    @property
    def operation_id(self) -> str:
        return self.handler.__name__


class Routes:
    def __init__(self, tag: str, schemas: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.tag = tag
        self.operations: list[Operation] = []
        # JSON Schemas (2020-12) this resource's operations name, by component name.
        self.schemas: dict[str, Mapping[str, Any]] = dict(schemas or {})
        # Requests the gateway makes to integrators (OpenAPI 3.1 ``webhooks``), by name.
        self.webhooks: dict[str, Mapping[str, Any]] = {}

    def route(
        self,
        method: str,
        path: str,
        *,
        scope: str | None,
        summary: str,
        responses: Mapping[int, str | Response | None],
        params: Sequence[Param] = (),
        body: str | None = None,
        body_media_types: Sequence[str] = ("application/json",),
        description: str = "",
        allow_ticket: bool = False,
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.operations.append(
                Operation(
                    method=method,
                    path=path,
                    handler=handler,
                    scope=scope,
                    summary=summary,
                    tag=self.tag,
                    params=tuple(params),
                    body=body,
                    body_media_types=tuple(body_media_types),
                    responses={
                        status: r if isinstance(r, Response) else Response(_describe(status), r)
                        for status, r in responses.items()
                    },
                    description=description or (handler.__doc__ or "").strip(),
                    allow_ticket=allow_ticket,
                )
            )
            return handler

        return register

    def get(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("DELETE", path, **kwargs)


def _describe(status: int) -> str:
    return {
        200: "OK",
        201: "Created",
        202: "Accepted",
        204: "Deleted",
    }.get(status, str(status))


# --- common parameters -----------------------------------------------------------------------

LIMIT = Param(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    description="items per page",
)
CURSOR = Param(
    "cursor",
    {"type": "string"},
    description="`next_cursor` of the previous page; absent for the first page",
)
PAGE = (LIMIT, CURSOR)
CHARGER_ID = Param(
    "charger_id", {"type": "string", "minLength": 1}, where="path", description="chargeBoxIdentity"
)
SINCE = Param("since", {"type": "string", "format": "date-time"}, description="from (inclusive)")
UNTIL = Param("until", {"type": "string", "format": "date-time"}, description="to (exclusive)")


# --- reading a request -------------------------------------------------------------------------


def query_int(
    request: web.Request,
    name: str,
    default: int | None = None,
    *,
    lo: int | None = None,
    hi: int | None = None,
) -> int | None:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise invalid(name, f"{raw!r} is not an integer") from None
    if lo is not None and value < lo:
        raise invalid(name, f"must be at least {lo}")
    if hi is not None and value > hi:
        raise invalid(name, f"must be at most {hi}")
    return value


def query_bool(request: web.Request, name: str) -> bool | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    text = raw.strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise invalid(name, f"{raw!r} is not true or false")


def query_str(request: web.Request, name: str, choices: Sequence[str] | None = None) -> str | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    problem = unstorable(raw)
    if problem is not None:  # a filter no database can compare (PostgreSQL refuses NUL)
        raise invalid(name, problem)
    if choices is not None and raw not in choices:
        raise invalid(name, f"{raw!r} is not one of {', '.join(choices)}")
    return raw


def query_time(request: web.Request, name: str) -> dt.datetime | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    return parse_time(raw, name)


def parse_time(raw: str, name: str) -> dt.datetime:
    try:
        return utc_time(raw)
    except ValueError as exc:
        raise invalid(name, str(exc)) from None


def utc_time(raw: str) -> dt.datetime:
    """An ISO 8601 date-time with a zone, in UTC. Raises ValueError naming the problem."""
    try:
        value = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        raise ValueError("needs a time zone (Z or +hh:mm)")
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is in the year 0 in UTC
        raise ValueError(f"{raw!r} is out of range in UTC") from None


def page_limit(request: web.Request) -> int:
    limit = query_int(request, "limit", DEFAULT_LIMIT, lo=1, hi=MAX_LIMIT)
    assert limit is not None
    return limit


def decode_cursor(request: web.Request) -> list[Any] | None:
    """The sort key a page continues after, or None for the first page."""
    raw = request.query.get("cursor")
    if raw is None or raw == "":
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid("cursor", "not a cursor this API gave out") from None
    if not isinstance(data, list) or not data:
        raise invalid("cursor", "not a cursor this API gave out")
    return data


def cursor_key(request: web.Request, *kinds: type) -> tuple[Any, ...] | None:
    """The sort key a page continues after, checked part by part against ``kinds``:
    ``str``, ``int`` (a 64-bit row id) or ``dt.datetime`` (ISO text in the cursor). None
    for the first page; 422 for anything this API did not give out."""
    cursor = decode_cursor(request)
    if cursor is None:
        return None
    bad = invalid("cursor", "not a cursor this API gave out")
    if len(cursor) != len(kinds):
        raise bad
    key: list[Any] = []
    for value, kind in zip(cursor, kinds, strict=True):
        if kind is int:
            if type(value) is not int or not -(2**63) <= value < 2**63:
                raise bad
        elif not isinstance(value, str):
            raise bad
        elif kind is dt.datetime:
            try:
                value = parse_time(value, "cursor")
            except ApiError:
                raise bad from None
        key.append(value)
    return tuple(key)


def cursor_value(request: web.Request, kind: type) -> Any:
    """A one-part sort key (an id), or None for the first page."""
    key = cursor_key(request, kind)
    return None if key is None else key[0]


def query_list(request: web.Request, name: str, choices: Sequence[str]) -> list[str]:
    """A repeated or comma-separated parameter (``?status=a,b&status=c``); empty items
    are skipped, others must be among ``choices``."""
    values = [v.strip() for raw in request.query.getall(name, []) for v in raw.split(",")]
    for value in values:
        if value and value not in choices:
            raise invalid(name, f"{value!r} is not one of {', '.join(choices)}")
    return [v for v in values if v]


def path_id(request: web.Request, name: str, what: str) -> int:
    """A numeric id from the path: 422 when it is not an integer, 404 (``no <what>``)
    when it cannot be one of ours (our ids are positive 64-bit integers)."""
    raw = request.match_info[name]
    try:
        value = int(raw)
    except ValueError:
        raise invalid(name, f"{raw!r} is not an integer") from None
    if not 1 <= value < 2**63:
        raise ApiError(404, f"no {what} {raw}")
    return value


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def page(
    items: Sequence[dict[str, Any]], limit: int, key: Callable[[dict[str, Any]], Sequence[Any]]
) -> dict[str, Any]:
    """A page of ``limit`` items from ``items`` (fetched with one more than ``limit``)."""
    more = len(items) > limit
    shown = list(items[:limit])
    return {
        "items": shown,
        "next_cursor": encode_cursor(key(shown[-1])) if more and shown else None,
    }


async def json_body(request: web.Request) -> Any:
    if request.content_type not in ("application/json", "") and not request.content_type.endswith(
        "+json"
    ):
        raise ApiError(415, f"send application/json, not {request.content_type}")
    try:
        body = await request.json(loads=json.loads)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"the body is not JSON: {exc}", error="bad_request") from None
    check_text(body)
    return body


def check_text(value: Any, path: str = "") -> None:
    """Refuse, naming the field, text that no database keeps (``bridge.text``): JSON can
    escape a NUL or a lone surrogate, and neither fits a text column."""
    if isinstance(value, str):
        problem = unstorable(value)
        if problem is not None:
            raise invalid(path or "body", problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            check_text(key, where)
            check_text(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_text(item, f"{path}[{index}]")


def field_errors(errors: Sequence[FieldError]) -> ApiError:
    first = errors[0]
    return ApiError(422, f"{first.field}: {first.reason}", errors=errors)
