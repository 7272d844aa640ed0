"""Generated bad payloads against the real process (hypothesis): every OCPP-J 1.6 action a
charger sends, with every optional field, then changed the way a sloppy or broken
charger would: a value of the wrong type or range, a field dropped, added or nested
wrongly, an array where an object belongs.

A second test sends generated frames of any shape (any JSON, CALLs of the wrong length
or types, answers to calls never made, text that is not JSON), each followed by a
Heartbeat on the same connection.

On one connection, whatever was sent, the answer is a CALLRESULT valid under the ``ocpp``
library's schema for the action's response, or a CALLERROR with an OCPP-J 1.6 error code
other than InternalError (how our own bugs answer); the connection stays open, and the
server's log holds no traceback. Examples: ``OCPP_GATEWAY_TEST_JSON_EXAMPLES`` (the seed
is fixed, so a run is repeatable; raise it to search further).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from typing import Any

import jsonschema
import websockets
from hypothesis import given
from hypothesis import strategies as st
from websockets.sync.client import connect

from tests.live import LiveGateway, generated, live_on_each_backend
from tests.soap.test_differential import requests
from tests.storage.conftest import postgres_url  # noqa: F401

EXAMPLES = int(os.environ.get("OCPP_GATEWAY_TEST_JSON_EXAMPLES", "400"))
CHARGER = "CP-FUZZ"
# OCPP-J 1.6 section 4.2.3, less InternalError.
CHARGER_ERRORS = {
    "NotImplemented", "NotSupported", "ProtocolError", "SecurityError", "FormationViolation",
    "PropertyConstraintViolation", "OccurenceConstraintViolation", "TypeConstraintViolation",
    "GenericError",
}  # fmt: skip
ODD_VALUES: list[Any] = [
    "", " ", -1, 0, 2**31, -(2**31) - 1, 10**30, 1.5, -0.0, 1e308, True, False, None,
    [], {}, "2024-13-45T25:61:61Z", "2024-03-01", "2024-03-01T12:00:00", "accepted",
    "Ünïcødé ☃", "x" * 600, "\u0000", "a\x00b", "\ud800", "a\udfffb", {"$ref": "#"}, [1, 2],
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(ODD_VALUES).map(copy.deepcopy),  # a drawn {} may be changed later
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False),
)
KINDS = ("value",) * 6 + ("drop", "add", "wrap", "unwrap")


live = live_on_each_backend("json-fuzz", chargers=(CHARGER,))


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json(item) for item in value]
    return value


def response_schema(action: str) -> jsonschema.Draft4Validator:
    text = resources.files("ocpp").joinpath(f"v16/schemas/{action}Response.json").read_text()
    return jsonschema.Draft4Validator(json.loads(text))


def places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value in a payload, the payload itself first."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*path, index))


def mutate(data: st.DataObject, payload: dict[str, Any]) -> tuple[Any, list[str]]:
    """A changed copy of ``payload``, and what was done."""
    root: Any = copy.deepcopy(payload)
    done = []
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(list(places(root))), label="path")
        kind = data.draw(st.sampled_from(KINDS), label="kind")
        if not path:
            if kind in ("value", "wrap"):
                root = [root] if kind == "wrap" else data.draw(VALUES, label="payload")
                done.append(f"{kind} payload")
            continue
        parent = root
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        if kind == "value":
            parent[key] = data.draw(VALUES, label="value")
        elif kind == "drop":
            del parent[key]
        elif kind == "add" and isinstance(parent[key], dict):
            parent[key]["vendorExtension"] = data.draw(VALUES, label="value")
        elif kind == "wrap":
            parent[key] = [parent[key]]
        elif kind == "unwrap" and isinstance(parent[key], list) and parent[key]:
            parent[key] = parent[key][0]
        else:
            continue
        done.append(f"{kind} {'.'.join(map(str, path))}")
    return root, done


def test_mutated_payloads_get_a_result_or_a_charger_error(live: LiveGateway) -> None:
    payloads = {action: _json(fields) for action, fields in requests("1.6").items()}
    schemas = {action: response_schema(action) for action in payloads}
    answers: Counter[int] = Counter()
    url = f"ws://127.0.0.1:{live.port}/ocpp/{CHARGER}"
    with connect(url, subprotocols=[websockets.Subprotocol("ocpp1.6")]) as ws:
        sent = 0

        def call(action: str, payload: Any) -> list[Any]:
            nonlocal sent
            sent += 1
            message_id = f"m{sent}"
            ws.send(json.dumps([2, message_id, action, payload]))
            reply: list[Any] = json.loads(ws.recv(timeout=10))
            assert reply[1] == message_id, reply
            return reply

        for action, payload in payloads.items():  # each unchanged one is answered
            reply = call(action, payload)
            assert reply[0] == 3, (action, reply)
            schemas[action].validate(reply[2])

        @given(data=st.data())
        @generated(EXAMPLES)
        def run(data: Any) -> None:
            action = data.draw(st.sampled_from(sorted(payloads)), label="action")
            payload, what = mutate(data, payloads[action])
            reply = call(action, payload)
            context = (action, what, json.dumps(payload)[:1000], reply)
            answers[reply[0]] += 1
            if reply[0] == 3:
                schemas[action].validate(reply[2])
                return
            assert reply[0] == 4 and len(reply) == 5, context
            assert reply[2] in CHARGER_ERRORS, context
            assert isinstance(reply[3], str) and isinstance(reply[4], dict), context

        run()
        assert call("Heartbeat", {})[0] == 3  # the same connection, still answering
    assert answers[3] and answers[4], answers  # the mutations reach both outcomes


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# Frames a broken charger sends: anything JSON, a CALL of any shape, an answer to a call
# never made, text that is not JSON.
FRAMES = st.one_of(
    JSON.map(json.dumps),
    st.tuples(st.sampled_from([2, 3, 4, 5, "2", 2.0, None]), JSON, JSON, JSON).flatmap(
        lambda t: st.integers(1, 5).map(lambda n: json.dumps(list(t)[:n]))
    ),
    st.tuples(st.sampled_from(sorted(requests("1.6"))), JSON).map(
        lambda t: json.dumps([2, "f-call", t[0], t[1]])
    ),
    st.text(max_size=40),
)


def test_any_frame_gets_a_charger_error_or_nothing_and_the_session_goes_on(
    live: LiveGateway,
) -> None:
    """After each generated frame, a Heartbeat: everything before its answer must be a
    CALLERROR with a charger's error code, or the answer to a CALL we sent (OCPP-J 1.6
    section 4.2: an answer to no call is dropped, a frame without a readable message id
    gets the id "-1")."""
    url = f"ws://127.0.0.1:{live.port}/ocpp/{CHARGER}"
    replies: Counter[str] = Counter()
    with connect(url, subprotocols=[websockets.Subprotocol("ocpp1.6")]) as ws:
        beat = 0

        @given(frame=FRAMES)
        @generated(EXAMPLES)
        def run(frame: str) -> None:
            nonlocal beat
            beat += 1
            ws.send(frame)
            ws.send(json.dumps([2, f"beat-{beat}", "Heartbeat", {}]))
            while True:
                reply = json.loads(ws.recv(timeout=10))
                if reply[:2] == [3, f"beat-{beat}"]:
                    return
                replies[str(reply[0])] += 1
                assert reply[0] in (3, 4), (frame, reply)
                if reply[0] == 4:
                    assert reply[2] in CHARGER_ERRORS, (frame, reply)

        run()
    assert replies["4"], replies  # the frames reach the error answers
