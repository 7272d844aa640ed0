"""The fleet at a glance: counts by protocol, connection and registration, and the report
an operator plans the move from SOAP to OCPP-J with."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from aiohttp import web

from bridge import OcppVersion, RegistrationStatus, Transport
from bridge.enums import ChargePointStatus
from gateway.keys import STORE
from storage.queries.chargers import (
    FleetCounts,
    MigrationCounts,
    MigrationFilters,
    SoapCharger,
    fleet_counts,
    migration_counts,
    soap_chargers,
)

from . import _csv, _json
from ._errors import json_response
from ._routes import (
    PAGE,
    READ,
    Param,
    Response,
    Routes,
    cursor_value,
    page,
    page_limit,
    query_str,
)

NONE = "none"  # the key counting chargers that never spoke to the gateway (no protocol yet)
CSV_PAGE = 1000  # chargers one query of the CSV export reads
VERSIONS = [v.value for v in OcppVersion]
CSV_COLUMNS = (
    "id",
    "registration_status",
    "version",
    "vendor",
    "model",
    "firmware_version",
    "charge_point_serial_number",
    "first_seen",
    "last_seen",
    "online",
    "soap_endpoint",
    "soap_endpoint_override",
    "protocol_since",
    "protocol_changes",
    "last_json_at",
)


def _counts(keys: list[str], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": keys,
        "properties": {key: {"type": "integer"} for key in keys},
        "additionalProperties": {"type": "integer"},
    }
    if description:
        schema["description"] = description
    return schema


_VERSION_COUNTS = _counts(VERSIONS)

routes = Routes(
    "fleet",
    {
        "FleetSummary": {
            "type": "object",
            "required": ["chargers", "connectors"],
            "properties": {
                "chargers": {
                    "type": "object",
                    "required": [
                        "total",
                        "by_transport",
                        "by_version",
                        "by_online",
                        "by_registration_status",
                        "by_protocol",
                    ],
                    "properties": {
                        "total": {"type": "integer"},
                        "by_transport": _counts(
                            [*(t.value for t in Transport), NONE],
                            f"`{NONE}`: never spoke to the gateway",
                        ),
                        "by_version": _counts([*VERSIONS, NONE]),
                        "by_online": _counts(["online", "offline"]),
                        "by_registration_status": _counts([s.value for s in RegistrationStatus]),
                        "by_protocol": {
                            "type": "array",
                            "description": "each transport and version in use",
                            "items": {
                                "type": "object",
                                "required": ["transport", "version", "count", "online"],
                                "properties": {
                                    "transport": {"type": "string"},
                                    "version": {"type": "string"},
                                    "count": {"type": "integer"},
                                    "online": {"type": "integer"},
                                },
                            },
                        },
                    },
                },
                "connectors": {
                    "type": "object",
                    "required": ["total", "by_status"],
                    "description": "connectors 1 and up (connector 0 is the charger itself)",
                    "properties": {
                        "total": {"type": "integer"},
                        "by_status": _counts([s.value for s in ChargePointStatus]),
                    },
                },
            },
        },
        "MigrationCharger": {
            "type": "object",
            "required": ["id", "version", "protocol_changes"],
            "properties": {
                "id": {"type": "string"},
                "registration_status": {"type": "string"},
                "version": {"type": "string", "enum": VERSIONS},
                "vendor": _json.NULLABLE_STRING,
                "model": _json.NULLABLE_STRING,
                "firmware_version": _json.NULLABLE_STRING,
                "charge_point_serial_number": _json.NULLABLE_STRING,
                "first_seen": _json.NULLABLE_DATE_TIME,
                "last_seen": _json.NULLABLE_DATE_TIME,
                "online": {
                    "type": "boolean",
                    "description": "heard from within two heartbeat intervals and a minute",
                },
                "soap_endpoint": _json.NULLABLE_STRING,
                "soap_endpoint_override": _json.NULLABLE_STRING,
                "protocol_since": _json.NULLABLE_DATE_TIME
                | {"description": "since when it speaks this version over SOAP"},
                "protocol_changes": {
                    "type": "integer",
                    "description": "transport or version changes recorded (the first "
                    "contact counts as one)",
                },
                "last_json_at": _json.NULLABLE_DATE_TIME
                | {
                    "description": "when it last switched to OCPP-J: it went back to SOAP "
                    "since (a failed migration?); null: never spoke OCPP-J"
                },
            },
        },
        "MigrationReport": {
            "type": "object",
            "required": ["items", "next_cursor", "summary"],
            "properties": {
                "items": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/MigrationCharger"},
                },
                "next_cursor": _json.NULLABLE_STRING,
                "summary": {
                    "type": "object",
                    "description": "the whole fleet, whatever the page and filters",
                    "required": [
                        "soap_chargers",
                        "json_chargers",
                        "moved_to_json",
                        "by_version",
                        "by_vendor_model",
                    ],
                    "properties": {
                        "soap_chargers": {"type": "integer", "description": "still to move"},
                        "json_chargers": {"type": "integer", "description": "on OCPP-J now"},
                        "moved_to_json": {
                            "type": "integer",
                            "description": "of those on OCPP-J, the ones that spoke SOAP before",
                        },
                        "by_version": _VERSION_COUNTS,
                        "by_vendor_model": {
                            "type": "array",
                            "description": "SOAP chargers per vendor and model, most first",
                            "items": {
                                "type": "object",
                                "required": ["vendor", "model", "count", "by_version"],
                                "properties": {
                                    "vendor": _json.NULLABLE_STRING,
                                    "model": _json.NULLABLE_STRING,
                                    "count": {"type": "integer"},
                                    "by_version": _VERSION_COUNTS,
                                },
                            },
                        },
                    },
                },
            },
        },
    },
)

VERSION = Param("version", {"type": "string", "enum": VERSIONS}, description="OCPP version")


@routes.get(
    "/fleet/summary",
    scope=READ,
    summary="Counts of chargers and connectors",
    responses={200: "FleetSummary"},
)
async def fleet_summary(request: web.Request) -> web.StreamResponse:
    counts = await request.config_dict[STORE].read(fleet_counts)
    return json_response(summary_json(counts))


def summary_json(counts: FleetCounts) -> dict[str, Any]:
    by_transport = Counter({t.value: 0 for t in Transport} | {NONE: 0})
    by_version = Counter({v: 0 for v in VERSIONS} | {NONE: 0})
    by_online = Counter({"online": 0, "offline": 0})
    by_registration = Counter({s.value: 0 for s in RegistrationStatus})
    by_protocol: Counter[tuple[str, str]] = Counter()
    online_by_protocol: Counter[tuple[str, str]] = Counter()
    for group in counts.chargers:
        by_transport[group.transport or NONE] += group.count
        by_version[group.version or NONE] += group.count
        by_online["online" if group.online else "offline"] += group.count
        by_registration[group.registration_status] += group.count
        if group.transport and group.version:
            key = (group.transport, group.version)
            by_protocol[key] += group.count
            online_by_protocol[key] += group.count if group.online else 0
    connectors = Counter({s.value: 0 for s in ChargePointStatus})
    connectors.update(counts.connectors)
    return {
        "chargers": {
            "total": sum(g.count for g in counts.chargers),
            "by_transport": dict(by_transport),
            "by_version": dict(by_version),
            "by_online": dict(by_online),
            "by_registration_status": dict(by_registration),
            "by_protocol": [
                {
                    "transport": transport,
                    "version": version,
                    "count": count,
                    "online": online_by_protocol[(transport, version)],
                }
                for (transport, version), count in sorted(by_protocol.items())
            ],
        },
        "connectors": {
            "total": sum(counts.connectors.values()),
            "by_status": {status: connectors[status] for status in _statuses(connectors)},
        },
    }


def _statuses(counts: Counter[str]) -> list[str]:
    """OCPP's statuses in its order, then any other a charger reported."""
    known = [s.value for s in ChargePointStatus]
    return known + sorted(set(counts) - set(known))


