"""Id tags: what Authorize, StartTransaction and StopTransaction are answered from.

The API writes the very rows the bridge reads (``bridge.rules.authorize``): a tag that is
``blocked`` answers Blocked, one past its ``expiry_date`` Expired, a blocked or expired
``parent_id_tag`` passes its status to its children, and ``max_active_transactions``
bounds concurrent use (ConcurrentTx). Unknown tags answer Invalid.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bridge.enums import AuthorizationStatus
from bridge.records import IdTagRecord
from gateway.keys import STORE
from storage import SqlStore, id_tag_key
from storage.queries import transactions as queries
from storage.queries.transactions import ID_TAG_FIELDS, IdTagFilter

from . import _json
from ._errors import ApiError, FieldError, invalid, json_response, not_found
from ._keys import API
from ._routes import (
    ADMIN,
    PAGE,
    READ,
    Param,
    Routes,
    cursor_value,
    json_body,
    page,
    page_limit,
    query_bool,
    query_str,
    utc_time,
)

MAX_IMPORT_BYTES = 10 * 1024 * 1024  # a CSV import's body, at most
MAX_IMPORT_ROWS = 100_000
MAX_LISTED_ERRORS = 100  # an invalid import names this many problems, at most
MAX_ACTIVE_TRANSACTIONS = 2**31 - 1  # the column is a 32-bit integer

# OCPP's IdToken is a string of at most 20 characters. We also keep to printable ASCII
# without spaces or "/", so that every tag can be named in a URL path.
ID_TAG_PATTERN = "^[!-.0-~]+$"
ID_TAG_MAX_LENGTH = 20
SETTABLE_STATUSES = (
    AuthorizationStatus.ACCEPTED,
    AuthorizationStatus.BLOCKED,
    AuthorizationStatus.EXPIRED,
    AuthorizationStatus.INVALID,
)
CSV_COLUMNS = ("id_tag", *ID_TAG_FIELDS)

ID_TAG = {
    "type": "string",
    "minLength": 1,
    "maxLength": ID_TAG_MAX_LENGTH,
    "pattern": ID_TAG_PATTERN,
    "description": "OCPP IdToken: 1 to 20 printable ASCII characters, no space or `/`; "
    "matched exactly (case matters)",
}
NULLABLE_ID_TAG = ID_TAG | {"type": ["string", "null"]}
FIELD_SCHEMAS: dict[str, Any] = {
    "status": {
        "type": "string",
        "enum": [s.value for s in SETTABLE_STATUSES],
        "default": AuthorizationStatus.ACCEPTED.value,
        "description": "what Authorize answers while the tag is not blocked or expired",
    },
    "expiry_date": _json.NULLABLE_DATE_TIME
    | {"default": None, "description": "with a time zone; from then on: Expired"},
    "parent_id_tag": NULLABLE_ID_TAG
    | {
        "default": None,
        "description": "the group tag; a blocked or expired parent blocks its children",
    },
    "blocked": {
        "type": "boolean",
        "default": False,
        "description": "answer Blocked, whatever the status",
    },
    "max_active_transactions": {
        "type": ["integer", "null"],
        "minimum": 1,
        "maximum": MAX_ACTIVE_TRANSACTIONS,
        "default": None,
        "description": "open transactions the tag may have at once (then: ConcurrentTx); "
        "null: no limit",
    },
}


def _body_schema(*, required: tuple[str, ...] = (), description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "description": description,
        "properties": {"id_tag": ID_TAG, **FIELD_SCHEMAS},
    }


routes = Routes(
    "id-tags",
    {
        "IdTag": {
            "type": "object",
            "required": list(CSV_COLUMNS),
            "properties": {
                "id_tag": {"type": "string"},
                **FIELD_SCHEMAS,
                "status": {"type": "string", "enum": [s.value for s in AuthorizationStatus]},
            },
        },
        "IdTagPage": _json.page_schema("IdTag"),
        "IdTagCreate": _body_schema(
            required=("id_tag",), description="a new tag; fields left out take their default"
        ),
        "IdTagReplace": _body_schema(
            description="every field; those left out take their default. `id_tag`, if "
            "given, must be the one in the path"
        ),
        "IdTagUpdate": _body_schema(
            description="the fields to change; `id_tag`, if given, must be the one in the path"
        ),
        "IdTagCsv": {
            "type": "string",
            "description": "CSV (UTF-8, comma-separated) with a header row naming some of "
            f"the columns {', '.join(CSV_COLUMNS)}; `id_tag` is required. An empty cell "
            "takes the column's default; blocked reads true/false (or 1/0, yes/no).",
        },
        "IdTagImportResult": {
            "type": "object",
            "required": ["created", "updated", "total"],
            "properties": {
                "created": {"type": "integer"},
                "updated": {"type": "integer"},
                "total": {"type": "integer"},
            },
        },
    },
)

ID_TAG_PATH = Param("id_tag", {"type": "string", "minLength": 1}, where="path")


def id_tag_json(tag: IdTagRecord) -> dict[str, Any]:
    return {
        "id_tag": tag.id_tag,
        "status": tag.status.value,
        "expiry_date": _json.timestamp(tag.expiry_date),
        "parent_id_tag": tag.parent_id_tag,
        "blocked": tag.blocked,
        "max_active_transactions": tag.max_active_transactions,
    }


def _location(id_tag: str) -> dict[str, str]:
    return {"Location": f"/api/v1/id-tags/{quote(id_tag, safe='')}"}


# --- JSON bodies ------------------------------------------------------------------------------


def _record(id_tag: str, fields: Mapping[str, Any], base: IdTagRecord | None) -> IdTagRecord:
    """A tag from checked JSON ``fields``; those not given come from ``base`` (PATCH) or
    take their default (POST, PUT)."""

    def pick(name: str, default: Any) -> Any:
        if name in fields:
            return fields[name]
        return default if base is None else getattr(base, name)

    expiry = pick("expiry_date", None)
    if isinstance(expiry, str):
        expiry = utc_time(expiry)
    status = pick("status", AuthorizationStatus.ACCEPTED)
    maximum = pick("max_active_transactions", None)
    return IdTagRecord(
        id_tag=id_tag,
        status=AuthorizationStatus(status),
        expiry_date=expiry,
        parent_id_tag=pick("parent_id_tag", None),
        blocked=bool(pick("blocked", False)),
        max_active_transactions=None if maximum is None else int(maximum),
    )


async def _checked_body(request: web.Request, schema: str) -> dict[str, Any]:
    body = await json_body(request)
    request.app[API].check(schema, body)
    assert isinstance(body, dict)
    if "expiry_date" in body and isinstance(body["expiry_date"], str):
        try:
            utc_time(body["expiry_date"])
        except ValueError as exc:
            raise invalid("expiry_date", str(exc)) from None
    return body


def _same_tag(body: Mapping[str, Any], id_tag: str) -> None:
    if "id_tag" in body and id_tag_key(body["id_tag"]) != id_tag_key(id_tag):
        raise invalid(
            "id_tag", "differs from the path; to rename, create the new tag and delete the old"
        )


async def _existing(store: SqlStore, id_tag: str) -> IdTagRecord:
    tag = await store.get_id_tag(id_tag)
    if tag is None:
        raise not_found(f"no id tag {id_tag!r}")
    return tag


# --- operations -------------------------------------------------------------------------------


@routes.get(
    "/id-tags",
    scope=READ,
    summary="Id tags, by id tag",
    params=[
        Param("blocked", {"type": "boolean"}),
        Param(
            "status",
            {"type": "string", "enum": [s.value for s in AuthorizationStatus]},
            description="the stored status (a blocked or expired tag keeps its own)",
        ),
        Param("q", {"type": "string", "minLength": 1}, description="part of the id tag, any case"),
        Param("parent_id_tag", {"type": "string", "minLength": 1}, description="exactly"),
        *PAGE,
    ],
    responses={200: "IdTagPage"},
)
async def list_id_tags(request: web.Request) -> web.StreamResponse:
    status = query_str(request, "status", [s.value for s in AuthorizationStatus])
    q = query_str(request, "q")
    if q == "":
        raise invalid("q", "must not be empty")
    where = IdTagFilter(
        blocked=query_bool(request, "blocked"),
        status=None if status is None else AuthorizationStatus(status),
        q=q,
        parent_id_tag=query_str(request, "parent_id_tag"),
    )
    limit = page_limit(request)
    after = cursor_value(request, str)
    tags = await request.config_dict[STORE].read(
        lambda s: queries.list_id_tags(s, where, limit + 1, after)
    )
    return json_response(page([id_tag_json(t) for t in tags], limit, lambda t: [t["id_tag"]]))


@routes.post(
    "/id-tags",
    scope=ADMIN,
    summary="Add an id tag",
    body="IdTagCreate",
    responses={201: "IdTag", 409: None},
)
async def create_id_tag(request: web.Request) -> web.StreamResponse:
    """409 when the tag exists (PUT or PATCH it instead)."""
    body = await _checked_body(request, "IdTagCreate")
    tag = _record(body["id_tag"], body, None)
    saved = await request.config_dict[STORE].save_id_tags([tag], overwrite=False)
    if saved.created == 0:
        raise ApiError(409, f"id tag {tag.id_tag!r} already exists")
    return json_response(id_tag_json(tag), 201, _location(tag.id_tag))


@routes.get(
    "/id-tags/{id_tag}",
    scope=READ,
    summary="One id tag",
    params=[ID_TAG_PATH],
    responses={200: "IdTag"},
)
async def get_id_tag(request: web.Request) -> web.StreamResponse:
    tag = await _existing(request.config_dict[STORE], request.match_info["id_tag"])
    return json_response(id_tag_json(tag))


@routes.put(
    "/id-tags/{id_tag}",
    scope=ADMIN,
    summary="Replace an id tag",
    params=[ID_TAG_PATH],
    body="IdTagReplace",
    responses={200: "IdTag"},
)
async def replace_id_tag(request: web.Request) -> web.StreamResponse:
    """Every field is set: those left out take their default. 404 for an unknown tag
    (POST creates)."""
    store: SqlStore = request.config_dict[STORE]
    id_tag = request.match_info["id_tag"]
    body = await _checked_body(request, "IdTagReplace")
    _same_tag(body, id_tag)
    stored = await _existing(store, id_tag)
    tag = _record(stored.id_tag, body, None)  # the stored spelling stays
    await store.upsert_id_tag(tag)
    return json_response(id_tag_json(tag))


@routes.patch(
    "/id-tags/{id_tag}",
    scope=ADMIN,
    summary="Change some of an id tag's fields",
    params=[ID_TAG_PATH],
    body="IdTagUpdate",
    responses={200: "IdTag"},
)
async def update_id_tag(request: web.Request) -> web.StreamResponse:
    """The fields given are set (null clears a nullable one); the others keep theirs."""
    store: SqlStore = request.config_dict[STORE]
    id_tag = request.match_info["id_tag"]
    body = await _checked_body(request, "IdTagUpdate")
    _same_tag(body, id_tag)
    stored = await _existing(store, id_tag)
    tag = _record(stored.id_tag, body, stored)
    await store.upsert_id_tag(tag)
    return json_response(id_tag_json(tag))


@routes.delete(
    "/id-tags/{id_tag}",
    scope=ADMIN,
    summary="Delete an id tag",
    params=[ID_TAG_PATH],
    responses={204: None},
)
async def delete_id_tag(request: web.Request) -> web.StreamResponse:
    """From then on Authorize answers Invalid for it. Its transactions stay."""
    id_tag = request.match_info["id_tag"]
    if not await request.config_dict[STORE].delete_id_tag(id_tag):
        raise not_found(f"no id tag {id_tag!r}")
    return web.Response(status=204)


@routes.post(
    "/id-tags/import",
    scope=ADMIN,
    summary="Add or update id tags from CSV",
    body="IdTagCsv",
    body_media_types=("text/csv",),
    responses={200: "IdTagImportResult"},
)
async def import_id_tags(request: web.Request) -> web.StreamResponse:
    """All or nothing: every row is checked first, and if any is invalid the answer is
    422 naming each problem as ``row N: column`` (rows numbered as a spreadsheet shows
    them: the header is row 1) and nothing is written. Otherwise new tags are added and
    existing ones get the values of the columns the file has (columns it lacks keep
    their values), in one database transaction. An id tag may appear once per file.
    At most 10 MiB and 100,000 rows (413)."""
    if request.content_type != "text/csv":
        raise ApiError(415, f"send text/csv, not {request.content_type or 'nothing'}")
    data = await _read_csv_body(request)
    # 100,000 rows take the best part of a second to check: not on the event loop,
    # which serves every charger's messages meanwhile.
    tags, fields = await asyncio.to_thread(_parse_import, data)
    saved = await request.config_dict[STORE].save_id_tags(tags, overwrite=True, fields=fields)
    return json_response({"created": saved.created, "updated": saved.existing, "total": len(tags)})


# --- CSV import -------------------------------------------------------------------------------


def _too_large() -> ApiError:
    return ApiError(413, f"the CSV is over {MAX_IMPORT_BYTES:,} bytes; split it")


async def _read_csv_body(request: web.Request) -> bytes:
    if request.content_length is not None and request.content_length > MAX_IMPORT_BYTES:
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > MAX_IMPORT_BYTES:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def _id_tag(raw: str) -> str:
    if not raw:
        raise ValueError("is required")
    return _tag_text(raw)


def _tag_text(raw: str) -> str:
    if len(raw) > ID_TAG_MAX_LENGTH:
        raise ValueError(f"is longer than {ID_TAG_MAX_LENGTH} characters")
    if not all("!" <= c <= "~" and c != "/" for c in raw):
        raise ValueError("takes printable ASCII characters only, no space or /")
    return raw


def _status(raw: str) -> AuthorizationStatus:
    if not raw:
        return AuthorizationStatus.ACCEPTED
    for status in SETTABLE_STATUSES:
        if raw.lower() == status.value.lower():
            return status
    raise ValueError(f"{raw!r} is not one of {', '.join(s.value for s in SETTABLE_STATUSES)}")


def _expiry(raw: str) -> dt.datetime | None:
    return utc_time(raw) if raw else None


def _parent(raw: str) -> str | None:
    return _tag_text(raw) if raw else None


def _blocked(raw: str) -> bool:
    text = raw.lower()
    if text in ("", "false", "0", "no"):
        return False
    if text in ("true", "1", "yes"):
        return True
    raise ValueError(f"{raw!r} is not true or false")


def _maximum(raw: str) -> int | None:
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not an integer") from None
    if not 1 <= value <= MAX_ACTIVE_TRANSACTIONS:
        raise ValueError(f"must be from 1 to {MAX_ACTIVE_TRANSACTIONS} (empty: no limit)")
    return value


_CELL: dict[str, Callable[[str], Any]] = {
    "id_tag": _id_tag,
    "status": _status,
    "expiry_date": _expiry,
    "parent_id_tag": _parent,
    "blocked": _blocked,
    "max_active_transactions": _maximum,
}


class _Problems:
    def __init__(self) -> None:
        self.listed: list[FieldError] = []
        self.count = 0

    def add(self, field: str, reason: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED_ERRORS:
            self.listed.append(FieldError(field, reason))

    def raise_any(self) -> None:
        if not self.count:
            return
        first = self.listed[0]
        detail = f"{first.field}: {first.reason}"
        if self.count > 1:
            shown = "" if self.count <= MAX_LISTED_ERRORS else f", the first {MAX_LISTED_ERRORS}"
            detail += f" ({self.count} problems in all{shown} listed; nothing was imported)"
        else:
            detail += " (nothing was imported)"
        raise ApiError(422, detail, errors=self.listed)


def _records(text: str) -> Iterator[list[str]]:
    try:
        yield from csv.reader(io.StringIO(text, newline=""), strict=True)
    except csv.Error as exc:
        raise invalid("body", f"not CSV: {exc}") from None


def _parse_import(data: bytes) -> tuple[list[IdTagRecord], tuple[str, ...]]:
    """Every row checked; the tags and the fields the file sets, or a 422 naming every
    problem (up to :data:`MAX_LISTED_ERRORS`)."""
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet's byte order mark goes
    except UnicodeDecodeError as exc:
        raise invalid("body", f"not UTF-8 (byte {exc.start})") from None
    records = _records(text)
    header = next(records, None)
    if header is None:
        raise invalid("body", "is empty; send a header row naming the columns")
    columns = [name.strip() for name in header]
    problems = _Problems()
    for index, name in enumerate(columns):
        if name not in _CELL:
            problems.add(
                f"row 1: {name}", f"unknown column; the columns are {', '.join(CSV_COLUMNS)}"
            )
        elif name in columns[:index]:
            problems.add(f"row 1: {name}", "appears twice")
    if "id_tag" not in columns:
        problems.add("row 1: id_tag", "the id_tag column is required")
    problems.raise_any()

    tags: list[IdTagRecord] = []
    first_row: dict[str, int] = {}
    number = 1  # the header's
    rows = 0
    for cells in records:
        number += 1
        if not cells:  # a blank line
            continue
        rows += 1
        if rows > MAX_IMPORT_ROWS:
            raise ApiError(413, f"more than {MAX_IMPORT_ROWS} rows; split the file")
        if len(cells) != len(columns):
            problems.add(f"row {number}", f"has {len(cells)} cells; the header has {len(columns)}")
            continue
        values: dict[str, Any] = {}
        for name, raw in zip(columns, cells, strict=True):
            try:
                values[name] = _CELL[name](raw.strip())
            except ValueError as exc:
                problems.add(f"row {number}: {name}", str(exc))
        if len(values) != len(columns):
            continue
        id_tag = values["id_tag"]
        key = id_tag_key(id_tag)  # OCPP id tags are case-insensitive
        if key in first_row:
            problems.add(f"row {number}: id_tag", f"repeats row {first_row[key]}")
            continue
        first_row[key] = number
        tags.append(
            IdTagRecord(
                id_tag=id_tag,
                status=values.get("status", AuthorizationStatus.ACCEPTED),
                expiry_date=values.get("expiry_date"),
                parent_id_tag=values.get("parent_id_tag"),
                blocked=values.get("blocked", False),
                max_active_transactions=values.get("max_active_transactions"),
            )
        )
    problems.raise_any()
    return tags, tuple(name for name in columns if name != "id_tag")
