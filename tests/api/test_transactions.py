"""GET /transactions, /transactions/{id}, /transactions.csv and /meter-values: filters,
keyset pages, the CSV export, and a transaction a real OCPP-J charger produced."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import aiohttp
import pytest
from jsonschema import Draft202012Validator
from ocpp.v16 import call

from api import transactions
from bridge import utcnow
from bridge.enums import Reason
from bridge.records import MeterRow, TransactionRecord
from storage import StorageError
from storage.queries import transactions as queries
from tests.json_ws.conftest import Gateway, running_charger
from tests.storage.factories import meter_row, new_transaction, transaction_stop

from .conftest import ApiClient

T0 = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def iso(at: dt.datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


async def start(
    api: ApiClient, charger_id: str, id_tag: str, at: dt.datetime, meter: int = 1000
) -> TransactionRecord:
    record, created = await api.store.start_transaction(
        new_transaction(
            f"{charger_id}-{id_tag}-{at.isoformat()}",
            charger_id=charger_id,
            id_tag=id_tag,
            start_timestamp=at,
            meter_start=meter,
        )
    )
    assert created
    return record


async def stop(
    api: ApiClient, record: TransactionRecord, at: dt.datetime, meter: int, **kw: Any
) -> None:
    await api.store.stop_transaction(
        transaction_stop(
            record.id,
            record.id,
            charger_id=record.charger_id,
            stop_timestamp=at,
            meter_stop=meter,
            **kw,
        )
    )


async def conforms(api: ApiClient, schema: str, body: Any) -> None:
    """``body`` is what the OpenAPI document says ``schema`` is."""
    status, doc = await api.get("/openapi.json", scope=None)
    assert status == 200
    root = {"$ref": f"#/components/schemas/{schema}", "components": doc["components"]}
    Draft202012Validator(root).validate(body)


async def pages(api: ApiClient, path: str, params: dict[str, Any], limit: int) -> list[Any]:
    """Every item, page by page."""
    items: list[Any] = []
    cursor = None
    while True:
        query = params | {"limit": str(limit)} | ({"cursor": cursor} if cursor else {})
        status, body = await api.get(path, params=query, scope="read")
        assert status == 200, body
        assert len(body["items"]) <= limit
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


@pytest.fixture
async def fleet(api_both: ApiClient) -> dict[str, TransactionRecord]:
    """Two chargers, five transactions (two open) and one unmatched stop."""
    api = api_both
    for charger_id in ("CP-1", "CP-2"):
        await api.add_charger(charger_id)
    txs = {
        "a": await start(api, "CP-1", "TAG-A", T0, meter=100),
        "b": await start(api, "CP-1", "TAG-B", T0 + HOUR, meter=200),
        "c": await start(api, "CP-2", "TAG-A", T0 + 2 * HOUR, meter=300),
        "d": await start(api, "CP-2", "TAG-B", T0 + 3 * HOUR, meter=400),
        "e": await start(api, "CP-1", "TAG-A", T0 + 4 * HOUR, meter=500),
    }
    await stop(api, txs["a"], T0 + HOUR / 2, 1100, flags=("late",))
    await stop(api, txs["c"], T0 + 2.5 * HOUR, 2300)
    await stop(api, txs["d"], T0 + 3.5 * HOUR, 3400)
    # A StopTransaction naming a transaction we never handed out: a row of its own.
    await api.store.stop_transaction(
        transaction_stop(
            777,
            None,
            charger_id="CP-2",
            stop_timestamp=T0 + 5 * HOUR,
            meter_stop=9000,
            transaction_data=[{"timestamp": iso(T0), "sampledValue": [{"value": "1"}]}],
        )
    )
    return txs


async def test_transactions_list_newest_first_in_stable_pages(
    api_both: ApiClient, fleet: dict[str, TransactionRecord]
) -> None:
    items = await pages(api_both, "/transactions", {}, limit=2)
    ids = [t["id"] for t in items]
    assert ids == sorted(ids, reverse=True) and len(ids) == 6
    status, whole = await api_both.get("/transactions", scope="read")
    assert status == 200 and whole["items"] == items and whole["next_cursor"] is None
    await conforms(api_both, "TransactionPage", whole)

    a = next(t for t in items if t["id"] == fleet["a"].id)
    assert a == {
        "id": fleet["a"].id,
        "charger_id": "CP-1",
        "connector_id": 1,
        "id_tag": "TAG-A",
        "meter_start": 100,
        "start_timestamp": "2024-05-01T08:00:00Z",
        "meter_stop": 1100,
        "stop_timestamp": "2024-05-01T08:30:00Z",
        "stop_reason": "Local",
        "stop_id_tag": "TAG-1",
        "reported_transaction_id": fleet["a"].id,
        "open": False,
        "energy_wh": 1000,
        "flags": ["late"],
    }
    e = next(t for t in items if t["id"] == fleet["e"].id)
    assert e["open"] is True and e["energy_wh"] is None and e["stop_timestamp"] is None
    (unmatched,) = [t for t in items if t["start_timestamp"] is None]
    assert unmatched["reported_transaction_id"] == 777
    assert unmatched["open"] is False and unmatched["energy_wh"] is None
    assert unmatched["connector_id"] == 0 and unmatched["charger_id"] == "CP-2"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"charger_id": "CP-1"}, "eba"),
        ({"charger_id": "CP-2"}, "!dc"),
        ({"charger_id": "NOPE"}, ""),
        ({"id_tag": "TAG-A"}, "eca"),
        ({"open": "true"}, "eb"),
        ({"open": "false"}, "!dca"),
        ({"since": "2024-05-01T10:00:00Z"}, "!edc"),  # the unmatched stop: by its stop
        ({"until": "2024-05-01T10:00:00Z"}, "ba"),  # exclusive
        ({"since": "2024-05-01T09:00:00+00:00", "until": "2024-05-01T13:00:01Z"}, "!edcb"),
        ({"since": "2024-05-01T11:30:00+02:00"}, "!edc"),  # 09:30 UTC
        ({"charger_id": "CP-1", "id_tag": "TAG-A", "open": "false"}, "a"),
    ],
)
async def test_transaction_filters(
    api_both: ApiClient,
    fleet: dict[str, TransactionRecord],
    params: dict[str, str],
    expected: str,
) -> None:
    """``!`` stands for the unmatched stop."""
    items = await pages(api_both, "/transactions", params, limit=2)
    names = {tx.id: name for name, tx in fleet.items()}
    assert "".join(names.get(t["id"], "!") for t in items) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "2024-05-01T10:00:00"}, "until"),  # no time zone
        ({"since": "2024-05-02T00:00:00Z", "until": "2024-05-01T00:00:00Z"}, "until"),
        ({"open": "maybe"}, "open"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"cursor": "garbage!"}, "cursor"),
        ({"cursor": "WyJ4Il0"}, "cursor"),  # ["x"]: a cursor, but not one of ours
        ({"cursor": "Wzk5OTk5OTk5OTk5OTk5OTk5OTk5OV0"}, "cursor"),  # beyond BIGINT
    ],
)
async def test_bad_transaction_queries_are_422(
    api: ApiClient, params: dict[str, str], field: str
) -> None:
    for path in ("/transactions", "/transactions.csv"):
        if path.endswith(".csv") and field in ("limit", "cursor"):
            continue  # the export takes neither
        status, body = await api.get(path, params=params, scope="read")
        assert status == 422, (path, body)
        assert body["error"] == "validation_error"
        assert body["errors"][0]["field"] == field


async def test_transaction_detail_carries_its_meter_values_oldest_first(
    api: ApiClient,
) -> None:
    await api.add_charger("CP-1")
    await api.add_charger("CP-2")
    tx = await start(api, "CP-1", "TAG-A", T0)
    await stop(api, tx, T0 + HOUR, 2500, transaction_data=[{"timestamp": iso(T0)}])
    await api.store.save_meter_values(
        [
            meter_row("late", transaction_id=tx.id, timestamp=T0 + HOUR, value="2500"),
            meter_row("early", transaction_id=tx.id, timestamp=T0, value="1000"),
            meter_row("other", transaction_id=tx.id + 1, timestamp=T0),
            # Another charger reporting the same number: not this transaction's.
            meter_row("alien", charger_id="CP-2", transaction_id=tx.id, timestamp=T0),
        ]
    )
    status, body = await api.get(f"/transactions/{tx.id}", scope="read")
    assert status == 200, body
    assert body["id"] == tx.id and body["energy_wh"] == 1500
    assert body["transaction_data"] == [{"timestamp": "2024-05-01T08:00:00Z"}]
    assert [mv["value"] for mv in body["meter_values"]] == ["1000", "2500"]
    assert body["meter_values_next_cursor"] is None
    assert body["meter_values"][0] == {
        "charger_id": "CP-1",
        "connector_id": 1,
        "transaction_id": tx.id,
        "timestamp": "2024-05-01T08:00:00Z",
        "value": "1000",
        "context": "Sample.Periodic",
        "format": "Raw",
        "measurand": "Energy.Active.Import.Register",
        "phase": None,
        "location": "Outlet",
        "unit": "Wh",
        "energy_wh": 1234.5,
        "flags": [],
    }


async def test_a_long_transaction_detail_hands_over_to_meter_values(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transactions, "DETAIL_METER_VALUES", 3)
    await api.add_charger("CP-1")
    tx = await start(api, "CP-1", "TAG-A", T0)
    await api.store.save_meter_values(
        [
            meter_row(f"r{i}", transaction_id=tx.id, timestamp=T0 + i * HOUR, value=str(i))
            for i in range(5)
        ]
    )
    status, body = await api.get(f"/transactions/{tx.id}", scope="read")
    assert status == 200
    assert [mv["value"] for mv in body["meter_values"]] == ["0", "1", "2"]
    params = {"charger_id": "CP-1", "transaction_id": str(tx.id)}
    status, rest = await api.get(
        "/meter-values", params=params | {"cursor": body["meter_values_next_cursor"]}
    )
    assert status == 200
    assert [mv["value"] for mv in rest["items"]] == ["3", "4"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/transactions/1", 404),
        ("/transactions/0", 404),
        ("/transactions/-3", 404),
        ("/transactions/99999999999999999999999", 404),
        ("/transactions/abc", 422),
        ("/transactions/1.5", 422),
    ],
)
async def test_unknown_and_malformed_transaction_ids(
    api: ApiClient, path: str, status: int
) -> None:
    got, body = await api.get(path, scope="read")
    assert got == status, body
    if status == 422:
        assert body["errors"][0]["field"] == "transaction_id"
    else:
        assert body["error"] == "not_found"


@pytest.mark.parametrize(
    "path", ["/transactions", "/transactions/1", "/transactions.csv", "/meter-values"]
)
async def test_reading_needs_a_token(api: ApiClient, path: str) -> None:
    status, body = await api.get(path, scope=None)
    assert status == 401 and body["error"] == "unauthorized"
    status, body = await api.get(path, token="ogw_1_wrong")
    assert status == 401
    status, _ = await api.get(path, scope="read")
    assert status in (200, 404)


# --- CSV export ---------------------------------------------------------------------------------


async def export(api: ApiClient, params: dict[str, str] | None = None) -> list[dict[str, str]]:
    async with api.session.get(
        api.url("/transactions.csv"), params=params, headers=api.headers("read", None)
    ) as response:
        assert response.status == 200, await response.text()
        assert response.content_type == "text/csv"
        assert response.charset == "utf-8"
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="transactions.csv"'
        )
        text = await response.text()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == list(transactions.CSV_COLUMNS)
    return list(reader)


async def test_csv_export_has_the_json_fields_in_pages(
    api_both: ApiClient, fleet: dict[str, TransactionRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transactions, "CSV_PAGE", 2)  # three reads, and a last empty one
    rows = await export(api_both)
    status, listed = await api_both.get("/transactions", scope="read")
    assert status == 200
    assert [int(r["id"]) for r in rows] == [t["id"] for t in listed["items"]]
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[fleet["a"].id] == {
        "id": str(fleet["a"].id),
        "charger_id": "CP-1",
        "connector_id": "1",
        "id_tag": "TAG-A",
        "meter_start": "100",
        "start_timestamp": "2024-05-01T08:00:00Z",
        "meter_stop": "1100",
        "stop_timestamp": "2024-05-01T08:30:00Z",
        "stop_reason": "Local",
        "stop_id_tag": "TAG-1",
        "reported_transaction_id": str(fleet["a"].id),
        "open": "false",
        "energy_wh": "1000",
        "flags": "late",
    }
    assert by_id[fleet["e"].id]["open"] == "true"
    assert by_id[fleet["e"].id]["meter_stop"] == ""

    filtered = await export(api_both, {"charger_id": "CP-1", "open": "false"})
    assert [int(r["id"]) for r in filtered] == [fleet["a"].id]
    assert await export(api_both, {"charger_id": "NOPE"}) == []  # the header alone


async def test_csv_export_quotes_what_needs_quoting(api: ApiClient) -> None:
    await api.add_charger("CP,1")
    tx = await start(api, "CP,1", 'TAG"1', T0)
    await stop(api, tx, T0 + HOUR, 1500, flags=("a", "b"), reason=Reason.EV_DISCONNECTED)
    (row,) = await export(api)
    assert row["charger_id"] == "CP,1" and row["id_tag"] == 'TAG"1'
    assert row["flags"] == "a;b" and row["stop_reason"] == "EVDisconnected"


async def test_csv_export_keeps_what_a_charger_sent_from_running_as_a_formula(
    api: ApiClient,
) -> None:
    """An id tag comes from the charger (or an RFID card): a spreadsheet must show it as
    text. A negative number stays a number (a meter that went back: energy < 0)."""
    await api.add_charger("CP-1")
    tags = ['=HYPERLINK("x")', "@SUM(1)", "+1", "-2", "\t=1"]
    for n, tag in enumerate(tags):
        tx = await start(api, "CP-1", tag, T0 + n * HOUR, meter=2000)
        await stop(api, tx, T0 + n * HOUR + HOUR / 2, 1500)
    rows = await export(api)
    assert [r["id_tag"] for r in reversed(rows)] == ["'" + tag for tag in tags]
    assert {r["energy_wh"] for r in rows} == {"-500"}


# --- meter values -----------------------------------------------------------------------------


async def test_meter_values_filters_and_stable_pages(api_both: ApiClient) -> None:
    api = api_both
    await api.add_charger("CP-1")
    await api.add_charger("CP-2")
    rows: list[MeterRow] = []
    for i in range(4):
        at = T0 + i * HOUR
        # Three values share each timestamp: the row id breaks the tie.
        rows += [
            meter_row(f"e{i}", timestamp=at, value=f"e{i}", transaction_id=7),
            meter_row(
                f"p{i}", timestamp=at, value=f"p{i}", measurand="Power.Active.Import", unit="W"
            ),
            meter_row(f"n{i}", timestamp=at, value=f"n{i}", measurand=None, transaction_id=None),
        ]
    rows.append(meter_row("x", charger_id="CP-2", timestamp=T0, value="x", transaction_id=-1))
    await api.store.save_meter_values(rows)

    items = await pages(api, "/meter-values", {}, limit=2)
    assert len(items) == 13
    keys = [(mv["timestamp"], mv["value"]) for mv in items]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    status, whole = await api.get("/meter-values", scope="read")
    assert status == 200 and whole["items"] == items  # pages join up to the one-page answer
    await conforms(api, "MeterValuePage", whole)

    async def values(**params: str) -> list[str]:
        return [mv["value"] for mv in await pages(api, "/meter-values", params, limit=3)]

    assert await values(charger_id="CP-2") == ["x"]
    assert await values(transaction_id="-1") == ["x"]
    assert await values(charger_id="CP-1", transaction_id="7") == ["e0", "e1", "e2", "e3"]
    assert await values(charger_id="CP-1", measurand="Power.Active.Import") == [
        "p0",
        "p1",
        "p2",
        "p3",
    ]
    # No measurand is OCPP's default, energy.
    energy = await values(charger_id="CP-1", measurand="Energy.Active.Import.Register")
    assert sorted(energy) == ["e0", "e1", "e2", "e3", "n0", "n1", "n2", "n3"]
    assert await values(
        charger_id="CP-1",
        measurand="Power.Active.Import",
        since="2024-05-01T09:00:00Z",
        until="2024-05-01T11:00:00Z",
    ) == ["p1", "p2"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "2024-13-01T00:00:00Z"}, "since"),
        ({"until": "2024-05-01"}, "until"),
        ({"transaction_id": "seven"}, "transaction_id"),
        ({"transaction_id": str(2**64)}, "transaction_id"),
        ({"cursor": "WzFd"}, "cursor"),  # [1]
        ({"cursor": "WyJ4IiwxXQ"}, "cursor"),  # ["x",1]
        ({"limit": "-1"}, "limit"),
    ],
)
async def test_bad_meter_value_queries_are_422(
    api: ApiClient, params: dict[str, str], field: str
) -> None:
    status, body = await api.get("/meter-values", params=params, scope="read")
    assert status == 422, body
    assert body["errors"][0]["field"] == field


# --- a real charger -------------------------------------------------------------------------------


async def test_a_charger_session_shows_up_with_its_meter_values(api: ApiClient) -> None:
    gateway = Gateway(api.server, api.app)
    async with running_charger(gateway, "CP-J") as charger:
        await charger.boot()
        started = await charger.call(
            call.StartTransaction(
                connector_id=2, id_tag="TAG-J", meter_start=1000, timestamp="2024-05-01T10:00:00Z"
            )
        )
        tx_id = started.transaction_id
        for minute, kwh in ((5, "1.25"), (10, "1.5")):
            await charger.call(
                call.MeterValues(
                    connector_id=2,
                    transaction_id=tx_id,
                    meter_value=[
                        {
                            "timestamp": f"2024-05-01T10:{minute:02}:00Z",
                            "sampledValue": [
                                {
                                    "value": kwh,
                                    "unit": "kWh",
                                    "measurand": "Energy.Active.Import.Register",
                                }
                            ],
                        }
                    ],
                )
            )
        status, body = await api.get("/transactions", params={"open": "true"}, scope="read")
        assert [t["id"] for t in body["items"]] == [tx_id]

        await charger.call(
            call.StopTransaction(
                meter_stop=1600,
                timestamp="2024-05-01T10:15:00Z",
                transaction_id=tx_id,
                reason="EVDisconnected",
                transaction_data=[
                    {
                        "timestamp": "2024-05-01T10:15:00Z",
                        "sampledValue": [{"value": "1600", "context": "Transaction.End"}],
                    }
                ],
            )
        )

    status, body = await api.get(f"/transactions/{tx_id}", scope="read")
    assert status == 200, body
    await conforms(api, "TransactionDetail", body)
    assert body["charger_id"] == "CP-J" and body["connector_id"] == 2
    assert body["id_tag"] == "TAG-J" and body["stop_reason"] == "EVDisconnected"
    assert body["open"] is False and body["energy_wh"] == 600
    assert body["reported_transaction_id"] == tx_id
    assert body["transaction_data"][0]["sampledValue"][0]["value"] == "1600"
    assert [(mv["timestamp"], mv["energy_wh"]) for mv in body["meter_values"]] == [
        ("2024-05-01T10:05:00Z", 1250),
        ("2024-05-01T10:10:00Z", 1500),
        ("2024-05-01T10:15:00Z", 1600),  # from transactionData
    ]
    status, listed = await api.get("/meter-values", params={"charger_id": "CP-J"}, scope="read")
    assert [mv["value"] for mv in listed["items"]] == ["1.25", "1.5", "1600"]
    rows = await export(api, {"id_tag": "TAG-J"})
    assert [(r["id"], r["energy_wh"]) for r in rows] == [(str(tx_id), "600")]


async def test_the_openapi_document_declares_the_csv_export(api: ApiClient) -> None:
    status, doc = await api.get("/openapi.json", scope=None)
    assert status == 200
    op = doc["paths"]["/transactions.csv"]["get"]
    assert "text/csv" in op["responses"]["200"]["content"]
    assert op["x-scope"] == "read"
    detail = doc["paths"]["/transactions/{transaction_id}"]["get"]
    assert detail["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TransactionDetail"
    }


def test_energy_is_the_meter_difference() -> None:
    now = utcnow()
    record = TransactionRecord(
        id=1, charger_id="CP", connector_id=1, id_tag="T", meter_start=10, start_timestamp=now
    )
    assert transactions.transaction_json(record)["energy_wh"] is None
    stopped = TransactionRecord(
        id=1,
        charger_id="CP",
        connector_id=1,
        id_tag="T",
        meter_start=10,
        start_timestamp=now,
        meter_stop=8,
        stop_timestamp=now,
    )
    # A meter that went backwards (replaced mid-session) is reported as it is.
    assert transactions.transaction_json(stopped)["energy_wh"] == -2


async def test_a_csv_export_that_fails_part_way_is_cut_short(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The status line is out by then: the client must see a broken body, not a short
    file that looks complete."""
    await api.add_charger("CP-1")
    for hour in range(3):
        await start(api, "CP-1", "TAG-A", T0 + hour * HOUR)
    monkeypatch.setattr(transactions, "CSV_PAGE", 2)
    real = queries.list_transactions
    calls = 0

    async def failing(*args: Any) -> list[TransactionRecord]:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise StorageError("storage failed (OperationalError)")
        return await real(*args)

    monkeypatch.setattr(queries, "list_transactions", failing)
    async with api.session.get(
        api.url("/transactions.csv"), headers=api.headers("read", None)
    ) as response:
        assert response.status == 200
        with pytest.raises(aiohttp.ClientPayloadError):
            await response.read()
    assert "CSV export of transactions failed part way" in caplog.text
