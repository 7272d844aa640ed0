"""Webhooks, managed by operators (``/webhooks``, admin scope): the URLs events go to,
and each one's delivery log. The delivery itself is in ``api/_delivery.py``."""

from __future__ import annotations

import functools
import secrets
from typing import Any

from aiohttp import web
from yarl import URL

from bridge import EventType, utcnow
from gateway.keys import STORE
from storage.queries import webhooks as queries
from storage.queries.webhooks import (
    DELIVERY_STATUSES,
    DeliveryRecord,
    WebhookRecord,
)

from . import _json
from ._delivery import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    WEBHOOKS,
)
from ._errors import invalid, json_response, not_found
from ._keys import API
from ._routes import (
    ADMIN,
    PAGE,
    Param,
    Response,
    Routes,
    cursor_value,
    json_body,
    page,
    page_limit,
    path_id,
    query_str,
)

SECRET_BYTES = 32  # of a generated secret (43 URL-safe characters)
MIN_SECRET_LENGTH = 16
MAX_URL_LENGTH = 2048


EVENT_TYPES = [t.value for t in EventType]
_URL = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_URL_LENGTH,
    "description": "an absolute http or https URL; events are POSTed to it",
}
_SECRET = {
    "type": "string",
    "minLength": MIN_SECRET_LENGTH,
    "maxLength": 256,
    "writeOnly": True,
    "description": "the HMAC-SHA256 key the deliveries are signed with",
}
_EVENT_TYPES = {
    "type": "array",
    "items": {"type": "string", "enum": EVENT_TYPES},
    "uniqueItems": True,
    "description": "event types to deliver; empty: all",
}
_CHARGER_IDS = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "uniqueItems": True,
    "maxItems": 10_000,
    "description": "chargers whose events to deliver; empty: all",
}
_DESCRIPTION = {"type": ["string", "null"], "maxLength": 1000}
_ENABLED = {"type": "boolean", "description": "false: nothing is delivered (nor recorded)"}

WEBHOOK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "url",
        "event_types",
        "charger_ids",
        "enabled",
        "description",
        "created_at",
    ],
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string"},
        "event_types": {"type": "array", "items": {"type": "string"}},
        "charger_ids": {"type": "array", "items": {"type": "string"}},
        "enabled": {"type": "boolean"},
        "description": _json.NULLABLE_STRING,
        "created_at": _json.DATE_TIME,
    },
}

DELIVERY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "webhook_id",
        "event_id",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "next_attempt_at",
        "finished_at",
        "payload",
    ],
    "properties": {
        "id": {"type": "integer", "description": f"sent as {DELIVERY_HEADER}"},
        "webhook_id": {"type": "integer"},
        "event_id": {"type": "string"},
        "event_type": {"type": "string", "enum": EVENT_TYPES},
        "status": {"type": "string", "enum": list(DELIVERY_STATUSES)},
        "attempts": {"type": "integer", "minimum": 0},
        "last_status_code": {"type": ["integer", "null"]},
        "last_error": _json.NULLABLE_STRING,
        "created_at": _json.DATE_TIME,
        "next_attempt_at": _json.NULLABLE_DATE_TIME | {"description": "pending: when"},
        "finished_at": _json.NULLABLE_DATE_TIME,
        "payload": {"$ref": "#/components/schemas/Event"},
    },
}


routes = Routes(
    "webhooks",
    {
        "Webhook": WEBHOOK_SCHEMA,
        "WebhookCreated": {
            "allOf": [
                {"$ref": "#/components/schemas/Webhook"},
                {
                    "type": "object",
                    "required": ["secret"],
                    "properties": {
                        "secret": {
                            "type": "string",
                            "description": "shown this once: keep it to check signatures",
                        }
                    },
                },
            ]
        },
        "WebhookCreate": {
            "type": "object",
            "required": ["url"],
            "additionalProperties": False,
            "properties": {
                "url": _URL,
                "secret": _SECRET | {"description": "generated when absent"},
                "event_types": _EVENT_TYPES,
                "charger_ids": _CHARGER_IDS,
                "description": _DESCRIPTION,
                "enabled": _ENABLED | {"default": True},
            },
        },
        "WebhookUpdate": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {
                "url": _URL,
                "secret": _SECRET | {"description": "a new secret (not shown again)"},
                "event_types": _EVENT_TYPES,
                "charger_ids": _CHARGER_IDS,
                "description": _DESCRIPTION,
                "enabled": _ENABLED,
            },
        },
        "WebhookPage": _json.page_schema("Webhook"),
        "WebhookDelivery": DELIVERY_SCHEMA,
        "WebhookDeliveryPage": _json.page_schema("WebhookDelivery"),
    },
)

