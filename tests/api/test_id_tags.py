"""/id-tags: the tags Authorize and StartTransaction are answered from. Writing, listing,
the all-or-nothing CSV import, and a real OCPP-J charger answered from what the API wrote."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from ocpp.v16 import call

from api import id_tags
from bridge.enums import AuthorizationStatus
from bridge.records import IdTagRecord
from tests.json_ws.conftest import Gateway, running_charger

from .conftest import ApiClient
from .test_transactions import conforms

CSV = {"Content-Type": "text/csv"}


async def post_csv(api: ApiClient, text: str | bytes | Any, **kwargs: Any) -> tuple[int, Any]:
    """POST a CSV body: text, bytes, or anything aiohttp sends as a body."""
    headers = CSV | kwargs.pop("headers", {})
    data = text.encode() if isinstance(text, str) else text
    if isinstance(data, bytes):
        data = io.BytesIO(data)  # aiohttp warns of sending large bytes directly
    return await api.post("/id-tags/import", data=data, headers=headers, **kwargs)


def csv_text(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


async def test_an_id_tag_is_created_read_replaced_patched_and_deleted(api: ApiClient) -> None:
    status, body = await api.post("/id-tags", {"id_tag": "TAG-1"})
    assert status == 201, body
    assert body == {
        "id_tag": "TAG-1",
        "status": "Accepted",
        "expiry_date": None,
        "parent_id_tag": None,
        "blocked": False,
        "max_active_transactions": None,
    }

    full = {
        "id_tag": "TAG-2",
        "status": "Blocked",
        "expiry_date": "2030-01-01T12:00:00+01:00",
        "parent_id_tag": "GROUP",
        "blocked": True,
        "max_active_transactions": 2,
    }
    async with api.session.post(
        api.url("/id-tags"), json=full, headers=api.headers("admin", None)
    ) as response:
        assert response.status == 201
        assert response.headers["Location"] == "/api/v1/id-tags/TAG-2"
        assert (await response.json())["expiry_date"] == "2030-01-01T11:00:00Z"
    assert await api.store.get_id_tag("TAG-2") == IdTagRecord(
        id_tag="TAG-2",
        status=AuthorizationStatus.BLOCKED,
        expiry_date=dt.datetime(2030, 1, 1, 11, tzinfo=dt.UTC),
        parent_id_tag="GROUP",
        blocked=True,
        max_active_transactions=2,
    )

    status, body = await api.get("/id-tags/TAG-2", scope="read")
    assert status == 200 and body["expiry_date"] == "2030-01-01T11:00:00Z"
    await conforms(api, "IdTag", body)

    status, body = await api.patch("/id-tags/TAG-2", {"blocked": False, "expiry_date": None})
    assert status == 200, body
    assert body["blocked"] is False and body["expiry_date"] is None
    assert body["status"] == "Blocked" and body["max_active_transactions"] == 2  # kept

    status, body = await api.put("/id-tags/TAG-2", {"id_tag": "TAG-2", "status": "Expired"})
    assert status == 200, body
    assert body == {
        "id_tag": "TAG-2",
        "status": "Expired",
        "expiry_date": None,
        "parent_id_tag": None,
        "blocked": False,
        "max_active_transactions": None,
    }
    status, again = await api.get("/id-tags/TAG-2", scope="read")
    assert again == body

    status, body = await api.delete("/id-tags/TAG-2")
    assert status == 204
    status, body = await api.get("/id-tags/TAG-2", scope="read")
    assert status == 404 and body["error"] == "not_found"


async def test_a_duplicate_is_409_and_leaves_the_tag_alone(api: ApiClient) -> None:
    assert (await api.post("/id-tags", {"id_tag": "T", "blocked": True}))[0] == 201
    status, body = await api.post("/id-tags", {"id_tag": "T"})
    assert status == 409 and body["error"] == "conflict"
    tag = await api.store.get_id_tag("T")
    assert tag is not None and tag.blocked


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/id-tags/NOPE"),
        ("PUT", "/id-tags/NOPE"),
        ("PATCH", "/id-tags/NOPE"),
        ("DELETE", "/id-tags/NOPE"),
    ],
)
async def test_an_unknown_tag_is_404(api: ApiClient, method: str, path: str) -> None:
    body: dict[str, Any] | None = {} if method in ("PUT", "PATCH") else None
    status, answer = await api.request(method, path, body)
    assert status == 404, answer
    assert "NOPE" in answer["detail"]
    assert await api.store.get_id_tag("NOPE") is None  # PUT does not create


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"id_tag": ""}, "id_tag"),
        ({"id_tag": "X" * 21}, "id_tag"),
        ({"id_tag": "with space"}, "id_tag"),
        ({"id_tag": "a/b"}, "id_tag"),
        ({"id_tag": 12}, "id_tag"),
        ({"id_tag": "T", "status": "ConcurrentTx"}, "status"),
        ({"id_tag": "T", "status": "accepted"}, "status"),
        ({"id_tag": "T", "expiry_date": "2030-01-01T00:00:00"}, "expiry_date"),
        ({"id_tag": "T", "expiry_date": "soon"}, "expiry_date"),
        ({"id_tag": "T", "max_active_transactions": 0}, "max_active_transactions"),
        ({"id_tag": "T", "max_active_transactions": 1.5}, "max_active_transactions"),
        ({"id_tag": "T", "blocked": "yes"}, "blocked"),
        ({"id_tag": "T", "parent_id_tag": "P" * 21}, "parent_id_tag"),
        ({"id_tag": "T", "colour": "red"}, "body"),
    ],
)
async def test_an_invalid_tag_is_422_naming_the_field(
    api: ApiClient, body: dict[str, Any], field: str
) -> None:
    status, answer = await api.post("/id-tags", body)
    assert status == 422, answer
    assert answer["errors"][0]["field"] == field
    assert await api.store.list_id_tags() == []


async def test_updates_are_checked_too(api: ApiClient) -> None:
    await api.post("/id-tags", {"id_tag": "T"})
    status, body = await api.patch("/id-tags/T", {"id_tag": "U"})
    assert status == 422 and body["errors"][0]["field"] == "id_tag"
    status, body = await api.put("/id-tags/T", {"max_active_transactions": -1})
    assert status == 422 and body["errors"][0]["field"] == "max_active_transactions"
    status, body = await api.patch("/id-tags/T", {"status": None})
    assert status == 422 and body["errors"][0]["field"] == "status"
    status, body = await api.patch(
        "/id-tags/T", data=b"{", headers={"Content-Type": "application/json"}
    )
    assert status == 400
    assert await api.store.get_id_tag("T") == IdTagRecord(id_tag="T")


async def test_writing_needs_the_admin_scope(api: ApiClient) -> None:
    await api.post("/id-tags", {"id_tag": "T"})
    writes: list[tuple[str, str, Any]] = [
        ("POST", "/id-tags", {"id_tag": "U"}),
        ("PUT", "/id-tags/T", {}),
        ("PATCH", "/id-tags/T", {"blocked": True}),
        ("DELETE", "/id-tags/T", None),
    ]
    for method, path, body in writes:
        status, answer = await api.request(method, path, body, scope=None)
        assert status == 401 and answer["error"] == "unauthorized"
        for scope in ("read", "operate"):
            status, answer = await api.request(method, path, body, scope=scope)
            assert status == 403 and answer["error"] == "forbidden", (method, scope)
    status, answer = await post_csv(api, "id_tag\nU\n", scope="operate")
    assert status == 403
    assert await api.store.list_id_tags() == [IdTagRecord(id_tag="T")]
    for path in ("/id-tags", "/id-tags/T"):
        assert (await api.get(path, scope=None))[0] == 401
        assert (await api.get(path, scope="read"))[0] == 200


# --- listing --------------------------------------------------------------------------------


async def test_listing_pages_by_id_tag_with_filters(api_both: ApiClient) -> None:
    api = api_both
    await api.store.save_id_tags(
        [
            IdTagRecord(id_tag="GROUP-1", blocked=True),
            *(IdTagRecord(id_tag=f"card-{i:02}", parent_id_tag="GROUP-1") for i in range(5)),
            IdTagRecord(id_tag="CARD-99", status=AuthorizationStatus.EXPIRED),
            IdTagRecord(id_tag="x_%"),
            IdTagRecord(id_tag="xa"),
        ]
    )

    async def listed(**params: str) -> list[str]:
        tags: list[str] = []
        cursor = None
        while True:
            query = params | {"limit": "2"} | ({"cursor": cursor} if cursor else {})
            status, body = await api.get("/id-tags", params=query, scope="read")
            assert status == 200, body
            tags += [t["id_tag"] for t in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                return tags

    status, page = await api.get("/id-tags", scope="read")
    assert status == 200
    await conforms(api, "IdTagPage", page)
    everything = await listed()
    assert everything == sorted(everything) and len(everything) == 9
    assert await listed(blocked="true") == ["GROUP-1"]
    assert len(await listed(blocked="false")) == 8
    assert await listed(status="Expired") == ["CARD-99"]
    assert sorted(await listed(q="CARD")) == sorted(
        ["CARD-99", *(f"card-{i:02}" for i in range(5))]
    )
    assert await listed(q="card-0", parent_id_tag="GROUP-1") == [f"card-{i:02}" for i in range(5)]
    assert await listed(q="_%") == ["x_%"]  # LIKE's wildcards are taken literally
    assert await listed(parent_id_tag="NOPE") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"blocked": "perhaps"}, "blocked"),
        ({"status": "Fine"}, "status"),
        ({"q": ""}, "q"),
        ({"cursor": "WzFd"}, "cursor"),  # [1]
        ({"cursor": "%%%"}, "cursor"),
        ({"limit": "abc"}, "limit"),
    ],
)
async def test_bad_listing_queries_are_422(
    api: ApiClient, params: dict[str, str], field: str
) -> None:
    status, body = await api.get("/id-tags", params=params, scope="read")
    assert status == 422, body
    assert body["errors"][0]["field"] == field


# --- CSV import ------------------------------------------------------------------------------


async def test_import_creates_and_updates_in_one_go(api_both: ApiClient) -> None:
    api = api_both
    await api.post("/id-tags", {"id_tag": "OLD", "blocked": True, "max_active_transactions": 3})
    text = csv_text(
        [
            ["id_tag", "status", "expiry_date", "blocked"],
            ["OLD", "Accepted", "", "false"],
            ["NEW-1", "blocked", "2030-01-01T00:00:00Z", ""],
            [],
            ["NEW-2", "", "", "1"],
        ]
    )
    status, body = await post_csv(api, "\ufeff" + text)  # with a byte order mark
    assert status == 200, body
    assert body == {"created": 2, "updated": 1, "total": 3}

    old = await api.store.get_id_tag("OLD")
    # Columns the file lacks keep their values.
    assert old == IdTagRecord(id_tag="OLD", blocked=False, max_active_transactions=3)
    new1 = await api.store.get_id_tag("NEW-1")
    assert new1 is not None and new1.status is AuthorizationStatus.BLOCKED
    assert new1.expiry_date is not None and new1.expiry_date.year == 2030
    assert await api.store.get_id_tag("NEW-2") == IdTagRecord(id_tag="NEW-2", blocked=True)

    status, body = await post_csv(api, "id_tag\nOLD\nNEW-3\n")
    assert status == 200
    assert body == {"created": 1, "updated": 1, "total": 2}
    assert await api.store.get_id_tag("OLD") == old  # nothing to set
    status, body = await post_csv(api, "id_tag,status\n")
    assert status == 200 and body == {"created": 0, "updated": 0, "total": 0}


async def test_an_import_with_an_invalid_row_writes_nothing(api_both: ApiClient) -> None:
    api = api_both
    await api.post("/id-tags", {"id_tag": "OLD"})
    text = csv_text(
        [
            [
                "id_tag",
                "status",
                "expiry_date",
                "parent_id_tag",
                "blocked",
                "max_active_transactions",
            ],
            ["GOOD", "Accepted", "", "", "", ""],
            ["OLD", "Blocked", "", "", "true", "2"],
            ["BAD-1", "Fine", "2030-01-01", "", "", ""],
            ["", "", "", "has space", "maybe", "0"],
            ["GOOD", "", "", "", "", ""],
            ["SHORT", ""],
            ["X" * 21, "", "", "", "", "many"],
        ]
    )
    status, body = await post_csv(api, text)
    assert status == 422, body
    assert body["error"] == "validation_error"
    assert "nothing was imported" in body["detail"]
    assert [e["field"] for e in body["errors"]] == [
        "row 4: status",
        "row 4: expiry_date",
        "row 5: id_tag",
        "row 5: parent_id_tag",
        "row 5: blocked",
        "row 5: max_active_transactions",
        "row 6: id_tag",
        "row 7",
        "row 8: id_tag",
        "row 8: max_active_transactions",
    ]
    reasons = {e["field"]: e["reason"] for e in body["errors"]}
    assert reasons["row 6: id_tag"] == "repeats row 2"
    assert "time zone" in reasons["row 4: expiry_date"]
    assert await api.store.list_id_tags() == [IdTagRecord(id_tag="OLD")]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("id_tag,colour\nT,red\n", "row 1: colour"),
        ("status\nAccepted\n", "row 1: id_tag"),
        ("id_tag,blocked,blocked\nT,1,1\n", "row 1: blocked"),
        ("", "body"),
        ('id_tag\n"T\n', "body"),  # an unterminated quote
    ],
)
async def test_a_bad_header_or_file_is_422(api: ApiClient, text: str, field: str) -> None:
    status, body = await post_csv(api, text)
    assert status == 422, body
    assert body["errors"][0]["field"] == field
    assert await api.store.list_id_tags() == []


async def test_an_import_takes_only_utf8_csv(api: ApiClient) -> None:
    status, body = await post_csv(api, "id_tag\n\xe9\n".encode("latin-1"))
    assert status == 422 and body["errors"][0]["field"] == "body"
    status, body = await post_csv(api, "id_tag\nT\n", headers={"Content-Type": "text/plain"})
    assert status == 415 and body["error"] == "unsupported_media_type"
    status, body = await api.post("/id-tags/import", [{"id_tag": "T"}])
    assert status == 415
    assert await api.store.list_id_tags() == []


async def test_an_import_over_the_size_cap_is_413(api: ApiClient) -> None:
    line = "T" * 19 + "\n"
    text = "id_tag\n" + line * (id_tags.MAX_IMPORT_BYTES // len(line) + 1)
    status, body = await post_csv(api, text)
    assert status == 413, body
    assert body["error"] == "payload_too_large"
    assert await api.store.list_id_tags() == []


async def test_a_streamed_import_over_the_cap_is_413(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No Content-Length (chunked): the cap is counted as the body arrives."""
    monkeypatch.setattr(id_tags, "MAX_IMPORT_BYTES", 1000)

    async def body() -> Any:
        yield b"id_tag\n"
        for i in range(200):
            yield f"TAG-{i}\n".encode()

    status, answer = await post_csv(api, body())
    assert status == 413, answer
    status, answer = await post_csv(api, "id_tag\n" + "".join(f"T{i}\n" for i in range(100)))
    assert status == 200 and answer["created"] == 100


