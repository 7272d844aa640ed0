"""Bad input, answered per OCPP-J 1.6 section 4 while the session goes on; and the two
frames that end it (binary: 1003, over the size limit: 1009)."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from ocpp.messages import Call, CallError, CallResult

from json_ws._frames import BadFrame, parse_frame

from .conftest import WAIT, Gateway, GatewayFactory, exchange, heartbeat_works

BOOT = '[2,"boot","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]'

# frame -> (message id of the answer, error code)
BAD_CALLS = [
    ("not json at all", "-1", "FormationViolation"),
    ('[2,"x","Heartbeat",{}', "-1", "FormationViolation"),  # truncated
    ('{"messageTypeId": 2}', "-1", "FormationViolation"),
    ("[]", "-1", "FormationViolation"),
    ('[5,"m5","Heartbeat",{}]', "m5", "ProtocolError"),
    ('["2","m6","Heartbeat",{}]', "m6", "ProtocolError"),
    ('[2,"m7","Heartbeat"]', "m7", "ProtocolError"),
    ('[2,"m8",7,{}]', "m8", "ProtocolError"),
    ('[2,null,"Heartbeat",{}]', "-1", "ProtocolError"),
    ('[2,"m9","Heartbeat",[]]', "m9", "FormationViolation"),
    ('[2,"m10","NoSuchAction",{}]', "m10", "NotImplemented"),
    ('[2,"m11","Reset",{"type":"Hard"}]', "m11", "NotSupported"),  # a Central System's action
    ('[2,"m12","StatusNotification",{"connectorId":1}]', "m12", "OccurenceConstraintViolation"),
    (
        '[2,"m13","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]',
        "m13",
        "TypeConstraintViolation",
    ),
    (
        '[2,"m14","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}]',
        "m14",
        "PropertyConstraintViolation",
    ),
    (
        '[2,"m15","Authorize",{"idTag":"THIS-ID-TAG-IS-LONGER-THAN-20"}]',
        "m15",
        "PropertyConstraintViolation",
    ),
    # beyond what a 64-bit column keeps (2**63-1, "no transaction" on some chargers, fits)
    (
        '[2,"m16","StopTransaction",{"transactionId":9223372036854775808,"meterStop":5,'
        '"timestamp":"2024-05-01T10:00:00Z"}]',
        "m16",
        "PropertyConstraintViolation",
    ),
    (
        '[2,"m17","MeterValues",{"connectorId":4294967296,"meterValue":[{"timestamp":'
        '"2024-05-01T10:00:00Z","sampledValue":[{"value":"1"}]}]}]',
        "m17",
        "PropertyConstraintViolation",
    ),
]


@pytest.mark.parametrize(("frame", "unique_id", "code"), BAD_CALLS)
async def test_bad_frame_is_answered_and_session_goes_on(
    gateway: Gateway, frame: str, unique_id: str, code: str
) -> None:
    async with await gateway.connect("CP-BAD") as ws:
        await exchange(ws, BOOT)
        reply = await exchange(ws, frame)
        assert reply[:3] == [4, unique_id, code]
        assert isinstance(reply[3], str) and isinstance(reply[4], dict)
        assert await heartbeat_works(ws)


async def test_bad_frames_one_after_another_on_one_connection(gateway: Gateway) -> None:
    async with await gateway.connect("CP-BAD-SEQ") as ws:
        await exchange(ws, BOOT)
        for frame, unique_id, code in BAD_CALLS:
            assert (await exchange(ws, frame))[:3] == [4, unique_id, code]
        assert await heartbeat_works(ws)


async def test_call_before_boot_is_refused_as_security_error(
    make_gateway: GatewayFactory,
) -> None:
    gateway = await make_gateway()
    async with await gateway.connect("CP-EARLY") as ws:
        reply = await exchange(ws, '[2,"early","Heartbeat",{}]')
        assert reply[:3] == [4, "early", "SecurityError"]
        await exchange(ws, BOOT)
        assert await heartbeat_works(ws)


async def test_stray_call_result_is_ignored(gateway: Gateway) -> None:
    async with await gateway.connect("CP-STRAY") as ws:
        await exchange(ws, BOOT)
        await ws.send('[3,"nobody-asked",{"status":"Accepted"}]')
        await ws.send('[4,"nobody-asked","GenericError","x",{}]')
        assert await heartbeat_works(ws)  # the next frame back is the heartbeat's answer


async def test_binary_frame_closes_with_1003(gateway: Gateway) -> None:
    async with await gateway.connect("CP-BIN") as ws:
        await exchange(ws, BOOT)
        await ws.send(b'[2,"b","Heartbeat",{}]')
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), WAIT)
        assert ws.close_code == 1003


async def test_frame_over_the_limit_closes_with_1009(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(json_max_frame_bytes=4096)
    async with await gateway.connect("CP-BIG") as ws:
        await exchange(ws, BOOT)
        data = "x" * 5000
        await ws.send(json.dumps([2, "big", "DataTransfer", {"vendorId": "v", "data": data}]))
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), WAIT)
        assert ws.close_code == 1009
    # Under the limit is fine.
    async with await gateway.connect("CP-BIG") as ws:
        reply = await exchange(ws, json.dumps([2, "ok", "DataTransfer", {"vendorId": "v"}]))
        assert reply[0] == 3


# --- the framing table, without a socket ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('[2,"a","Heartbeat",{}]', Call),
        ('  [\n  2 ,\n "a" ,\t"Heartbeat" ,\n {  }\n]\n', Call),  # pretty-printed
        ('[3,"a",{}]', CallResult),
        ('[4,"a","GenericError","x",{}]', CallError),
        ('[4,"a","GenericError","x"]', CallError),  # lenient: details left out
        ('[2,"any string at all, longer than 36 characters ✓","Heartbeat",{}]', Call),
        ('[2,"","Heartbeat",{}]', Call),
        ('[2,42,"Heartbeat",{}]', Call),  # lenient: a number as id, echoed as sent
        ('[2,"a","Heartbeat",{},"extra"]', Call),  # lenient: extra elements ignored
    ],
)
def test_parse_frame_lenient(text: str, kind: type) -> None:
    assert isinstance(parse_frame(text, lenient=True), kind)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('[4,"a","GenericError","x"]', "ProtocolError"),
        ('[2,42,"Heartbeat",{}]', "ProtocolError"),
        ('[2,"a","Heartbeat",{},"extra"]', "ProtocolError"),
    ],
)
def test_parse_frame_strict(text: str, code: str) -> None:
    with pytest.raises(BadFrame) as bad:
        parse_frame(text, lenient=False)
    assert bad.value.error.code == code


async def test_number_as_message_id_is_echoed(gateway: Gateway) -> None:
    async with await gateway.connect("CP-NUMID") as ws:
        await exchange(ws, BOOT)
        reply = await exchange(ws, '[2,42,"Heartbeat",{}]')
        assert reply[:2] == [3, 42]


async def test_a_transaction_id_beyond_64_bits_is_refused_naming_it(gateway: Gateway) -> None:
    async with await gateway.connect("CP-BIG") as ws:
        await exchange(ws, BOOT)
        reply = await exchange(
            ws,
            '[2,"big","StopTransaction",{"transactionId":9223372036854775808,"meterStop":5,'
            '"timestamp":"2024-05-01T10:00:00Z"}]',
        )
        assert reply[:3] == [4, "big", "PropertyConstraintViolation"]
        assert "transactionId" in reply[3]
        assert await heartbeat_works(ws)
    assert await gateway.store.list_transactions("CP-BIG") == []  # nothing was written
