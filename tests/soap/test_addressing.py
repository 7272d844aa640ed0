"""WS-Addressing (issue 3, item 4): both namespaces, any MessageID, From as the charger's
callback endpoint, and our answer's headers."""

from __future__ import annotations

import re
import uuid

import pytest

from soap._addressing import Addressing, MessageIds, reply_header
from wsdl.namespaces import WSA

from .conftest import WSA04, Gateway, envelope

HEARTBEAT = "<o:heartbeatRequest/>"
BOOT = (
    "<o:bootNotificationRequest><o:chargePointVendor>V</o:chargePointVendor>"
    "<o:chargePointModel>M</o:chargePointModel></o:bootNotificationRequest>"
)
STORED = "http://198.51.100.7:8080/ocpp"


@pytest.mark.parametrize(
    ("wsa_ns", "anonymous"),
    [
        (WSA, f"{WSA}/anonymous"),
        (WSA04, f"{WSA04}/role/anonymous"),
    ],
    ids=["2005/08", "2004/08"],
)
@pytest.mark.parametrize(
    "message_id",
    ["urn:uuid:6f1c4d4e-2f2b-4a3f-9f55-0d1d5a1e2c3b", "uuid:42", "12345", "not a URI & <odd>"],
)
async def test_answer_headers(
    gateway: Gateway, wsa_ns: str, anonymous: str, message_id: str
) -> None:
    await gateway.add_charger("CB-1")
    escaped = message_id.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = envelope("1.6", HEARTBEAT, wsa_ns=wsa_ns, action="/Heartbeat", message_id=escaped)
    reply = await gateway.post(body)
    assert reply.status == 200
    header = reply.root.find(f"{{{reply.soap_ns}}}Header")
    assert header is not None
    assert header.findtext(f"{{{wsa_ns}}}Action") == "/HeartbeatResponse"
    assert header.findtext(f"{{{wsa_ns}}}RelatesTo") == message_id
    ours = header.findtext(f"{{{wsa_ns}}}MessageID")
    assert ours is not None and ours.startswith("urn:uuid:") and ours != message_id
    assert header.findtext(f"{{{wsa_ns}}}To") == anonymous