WEBHOOK_ID = Param("webhook_id", {"type": "integer", "minimum": 1}, where="path")
DELIVERY_STATUS = Param(
    "status", {"type": "string", "enum": list(DELIVERY_STATUSES)}, description="only these"
)

SIGNATURE_DOC = f"""

Each event is POSTed as JSON (the `Event` schema) with the headers
`{EVENT_HEADER}` (the event id), `{DELIVERY_HEADER}` (the delivery id: the same on a
retry) and `{SIGNATURE_HEADER}: t=<unix time>,v1=<hex>`, where `<hex>` is the
HMAC-SHA256, keyed with the webhook's secret, of `<t>.<body>` (the time as written in the
header, a full stop, and the raw body bytes). To check one: compute it the same way,
compare in constant time, and refuse a `t` far from your clock (replays).

A 2xx answer within 10 s is a delivery. Anything else (another status, a redirect, a
timeout, a refused connection) is retried with exponential backoff (1 s, 2 s, 4 s …,
at most 5 min, with jitter) up to 8 attempts, then the delivery is `failed` (these are
the defaults; the `webhook_*` settings change them). Every
attempt is in the delivery log. Deliveries may arrive out of order and, rarely (a
restart during an attempt), twice: use the event id to tell."""


routes.webhooks["event"] = {
    "post": {
        "summary": "An event, POSTed to each webhook whose filters it matches",
        "description": SIGNATURE_DOC.strip(),
        "operationId": "deliver_event",
        "parameters": [
            {
                "name": name,
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": text,
            }
            for name, text in (
                (EVENT_HEADER, "the event id"),
                (DELIVERY_HEADER, "the delivery id: the same on every retry"),
                (SIGNATURE_HEADER, "t=<unix time>,v1=<hex HMAC-SHA256 of '<t>.<body>'>"),
            )
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}},
        },
        "responses": {"2XX": {"description": "Delivered; anything else is retried"}},
    }
}


@routes.post(
    "/webhooks",
    scope=ADMIN,
    summary="Add a webhook",
    body="WebhookCreate",
    responses={201: Response("Created", "WebhookCreated", headers={"Location": "its URL"})},
    description="Events matching the webhook's filters are delivered to its URL. The "
    "secret is returned in this answer only; without one, one is generated." + SIGNATURE_DOC,
)
async def create_webhook(request: web.Request) -> web.StreamResponse:
    body = await json_body(request)
    request.app[API].check("WebhookCreate", body)
    _check_url(body["url"])
    generated = "secret" not in body
    secret = secrets.token_urlsafe(SECRET_BYTES) if generated else body["secret"]
    record = await request.config_dict[STORE].create_webhook(
        url=body["url"],
        secret=secret,
        event_types=body.get("event_types", []),
        charger_ids=body.get("charger_ids", []),
        enabled=body.get("enabled", True),
        description=body.get("description"),
        now=utcnow(),
    )
    await _reload(request)
    headers = {"Location": f"/api/v1/webhooks/{record.id}"}
    return json_response(_webhook(record) | {"secret": secret}, 201, headers)


@routes.get(
    "/webhooks",
    scope=ADMIN,
    summary="Webhooks, oldest first",
    params=[*PAGE],
    responses={200: "WebhookPage"},
)
async def list_webhooks(request: web.Request) -> web.StreamResponse:
    limit = page_limit(request)
    after = cursor_value(request, int)
    records = await request.config_dict[STORE].read(
        functools.partial(queries.list_webhooks, limit=limit + 1, after_id=after)
    )
    return json_response(page([_webhook(r) for r in records], limit, lambda w: [w["id"]]))


