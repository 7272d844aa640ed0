"""Chargers: one shape whatever a charger speaks; registration, access and notes are the
operator's to set (admin scope), everything else is what the charger reported."""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import Any
from urllib.parse import quote

from aiohttp import web
from yarl import URL

from bridge import OcppVersion, RegistrationStatus, Transport, utcnow
from bridge.enums import ChargePointErrorCode, ChargePointStatus, Direction
from bridge.events import connector_data
from bridge.records import ChargerRecord, ConnectorState
from gateway.keys import COMMANDS, STORE
from gateway.passwords import hash_password_async
from storage import DuplicateChargerError, ProtocolChange
from storage.queries import chargers as queries
from storage.queries.chargers import ChargerFilters, LoggedMessage, MessageFilters

from . import _json
from ._errors import ApiError, FieldError, json_response, not_found
from ._keys import API
from ._routes import (
    ADMIN,
    CHARGER_ID,
    PAGE,
    READ,
    SINCE,
    UNTIL,
    Param,
    Response,
    Routes,
    cursor_key,
    cursor_value,
    field_errors,
    json_body,
    page,
    page_limit,
    query_bool,
    query_str,
    query_time,
)

TRANSPORTS = [t.value for t in Transport]
VERSIONS = [v.value for v in OcppVersion]
REGISTRATION_STATUSES = [s.value for s in RegistrationStatus]
DIRECTIONS = [d.value for d in Direction]
MAX_ID_LENGTH = 255  # chargeBoxIdentity: OCPP-J puts it in the URL, SOAP in a header
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this bounds the work per request
MAX_NOTES_LENGTH = 10_000

_NULLABLE_TRANSPORT = {"type": ["string", "null"], "enum": [*TRANSPORTS, None]}
_NULLABLE_VERSION = {"type": ["string", "null"], "enum": [*VERSIONS, None]}
_REGISTRATION = {"type": "string", "enum": REGISTRATION_STATUSES}
_ALLOWED_IPS = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "maxItems": 100,
    "description": "addresses or CIDR networks the charger may connect from; empty: any",
}
_PASSWORD = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_PASSWORD_LENGTH,
    "writeOnly": True,
    "description": "HTTP Basic password the charger must present (OCPP 1.6 security "
    "profiles 1 and 2 use 16 to 40 characters); stored as an argon2 hash only",
}
_ENDPOINT = {
    "type": ["string", "null"],
    "maxLength": 2048,
    "description": "http(s) URL where SOAP commands go instead of the learned endpoint",
}
_NOTES = {"type": ["string", "null"], "maxLength": MAX_NOTES_LENGTH}

CHARGER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "registration_status", "transport", "version", "online"],
    "properties": {
        "id": {"type": "string", "description": "chargeBoxIdentity"},
        "registration_status": _REGISTRATION,
        "transport": _NULLABLE_TRANSPORT | {"description": "what it spoke last; null: never"},
        "version": _NULLABLE_VERSION,
        "online": {
            "type": "boolean",
            "description": "an OCPP-J charger's WebSocket is open; a SOAP charger (which "
            "keeps no connection) has been heard from within two heartbeat intervals and "
            "a minute",
        },
        "last_seen": _json.NULLABLE_DATE_TIME,
        "first_seen": _json.NULLABLE_DATE_TIME,
        "soap_endpoint": _json.NULLABLE_STRING | {"description": "learned from wsa:From"},
        "soap_endpoint_override": _json.NULLABLE_STRING,
        "vendor": _json.NULLABLE_STRING,
        "model": _json.NULLABLE_STRING,
        "charge_point_serial_number": _json.NULLABLE_STRING,
        "charge_box_serial_number": _json.NULLABLE_STRING,
        "firmware_version": _json.NULLABLE_STRING,
        "iccid": _json.NULLABLE_STRING,
        "imsi": _json.NULLABLE_STRING,
        "meter_type": _json.NULLABLE_STRING,
        "meter_serial_number": _json.NULLABLE_STRING,
        "auth_required": {"type": "boolean"},
        "has_password": {"type": "boolean"},
        "allowed_ips": {"type": "array", "items": {"type": "string"}},
        "notes": _json.NULLABLE_STRING,
    },
}

