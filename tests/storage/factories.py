"""Records with sensible defaults, for storage tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from bridge.enums import Direction, Reason, Transport
from bridge.records import MessageLogEntry, MeterRow, NewTransaction, TransactionStop

from .conftest import CHARGER, NOW


def meter_row(fingerprint: str, **overrides: Any) -> MeterRow:
    fields: dict[str, Any] = {
        "charger_id": CHARGER,
        "connector_id": 1,
        "transaction_id": 1,
        "timestamp": NOW,
        "value": "1234.5",
        "context": "Sample.Periodic",
        "format": "Raw",
        "measurand": "Energy.Active.Import.Register",
        "phase": None,
        "location": "Outlet",
        "unit": "Wh",
        "energy_wh": Decimal("1234.5"),
        "fingerprint": fingerprint,
    }
    fields.update(overrides)
    return MeterRow(**fields)


def new_transaction(start_key: str = "start-1", **overrides: Any) -> NewTransaction:
    fields: dict[str, Any] = {
        "charger_id": CHARGER,
        "connector_id": 1,
        "id_tag": "TAG-1",
        "meter_start": 100,
        "start_timestamp": NOW,
        "reservation_id": None,
        "start_key": start_key,
    }
    fields.update(overrides)
    return NewTransaction(**fields)


def transaction_stop(reported: int, ours: int | None, **overrides: Any) -> TransactionStop:
    fields: dict[str, Any] = {
        "charger_id": CHARGER,
        "reported_transaction_id": reported,
        "transaction_id": ours,
        "meter_stop": 2100,
        "stop_timestamp": NOW + dt.timedelta(hours=1),
        "reason": Reason.LOCAL,
        "id_tag": "TAG-1",
        "transaction_data": None,
    }
    fields.update(overrides)
    return TransactionStop(**fields)


def log_entry(message: str, at: dt.datetime = NOW, charger_id: str = CHARGER) -> MessageLogEntry:
    return MessageLogEntry(
        charger_id=charger_id,
        direction=Direction.IN,
        transport=Transport.JSON,
        action="Heartbeat",
        message=message,
        timestamp=at,
    )


def odd_meter_rows(charger_id: str = CHARGER) -> list[MeterRow]:
    """Rows whose values test a driver's encoding: a 63-bit transaction id, no optional
    fields, quotes and U+2028, flags, 29 significant digits, a microsecond, an offset."""
    return [
        meter_row("plain", charger_id=charger_id),
        meter_row(
            "odd",
            charger_id=charger_id,
            transaction_id=2**63 - 1,
            connector_id=0,
            value='-0.5 "quoted" <x> \\ ünïcødé \u2028',
            context=None,
            format=None,
            measurand=None,
            location=None,
            unit=None,
            energy_wh=None,
            flags=("lenient:value", "phase_guessed"),
        ),
        meter_row(
            "precise",
            charger_id=charger_id,
            energy_wh=Decimal("12345678901234567890.123456789"),
            value="1e3",
        ),
        meter_row("late", charger_id=charger_id, timestamp=NOW + dt.timedelta(microseconds=7)),
        meter_row(
            "zoned",
            charger_id=charger_id,
            timestamp=NOW.astimezone(dt.timezone(dt.timedelta(hours=-5))),
        ),
    ]


def odd_log_entries(charger_id: str = CHARGER) -> list[MessageLogEntry]:
    return [
        log_entry("<Envelope>\n  <Body/>\n</Envelope>", charger_id=charger_id),
        dataclasses.replace(
            log_entry('{"a": [1, 2]}', charger_id=charger_id),
            direction=Direction.OUT,
            action=None,
            flags=("x",),
        ),
    ]
