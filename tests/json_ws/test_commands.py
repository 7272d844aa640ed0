"""Central-to-charger commands through CommandService and the JSON dispatcher: every
one of the 19 round trips to the ocpp library's ChargePoint, and the outcomes a real
link produces (CALLERROR, timeout, offline, queueing, crossing calls, a drop)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from ocpp.charge_point import camel_to_snake_case, remove_nones, serialize_as_dict
from ocpp.charge_point import snake_to_camel_case as snake_to_camel
from ocpp.exceptions import NotSupportedError

from bridge import COMMAND_ACTIONS, CommandStatus, decode, encode
from bridge.rules import outcome_of_result

from .conftest import WAIT, Gateway, GatewayFactory, exchange, running_charger

BOOT = '[2,"boot","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]'

PROFILE = {
    "chargingProfileId": 1,
    "stackLevel": 0,
    "chargingProfilePurpose": "TxDefaultProfile",
    "chargingProfileKind": "Absolute",
    "chargingSchedule": {
        "chargingRateUnit": "A",
        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.5}],
    },
}

COMMANDS: dict[str, dict[str, Any]] = {
    "CancelReservation": {"reservationId": 5},
    "ChangeAvailability": {"connectorId": 1, "type": "Inoperative"},
    "ChangeConfiguration": {"key": "HeartbeatInterval", "value": "60"},
    "ClearCache": {},
    "ClearChargingProfile": {"id": 3, "connectorId": 1},
    "DataTransfer": {"vendorId": "com.example", "messageId": "ping", "data": "x"},
    "GetCompositeSchedule": {"connectorId": 1, "duration": 3600, "chargingRateUnit": "A"},
    "GetConfiguration": {"key": ["HeartbeatInterval", "NoSuchKey"]},
    "GetDiagnostics": {"location": "ftp://diag.example.com/up", "retries": 2},
    "GetLocalListVersion": {},
    "RemoteStartTransaction": {"idTag": "TAG1", "connectorId": 1, "chargingProfile": PROFILE},
    "RemoteStopTransaction": {"transactionId": 7},
    "ReserveNow": {
        "connectorId": 1,
        "expiryDate": "2024-05-01T12:00:00Z",
        "idTag": "TAG1",
        "reservationId": 9,
    },
    "Reset": {"type": "Soft"},
    "SendLocalList": {
        "listVersion": 2,
        "updateType": "Full",
        "localAuthorizationList": [{"idTag": "TAG1", "idTagInfo": {"status": "Accepted"}}],
    },
    "SetChargingProfile": {"connectorId": 1, "csChargingProfiles": PROFILE},
    "TriggerMessage": {"requestedMessage": "StatusNotification", "connectorId": 1},
    "UnlockConnector": {"connectorId": 1},
    "UpdateFirmware": {
        "location": "https://fw.example.com/1.2.bin",
        "retrieveDate": "2024-05-02T00:00:00Z",
    },
}
assert set(COMMANDS) == set(COMMAND_ACTIONS)


@pytest.mark.parametrize("action", sorted(COMMANDS))
async def test_command_round_trip(gateway: Gateway, action: str) -> None:
    async with running_charger(gateway, "CP-CMD") as charger:
        await charger.boot()
        record = await asyncio.wait_for(
            gateway.commands.run("CP-CMD", action, COMMANDS[action]), WAIT
        )
        # What the charger was asked: the command's canonical 1.6 payload.
        ((asked, kwargs),) = charger.cp.received
        assert asked == action
        assert kwargs == camel_to_snake_case(record.payload)
        # What it answered, as the bridge reads and stores it.
        answered = snake_to_camel(remove_nones(serialize_as_dict(charger.cp.answers[action])))
        _, result_cls = COMMAND_ACTIONS[action]
        expected = encode(decode(result_cls, answered).value)
        assert record.result == expected
        assert record.status is outcome_of_result(expected)
        assert record.error is None
    stored = await gateway.store.get_command(record.id)
    assert stored is not None and stored.status is record.status


async def test_call_error_gives_error_with_code_and_description(gateway: Gateway) -> None:
    async with running_charger(gateway, "CP-CE") as charger:
        await charger.boot()
        charger.cp.answers["Reset"] = NotSupportedError(description="no reset on this model")
        record = await asyncio.wait_for(
            gateway.commands.run("CP-CE", "Reset", {"type": "Hard"}), WAIT
        )
    assert record.status is CommandStatus.ERROR
    assert record.error == "NotSupported: no reset on this model"


async def test_not_connected_is_offline_at_once(gateway: Gateway) -> None:
    async with running_charger(gateway, "CP-GONE") as charger:
        await charger.boot()
    await _until_offline(gateway, "CP-GONE")
    started = asyncio.get_running_loop().time()
    record = await gateway.commands.run("CP-GONE", "Reset", {"type": "Soft"})
    assert record.status is CommandStatus.OFFLINE
    assert asyncio.get_running_loop().time() - started < 1.0


async def test_no_answer_is_timeout_and_late_answer_is_ignored(
    make_gateway: GatewayFactory,
) -> None:
    gateway = await make_gateway(command_timeout=0.5)
    async with await gateway.connect("CP-SLOW") as ws:
        await exchange(ws, BOOT)
        first = await gateway.commands.submit("CP-SLOW", "Reset", {"type": "Soft"})
        late = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        record = await gateway.commands.wait(first, WAIT)
        assert record.status is CommandStatus.TIMEOUT
        await ws.send(json.dumps([3, late[1], {"status": "Accepted"}]))  # too late
        second = await gateway.commands.submit("CP-SLOW", "ClearCache", {})
        call = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        assert call[2] == "ClearCache"
        await ws.send(json.dumps([3, call[1], {"status": "Rejected"}]))
        record = await gateway.commands.wait(second, WAIT)
        assert record.status is CommandStatus.REJECTED
        assert record.result == {"status": "Rejected"}


async def test_one_outstanding_call_the_rest_queued_in_order(gateway: Gateway) -> None:
    async with await gateway.connect("CP-QUEUE") as ws:
        await exchange(ws, BOOT)
        actions = ["Reset", "ClearCache", "GetLocalListVersion", "UnlockConnector"]
        records = [
            await gateway.commands.submit("CP-QUEUE", action, COMMANDS[action])
            for action in actions
        ]
        seen = []
        for _ in actions:
            call = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
            seen.append(call[2])
            # Nothing else is sent while this call is unanswered.
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(ws.recv(), 0.2)
            answer = (
                {"listVersion": 1} if call[2] == "GetLocalListVersion" else {"status": "Accepted"}
            )
            if call[2] == "UnlockConnector":
                answer = {"status": "Unlocked"}
            await ws.send(json.dumps([3, call[1], answer]))
        assert seen == actions
        finals = [await gateway.commands.wait(r, WAIT) for r in records]
        assert [r.status for r in finals] == [CommandStatus.ACCEPTED] * len(actions)


async def test_crossing_calls_are_answered(gateway: Gateway) -> None:
    """OCPP-J 1.6 section 4.1.1 allows a charger's CALL while ours is outstanding."""
    async with await gateway.connect("CP-CROSS") as ws:
        await exchange(ws, BOOT)
        record = await gateway.commands.submit(
            "CP-CROSS", "TriggerMessage", COMMANDS["TriggerMessage"]
        )
        ours = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        assert ours[2] == "TriggerMessage"
        # The charger sends its own calls before it answers ours; each is answered.
        status = [
            2,
            "x1",
            "StatusNotification",
            {"connectorId": 1, "errorCode": "NoError", "status": "Available"},
        ]
        assert (await exchange(ws, json.dumps(status)))[:2] == [3, "x1"]
        assert (await exchange(ws, '[2,"x2","Heartbeat",{}]'))[:2] == [3, "x2"]
        await ws.send(json.dumps([3, ours[1], {"status": "Accepted"}]))
        final = await gateway.commands.wait(record, WAIT)
    assert final.status is CommandStatus.ACCEPTED