CONNECTOR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["charger_id", "connector_id", "status", "error_code"],
    "properties": {
        "charger_id": {"type": "string"},
        "connector_id": {"type": "integer", "description": "0: the charger itself"},
        "status": {"type": "string", "enum": [s.value for s in ChargePointStatus]},
        "error_code": {"type": "string", "enum": [e.value for e in ChargePointErrorCode]},
        "info": _json.NULLABLE_STRING,
        "vendor_id": _json.NULLABLE_STRING,
        "vendor_error_code": _json.NULLABLE_STRING,
        "timestamp": _json.NULLABLE_DATE_TIME | {"description": "the charger's clock"},
        "flags": {"type": "array", "items": {"type": "string"}},
    },
}

MESSAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "charger_id", "direction", "transport", "message", "timestamp"],
    "properties": {
        "id": {"type": "integer"},
        "charger_id": {"type": "string"},
        "direction": {"type": "string", "enum": DIRECTIONS, "description": "in: from the charger"},
        "transport": {"type": "string", "enum": TRANSPORTS},
        "action": _json.NULLABLE_STRING,
        "message": {"type": "string", "description": "the raw wire text"},
        "timestamp": _json.DATE_TIME,
        "flags": {"type": "array", "items": {"type": "string"}},
    },
}


routes = Routes(
    "chargers",
    {
        "Charger": CHARGER_SCHEMA,
        "ChargerDetail": {
            "allOf": [{"$ref": "#/components/schemas/Charger"}],
            "type": "object",
            "required": ["connectors", "protocol_history"],
            "properties": {
                "connectors": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Connector"},
                },
                "protocol_history": {
                    "type": "array",
                    "description": "oldest first: from `at` on, it spoke `version` over "
                    "`transport`",
                    "items": {
                        "type": "object",
                        "required": ["transport", "version", "at"],
                        "properties": {
                            "transport": {"type": "string", "enum": TRANSPORTS},
                            "version": {"type": "string", "enum": VERSIONS},
                            "at": _json.DATE_TIME,
                        },
                    },
                },
            },
        },
        "ChargerPage": _json.page_schema("Charger"),
        "ChargerCreate": {
            "type": "object",
            "required": ["id", "registration_status"],
            "additionalProperties": False,
            "properties": {
                "id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_ID_LENGTH,
                    "description": "chargeBoxIdentity; no control characters, no spaces "
                    "at either end",
                },
                "registration_status": _REGISTRATION,
                "password": _PASSWORD,
                "auth_required": {
                    "type": "boolean",
                    "default": False,
                    "description": "refuse the charger without a password (one is always "
                    "required once a password is set)",
                },
                "allowed_ips": _ALLOWED_IPS,
                "soap_endpoint_override": _ENDPOINT,
                "notes": _NOTES,
            },
        },
        "ChargerUpdate": {
            "type": "object",
            "additionalProperties": False,
            "description": "absent fields stay as they are",
            "properties": {
                "registration_status": _REGISTRATION,
                "password": _PASSWORD | {"type": ["string", "null"], "description": "null: none"},
                "auth_required": {"type": "boolean"},
                "allowed_ips": _ALLOWED_IPS,
                "soap_endpoint_override": _ENDPOINT | {"description": "null: the learned one"},
                "notes": _NOTES,
            },
        },
        "Connector": CONNECTOR_SCHEMA,
        "ConnectorList": {
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Connector"}}
            },
        },
        "ChargerMessage": MESSAGE_SCHEMA,
        "ChargerMessagePage": _json.page_schema("ChargerMessage"),
    },
)


# --- JSON shapes ---------------------------------------------------------------------------


