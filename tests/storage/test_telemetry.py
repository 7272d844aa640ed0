from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bridge.enums import ChargePointErrorCode, ChargePointStatus, Direction, RegistrationStatus
from bridge.records import ConnectorState, DataTransferRecord, StatusReport
from storage import MessageLogRetention, SqlStore
from storage import _store as store_module

from .conftest import CHARGER, NOW
from .factories import log_entry, meter_row

# --- connectors ------------------------------------------------------------------------------


def _state(connector_id: int, status: ChargePointStatus, **overrides: Any) -> ConnectorState:
    fields: dict[str, Any] = {
        "charger_id": CHARGER,
        "connector_id": connector_id,
        "status": status,
        "error_code": ChargePointErrorCode.NO_ERROR,
        "timestamp": NOW,
    }
    return ConnectorState(**(fields | overrides))


async def test_status_is_the_latest_per_connector(store: SqlStore, charger: str) -> None:
    await store.save_status(_state(1, ChargePointStatus.PREPARING))
    await store.save_status(_state(0, ChargePointStatus.AVAILABLE))
    faulted = _state(
        1,
        ChargePointStatus.FAULTED,
        error_code=ChargePointErrorCode.GROUND_FAILURE,
        info="RCD",
        vendor_id="KEBA",
        vendor_error_code="E42",
        flags=("legacy_error:Mode3Error",),
    )
    await store.save_status(faulted)
    assert await store.get_connectors(charger) == [_state(0, ChargePointStatus.AVAILABLE), faulted]
    assert await store.get_connectors("nope") == []


# --- meter values ----------------------------------------------------------------------------


async def test_meter_values_dedupe_by_fingerprint(store: SqlStore, charger: str) -> None:
    assert await store.save_meter_values([meter_row("a"), meter_row("b")]) == 2
    assert await store.save_meter_values([meter_row("b"), meter_row("c")]) == 1
    assert await store.save_meter_values([meter_row("c", value="other")]) == 0
    assert await store.save_meter_values([meter_row("d"), meter_row("d")]) == 1
    assert await store.save_meter_values([]) == 0
    assert [r.fingerprint for r in await store.list_meter_values(charger)] == ["a", "b", "c", "d"]


async def test_fingerprints_are_per_charger(store: SqlStore, charger: str) -> None:
    await store.add_charger("CP-2", RegistrationStatus.ACCEPTED, now=NOW)
    assert await store.save_meter_values([meter_row("a")]) == 1
    assert await store.save_meter_values([meter_row("a", charger_id="CP-2")]) == 1


async def test_meter_rows_keep_every_attribute(store: SqlStore, charger: str) -> None:
    row = meter_row(
        "a",
        connector_id=0,
        transaction_id=None,
        value="230.1",
        context="Sample.Clock",
        format="SignedData",
        measurand="Voltage",
        phase="L1-N",
        location="Inlet",
        unit="V",
        energy_wh=None,
        flags=("x",),
    )
    await store.save_meter_values([row])
    assert await store.list_meter_values(charger) == [row]


@pytest.mark.parametrize("reported", [0, -1, 2**31, 2**63 - 1])
async def test_reported_transaction_ids_round_trip(
    store: SqlStore, charger: str, reported: int
) -> None:
    await store.save_meter_values([meter_row("a", transaction_id=reported)])
    (row,) = await store.list_meter_values(transaction_id=reported)
    assert row.transaction_id == reported


async def test_list_meter_values_filters(store: SqlStore, charger: str) -> None:
    hour = dt.timedelta(hours=1)
    await store.save_meter_values(
        [meter_row(f"h{i}", timestamp=NOW + i * hour, transaction_id=i % 2) for i in range(5)]
    )
    rows = await store.list_meter_values(charger, since=NOW + hour, until=NOW + 4 * hour)
    assert [r.fingerprint for r in rows] == ["h1", "h2", "h3"]
    assert [r.fingerprint for r in await store.list_meter_values(transaction_id=1)] == ["h1", "h3"]
    assert [r.fingerprint for r in await store.list_meter_values(limit=2)] == ["h0", "h1"]
    assert await store.list_meter_values("nope") == []


# --- reports and data transfers ----------------------------------------------------------------


async def test_status_reports(store: SqlStore, charger: str) -> None:
    uploaded = StatusReport(
        charger_id=charger,
        kind="DiagnosticsStatusNotification",
        status="Uploaded",
        timestamp=NOW,
        payload={"status": "Uploaded"},
    )
    installed = StatusReport(
        charger_id=charger,
        kind="FirmwareStatusNotification",
        status="Installed",
        timestamp=NOW + dt.timedelta(minutes=1),
        payload={"status": "Installed", "nested": {"n": [1, 2]}},
    )
    await store.save_report(uploaded)
    await store.save_report(installed)
    assert await store.list_reports(charger) == [installed, uploaded]
    assert await store.list_reports(charger, kind="DiagnosticsStatusNotification") == [uploaded]