@routes.get(
    "/webhooks/{webhook_id}",
    scope=ADMIN,
    summary="One webhook",
    params=[WEBHOOK_ID],
    responses={200: "Webhook"},
    description="The secret is never shown after the webhook's creation." + SIGNATURE_DOC,
)
async def get_webhook(request: web.Request) -> web.StreamResponse:
    return json_response(_webhook(await _find(request)))


@routes.patch(
    "/webhooks/{webhook_id}",
    scope=ADMIN,
    summary="Change a webhook",
    params=[WEBHOOK_ID],
    body="WebhookUpdate",
    responses={200: "Webhook"},
)
async def update_webhook(request: web.Request) -> web.StreamResponse:
    """Sets the fields given. A new `secret` signs the deliveries from now on (retries
    included); it is not shown. Disabling a webhook pauses its pending deliveries."""
    webhook_id = path_id(request, "webhook_id", "webhook")
    body = await json_body(request)
    request.app[API].check("WebhookUpdate", body)
    if "url" in body:
        _check_url(body["url"])
    record = await request.config_dict[STORE].update_webhook(webhook_id, body)
    if record is None:
        raise not_found(f"no webhook {webhook_id}")
    await _reload(request)
    return json_response(_webhook(record))


@routes.delete(
    "/webhooks/{webhook_id}",
    scope=ADMIN,
    summary="Delete a webhook and its delivery log",
    params=[WEBHOOK_ID],
    responses={204: None},
)
async def delete_webhook(request: web.Request) -> web.StreamResponse:
    webhook_id = path_id(request, "webhook_id", "webhook")
    if not await request.config_dict[STORE].delete_webhook(webhook_id):
        raise not_found(f"no webhook {webhook_id}")
    await _reload(request)
    return web.Response(status=204)


@routes.get(
    "/webhooks/{webhook_id}/deliveries",
    scope=ADMIN,
    summary="A webhook's delivery log, newest first",
    params=[WEBHOOK_ID, DELIVERY_STATUS, *PAGE],
    responses={200: "WebhookDeliveryPage"},
)
async def list_deliveries(request: web.Request) -> web.StreamResponse:
    """Every event routed to the webhook: its status (`pending`, `delivered`, `failed`),
    attempts so far, and the last attempt's HTTP status and error."""
    webhook = await _find(request)
    status = query_str(request, "status", DELIVERY_STATUSES)
    limit = page_limit(request)
    before = cursor_value(request, int)
    records = await request.config_dict[STORE].read(
        functools.partial(
            queries.list_deliveries,
            webhook_id=webhook.id,
            limit=limit + 1,
            before_id=before,
            status=status,
        )
    )
    return json_response(page([_delivery(r) for r in records], limit, lambda d: [d["id"]]))


# --- helpers -----------------------------------------------------------------------------------


def _webhook(record: WebhookRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "url": record.url,
        "event_types": list(record.event_types),
        "charger_ids": list(record.charger_ids),
        "enabled": record.enabled,
        "description": record.description,
        "created_at": _json.timestamp(record.created_at),
    }


def _delivery(record: DeliveryRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "webhook_id": record.webhook_id,
        "event_id": record.event_id,
        "event_type": record.event_type,
        "status": record.status,
        "attempts": record.attempts,
        "last_status_code": record.last_status_code,
        "last_error": record.last_error,
        "created_at": _json.timestamp(record.created_at),
        "next_attempt_at": _json.timestamp(record.next_attempt_at),
        "finished_at": _json.timestamp(record.finished_at),
        "payload": record.payload,
    }


def _check_url(text: str) -> None:
    try:
        url = URL(text)
    except (ValueError, TypeError):
        raise invalid("url", "is not a URL") from None
    if url.scheme not in ("http", "https") or not url.absolute or not url.host:
        raise invalid("url", "must be an absolute http or https URL")
    if url.user is not None or url.password is not None:
        raise invalid("url", "must not hold credentials: deliveries are signed instead")


async def _find(request: web.Request) -> WebhookRecord:
    webhook_id = path_id(request, "webhook_id", "webhook")
    record = await request.config_dict[STORE].read(
        functools.partial(queries.get_webhook, webhook_id=webhook_id)
    )
    if record is None:
        raise not_found(f"no webhook {webhook_id}")
    return record


async def _reload(request: web.Request) -> None:
    worker = request.config_dict.get(WEBHOOKS)
    if worker is not None:
        await worker.reload()