def charger_json(record: ChargerRecord) -> dict[str, Any]:
    """The Charger shape every resource shares; never the password hash."""
    return {
        "id": record.id,
        "registration_status": record.registration_status.value,
        "transport": record.transport.value if record.transport else None,
        "version": record.version.value if record.version else None,
        "online": record.online,
        "last_seen": _json.timestamp(record.last_seen),
        "first_seen": _json.timestamp(record.first_seen),
        "soap_endpoint": record.soap_endpoint,
        "soap_endpoint_override": record.soap_endpoint_override,
        "vendor": record.vendor,
        "model": record.model,
        "charge_point_serial_number": record.charge_point_serial_number,
        "charge_box_serial_number": record.charge_box_serial_number,
        "firmware_version": record.firmware_version,
        "iccid": record.iccid,
        "imsi": record.imsi,
        "meter_type": record.meter_type,
        "meter_serial_number": record.meter_serial_number,
        "auth_required": record.auth_required,
        "has_password": record.password_hash is not None,
        "allowed_ips": list(record.allowed_ips),
        "notes": record.notes,
    }


def connector_json(state: ConnectorState) -> dict[str, Any]:
    return connector_data(state)


def protocol_change_json(change: ProtocolChange) -> dict[str, Any]:
    return {
        "transport": change.transport.value,
        "version": change.version.value,
        "at": _json.timestamp(change.at),
    }


def message_json(message: LoggedMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "charger_id": message.charger_id,
        "direction": message.direction.value,
        "transport": message.transport.value,
        "action": message.action,
        "message": message.message,
        "timestamp": _json.timestamp(message.timestamp),
        "flags": list(message.flags),
    }


# --- operations -----------------------------------------------------------------------------

TRANSPORT = Param("transport", {"type": "string", "enum": TRANSPORTS})
VERSION = Param("version", {"type": "string", "enum": VERSIONS}, description="OCPP version")
ONLINE = Param("online", {"type": "boolean"})
REGISTRATION_STATUS = Param(
    "registration_status", {"type": "string", "enum": REGISTRATION_STATUSES}
)
Q = Param(
    "q",
    {"type": "string"},
    description="case-insensitive substring of the id, vendor, model, serial numbers or notes",
)
DIRECTION = Param("direction", {"type": "string", "enum": DIRECTIONS})
ACTION = Param("action", {"type": "string"}, description="OCPP action, exactly")


@routes.get(
    "/chargers",
    scope=READ,
    summary="Chargers, by id",
    params=[TRANSPORT, VERSION, ONLINE, REGISTRATION_STATUS, Q, *PAGE],
    responses={200: "ChargerPage"},
)
async def list_chargers(request: web.Request) -> web.StreamResponse:
    transport = query_str(request, "transport", TRANSPORTS)
    version = query_str(request, "version", VERSIONS)
    registration = query_str(request, "registration_status", REGISTRATION_STATUSES)
    filters = ChargerFilters(
        transport=Transport(transport) if transport else None,
        version=OcppVersion(version) if version else None,
        online=query_bool(request, "online"),
        registration_status=RegistrationStatus(registration) if registration else None,
        q=query_str(request, "q") or None,
    )
    limit = page_limit(request)
    after = cursor_value(request, str)
    records = await request.config_dict[STORE].read(
        lambda s: queries.list_chargers(s, filters, after=after, limit=limit + 1)
    )
    return json_response(page([charger_json(r) for r in records], limit, lambda c: [c["id"]]))


@routes.get(
    "/chargers/{charger_id}",
    scope=READ,
    summary="One charger, with its connectors and protocol history",
    params=[CHARGER_ID],
    responses={200: "ChargerDetail"},
)
async def get_charger(request: web.Request) -> web.StreamResponse:
    return json_response(await _detail(request, request.match_info["charger_id"]))


