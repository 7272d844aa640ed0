"""POST /chargers/{id}/commands and GET /commands/{id}: validation, refusals, waiting."""

from __future__ import annotations

from typing import Any

from bridge import OcppVersion, Transport, utcnow

from .conftest import ApiClient


async def test_a_command_for_an_unknown_charger_is_404(api: ApiClient) -> None:
    status, body = await api.post(
        "/chargers/NOPE/commands", {"action": "Reset", "payload": {"type": "Soft"}}
    )
    assert status == 404
    assert body["error"] == "not_found"
    assert "NOPE" in body["detail"]


async def test_an_invalid_payload_is_422_naming_the_field(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    status, body = await api.post(
        "/chargers/CP-1/commands",
        {"action": "RemoteStartTransaction", "payload": {"idTag": "T", "connectorId": "one"}},
    )
    assert status == 422, body
    assert body["error"] == "validation_error"
    assert body["errors"][0]["field"] == "payload.connectorId"
    assert await api.store.list_commands("CP-1") == []  # nothing written


async def test_an_unknown_action_is_422(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    status, body = await api.post("/chargers/CP-1/commands", {"action": "Explode"})
    assert status == 422
    assert body["errors"][0]["field"] == "action"


async def test_an_action_the_version_lacks_is_409_and_recorded(api: ApiClient) -> None:
    await api.add_charger("CP-12")
    await api.store.record_contact("CP-12", Transport.SOAP, OcppVersion.V12, utcnow())
    status, body = await api.post(
        "/chargers/CP-12/commands",
        {"action": "TriggerMessage", "payload": {"requestedMessage": "Heartbeat"}},
    )
    assert status == 409, body
    assert body["error"] == "not_supported"
    assert "1.2" in body["detail"]
    assert body["command"]["status"] == "not_supported"
    [record] = await api.store.list_commands("CP-12")
    assert record.id == body["command"]["id"]


async def test_an_offline_charger_gets_a_final_offline_command(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    status, body = await api.post(
        "/chargers/CP-1/commands", {"action": "Reset", "payload": {"type": "Hard"}, "wait": 2}
    )
    assert status == 201
    assert body["status"] == "offline" and body["final"] is True
    status, again = await api.get(f"/commands/{body['id']}", scope="read")
    assert status == 200 and again == body


async def test_commands_need_the_operate_scope(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    cmd: dict[str, Any] = {"action": "ClearCache"}
    status, body = await api.post("/chargers/CP-1/commands", cmd, scope=None)
    assert status == 401 and body["error"] == "unauthorized"
    status, body = await api.post("/chargers/CP-1/commands", cmd, scope="read")
    assert status == 403 and body["error"] == "forbidden"
    status, _ = await api.post("/chargers/CP-1/commands", cmd, scope="operate")
    assert status == 201


async def test_command_listing_pages_newest_first(api: ApiClient) -> None:
    await api.add_charger("CP-1")
    ids = []
    for _ in range(5):
        _, body = await api.post("/chargers/CP-1/commands", {"action": "ClearCache"})
        ids.append(body["id"])
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        status, page = await api.get("/chargers/CP-1/commands", params=params, scope="read")
        assert status == 200
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(ids, reverse=True)
    status, body = await api.get("/chargers/CP-1/commands", params={"cursor": "garbage!"})
    assert status == 422 and body["errors"][0]["field"] == "cursor"


async def test_commands_to_every_charger_filter_by_status_action_and_charger(
    api: ApiClient,
) -> None:
    for charger in ("CP-1", "CP-2"):
        await api.add_charger(charger)
    await api.store.record_contact("CP-2", Transport.SOAP, OcppVersion.V12, utcnow())
    made = [
        (await api.post("/chargers/CP-1/commands", {"action": "ClearCache"}))[1],  # offline
        (await api.post("/chargers/CP-1/commands", {"action": "Reset", "payload": {"type": "Soft"}}))[1],
        (await api.post(
            "/chargers/CP-2/commands",
            {"action": "TriggerMessage", "payload": {"requestedMessage": "Heartbeat"}},
        ))[1]["command"],  # 409: 1.2 lacks it, and it is recorded
    ]  # fmt: skip
    status, body = await api.get("/commands", scope="read")
    assert status == 200 and [c["id"] for c in body["items"]] == [c["id"] for c in made][::-1]
    _, body = await api.get("/commands", params={"status": "not_supported"})
    assert [c["action"] for c in body["items"]] == ["TriggerMessage"]
    _, body = await api.get("/commands", params=[("action", "Reset,ClearCache")])
    assert {c["action"] for c in body["items"]} == {"Reset", "ClearCache"}
    _, body = await api.get("/commands", params={"charger_id": "CP-2"})
    assert [c["charger_id"] for c in body["items"]] == ["CP-2"]
    status, body = await api.get("/commands", params={"status": "lost"})
    assert status == 422 and body["errors"][0]["field"] == "status"