async def test_an_import_over_the_row_cap_is_413(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(id_tags, "MAX_IMPORT_ROWS", 3)
    status, body = await post_csv(api, "id_tag\nA\nB\nC\nD\n")
    assert status == 413 and "3 rows" in body["detail"]
    status, body = await post_csv(api, "id_tag\nA\nB\nC\n")
    assert status == 200 and body["total"] == 3


async def test_the_openapi_document_declares_the_csv_body(api: ApiClient) -> None:
    status, doc = await api.get("/openapi.json", scope=None)
    assert status == 200
    op = doc["paths"]["/id-tags/import"]["post"]
    assert list(op["requestBody"]["content"]) == ["text/csv"]
    assert doc["components"]["schemas"]["IdTagCsv"]["type"] == "string"
    assert {"413", "415", "422"} <= set(op["responses"])


# --- what chargers are told --------------------------------------------------------------------


async def test_a_charger_is_answered_from_what_the_api_wrote(api: ApiClient) -> None:
    async def authorize(id_tag: str) -> str:
        answer = await charger.call(call.Authorize(id_tag=id_tag))
        return str(answer.id_tag_info["status"])

    gateway = Gateway(api.server, api.app)
    async with running_charger(gateway, "CP-J") as charger:
        await charger.boot()
        assert await authorize("CARD") == "Invalid"

        assert (await api.post("/id-tags", {"id_tag": "CARD", "blocked": True}))[0] == 201
        assert await authorize("CARD") == "Blocked"

        await api.patch("/id-tags/CARD", {"blocked": False})
        assert await authorize("CARD") == "Accepted"

        await api.patch("/id-tags/CARD", {"expiry_date": "2000-01-01T00:00:00Z"})
        assert await authorize("CARD") == "Expired"

        # A blocked parent blocks its children.
        await post_csv(
            api,
            "id_tag,parent_id_tag,blocked,expiry_date,max_active_transactions\n"
            "FLEET,,true,,\nCARD,FLEET,false,,1\n",
        )
        assert await authorize("CARD") == "Blocked"
        await api.patch("/id-tags/FLEET", {"blocked": False})
        assert await authorize("CARD") == "Accepted"

        # max_active_transactions: one open transaction uses the tag up.
        started = await charger.call(
            call.StartTransaction(
                connector_id=1, id_tag="CARD", meter_start=0, timestamp="2024-05-01T10:00:00Z"
            )
        )
        assert started.id_tag_info["status"] == "Accepted"
        second = await charger.call(
            call.StartTransaction(
                connector_id=2, id_tag="CARD", meter_start=0, timestamp="2024-05-01T10:01:00Z"
            )
        )
        assert second.id_tag_info["status"] == "ConcurrentTx"

        assert (await api.delete("/id-tags/CARD"))[0] == 204
        assert await authorize("CARD") == "Invalid"


async def test_id_tags_are_case_insensitive_as_ocpp_says(api: ApiClient) -> None:
    """IdToken is a CiString20: a card entered as 04A1B2 is the one a charger reads as
    04a1b2, through every door. The spelling first given is kept."""
    assert (await api.post("/id-tags", {"id_tag": "04A1B2"}))[0] == 201
    status, body = await api.post("/id-tags", {"id_tag": "04a1b2"})
    assert status == 409, body
    status, body = await api.get("/id-tags/04a1b2")
    assert status == 200 and body["id_tag"] == "04A1B2"
    status, body = await api.patch("/id-tags/04a1B2", {"blocked": True})
    assert status == 200 and body["id_tag"] == "04A1B2" and body["blocked"] is True

    status, body = await post_csv(api, "id_tag,blocked\nCARD-x,true\ncard-X,false\n")
    assert status == 422
    assert body["errors"] == [{"field": "row 3: id_tag", "reason": "repeats row 2"}]

    gateway = Gateway(api.server, api.app)
    async with running_charger(gateway, "CP-J") as charger:
        await charger.boot()
        answer = await charger.call(call.Authorize(id_tag="04a1b2"))
        assert answer.id_tag_info["status"] == "Blocked"
        await api.patch("/id-tags/04A1B2", {"blocked": False})
        answer = await charger.call(call.Authorize(id_tag="04a1b2"))
        assert answer.id_tag_info["status"] == "Accepted"

    assert (await api.delete("/id-tags/04a1b2"))[0] == 204
    assert (await api.get("/id-tags/04A1B2"))[0] == 404