async def test_close_fails_outstanding_command_at_once(gateway: Gateway) -> None:
    ws = await gateway.connect("CP-DROP")
    await exchange(ws, BOOT)
    record = await gateway.commands.submit("CP-DROP", "Reset", {"type": "Hard"})
    await asyncio.wait_for(ws.recv(), WAIT)
    started = asyncio.get_running_loop().time()
    await ws.close()
    final = await gateway.commands.wait(record, WAIT)
    assert final.status is CommandStatus.ERROR
    assert final.error is not None and "closed" in final.error
    assert asyncio.get_running_loop().time() - started < 2.0
    await _until_offline(gateway, "CP-DROP")


async def test_answer_with_unknown_field_is_taken_in_lenient_mode(gateway: Gateway) -> None:
    async with await gateway.connect("CP-EXTRA") as ws:
        await exchange(ws, BOOT)
        record = await gateway.commands.submit("CP-EXTRA", "Reset", {"type": "Soft"})
        call = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        await ws.send(json.dumps([3, call[1], {"status": "Accepted", "vendorNote": "ok"}]))
        final = await gateway.commands.wait(record, WAIT)
    assert final.status is CommandStatus.ACCEPTED
    assert final.result == {"status": "Accepted"}


@pytest.mark.parametrize(
    "answer",
    [
        [3, None, {"status": "Acc\u0000epted"}],  # not a status: kept as the record
        [4, None, "GenericError", "bad \u0000 thing", {}],
        [3, None, {"status": "Accepted", "note\ud800": "x"}],  # an unknown field, lenient
    ],
    ids=["result", "call-error", "unknown-field"],
)
async def test_an_answer_holding_text_no_database_keeps_still_ends_the_command(
    make_gateway: GatewayFactory, database_url: str, answer: list[Any]
) -> None:
    """A NUL or a lone surrogate in what a charger answers: the command still ends, and
    what was answered is stored with U+FFFD in their place (PostgreSQL's text and jsonb
    refuse both; SQLite refuses the surrogate)."""
    gateway = await make_gateway(database_url=database_url)
    async with await gateway.connect("CP-NUL") as ws:
        await exchange(ws, BOOT)
        record = await gateway.commands.submit("CP-NUL", "Reset", {"type": "Soft"})
        call = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        answer[1] = call[1]
        await ws.send(json.dumps(answer))
        final = await gateway.commands.wait(record, WAIT)
    stored = await gateway.store.get_command(record.id)
    assert stored == final
    if answer[0] == 4:
        assert final.status is CommandStatus.ERROR
        assert final.error == "GenericError: bad \ufffd thing"
    elif "note\ud800" in answer[2]:
        assert final.status is CommandStatus.ACCEPTED and final.result == {"status": "Accepted"}
    else:
        assert final.status is CommandStatus.ERROR
        assert final.result == {"status": "Acc\ufffdepted"}
        assert final.error is not None and "status" in final.error


async def _until_offline(gateway: Gateway, charger_id: str) -> None:
    for _ in range(int(WAIT / 0.02)):
        row = await gateway.charger(charger_id)
        if row is not None and not row.online:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{charger_id} never went offline")
