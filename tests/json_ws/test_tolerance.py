"""Real chargers' deviations, as a table: lenient mode takes each one and flags the
stored row; strict mode answers the CALLERROR. Plus the pre-normaliser on its own."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from json_ws._tolerance import tolerate

from .conftest import Gateway, GatewayFactory, exchange

BOOT = '[2,"boot","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]'
T = "2024-05-01T10:00:00Z"


def _sv(value: Any = "10", **extra: Any) -> dict[str, Any]:
    return {"value": value, **extra}


def _meter(meter_value: Any, **extra: Any) -> str:
    return json.dumps(
        [2, "mv", "MeterValues", {"connectorId": 1, "meterValue": meter_value, **extra}]
    )


# case -> (frame, strict answer: None when both modes accept it, flags lenient stores)
CASES: dict[str, tuple[str, str | None, set[str]]] = {
    "pretty-printed": ('[\n  2,\n  "mv",\n  "Heartbeat",\n  {\n  }\n]\n', None, set()),
    "whitespace between tokens": ('[ 2 ,\t"mv" , "Heartbeat" ,{ } ]', None, set()),
    "long message id": (
        json.dumps([2, "mv", "Heartbeat", {}]).replace('"mv"', '"' + "x" * 80 + ' ✓"'),
        None,
        set(),
    ),
    "Wh decimals and kWh": (
        _meter(
            [{"timestamp": T, "sampledValue": [_sv("1234.56", unit="Wh"), _sv("1.5", unit="kWh")]}]
        ),
        None,
        set(),
    ),
    "transaction id 2**63-1 in MeterValues": (
        _meter([{"timestamp": T, "sampledValue": [_sv()]}], transactionId=9223372036854775807),
        None,
        set(),
    ),
    "missing timestamp": (
        _meter([{"sampledValue": [_sv()]}]),
        "ProtocolError",  # the 1.6 schema's "required": the library says the payload is incomplete
        {"missing_timestamp:meterValue[0].timestamp"},
    ),
    "meterValue as object": (
        _meter({"timestamp": T, "sampledValue": [_sv()]}),
        "TypeConstraintViolation",
        {"object_for_array:meterValue"},
    ),
    "empty string in optional number": (
        _meter([{"timestamp": T, "sampledValue": [_sv()]}], transactionId=""),
        "TypeConstraintViolation",
        {"empty_string:transactionId"},
    ),
    "empty string in optional enum": (
        _meter([{"timestamp": T, "sampledValue": [_sv(unit="")]}]),
        "FormationViolation",  # the schema's enum: the library calls it a format violation
        {"empty_string:meterValue[0].sampledValue[0].unit"},
    ),
    "number as sampled value": (
        _meter([{"timestamp": T, "sampledValue": [_sv(1234.5)]}]),
        "TypeConstraintViolation",
        {"number_for_string:meterValue[0].sampledValue[0].value"},
    ),
    "naive timestamp": (
        _meter([{"timestamp": "2024-05-01T10:00:00", "sampledValue": [_sv()]}]),
        "TypeConstraintViolation",
        {"naive_timestamp:meterValue[0].timestamp"},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_lenient_accepts_and_flags(gateway: Gateway, case: str) -> None:
    frame, _, flags = CASES[case]
    received_after = dt.datetime.now(dt.UTC)
    async with await gateway.connect("CP-LENIENT") as ws:
        await exchange(ws, BOOT)
        reply = await exchange(ws, frame)
        assert reply[0] == 3, reply
    if '"MeterValues"' in frame:
        (row, *_) = await gateway.store.list_meter_values("CP-LENIENT")
        assert set(row.flags) == flags
        if "missing_timestamp" in str(flags):
            assert row.timestamp >= received_after.replace(microsecond=0)


@pytest.mark.parametrize("case", sorted(c for c in CASES if CASES[c][1] is not None))
async def test_strict_answers_callerror(make_gateway: GatewayFactory, case: str) -> None:
    frame, code, _ = CASES[case]
    gateway = await make_gateway(lenient=False)
    async with await gateway.connect("CP-STRICT") as ws:
        await exchange(ws, BOOT)
        reply = await exchange(ws, frame)
        assert reply[:3] == [4, "mv", code], reply
        assert (await exchange(ws, '[2,"hb","Heartbeat",{}]'))[0] == 3  # the session goes on
    assert await gateway.store.list_meter_values("CP-STRICT") == []


@pytest.mark.parametrize("lenient", [True, False])
async def test_accepted_in_both_modes(make_gateway: GatewayFactory, lenient: bool) -> None:
    gateway = await make_gateway(lenient=lenient)
    async with await gateway.connect("CP-BOTH") as ws:
        await exchange(ws, BOOT)
        for case, (frame, strict_code, _) in CASES.items():
            if strict_code is None:
                assert (await exchange(ws, frame))[0] == 3, case
    rows = await gateway.store.list_meter_values("CP-BOTH")
    assert sorted(r.energy_wh for r in rows if r.energy_wh is not None and r.unit is not None) == [
        Decimal("1234.56"),
        1500,
    ]


async def test_start_transaction_without_timestamp(gateway: Gateway) -> None:
    async with await gateway.connect("CP-START") as ws:
        await exchange(ws, BOOT)
        start = [2, "s", "StartTransaction", {"connectorId": 1, "idTag": "T", "meterStart": 0}]
        reply = await exchange(ws, json.dumps(start))
        assert reply[0] == 3
        stop = [
            2, "e", "StopTransaction",
            {"transactionId": 9223372036854775807, "meterStop": 5, "timestamp": T},
        ]  # fmt: skip
        assert (await exchange(ws, json.dumps(stop)))[0] == 3  # an id we never gave: answered
    transactions = await gateway.store.list_transactions("CP-START")
    (started,) = [tx for tx in transactions if "missing_timestamp:timestamp" in tx.flags]
    assert started.is_open  # the stop named another transaction...
    (unmatched,) = [tx for tx in transactions if tx is not started]
    assert "unknown_transaction:9223372036854775807" in unmatched.flags  # ...recorded, flagged


# --- the pre-normaliser alone ------------------------------------------------------------------


NOW = dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("action", "payload", "fixed", "flags"),
    [
        ("Heartbeat", {}, {}, ()),
        ("StartTransaction", {"connectorId": 1}, {"connectorId": 1, "timestamp": NOW}, ("missing_timestamp:timestamp",)),
        ("StartTransaction", {"timestamp": ""}, {"timestamp": NOW}, ("missing_timestamp:timestamp",)),
        ("StartTransaction", {"timestamp": T}, {"timestamp": T}, ()),
        (
            "MeterValues",
            {"meterValue": {"sampledValue": [{"value": 5}]}},
            {"meterValue": {"timestamp": NOW, "sampledValue": [{"value": "5"}]}},
            ("missing_timestamp:meterValue[0].timestamp", "number_for_string:meterValue[0].sampledValue[0].value"),
        ),
        (
            "StopTransaction",
            {"timestamp": T, "transactionData": [{"timestamp": T, "sampledValue": [{"value": 0.1}]}, {"sampledValue": []}]},
            {"timestamp": T, "transactionData": [{"timestamp": T, "sampledValue": [{"value": "0.1"}]}, {"timestamp": NOW, "sampledValue": []}]},
            ("missing_timestamp:transactionData[1].timestamp", "number_for_string:transactionData[0].sampledValue[0].value"),
        ),
        ("MeterValues", {"meterValue": "nonsense"}, {"meterValue": "nonsense"}, ()),  # the codec refuses it
        ("MeterValues", {"meterValue": [{"sampledValue": [{"value": True}]}]}, {"meterValue": [{"timestamp": NOW, "sampledValue": [{"value": True}]}]}, ("missing_timestamp:meterValue[0].timestamp",)),
        ("SecurityEventNotification", {"type": "x"}, {"type": "x", "timestamp": NOW}, ("missing_timestamp:timestamp",)),
    ],
)  # fmt: skip
def test_tolerate(
    action: str, payload: dict[str, Any], fixed: dict[str, Any], flags: tuple[str, ...]
) -> None:
    assert tolerate(action, payload, NOW) == flags
    assert payload == fixed
