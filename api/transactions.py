"""Transactions and meter values, from every charger in one shape: listed, one by one
with their readings, and exported as CSV."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from aiohttp import web

from bridge.enums import Reason
from bridge.errors import GatewayError
from bridge.records import MeterRow, TransactionRecord
from gateway.keys import STORE
from storage import SqlStore
from storage.queries import transactions as queries
from storage.queries.transactions import MeterValueFilter, MeterValueKey, TransactionFilter

from . import _csv, _json
from ._errors import invalid, json_response, not_found
from ._routes import (
    PAGE,
    READ,
    SINCE,
    UNTIL,
    Param,
    Response,
    Routes,
    cursor_key,
    cursor_value,
    encode_cursor,
    page,
    page_limit,
    path_id,
    query_bool,
    query_int,
    query_str,
    query_time,
)

log = logging.getLogger(__name__)

# Meter values a transaction's detail carries at most; the rest are a page away
# (``meter_values_next_cursor``, for GET /meter-values).
DETAIL_METER_VALUES = 1000
# Rows the CSV export reads (and writes) at a time.
CSV_PAGE = 1000
# The ids the database can hold (BIGINT): anything else matches nothing.
_BIGINT = (-(2**63), 2**63 - 1)

TRANSACTION_ID = Param("transaction_id", {"type": "integer", "minimum": 1}, where="path")
CHARGER_FILTER = Param(
    "charger_id", {"type": "string", "minLength": 1}, description="chargeBoxIdentity, exactly"
)
ID_TAG_FILTER = Param(
    "id_tag", {"type": "string", "minLength": 1}, description="the tag that started it"
)
OPEN = Param(
    "open",
    {"type": "boolean"},
    description="true: started and not stopped; false: stopped (unmatched stops included)",
)
TIME_RULE = (
    "`since` and `until` apply to the start, or for an unmatched StopTransaction (a row "
    "with no start) to the stop."
)
TRANSACTION_FILTERS = [CHARGER_FILTER, ID_TAG_FILTER, SINCE, UNTIL, OPEN]
METER_FILTERS = [
    CHARGER_FILTER,
    Param(
        "transaction_id",
        {"type": "integer"},
        description="as the charger reported it (ours, for transactions we numbered)",
    ),
    Param(
        "measurand",
        {"type": "string"},
        description="exactly; Energy.Active.Import.Register also matches values sent "
        "without a measurand (OCPP's default)",
    ),
    SINCE,
    UNTIL,
]

NULLABLE_INTEGER = {"type": ["integer", "null"]}
FLAGS = {
    "type": "array",
    "items": {"type": "string"},
    "description": "the gateway's notes on the record: repairs, tolerated faults",
}

TRANSACTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "charger_id",
        "connector_id",
        "id_tag",
        "meter_start",
        "start_timestamp",
        "meter_stop",
        "stop_timestamp",
        "stop_reason",
        "stop_id_tag",
        "reported_transaction_id",
        "open",
        "energy_wh",
        "flags",
    ],
    "properties": {
        "id": {"type": "integer", "description": "ours: the transactionId the charger got"},
        "charger_id": {"type": "string"},
        "connector_id": {
            "type": "integer",
            "description": "0 for an unmatched stop (StopTransaction names no connector)",
        },
        "id_tag": _json.NULLABLE_STRING,
        "meter_start": NULLABLE_INTEGER | {"description": "Wh"},
        "start_timestamp": _json.NULLABLE_DATE_TIME
        | {"description": "null: a StopTransaction we could not match to a start"},
        "meter_stop": NULLABLE_INTEGER | {"description": "Wh"},
        "stop_timestamp": _json.NULLABLE_DATE_TIME,
        "stop_reason": {"type": ["string", "null"], "enum": [*(r.value for r in Reason), None]},
        "stop_id_tag": _json.NULLABLE_STRING,
        "reported_transaction_id": NULLABLE_INTEGER
        | {"description": "the transactionId the charger sent in StopTransaction"},
        "open": {"type": "boolean", "description": "started and not stopped"},
        "energy_wh": NULLABLE_INTEGER | {"description": "meter_stop - meter_start, when both"},
        "flags": FLAGS,
    },
}
METER_VALUE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "charger_id",
        "connector_id",
        "transaction_id",
        "timestamp",
        "value",
        "context",
        "format",
        "measurand",
        "phase",
        "location",
        "unit",
        "energy_wh",
        "flags",
    ],
    "properties": {
        "charger_id": {"type": "string"},
        "connector_id": {"type": "integer"},
        "transaction_id": NULLABLE_INTEGER | {"description": "as the charger reported it"},
        "timestamp": _json.DATE_TIME,
        "value": {"type": "string", "description": "as sent"},
        "context": _json.NULLABLE_STRING,
        "format": _json.NULLABLE_STRING,
        "measurand": _json.NULLABLE_STRING | {"description": "null: OCPP's default, energy"},
        "phase": _json.NULLABLE_STRING,
        "location": _json.NULLABLE_STRING,
        "unit": _json.NULLABLE_STRING,
        "energy_wh": {
            "type": ["number", "null"],
            "description": "the value in Wh, for active-energy readings in Wh or kWh",
        },
        "flags": FLAGS,
    },
}


routes = Routes(
    "transactions",
    {
        "Transaction": TRANSACTION_SCHEMA,
        "TransactionDetail": {
            "allOf": [
                {"$ref": "#/components/schemas/Transaction"},
                {
                    "type": "object",
                    "required": ["meter_values", "meter_values_next_cursor", "transaction_data"],
                    "properties": {
                        "meter_values": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/MeterValue"},
                            "description": f"oldest first, at most {DETAIL_METER_VALUES}",
                        },
                        "meter_values_next_cursor": _json.NULLABLE_STRING
                        | {
                            "description": "when there are more: the `cursor` for GET "
                            "/meter-values?charger_id=…&transaction_id=… that continues"
                        },
                        "transaction_data": {
                            "description": "StopTransaction's transactionData as sent "
                            "(OCPP 1.6 JSON shape), or null"
                        },
                    },
                },
            ]
        },
        "TransactionPage": _json.page_schema("Transaction"),
        "MeterValue": METER_VALUE_SCHEMA,
        "MeterValuePage": _json.page_schema("MeterValue"),
    },
)


# --- JSON and CSV shapes ----------------------------------------------------------------------


def transaction_json(record: TransactionRecord) -> dict[str, Any]:
    energy = None
    if record.meter_start is not None and record.meter_stop is not None:
        energy = record.meter_stop - record.meter_start
    return {
        "id": record.id,
        "charger_id": record.charger_id,
        "connector_id": record.connector_id,
        "id_tag": record.id_tag,
        "meter_start": record.meter_start,
        "start_timestamp": _json.timestamp(record.start_timestamp),
        "meter_stop": record.meter_stop,
        "stop_timestamp": _json.timestamp(record.stop_timestamp),
        "stop_reason": record.stop_reason.value if record.stop_reason else None,
        "stop_id_tag": record.stop_id_tag,
        "reported_transaction_id": record.reported_transaction_id,
        "open": record.start_timestamp is not None and record.stop_timestamp is None,
        "energy_wh": energy,
        "flags": list(record.flags),
    }


def meter_value_json(row: MeterRow) -> dict[str, Any]:
    return {
        "charger_id": row.charger_id,
        "connector_id": row.connector_id,
        "transaction_id": row.transaction_id,
        "timestamp": _json.timestamp(row.timestamp),
        "value": row.value,
        "context": row.context,
        "format": row.format,
        "measurand": row.measurand,
        "phase": row.phase,
        "location": row.location,
        "unit": row.unit,
        "energy_wh": _json.number(row.energy_wh),
        "flags": list(row.flags),
    }


CSV_COLUMNS = tuple(TRANSACTION_SCHEMA["required"])


# --- reading the request ----------------------------------------------------------------------


def _transaction_filter(request: web.Request) -> TransactionFilter:
    since, until = _time_range(request)
    return TransactionFilter(
        charger_id=query_str(request, "charger_id"),
        id_tag=query_str(request, "id_tag"),
        since=since,
        until=until,
        open=query_bool(request, "open"),
    )


def _time_range(request: web.Request) -> tuple[dt.datetime | None, dt.datetime | None]:
    since = query_time(request, "since")
    until = query_time(request, "until")
    if since is not None and until is not None and until < since:
        raise invalid("until", "is before since")
    return since, until


def _meter_key(key: MeterValueKey) -> list[Any]:
    return [key.timestamp.astimezone(dt.UTC).isoformat(), key.id]


# --- operations -------------------------------------------------------------------------------


@routes.get(
    "/transactions",
    scope=READ,
    summary="Transactions, newest first",
    params=[*TRANSACTION_FILTERS, *PAGE],
    responses={200: "TransactionPage"},
    description=f"Newest first (by id), every charger and transport alike. {TIME_RULE}",
)
async def list_transactions(request: web.Request) -> web.StreamResponse:
    where = _transaction_filter(request)
    limit = page_limit(request)
    before = cursor_value(request, int)
    records = await request.config_dict[STORE].read(
        lambda s: queries.list_transactions(s, where, limit + 1, before)
    )
    return json_response(page([transaction_json(r) for r in records], limit, lambda t: [t["id"]]))


@routes.get(
    "/transactions.csv",
    scope=READ,
    summary="Transactions as CSV",
    params=TRANSACTION_FILTERS,
    responses={
        200: Response(
            "The Transaction fields as columns, with a header row; flags joined with `;`, "
            "and text that a spreadsheet would run as a formula (starting with `=`, `+`, "
            "`-`, `@`, a tab or a carriage return) quoted with a leading `'`",
            media_type="text/csv",
            headers={"Content-Disposition": "attachment; filename=transactions.csv"},
        )
    },
    description=f"Every matching transaction, newest first, streamed. {TIME_RULE}",
)
async def export_transactions(request: web.Request) -> web.StreamResponse:
    where = _transaction_filter(request)
    store: SqlStore = request.config_dict[STORE]
    response = web.StreamResponse(
        headers={"Content-Disposition": 'attachment; filename="transactions.csv"'}
    )
    response.content_type = "text/csv"
    response.charset = "utf-8"
    await response.prepare(request)
    # From here the status is sent: a failure can only cut the body short.
    before: int | None = None
    header = True
    try:
        while True:
            records = await _transactions_before(store, where, before)
            items = _csv.rows(CSV_COLUMNS, (transaction_json(r) for r in records))
            await response.write(_csv.encode([CSV_COLUMNS, *items] if header else items))
            header = False
            if len(records) < CSV_PAGE:
                break
            before = records[-1].id
        await response.write_eof()
    except ConnectionResetError:
        log.debug("the client left during a CSV export")
    except (GatewayError, OSError):
        log.exception("CSV export of transactions failed part way; cutting the body short")
        if request.transport is not None:
            request.transport.close()
    return response


async def _transactions_before(
    store: SqlStore, where: TransactionFilter, before: int | None
) -> list[TransactionRecord]:
    return await store.read(lambda s: queries.list_transactions(s, where, CSV_PAGE, before))


@routes.get(
    "/transactions/{transaction_id}",
    scope=READ,
    summary="One transaction, with its meter values",
    params=[TRANSACTION_ID],
    responses={200: "TransactionDetail"},
)
async def get_transaction(request: web.Request) -> web.StreamResponse:
    """The meter values are those the charger reported with this transaction's id,
    oldest first. A StopTransaction we could not match (no start) has none of its own:
    its readings are in ``transaction_data``."""
    transaction_id = path_id(request, "transaction_id", "transaction")
    store: SqlStore = request.config_dict[STORE]
    record = await store.get_transaction(transaction_id)
    if record is None:
        raise not_found(f"no transaction {transaction_id}")
    values: list[tuple[MeterValueKey, MeterRow]] = []
    if record.start_timestamp is not None:
        where = MeterValueFilter(charger_id=record.charger_id, transaction_id=record.id)
        values = await store.read(
            lambda s: queries.list_meter_values(s, where, DETAIL_METER_VALUES + 1)
        )
    shown = values[:DETAIL_METER_VALUES]
    body = transaction_json(record) | {
        "meter_values": [meter_value_json(row) for _, row in shown],
        "meter_values_next_cursor": encode_cursor(_meter_key(shown[-1][0]))
        if len(values) > DETAIL_METER_VALUES
        else None,
        "transaction_data": record.transaction_data,
    }
    return json_response(body)


@routes.get(
    "/meter-values",
    scope=READ,
    summary="Meter values, oldest first",
    params=[*METER_FILTERS, *PAGE],
    responses={200: "MeterValuePage"},
    description="Every sampled value, oldest first by its timestamp (the charger's clock), "
    "in pages of `limit`. `since` (inclusive) and `until` (exclusive) are optional.",
)
async def list_meter_values(request: web.Request) -> web.StreamResponse:
    since, until = _time_range(request)
    transaction_id = query_int(request, "transaction_id", lo=_BIGINT[0], hi=_BIGINT[1])
    where = MeterValueFilter(
        charger_id=query_str(request, "charger_id"),
        transaction_id=transaction_id,
        measurand=query_str(request, "measurand"),
        since=since,
        until=until,
    )
    limit = page_limit(request)
    key = cursor_key(request, dt.datetime, int)
    after = None if key is None else MeterValueKey(*key)
    rows = await request.config_dict[STORE].read(
        lambda s: queries.list_meter_values(s, where, limit + 1, after)
    )
    more = len(rows) > limit
    shown = rows[:limit]
    return json_response(
        {
            "items": [meter_value_json(row) for _, row in shown],
            "next_cursor": encode_cursor(_meter_key(shown[-1][0])) if more else None,
        }
    )