async def test_no_message_id_no_relates_to(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1")
    reply = await gateway.post(envelope("1.6", HEARTBEAT, message_id=None))
    assert reply.status == 200
    assert reply.header("RelatesTo") is None
    assert reply.header("Action") == "/HeartbeatResponse"


async def test_12_answers_carry_an_action_too(gateway: Gateway) -> None:
    """OCPP 1.2's WSDL declares no output Action; the answer says /HeartbeatResponse."""
    await gateway.add_charger("CB-1")
    reply = await gateway.post(envelope("1.2", HEARTBEAT))
    assert reply.header("Action") == "/HeartbeatResponse"


async def test_a_fault_relates_to_the_request(gateway: Gateway) -> None:
    body = envelope("1.6", HEARTBEAT, charger_id="CB-UNKNOWN", message_id="m-7")
    reply = await gateway.post(body)
    assert reply.status == 400
    assert reply.header("RelatesTo") == "m-7"
    assert reply.header("Action") == f"{WSA}/soap/fault"


FROM_CASES = [
    ("address-element", f"<a:From><a:Address>{STORED}</a:Address></a:From>", STORED),
    ("bare-url-in-from", f"<a:From> {STORED} </a:From>", STORED),
]


@pytest.mark.parametrize(
    ("header", "learned"), [c[1:] for c in FROM_CASES], ids=[c[0] for c in FROM_CASES]
)
async def test_from_is_the_callback_endpoint(gateway: Gateway, header: str, learned: str) -> None:
    await gateway.add_charger("CB-1")
    reply = await gateway.post(envelope("1.6", HEARTBEAT, extra_headers=header))
    assert reply.status == 200
    charger = await gateway.store.get_charger("CB-1")
    assert charger is not None and charger.soap_endpoint == learned


KEEP_CASES = [
    ("missing", ""),
    ("anonymous", f"<a:From><a:Address>{WSA}/anonymous</a:Address></a:From>"),
    ("empty-host", "<a:From><a:Address>http://:8082/</a:Address></a:From>"),
    ("empty", "<a:From><a:Address/></a:From>"),
    ("reply-to-only", f"<a:ReplyTo><a:Address>{WSA}/anonymous</a:Address></a:ReplyTo>"),
]


@pytest.mark.parametrize("header", [c[1] for c in KEEP_CASES], ids=[c[0] for c in KEEP_CASES])
@pytest.mark.parametrize("body", [HEARTBEAT, BOOT], ids=["heartbeat", "boot"])
async def test_an_unusable_from_keeps_the_stored_endpoint(
    gateway: Gateway, header: str, body: str
) -> None:
    await gateway.add_charger("CB-1")
    first = await gateway.post(
        envelope(
            "1.6", HEARTBEAT, extra_headers=f"<a:From><a:Address>{STORED}</a:Address></a:From>"
        )
    )
    assert first.status == 200
    reply = await gateway.post(envelope("1.6", body, extra_headers=header))
    assert reply.status == 200
    charger = await gateway.store.get_charger("CB-1")
    assert charger is not None and charger.soap_endpoint == STORED


async def test_a_new_from_replaces_the_learned_one(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1")
    for address in (STORED, "http://198.51.100.8:8080/ocpp"):
        header = f"<a:From><a:Address>{address}</a:Address></a:From>"
        assert (await gateway.post(envelope("1.6", HEARTBEAT, extra_headers=header))).status == 200
    charger = await gateway.store.get_charger("CB-1")
    assert charger is not None and charger.soap_endpoint == "http://198.51.100.8:8080/ocpp"


UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_message_ids_are_unique_version_4_uuids() -> None:
    ids = MessageIds()
    made = [ids.new() for _ in range(10_000)]
    assert len(set(made)) == len(made)
    for text in made[:3] + made[-3:]:
        assert UUID4.fullmatch(text), text
        assert str(uuid.UUID(text)) == text and uuid.UUID(text).version == 4


def test_message_ids_wrap_within_their_node_field() -> None:
    ids = MessageIds()
    ids._counter = iter([2**48 - 1, 2**48])  # the counter's last value, and one past it
    first, wrapped = ids.new(), ids.new()
    assert first.endswith("-ffffffffffff") and wrapped.endswith("-000000000000")
    assert first[:24] == wrapped[:24] and UUID4.fullmatch(wrapped)


def test_message_ids_of_two_processes_differ() -> None:
    """Each process (and a forked child, which reseeds) starts from its own random UUID."""
    ids = MessageIds()
    before = ids.new()
    ids.reseed()
    assert ids.new()[:24] != before[:24]
    assert MessageIds().new()[:24] != MessageIds().new()[:24]


def test_reply_header_is_the_same_text_every_time_but_its_id() -> None:
    request = Addressing(namespace=WSA04, message_id="a & <b>")
    namespace, first = reply_header(request, "/Heartbeat&Response")
    _, second = reply_header(request, "/Heartbeat&Response")
    assert namespace == WSA04
    expected = (
        "<wsa:Action>/Heartbeat&amp;Response</wsa:Action>"
        "<wsa:RelatesTo>a &amp; &lt;b&gt;</wsa:RelatesTo>"
        "<wsa:MessageID>urn:uuid:{}</wsa:MessageID>"
        f"<wsa:To>{WSA04}/role/anonymous</wsa:To>"
    )
    ids = [re.search(r"urn:uuid:([^<]+)<", h).group(1) for h in (first, second)]  # type: ignore[union-attr]
    assert ids[0] != ids[1]
    assert first == expected.format(ids[0]) and second == expected.format(ids[1])
