"""Commands: one shape for every charger. ``{"action", "payload", "wait"}`` in the OCPP 1.6
JSON shape; the bridge converts it to what the charger speaks now (SOAP 1.2/1.5/1.6 or
OCPP-J 1.6) and delivers it, one command per charger at a time."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from aiohttp import web

from bridge import COMMAND_ACTIONS, CommandStatus, UnknownActionError
from bridge.errors import GatewayError
from gateway.keys import COMMANDS, STORE

from . import _json
from ._errors import ApiError, from_gateway_error, invalid, json_response, not_found
from ._keys import API
from ._routes import (
    CHARGER_ID,
    OPERATE,
    PAGE,
    READ,
    Param,
    Routes,
    cursor_value,
    json_body,
    page,
    page_limit,
    path_id,
    query_list,
    query_str,
)

MAX_WAIT = 120.0  # seconds a POST may hold the request open for the outcome

COMMAND_ID = Param("command_id", {"type": "integer", "minimum": 1}, where="path")

COMMAND_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "charger_id", "action", "payload", "status", "final", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "charger_id": {"type": "string"},
        "action": {"type": "string"},
        "payload": {"type": "object", "description": "as validated, OCPP 1.6 JSON shape"},
        "status": {"type": "string", "enum": [s.value for s in CommandStatus]},
        "final": {"type": "boolean", "description": "the status will not change again"},
        "transport": {"type": ["string", "null"], "enum": ["soap", "json", None]},
        "version": {"type": ["string", "null"], "enum": ["1.2", "1.5", "1.6", None]},
        "result": {
            "type": ["object", "null"],
            "description": "the charger's answer, in the OCPP 1.6 JSON shape",
        },
        "error": _json.NULLABLE_STRING,
        "created_at": _json.DATE_TIME,
        "sent_at": _json.NULLABLE_DATE_TIME,
        "finished_at": _json.NULLABLE_DATE_TIME,
    },
}


def _payload_schemas() -> dict[str, Any]:
    """Each action's payload, from the ``ocpp`` library's copy of the OCPP 1.6 JSON
    schemas: for the docs; the bridge's codec is what checks a payload."""
    folder = resources.files("ocpp") / "v16" / "schemas"
    schemas = {}
    for action in COMMAND_ACTIONS:
        schema = json.loads((folder / f"{action}.json").read_text(encoding="utf-8"))
        for key in ("$schema", "id", "$id"):
            schema.pop(key, None)
        schemas[f"{action}Payload"] = schema
    return schemas


routes = Routes(
    "commands",
    {
        "Command": COMMAND_SCHEMA,
        "CommandPage": _json.page_schema("Command"),
        "CommandCreate": {
            "type": "object",
            "required": ["action"],
            "additionalProperties": False,
            "properties": {
                "action": {
                    "type": "string",
                    "enum": sorted(COMMAND_ACTIONS),
                    "description": "an OCPP 1.6 central-to-charger action",
                },
                "payload": {
                    "type": "object",
                    "default": {},
                    "description": "the action's OCPP 1.6 JSON payload: see the "
                    "`<Action>Payload` schemas",
                },
                "wait": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": MAX_WAIT,
                    "default": 0,
                    "description": "seconds to wait for a final status before answering",
                },
            },
        },
        **_payload_schemas(),
    },
)


@routes.post(
    "/chargers/{charger_id}/commands",
    scope=OPERATE,
    summary="Send a command to a charger",
    params=[CHARGER_ID],
    body="CommandCreate",
    responses={201: "Command", 409: None},
)
async def create_command(request: web.Request) -> web.StreamResponse:
    """Validates the payload against OCPP 1.6 (422 naming each field), records the command
    and starts delivering it. With ``wait``, answers once the command is final or the wait
    ends, whichever is first. A charger whose OCPP version lacks the action gets 409, and
    the refused command is recorded. An offline charger's command ends as ``offline``."""
    body = await json_body(request)
    request.app[API].check("CommandCreate", body)
    service = request.config_dict[COMMANDS]
    action = body["action"]
    try:
        record = await service.submit(
            request.match_info["charger_id"], action, body.get("payload", {})
        )
    except UnknownActionError as exc:
        raise invalid("action", exc.detail) from None
    except GatewayError as exc:
        raise from_gateway_error(exc, field_prefix="payload.") from None
    if record.status is CommandStatus.NOT_SUPPORTED:
        raise ApiError(
            409,
            record.error or f"the charger does not support {action}",
            error="not_supported",
            command=_json.command(record),
        )
    wait = float(body.get("wait", 0))
    if wait > 0 and not record.status.is_final:
        record = await service.wait(record, wait)
    headers = {"Location": f"/api/v1/commands/{record.id}"}
    return json_response(_json.command(record), 201, headers)


@routes.get(
    "/commands/{command_id}",
    scope=READ,
    summary="One command, as it stands",
    params=[COMMAND_ID],
    responses={200: "Command"},
)
async def get_command(request: web.Request) -> web.StreamResponse:
    command_id = path_id(request, "command_id", "command")
    record = await request.config_dict[STORE].get_command(command_id)
    if record is None:
        raise not_found(f"no command {command_id}")
    return json_response(_json.command(record))


@routes.get(
    "/chargers/{charger_id}/commands",
    scope=READ,
    summary="A charger's commands, newest first",
    params=[CHARGER_ID, *PAGE],
    responses={200: "CommandPage"},
)
async def list_charger_commands(request: web.Request) -> web.StreamResponse:
    store = request.config_dict[STORE]
    charger_id = request.match_info["charger_id"]
    if await store.get_charger(charger_id) is None:
        raise not_found(f"no charger {charger_id!r}")
    limit = page_limit(request)
    before = cursor_value(request, int)
    records = await store.list_commands(charger_id, limit=limit + 1, before_id=before)
    return json_response(page([_json.command(r) for r in records], limit, lambda c: [c["id"]]))


STATUS_FILTER = Param(
    "status",
    {"type": "array", "items": {"type": "string", "enum": [s.value for s in CommandStatus]}},
    description="only these statuses (repeat the parameter, or separate with commas)",
)
ACTION_FILTER = Param(
    "action",
    {"type": "array", "items": {"type": "string", "enum": sorted(COMMAND_ACTIONS)}},
    description="only these actions (repeat the parameter, or separate with commas)",
)
CHARGER_FILTER = Param("charger_id", {"type": "string", "minLength": 1}, description="one charger")


@routes.get(
    "/commands",
    scope=READ,
    summary="Commands to every charger, newest first",
    params=[CHARGER_FILTER, STATUS_FILTER, ACTION_FILTER, *PAGE],
    responses={200: "CommandPage"},
)
async def list_commands(request: web.Request) -> web.StreamResponse:
    """For example `status=timeout,unreachable,offline` finds the commands that never
    reached their charger."""
    statuses = [
        CommandStatus(v) for v in query_list(request, "status", [s.value for s in CommandStatus])
    ]
    actions = query_list(request, "action", sorted(COMMAND_ACTIONS))
    charger_id = query_str(request, "charger_id")
    if charger_id == "":
        raise invalid("charger_id", "must not be empty")
    limit = page_limit(request)
    before = cursor_value(request, int)
    records = await request.config_dict[STORE].list_commands(
        charger_id, limit=limit + 1, before_id=before, statuses=statuses, actions=actions
    )
    return json_response(page([_json.command(r) for r in records], limit, lambda c: [c["id"]]))