@routes.get(
    "/fleet/migration-report",
    scope=READ,
    summary="Chargers still on SOAP, for planning their move to OCPP-J",
    params=[VERSION, *PAGE],
    responses={200: "MigrationReport"},
)
async def migration_report(request: web.Request) -> web.StreamResponse:
    """Each SOAP charger (by id) with what decides its move: version, vendor, model,
    firmware, when it was last seen; and a summary of the whole fleet. As CSV, every
    SOAP charger: ``/fleet/migration-report.csv``."""
    filters = _migration_filters(request)
    limit = page_limit(request)
    after = cursor_value(request, str)
    store = request.config_dict[STORE]
    chargers = await store.read(lambda s: soap_chargers(s, filters, after=after, limit=limit + 1))
    counts = await store.read(migration_counts)
    body = page([migration_json(c) for c in chargers], limit, lambda c: [c["id"]])
    body["summary"] = migration_summary_json(counts)
    return json_response(body)


@routes.get(
    "/fleet/migration-report.csv",
    scope=READ,
    summary="Every charger still on SOAP, as CSV",
    params=[VERSION],
    responses={200: Response("CSV, one row per charger, with a header row", None, "text/csv")},
)
async def migration_report_csv(request: web.Request) -> web.StreamResponse:
    """The rows of ``/fleet/migration-report`` (columns as its fields), by id, streamed."""
    filters = _migration_filters(request)
    store = request.config_dict[STORE]
    response = web.StreamResponse(
        headers={"Content-Disposition": 'attachment; filename="migration-report.csv"'}
    )
    response.content_type = "text/csv"
    response.charset = "utf-8"
    await response.prepare(request)
    await response.write(_csv.encode([CSV_COLUMNS]))
    after: str | None = None
    while True:
        chargers = await store.read(
            functools.partial(soap_chargers, filters=filters, after=after, limit=CSV_PAGE)
        )
        rows = [migration_json(c) for c in chargers]
        if rows:
            await response.write(_csv.encode(_csv.rows(CSV_COLUMNS, rows)))
        if len(chargers) < CSV_PAGE:
            break
        after = chargers[-1].charger.id
    await response.write_eof()
    return response