async def _detail(request: web.Request, charger_id: str) -> dict[str, Any]:
    detail = await request.config_dict[STORE].read(lambda s: queries.charger_detail(s, charger_id))
    if detail is None:
        raise not_found(f"no charger {charger_id!r}")
    return charger_json(detail.charger) | {
        "connectors": [connector_json(c) for c in detail.connectors],
        "protocol_history": [protocol_change_json(p) for p in detail.protocol_history],
    }


@routes.post(
    "/chargers",
    scope=ADMIN,
    summary="Add a charger",
    body="ChargerCreate",
    responses={
        201: Response("Created", "ChargerDetail", headers={"Location": "the charger's URL"}),
        409: None,
    },
)
async def create_charger(request: web.Request) -> web.StreamResponse:
    """409 when a charger with the id exists. The password is kept as an argon2 hash."""
    body = await json_body(request)
    request.app[API].check("ChargerCreate", body)
    charger_id: str = body["id"]
    _check_semantics(body, charger_id=charger_id)
    settings: dict[str, Any] = {
        name: body[name]
        for name in ("auth_required", "soap_endpoint_override", "notes")
        if body.get(name) is not None
    }
    if body.get("allowed_ips"):
        settings["allowed_ips"] = _allowed_ips(body["allowed_ips"])
    if body.get("password") is not None:
        settings["password_hash"] = await hash_password_async(body["password"])
    try:
        await request.config_dict[STORE].create_charger(
            charger_id, RegistrationStatus(body["registration_status"]), utcnow(), settings
        )
    except DuplicateChargerError:
        raise ApiError(409, f"charger {charger_id!r} exists", error="conflict") from None
    headers = {"Location": f"/api/v1/chargers/{quote(charger_id, safe='')}"}
    return json_response(await _detail(request, charger_id), 201, headers)


@routes.patch(
    "/chargers/{charger_id}",
    scope=ADMIN,
    summary="Change a charger's registration, password, access, endpoint or notes",
    params=[CHARGER_ID],
    body="ChargerUpdate",
    responses={200: "ChargerDetail"},
)
async def update_charger(request: web.Request) -> web.StreamResponse:
    """Absent fields stay as they are. A new registration status applies to the
    charger's next message. A new password, ``allowed_ips`` or ``auth_required`` applies
    to its next SOAP request, and closes its OCPP-J connection (close code 1008): OCPP-J
    admits a charger once, at the WebSocket upgrade, so its next connection is checked
    under the new rule."""
    charger_id = request.match_info["charger_id"]
    body = await json_body(request)
    request.app[API].check("ChargerUpdate", body)
    _check_semantics(body)
    store = request.config_dict[STORE]
    current = await store.read(lambda s: queries.get_charger(s, charger_id))
    if current is None:
        raise not_found(f"no charger {charger_id!r}")
    changes: dict[str, Any] = {
        name: body[name]
        for name in ("registration_status", "auth_required", "soap_endpoint_override", "notes")
        if name in body
    }
    if "allowed_ips" in body:
        changes["allowed_ips"] = _allowed_ips(body["allowed_ips"])
    if "password" in body:  # null clears it
        password = body["password"]
        changes["password_hash"] = None if password is None else await hash_password_async(password)
    found = await store.update_charger(charger_id, changes)
    if not found:  # deleted meanwhile
        raise not_found(f"no charger {charger_id!r}")
    if _admission_changed(current, changes):
        request.config_dict[COMMANDS].disconnect(charger_id, "admission changed by the operator")
    return json_response(await _detail(request, charger_id))


def _admission_changed(current: ChargerRecord, changes: dict[str, Any]) -> bool:
    """Whether ``changes`` may refuse a connection the charger was admitted on."""
    return "password_hash" in changes or any(
        name in changes and changes[name] != getattr(current, name)
        for name in ("allowed_ips", "auth_required")
    )


