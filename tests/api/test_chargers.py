"""/chargers: listing with filters and pages, detail, create/update/delete with passwords
and access rules, connectors and the raw message log; over real HTTP, and for the
password and registration changes, a real OCPP-J charger."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
from typing import Any

import pytest
import websockets

from bridge import Direction, MessageLogEntry, OcppVersion, RegistrationStatus, Transport, utcnow
from bridge.enums import ChargePointErrorCode, ChargePointStatus
from bridge.messages import BootNotification
from bridge.records import ConnectorState
from gateway.passwords import verify_password

from .conftest import WAIT, ApiClient

PASSWORD = "0123456789abcdef0123"  # 1.6 security whitepaper: 16 to 40 characters
T0 = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


# --- helpers ------------------------------------------------------------------------------


async def _fleet(api: ApiClient) -> None:
    """Seven chargers over both transports, every version and registration status. Ids
    sort the same in every collation (one prefix, fixed-width numbers)."""
    store = api.store
    await api.add_charger("CP-001")  # never connected
    await api.add_charger("CP-002")
    await store.record_contact("CP-002", Transport.SOAP, OcppVersion.V12, T0)
    await api.add_charger("CP-003")
    await store.record_contact("CP-003", Transport.SOAP, OcppVersion.V15, T0)
    await api.add_charger("CP-004", status=RegistrationStatus.PENDING)
    await store.record_contact("CP-004", Transport.SOAP, OcppVersion.V16, T0)
    await api.add_charger("CP-005")
    await store.record_contact("CP-005", Transport.JSON, OcppVersion.V16, T0)
    await store.set_online("CP-005", True, T0)
    await api.add_charger("CP-006", status=RegistrationStatus.REJECTED)
    await store.record_contact("CP-006", Transport.JSON, OcppVersion.V16, T0)
    await api.add_charger("CP-007")
    await store.record_boot(
        "CP-007",
        BootNotification(
            charge_point_vendor="Keba",
            charge_point_model="P30",
            charge_point_serial_number="SN-4711",
            charge_box_serial_number="BOX_99",
        ),
        RegistrationStatus.ACCEPTED,
        T0,
    )
    await store.record_contact("CP-007", Transport.SOAP, OcppVersion.V15, T0)
    await store.set_notes("CP-001", "Depot North, 100% load test")


async def _all_pages(api: ApiClient, path: str, limit: int, **params: str) -> list[Any]:
    items: list[Any] = []
    cursor: str | None = None
    pages = 0
    while True:
        query = params | {"limit": str(limit)} | ({"cursor": cursor} if cursor else {})
        status, body = await api.get(path, params=query, scope="read")
        assert status == 200, body
        assert len(body["items"]) <= limit
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items
        assert pages < 100


def _cursor(data: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _ws_url(api: ApiClient, charger_id: str) -> str:
    return f"ws://127.0.0.1:{api.server.port}/ocpp/{charger_id}"


def _basic(charger_id: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{charger_id}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


async def _json_boot(
    api: ApiClient, charger_id: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """Connect as an OCPP-J 1.6 charger, send BootNotification, hand back the answer."""
    async with websockets.connect(
        _ws_url(api, charger_id),
        subprotocols=[websockets.Subprotocol("ocpp1.6")],
        additional_headers=headers,
        open_timeout=WAIT,
    ) as ws:
        await ws.send(
            json.dumps(
                [
                    2,
                    "boot-1",
                    "BootNotification",
                    {"chargePointVendor": "V", "chargePointModel": "M"},
                ]
            )
        )
        reply = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
    assert reply[0] == 3 and reply[1] == "boot-1", reply
    result: dict[str, Any] = reply[2]
    return result


async def _refused_status(api: ApiClient, charger_id: str, headers: dict[str, str] | None) -> int:
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with websockets.connect(
            _ws_url(api, charger_id),
            subprotocols=[websockets.Subprotocol("ocpp1.6")],
            additional_headers=headers,
            open_timeout=WAIT,
        ):
            pass
    return refused.value.response.status_code


# --- listing ---------------------------------------------------------------------------------


async def test_listing_pages_through_every_charger_by_id(api_both: ApiClient) -> None:
    await _fleet(api_both)
    for limit in (1, 2, 3, 7, 100):
        items = await _all_pages(api_both, "/chargers", limit)
        assert [c["id"] for c in items] == [f"CP-00{i}" for i in range(1, 8)]
    status, body = await api_both.get("/chargers", params={"limit": "7"}, scope="read")
    assert status == 200 and body["next_cursor"] is None  # an exact last page ends there


async def test_listing_shows_the_shared_charger_shape(api_both: ApiClient) -> None:
    await _fleet(api_both)
    await api_both.store.set_password("CP-007", "$argon2id$v=19$m=65536,t=3,p=4$x$y")
    status, body = await api_both.get("/chargers", params={"q": "keba"}, scope="read")
    assert status == 200
    [charger] = body["items"]
    assert charger == {
        "id": "CP-007",
        "registration_status": "Accepted",
        "transport": "soap",
        "version": "1.5",
        "online": False,
        "last_seen": charger["last_seen"],
        "first_seen": charger["first_seen"],
        "soap_endpoint": None,
        "soap_endpoint_override": None,
        "vendor": "Keba",
        "model": "P30",
        "charge_point_serial_number": "SN-4711",
        "charge_box_serial_number": "BOX_99",
        "firmware_version": None,
        "iccid": None,
        "imsi": None,
        "meter_type": None,
        "meter_serial_number": None,
        "auth_required": False,
        "has_password": True,
        "allowed_ips": [],
        "notes": None,
    }
    assert "password_hash" not in json.dumps(body) and "argon2" not in json.dumps(body)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"transport": "soap"}, ["CP-002", "CP-003", "CP-004", "CP-007"]),
        ({"transport": "json"}, ["CP-005", "CP-006"]),
        ({"version": "1.2"}, ["CP-002"]),
        ({"version": "1.5"}, ["CP-003", "CP-007"]),
        ({"version": "1.6"}, ["CP-004", "CP-005", "CP-006"]),
        ({"online": "true"}, ["CP-005"]),
        ({"online": "false"}, ["CP-001", "CP-002", "CP-003", "CP-004", "CP-006", "CP-007"]),
        ({"registration_status": "Pending"}, ["CP-004"]),
        ({"registration_status": "Rejected"}, ["CP-006"]),
        ({"registration_status": "Accepted"}, ["CP-001", "CP-002", "CP-003", "CP-005", "CP-007"]),
        ({"q": "cp-00"}, [f"CP-00{i}" for i in range(1, 8)]),  # the id, any case
        ({"q": "KEBA"}, ["CP-007"]),  # vendor
        ({"q": "p30"}, ["CP-007"]),  # model
        ({"q": "sn-47"}, ["CP-007"]),  # charge point serial number
        ({"q": "box_"}, ["CP-007"]),  # charge box serial number; _ is no wildcard
        ({"q": "depot north"}, ["CP-001"]),  # notes
        ({"q": "100%"}, ["CP-001"]),  # % is no wildcard
        ({"q": "%"}, ["CP-001"]),
        ({"q": "_"}, ["CP-007"]),
        ({"q": ""}, [f"CP-00{i}" for i in range(1, 8)]),  # empty: no filter
        ({"q": "nowhere"}, []),
        ({"transport": "soap", "version": "1.5", "q": "keba"}, ["CP-007"]),
        ({"transport": "json", "registration_status": "Accepted", "online": "1"}, ["CP-005"]),
    ],
)
async def test_listing_filters(
    api_both: ApiClient, params: dict[str, str], expected: list[str]
) -> None:
    await _fleet(api_both)
    items = await _all_pages(api_both, "/chargers", 2, **params)
    assert [c["id"] for c in items] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"transport": "xml"}, "transport"),
        ({"transport": "SOAP"}, "transport"),
        ({"version": "2.0.1"}, "version"),
        ({"online": "maybe"}, "online"),
        ({"registration_status": "accepted"}, "registration_status"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "garbage!"}, "cursor"),
        ({"cursor": _cursor([1])}, "cursor"),  # a commands cursor
        ({"cursor": _cursor(["a", "b"])}, "cursor"),
        ({"cursor": _cursor({"id": "CP"})}, "cursor"),
    ],
)
async def test_listing_refuses_bad_parameters(
    api: ApiClient, params: dict[str, str], field: str
) -> None:
    status, body = await api.get("/chargers", params=params, scope="read")
    assert status == 422, body
    assert body["error"] == "validation_error"
    assert body["errors"][0]["field"] == field


# --- scopes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/chargers", None),
        ("GET", "/chargers/CP-001", None),
        ("GET", "/chargers/CP-001/connectors", None),
        ("GET", "/chargers/CP-001/messages", None),
        ("POST", "/chargers", {"id": "CP-NEW", "registration_status": "Accepted"}),
        ("PATCH", "/chargers/CP-001", {"notes": "x"}),
        ("DELETE", "/chargers/CP-001", None),
    ],
)
async def test_every_operation_needs_a_token(
    api: ApiClient, method: str, path: str, body: Any
) -> None:
    await api.add_charger("CP-001")
    status, answer = await api.request(method, path, body, scope=None)
    assert status == 401 and answer["error"] == "unauthorized"
    status, answer = await api.request(method, path, body, token="not-a-token")
    assert status == 401


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/chargers", {"id": "CP-NEW", "registration_status": "Accepted"}),
        ("PATCH", "/chargers/CP-001", {"notes": "x"}),
        ("DELETE", "/chargers/CP-001", None),
    ],
)
@pytest.mark.parametrize("scope", ["read", "operate"])
async def test_changes_need_the_admin_scope(
    api: ApiClient, method: str, path: str, body: Any, scope: str
) -> None:
    await api.add_charger("CP-001")
    status, answer = await api.request(method, path, body, scope=scope)
    assert status == 403 and answer["error"] == "forbidden"
    assert [c.id for c in await api.store.list_chargers()] == ["CP-001"]
    assert (await api.store.get_charger("CP-001")).notes is None  # type: ignore[union-attr]


@pytest.mark.parametrize("scope", ["read", "operate", "admin"])
async def test_reading_needs_the_read_scope(api: ApiClient, scope: str) -> None:
    await api.add_charger("CP-001")
    for path in ("/chargers", "/chargers/CP-001", "/chargers/CP-001/connectors"):
        status, _ = await api.get(path, scope=scope)
        assert status == 200


# --- detail and connectors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/chargers/NOPE", "/chargers/NOPE/connectors", "/chargers/NOPE/messages"]
)
async def test_an_unknown_charger_is_404_json(api: ApiClient, path: str) -> None:
    await api.add_charger("CP-001")
    status, body = await api.get(path, scope="read")
    assert status == 404, body
    assert body["error"] == "not_found" and "NOPE" in body["detail"]


async def test_detail_has_connectors_and_protocol_history(api_both: ApiClient) -> None:
    store = api_both.store
    await api_both.add_charger("CP-MOVE")
    await store.record_contact("CP-MOVE", Transport.SOAP, OcppVersion.V15, T0)
    await store.record_contact("CP-MOVE", Transport.SOAP, OcppVersion.V15, T0 + dt.timedelta(1))
    await store.record_contact("CP-MOVE", Transport.JSON, OcppVersion.V16, T0 + dt.timedelta(2))
    for connector_id, state in ((2, ChargePointStatus.CHARGING), (0, ChargePointStatus.AVAILABLE)):
        await store.save_status(
            ConnectorState(
                charger_id="CP-MOVE",
                connector_id=connector_id,
                status=state,
                error_code=ChargePointErrorCode.NO_ERROR,
                timestamp=T0,
                vendor_id="Keba",
            )
        )
    status, body = await api_both.get("/chargers/CP-MOVE", scope="read")
    assert status == 200, body
    assert body["transport"] == "json" and body["version"] == "1.6"
    assert body["last_seen"] == "2024-05-03T12:00:00Z"
    assert body["protocol_history"] == [
        {"transport": "soap", "version": "1.5", "at": "2024-05-01T12:00:00Z"},
        {"transport": "json", "version": "1.6", "at": "2024-05-03T12:00:00Z"},
    ]
    assert [c["connector_id"] for c in body["connectors"]] == [0, 2]
    assert body["connectors"][1] == {
        "charger_id": "CP-MOVE",
        "connector_id": 2,
        "status": "Charging",
        "error_code": "NoError",
        "info": None,
        "vendor_id": "Keba",
        "vendor_error_code": None,
        "timestamp": "2024-05-01T12:00:00Z",
        "flags": [],
    }
    status, connectors = await api_both.get("/chargers/CP-MOVE/connectors", scope="read")
    assert status == 200 and connectors == {"items": body["connectors"]}


async def test_an_id_with_a_slash_or_spaces_inside_is_reachable(api: ApiClient) -> None:
    status, body = await api.post(
        "/chargers", {"id": "site A/CP 1", "registration_status": "Accepted"}
    )
    assert status == 201, body
    assert body["id"] == "site A/CP 1"
    status, body = await api.get("/chargers/site%20A%2FCP%201", scope="read")
    assert status == 200, body
    assert body["id"] == "site A/CP 1"


# --- create ------------------------------------------------------------------------------------------


async def test_create_answers_201_with_location_and_the_detail(api: ApiClient) -> None:
    status, body = await api.post(
        "/chargers",
        {
            "id": "CP-NEW",
            "registration_status": "Pending",
            "auth_required": True,
            "allowed_ips": ["10.0.0.0/8", " 192.0.2.7 ", "2001:db8::/32"],
            "soap_endpoint_override": "https://cp.example.net:8443/ocpp",
            "notes": "bay 3",
        },
    )
    assert status == 201, body
    assert body["id"] == "CP-NEW"
    assert body["registration_status"] == "Pending"
    assert body["auth_required"] is True and body["has_password"] is False
    assert body["allowed_ips"] == ["10.0.0.0/8", "192.0.2.7", "2001:db8::/32"]
    assert body["soap_endpoint_override"] == "https://cp.example.net:8443/ocpp"
    assert body["notes"] == "bay 3"
    assert body["connectors"] == [] and body["protocol_history"] == []
    assert body["transport"] is None and body["online"] is False
    status, again = await api.get("/chargers/CP-NEW", scope="read")
    assert status == 200 and again == body


async def test_create_sets_the_location_header(api: ApiClient) -> None:
    async with api.session.post(
        api.url("/chargers"),
        json={"id": "CP/9", "registration_status": "Accepted"},
        headers=api.headers("admin", None),
    ) as response:
        assert response.status == 201
        assert response.headers["Location"] == "/api/v1/chargers/CP%2F9"


async def test_a_duplicate_id_is_409_and_changes_nothing(api: ApiClient) -> None:
    await api.add_charger("CP-001")
    status, body = await api.post(
        "/chargers", {"id": "CP-001", "registration_status": "Rejected", "notes": "dup"}
    )
    assert status == 409, body
    assert body["error"] == "conflict" and "CP-001" in body["detail"]
    [charger] = await api.store.list_chargers()
    assert charger.registration_status is RegistrationStatus.ACCEPTED and charger.notes is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"registration_status": "Accepted"}, "body"),  # no id
        ({"id": "CP-X"}, "body"),  # no registration status
        ({"id": "", "registration_status": "Accepted"}, "id"),
        ({"id": "x" * 256, "registration_status": "Accepted"}, "id"),
        ({"id": " CP-X", "registration_status": "Accepted"}, "id"),
        ({"id": "CP\tX", "registration_status": "Accepted"}, "id"),
        ({"id": 7, "registration_status": "Accepted"}, "id"),
        ({"id": "CP-X", "registration_status": "accepted"}, "registration_status"),
        ({"id": "CP-X", "registration_status": "Accepted", "password": ""}, "password"),
        ({"id": "CP-X", "registration_status": "Accepted", "password": None}, "password"),
        (
            {"id": "CP-X", "registration_status": "Accepted", "auth_required": "yes"},
            "auth_required",
        ),
        (
            {"id": "CP-X", "registration_status": "Accepted", "allowed_ips": "10.0.0.1"},
            "allowed_ips",
        ),
        (
            {"id": "CP-X", "registration_status": "Accepted", "allowed_ips": ["10.0.0.1", "lan"]},
            "allowed_ips[1]",
        ),
        (
            {"id": "CP-X", "registration_status": "Accepted", "allowed_ips": ["10.0.0.0/33"]},
            "allowed_ips[0]",
        ),
        (
            {"id": "CP-X", "registration_status": "Accepted", "soap_endpoint_override": "ftp://h/"},
            "soap_endpoint_override",
        ),
        (
            {"id": "CP-X", "registration_status": "Accepted", "soap_endpoint_override": "cp:8080"},
            "soap_endpoint_override",
        ),
        (
            {"id": "CP-X", "registration_status": "Accepted", "soap_endpoint_override": "http://"},
            "soap_endpoint_override",
        ),
        ({"id": "CP-X", "registration_status": "Accepted", "notes": 5}, "notes"),
        ({"id": "CP-X", "registration_status": "Accepted", "online": True}, "body"),  # read-only
        ({"id": "CP-X", "registration_status": "Accepted", "password_hash": "x"}, "body"),
    ],
)
async def test_create_refuses_invalid_fields(
    api: ApiClient, body: dict[str, Any], field: str
) -> None:
    status, answer = await api.post("/chargers", body)
    assert status == 422, answer
    assert answer["error"] == "validation_error"
    assert answer["errors"][0]["field"] == field, answer
    assert await api.store.list_chargers() == []


async def test_create_names_every_invalid_field(api: ApiClient) -> None:
    status, answer = await api.post(
        "/chargers",
        {
            "id": "CP-X",
            "registration_status": "Accepted",
            "allowed_ips": ["nope", "10.1.2.3", "also nope"],
            "soap_endpoint_override": "gopher://x",
        },
    )
    assert status == 422
    assert [e["field"] for e in answer["errors"]] == [
        "allowed_ips[0]",
        "allowed_ips[2]",
        "soap_endpoint_override",
    ]


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [("{not json", "application/json", 400), ("id=CP", "application/x-www-form-urlencoded", 415)],
)
async def test_create_refuses_what_is_not_json(
    api: ApiClient, data: str, content_type: str, expected: int
) -> None:
    status, body = await api.post("/chargers", data=data, headers={"Content-Type": content_type})
    assert status == expected and "error" in body


async def test_the_password_is_stored_as_an_argon2_hash_and_admits_the_charger(
    api: ApiClient,
) -> None:
    status, body = await api.post(
        "/chargers", {"id": "CP-PW", "registration_status": "Accepted", "password": PASSWORD}
    )
    assert status == 201
    assert body["has_password"] is True
    assert PASSWORD not in json.dumps(body)
    charger = await api.store.get_charger("CP-PW")
    assert charger is not None and charger.password_hash is not None
    assert charger.password_hash.startswith("$argon2id$")
    assert PASSWORD not in charger.password_hash
    assert verify_password(charger.password_hash, PASSWORD)
    # An OCPP-J charger with the password is admitted; without it, or with another, not.
    assert (await _json_boot(api, "CP-PW", _basic("CP-PW", PASSWORD)))["status"] == "Accepted"
    assert await _refused_status(api, "CP-PW", None) == 401
    assert await _refused_status(api, "CP-PW", _basic("CP-PW", "x" * 20)) == 401


# --- update ----------------------------------------------------------------------------------------


async def test_patch_changes_only_the_fields_given(api: ApiClient) -> None:
    await api.post(
        "/chargers",
        {
            "id": "CP-1",
            "registration_status": "Accepted",
            "auth_required": True,
            "allowed_ips": ["10.0.0.0/8"],
            "soap_endpoint_override": "http://cp-1.lan/ocpp",
            "notes": "n",
        },
    )
    status, body = await api.patch("/chargers/CP-1", {"allowed_ips": ["192.0.2.0/24"]})
    assert status == 200, body
    assert body["allowed_ips"] == ["192.0.2.0/24"] and body["auth_required"] is True
    status, body = await api.patch("/chargers/CP-1", {"auth_required": False})
    assert body["allowed_ips"] == ["192.0.2.0/24"] and body["auth_required"] is False
    status, body = await api.patch("/chargers/CP-1", {})
    assert status == 200 and body["notes"] == "n"
    assert body["soap_endpoint_override"] == "http://cp-1.lan/ocpp"
    status, body = await api.patch(
        "/chargers/CP-1", {"soap_endpoint_override": None, "notes": None, "allowed_ips": []}
    )
    assert status == 200
    assert body["soap_endpoint_override"] is None and body["notes"] is None
    assert body["allowed_ips"] == []
    status, body = await api.patch(
        "/chargers/CP-1", {"registration_status": "Pending", "notes": "moved to bay 4"}
    )
    assert body["registration_status"] == "Pending" and body["notes"] == "moved to bay 4"
    assert "connectors" in body and "protocol_history" in body
    stored = await api.store.get_charger("CP-1")
    assert stored is not None and stored.notes == "moved to bay 4"


async def test_patch_an_unknown_charger_is_404(api: ApiClient) -> None:
    status, body = await api.patch("/chargers/NOPE", {"notes": "x"})
    assert status == 404 and body["error"] == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"registration_status": None}, "registration_status"),
        ({"registration_status": "Gone"}, "registration_status"),
        ({"password": ""}, "password"),
        ({"auth_required": None}, "auth_required"),
        ({"allowed_ips": None}, "allowed_ips"),
        ({"allowed_ips": ["300.1.1.1"]}, "allowed_ips[0]"),
        ({"soap_endpoint_override": "mailto:a@b"}, "soap_endpoint_override"),
        ({"id": "CP-2"}, "body"),  # the id cannot change
        ({"vendor": "Other"}, "body"),  # what the charger reported is not the operator's
        ([], "body"),
    ],
)
async def test_patch_refuses_invalid_fields(api: ApiClient, body: Any, field: str) -> None:
    await api.add_charger("CP-1")
    status, answer = await api.patch("/chargers/CP-1", body)
    assert status == 422, answer
    assert answer["errors"][0]["field"] == field
    charger = await api.store.get_charger("CP-1")
    assert charger is not None and charger.registration_status is RegistrationStatus.ACCEPTED


async def test_patch_sets_and_clears_the_password(api: ApiClient) -> None:
    await api.add_charger("CP-PW")
    status, body = await api.patch("/chargers/CP-PW", {"password": PASSWORD})
    assert status == 200 and body["has_password"] is True
    charger = await api.store.get_charger("CP-PW")
    assert charger is not None and charger.password_hash is not None
    assert verify_password(charger.password_hash, PASSWORD)
    assert await _refused_status(api, "CP-PW", None) == 401
    assert (await _json_boot(api, "CP-PW", _basic("CP-PW", PASSWORD)))["status"] == "Accepted"

    status, body = await api.patch("/chargers/CP-PW", {"password": None})
    assert status == 200 and body["has_password"] is False
    assert (await _json_boot(api, "CP-PW"))["status"] == "Accepted"  # profile 0 again


async def test_patch_auth_required_and_allowed_ips_apply_at_the_next_connection(
    api: ApiClient,
) -> None:
    await api.add_charger("CP-1")
    await api.patch("/chargers/CP-1", {"auth_required": True})
    assert await _refused_status(api, "CP-1", None) == 401
    await api.patch("/chargers/CP-1", {"auth_required": False, "allowed_ips": ["10.0.0.0/8"]})
    assert await _refused_status(api, "CP-1", None) == 403
    await api.patch("/chargers/CP-1", {"allowed_ips": ["127.0.0.0/8"]})
    assert (await _json_boot(api, "CP-1"))["status"] == "Accepted"


@pytest.mark.parametrize("new_status", ["Pending", "Rejected"])
async def test_a_registration_change_answers_the_next_boot(api: ApiClient, new_status: str) -> None:
    await api.add_charger("CP-1")
    assert (await _json_boot(api, "CP-1"))["status"] == "Accepted"
    status, _ = await api.patch("/chargers/CP-1", {"registration_status": new_status})
    assert status == 200
    assert (await _json_boot(api, "CP-1"))["status"] == new_status
    status, _ = await api.patch("/chargers/CP-1", {"registration_status": "Accepted"})
    assert (await _json_boot(api, "CP-1"))["status"] == "Accepted"


async def test_a_pending_charger_is_refused_its_next_message(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    async with websockets.connect(
        _ws_url(api, "CP-1"), subprotocols=[websockets.Subprotocol("ocpp1.6")]
    ) as ws:
        await ws.send(json.dumps([2, "hb-1", "Heartbeat", {}]))
        assert json.loads(await asyncio.wait_for(ws.recv(), WAIT))[0] == 3
        status, _ = await api.patch("/chargers/CP-1", {"registration_status": "Pending"})
        assert status == 200
        await ws.send(json.dumps([2, "hb-2", "Heartbeat", {}]))
        reply = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
    assert reply[0] == 4 and reply[1] == "hb-2", reply  # a CallError, not a CallResult


async def _heartbeat(ws: Any, message_id: str) -> list[Any]:
    await ws.send(json.dumps([2, message_id, "Heartbeat", {}]))
    reply: list[Any] = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
    return reply


async def _closed_by_server(ws: Any) -> websockets.ConnectionClosed:
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await asyncio.wait_for(ws.recv(), WAIT)
    return closed.value


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        ({"password": PASSWORD}, 401),
        ({"allowed_ips": ["10.0.0.0/8"]}, 403),
        ({"auth_required": True}, 401),
    ],
    ids=["password", "allowed_ips", "auth_required"],
)
async def test_a_new_admission_rule_closes_the_connection_and_applies_to_the_next(
    api: ApiClient, change: dict[str, Any], refused: int
) -> None:
    await api.add_charger("CP-1")
    async with websockets.connect(
        _ws_url(api, "CP-1"), subprotocols=[websockets.Subprotocol("ocpp1.6")]
    ) as ws:
        assert (await _heartbeat(ws, "hb-1"))[0] == 3
        assert (await api.patch("/chargers/CP-1", change))[0] == 200
        closed = await _closed_by_server(ws)
    assert closed.rcvd is not None and closed.rcvd.code == 1008, closed
    assert "admission changed" in closed.rcvd.reason
    assert await _refused_status(api, "CP-1", None) == refused
    if "password" in change:
        assert (await _json_boot(api, "CP-1", _basic("CP-1", PASSWORD)))["status"] == "Accepted"


async def test_a_patch_that_leaves_admission_alone_keeps_the_connection(api: ApiClient) -> None:
    await api.post(
        "/chargers",
        {"id": "CP-1", "registration_status": "Accepted", "allowed_ips": ["127.0.0.0/8"]},
    )
    async with websockets.connect(
        _ws_url(api, "CP-1"), subprotocols=[websockets.Subprotocol("ocpp1.6")]
    ) as ws:
        changes = [
            {"notes": "moved to bay 4"},
            {"allowed_ips": ["127.0.0.0/8"]},  # as it was
            {"auth_required": False},  # as it was
            {"registration_status": "Pending"},  # refuses messages, not the connection
        ]
        for n, change in enumerate(changes):
            assert (await api.patch("/chargers/CP-1", change))[0] == 200, change
            reply = await _heartbeat(ws, f"hb-{n}")
            assert reply[1] == f"hb-{n}", change
    assert reply[0] == 4  # Pending: a CallError on the same connection


# --- delete ------------------------------------------------------------------------------------


async def test_delete_answers_204_then_404(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    await api.add_charger("CP-2")
    status, body = await api.delete("/chargers/CP-1")
    assert status == 204 and body == ""
    status, _ = await api.get("/chargers/CP-1", scope="read")
    assert status == 404
    status, body = await api.delete("/chargers/CP-1")
    assert status == 404 and body["error"] == "not_found"
    assert [c.id for c in await api.store.list_chargers()] == ["CP-2"]


async def test_deleting_a_connected_charger_closes_its_connection_only(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    await api.add_charger("CP-2")
    protocols = [websockets.Subprotocol("ocpp1.6")]
    async with (
        websockets.connect(_ws_url(api, "CP-1"), subprotocols=protocols) as gone,
        websockets.connect(_ws_url(api, "CP-2"), subprotocols=protocols) as kept,
    ):
        assert (await _heartbeat(gone, "hb-1"))[0] == 3
        assert (await _heartbeat(kept, "hb-1"))[0] == 3
        assert (await api.delete("/chargers/CP-1"))[0] == 204
        closed = await _closed_by_server(gone)
        assert closed.rcvd is not None and closed.rcvd.code == 1008, closed
        assert "deleted" in closed.rcvd.reason
        assert (await _heartbeat(kept, "hb-2"))[:2] == [3, "hb-2"]
    await asyncio.sleep(0.1)  # the closed session's goodbye (marks a charger offline)
    assert await api.store.get_charger("CP-1") is None  # not written back by the goodbye
    assert [c.id for c in await api.store.list_chargers()] == ["CP-2"]


async def test_a_deleted_id_can_be_added_again(api: ApiClient) -> None:
    await api.post("/chargers", {"id": "CP-1", "registration_status": "Accepted", "notes": "a"})
    assert (await api.delete("/chargers/CP-1"))[0] == 204
    status, body = await api.post("/chargers", {"id": "CP-1", "registration_status": "Pending"})
    assert status == 201 and body["notes"] is None and body["registration_status"] == "Pending"


# --- message log -------------------------------------------------------------------------------


def _entry(
    direction: Direction, action: str | None, minutes: int, charger_id: str = "CP-1"
) -> MessageLogEntry:
    return MessageLogEntry(
        charger_id=charger_id,
        direction=direction,
        transport=Transport.JSON,
        action=action,
        message=f'[2,"{minutes}","{action}",{{}}]',
        timestamp=T0 + dt.timedelta(minutes=minutes),
    )


async def _message_log(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    await api.add_charger("CP-2")
    await api.store.log_messages(
        [
            _entry(Direction.IN, "BootNotification", 0),
            _entry(Direction.OUT, "BootNotification", 0),  # same timestamp: the id decides
            _entry(Direction.IN, "Heartbeat", 1),
            _entry(Direction.OUT, "Heartbeat", 1),
            _entry(Direction.IN, "StatusNotification", 2),
            _entry(Direction.OUT, "StatusNotification", 2),
            _entry(Direction.OUT, "Reset", 3),
            _entry(Direction.IN, None, 3),  # an answer: no action of its own
            _entry(Direction.IN, "Heartbeat", 0, charger_id="CP-2"),
        ]
    )


async def test_messages_page_newest_first(api_both: ApiClient) -> None:
    await _message_log(api_both)
    for limit in (1, 3, 8):
        items = await _all_pages(api_both, "/chargers/CP-1/messages", limit)
        assert [(m["timestamp"][14:16], m["direction"], m["action"]) for m in items] == [
            ("03", "in", None),
            ("03", "out", "Reset"),
            ("02", "out", "StatusNotification"),
            ("02", "in", "StatusNotification"),
            ("01", "out", "Heartbeat"),
            ("01", "in", "Heartbeat"),
            ("00", "out", "BootNotification"),
            ("00", "in", "BootNotification"),
        ]
        ids = [m["id"] for m in items]
        assert len(set(ids)) == 8
    first = items[0]
    assert first == {
        "id": first["id"],
        "charger_id": "CP-1",
        "direction": "in",
        "transport": "json",
        "action": None,
        "message": '[2,"3","None",{}]',
        "timestamp": "2024-05-01T12:03:00Z",
        "flags": [],
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"direction": "in"},
            ["3:None", "2:StatusNotification", "1:Heartbeat", "0:BootNotification"],
        ),
        ({"direction": "out", "action": "Reset"}, ["3:Reset"]),
        ({"action": "Heartbeat"}, ["1:Heartbeat", "1:Heartbeat"]),
        (
            {"since": "2024-05-01T12:02:00Z"},
            ["3:None", "3:Reset", "2:StatusNotification", "2:StatusNotification"],
        ),
        ({"until": "2024-05-01T12:01:00Z"}, ["0:BootNotification", "0:BootNotification"]),
        (
            {"since": "2024-05-01T14:01:00+02:00", "until": "2024-05-01T12:02:00Z"},
            ["1:Heartbeat", "1:Heartbeat"],
        ),
        ({"action": "Authorize"}, []),
    ],
)
async def test_message_filters(
    api_both: ApiClient, params: dict[str, str], expected: list[str]
) -> None:
    await _message_log(api_both)
    items = await _all_pages(api_both, "/chargers/CP-1/messages", 2, **params)
    assert [f"{int(m['timestamp'][14:16])}:{m['action']}" for m in items] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"direction": "both"}, "direction"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2024-05-01T12:00:00"}, "until"),  # no time zone
        ({"cursor": _cursor(["CP-1"])}, "cursor"),  # a charger listing's cursor
        ({"cursor": _cursor(["not a time", 5])}, "cursor"),
        ({"cursor": _cursor(["2024-05-01T12:00:00Z", "5"])}, "cursor"),
        ({"cursor": _cursor(["2024-05-01T12:00:00Z", 2**70])}, "cursor"),
        ({"limit": "-1"}, "limit"),
    ],
)
async def test_messages_refuse_bad_parameters(
    api: ApiClient, params: dict[str, str], field: str
) -> None:
    await api.add_charger("CP-1")
    status, body = await api.get("/chargers/CP-1/messages", params=params, scope="read")
    assert status == 422, body
    assert body["errors"][0]["field"] == field


async def test_messages_of_a_refused_charge_box_id_are_listed(api: ApiClient) -> None:
    await api.store.log_messages([_entry(Direction.IN, "BootNotification", 0, "STRANGER")])
    status, body = await api.get("/chargers/STRANGER/messages", scope="read")
    assert status == 200 and [m["charger_id"] for m in body["items"]] == ["STRANGER"]
    status, _ = await api.get("/chargers/STRANGER", scope="read")
    assert status == 404


async def test_a_real_charger_s_messages_are_logged(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    await _json_boot(api, "CP-1")
    deadline = asyncio.get_running_loop().time() + WAIT
    while True:  # the log is written behind the answer
        _, body = await api.get(
            "/chargers/CP-1/messages", params={"action": "BootNotification"}, scope="read"
        )
        if len(body["items"]) == 2 or asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.05)
    assert [m["direction"] for m in body["items"]] == ["out", "in"]
    assert '"BootNotification"' in body["items"][1]["message"]
    assert utcnow() - dt.timedelta(minutes=1) < dt.datetime.fromisoformat(
        body["items"][0]["timestamp"]
    )