def _migration_filters(request: web.Request) -> MigrationFilters:
    version = query_str(request, "version", VERSIONS)
    return MigrationFilters(version=OcppVersion(version) if version else None)


def migration_json(soap: SoapCharger) -> dict[str, Any]:
    c = soap.charger
    return {
        "id": c.id,
        "registration_status": c.registration_status.value,
        "version": c.version.value if c.version else None,
        "vendor": c.vendor,
        "model": c.model,
        "firmware_version": c.firmware_version,
        "charge_point_serial_number": c.charge_point_serial_number,
        "first_seen": _json.timestamp(c.first_seen),
        "last_seen": _json.timestamp(c.last_seen),
        "online": c.online,
        "soap_endpoint": c.soap_endpoint,
        "soap_endpoint_override": c.soap_endpoint_override,
        "protocol_since": _json.timestamp(soap.protocol_since),
        "protocol_changes": soap.protocol_changes,
        "last_json_at": _json.timestamp(soap.last_json_at),
    }


def migration_summary_json(counts: MigrationCounts) -> dict[str, Any]:
    by_version = Counter({v: 0 for v in VERSIONS})
    models: dict[tuple[str | None, str | None], Counter[str]] = {}
    for group in counts.soap:
        version = group.version or NONE
        by_version[version] += group.count
        models.setdefault((group.vendor, group.model), Counter({v: 0 for v in VERSIONS}))[
            version
        ] += group.count
    by_model: list[dict[str, Any]] = [
        {
            "vendor": vendor,
            "model": model,
            "count": sum(versions.values()),
            "by_version": dict(versions),
        }
        for (vendor, model), versions in models.items()
    ]
    by_model.sort(key=lambda m: (-m["count"], m["vendor"] or "", m["model"] or ""))
    return {
        "soap_chargers": sum(g.count for g in counts.soap),
        "json_chargers": counts.json_chargers,
        "moved_to_json": counts.moved_to_json,
        "by_version": dict(by_version),
        "by_vendor_model": by_model,
    }