async def test_data_transfers(store: SqlStore, charger: str) -> None:
    incoming = DataTransferRecord(
        charger_id=charger,
        direction=Direction.IN,
        vendor_id="com.keba",
        message_id=None,
        data='{"a": 1}',
        status="Accepted",
        timestamp=NOW,
    )
    await store.save_data_transfer(incoming)
    assert await store.list_data_transfers(charger) == [incoming]


# --- message log ---------------------------------------------------------------------------------


async def test_log_messages(store: SqlStore) -> None:
    """Logged for chargers we do not know too: no foreign key."""
    entries = [log_entry(f'[2,"{i}","Heartbeat",{{}}]', charger_id="stranger") for i in range(3)]
    await store.log_messages(entries)
    await store.log_messages([])
    assert await store.list_messages("stranger") == entries[::-1]
    assert await store.list_messages(limit=1) == [entries[-1]]


@pytest.mark.parametrize("hot_writer", [True, False], ids=["hot-writer", "group-commit"])
async def test_a_logged_nul_is_replaced_and_loses_no_other_row(
    engine: AsyncEngine, hot_writer: bool
) -> None:
    """A broken frame is logged as it came, but PostgreSQL's text refuses NUL: it becomes
    U+FFFD (on SQLite too, so the log reads the same), and the rows written with it, in
    the same statement, are all there."""
    store = SqlStore(engine, hot_writer=hot_writer)
    entries = [log_entry("before"), log_entry('[2,"1","Heart\x00beat",{}]'), log_entry("after")]
    for entry in entries:
        store.note_message(entry)
    await store.log_messages([log_entry("\x00 awaited")])
    await store.close()  # commits what is queued
    messages = [m.message for m in await store.list_messages(limit=10)]
    assert sorted(messages) == sorted(
        ["before", '[2,"1","Heart\ufffdbeat",{}]', "after", "\ufffd awaited"]
    )


async def test_note_message_writes_in_the_background(engine: AsyncEngine) -> None:
    """Through the group committer (the SQLite writer thread: test_sqlite_writer.py)."""
    store = SqlStore(engine, hot_writer=False)
    entries = [log_entry(f"m{i}") for i in range(50)]
    for entry in entries:
        store.note_message(entry)
    assert await store.list_messages() == []  # nothing awaited yet
    await store.close()  # commits what is queued
    assert await store.list_messages(limit=100) == entries[::-1]
    assert store.group_commits == 1  # all fifty in one INSERT
    store.note_message(log_entry("too late"))
    assert store.dropped_messages == 1


async def test_noted_messages_join_the_next_write(engine: AsyncEngine) -> None:
    store = SqlStore(engine, hot_writer=False)
    store.note_message(log_entry("a"))
    await store.log_messages([log_entry("awaited")])  # the writer is past "a" now
    before = store.group_commits
    store.note_message(log_entry("b"))
    store.note_message(log_entry("c"))
    await store.close()
    assert store.group_commits == before + 1
    assert [e.message for e in await store.list_messages()] == ["c", "b", "awaited", "a"]


async def test_prune_by_age(store: SqlStore) -> None:
    day = dt.timedelta(days=1)
    await store.log_messages([log_entry(f"d{i}", at=NOW - i * day) for i in range(10)])
    assert await store.prune_message_log(NOW - 6.5 * day) == 3
    assert await store.prune_message_log(NOW - 6.5 * day) == 0
    assert sorted(e.message for e in await store.list_messages()) == [f"d{i}" for i in range(7)]


async def test_prune_by_row_count_in_chunks(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "PRUNE_CHUNK", 4)
    await store.log_messages([log_entry(f"m{i}") for i in range(25)])
    assert await store.prune_message_log(None, max_rows=10) == 15
    assert [e.message for e in await store.list_messages(limit=100)] == [
        f"m{i}" for i in range(24, 14, -1)
    ]
    assert await store.prune_message_log(None, max_rows=10) == 0
    assert await store.prune_message_log(None) == 0
    assert await store.prune_message_log(None, max_rows=0) == 10


async def test_retention(store: SqlStore) -> None:
    day = dt.timedelta(days=1)
    # Logged in arrival order: d9 first (oldest), d0 last. "Newest rows" means last logged.
    await store.log_messages([log_entry(f"d{i}", at=NOW - i * day) for i in reversed(range(10))])
    retention = MessageLogRetention(max_age=dt.timedelta(days=5), max_rows=3)
    assert await store.apply_retention(retention, NOW) == 7
    assert [e.message for e in await store.list_messages()] == ["d0", "d1", "d2"]
    retention = MessageLogRetention(max_age=dt.timedelta(days=1, hours=1), max_rows=3)
    assert await store.apply_retention(retention, NOW) == 1
    assert MessageLogRetention().cutoff(NOW) == NOW - dt.timedelta(days=30)
    assert MessageLogRetention(max_age=None).cutoff(NOW) is None