@routes.delete(
    "/chargers/{charger_id}",
    scope=ADMIN,
    summary="Delete a charger and everything recorded about it",
    params=[CHARGER_ID],
    responses={204: None},
)
async def delete_charger(request: web.Request) -> web.StreamResponse:
    """Deletes the charger with its connectors, transactions, meter values and commands
    (its raw message log stays until retention prunes it). An OCPP-J charger connected
    at the time is disconnected (close code 1008); if it comes back, it is an unknown
    charger, admitted or not by the ``unknown_chargers`` setting."""
    charger_id = request.match_info["charger_id"]
    if not await request.config_dict[STORE].delete_charger(charger_id):
        raise not_found(f"no charger {charger_id!r}")
    request.config_dict[COMMANDS].disconnect(charger_id, "charger deleted by the operator")
    return web.Response(status=204)


@routes.get(
    "/chargers/{charger_id}/connectors",
    scope=READ,
    summary="A charger's connectors, as last reported",
    params=[CHARGER_ID],
    responses={200: "ConnectorList"},
)
async def list_connectors(request: web.Request) -> web.StreamResponse:
    charger_id = request.match_info["charger_id"]
    states = await request.config_dict[STORE].read(lambda s: queries.connectors_of(s, charger_id))
    if states is None:
        raise not_found(f"no charger {charger_id!r}")
    return json_response({"items": [connector_json(c) for c in states]})


@routes.get(
    "/chargers/{charger_id}/messages",
    scope=READ,
    summary="A charger's raw messages, newest first",
    params=[CHARGER_ID, DIRECTION, ACTION, SINCE, UNTIL, *PAGE],
    responses={200: "ChargerMessagePage"},
)
async def list_charger_messages(request: web.Request) -> web.StreamResponse:
    """The wire text as sent and received, newest first (by the gateway's clock; the id
    breaks ties). Also for a charge box id the gateway does not know: the log keeps what
    refused chargers sent. Retention prunes old messages (30 days by default)."""
    charger_id = request.match_info["charger_id"]
    direction = query_str(request, "direction", DIRECTIONS)
    filters = MessageFilters(
        direction=Direction(direction) if direction else None,
        action=query_str(request, "action"),
        since=query_time(request, "since"),
        until=query_time(request, "until"),
    )
    limit = page_limit(request)
    before = cursor_key(request, dt.datetime, int)
    store = request.config_dict[STORE]
    if not await store.read(lambda s: queries.knows_charger_id(s, charger_id)):
        raise not_found(f"no charger {charger_id!r}")
    messages = await store.read(
        lambda s: queries.list_messages(s, charger_id, filters, before=before, limit=limit + 1)
    )
    return json_response(
        page([message_json(m) for m in messages], limit, lambda m: [m["timestamp"], m["id"]])
    )


# --- checks -----------------------------------------------------------------------------------


def _check_semantics(body: dict[str, Any], *, charger_id: str | None = None) -> None:
    """What JSON Schema cannot say; one 422 naming every bad field."""
    errors: list[FieldError] = []
    if charger_id is not None and (
        charger_id != charger_id.strip() or any(ord(ch) < 32 or ord(ch) == 127 for ch in charger_id)
    ):
        errors.append(FieldError("id", "no control characters, no spaces at either end"))
    for i, text in enumerate(body.get("allowed_ips") or []):
        try:
            ipaddress.ip_network(text.strip(), strict=False)
        except ValueError:
            errors.append(
                FieldError(f"allowed_ips[{i}]", f"{text!r} is not an IP address or network")
            )
    endpoint = body.get("soap_endpoint_override")
    if endpoint is not None and not _http_url(endpoint):
        errors.append(FieldError("soap_endpoint_override", "must be an absolute http(s) URL"))
    if errors:
        raise field_errors(errors)


def _http_url(text: str) -> bool:
    try:
        url = URL(text)
    except (ValueError, TypeError):
        return False
    return url.scheme in ("http", "https") and bool(url.host) and text == text.strip()


def _allowed_ips(values: list[str]) -> tuple[str, ...]:
    return tuple(text.strip() for text in values)
