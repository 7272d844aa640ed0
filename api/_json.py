"""Records as the API shows them: JSON-ready dicts, timestamps in ISO 8601 UTC (``Z``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bridge.events import timestamp
from bridge.records import CommandRecord

DATE_TIME = {"type": "string", "format": "date-time"}
NULLABLE_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}
NULLABLE_STRING = {"type": ["string", "null"]}


def page_schema(item: str) -> dict[str, Any]:
    """The schema of a page of ``item`` (a component name): ``{items, next_cursor}``."""
    return {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
            "next_cursor": {"type": ["string", "null"], "description": "absent: the last page"},
        },
    }


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def command(record: CommandRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "charger_id": record.charger_id,
        "action": record.action,
        "payload": record.payload,
        "status": record.status.value,
        "final": record.status.is_final,
        "transport": record.transport.value if record.transport else None,
        "version": record.version.value if record.version else None,
        "result": record.result,
        "error": record.error,
        "created_at": timestamp(record.created_at),
        "sent_at": timestamp(record.sent_at),
        "finished_at": timestamp(record.finished_at),
    }
