"""Text that no database keeps (a NUL, a lone surrogate: JSON and URLs can carry both) is
a 422 naming where it was, on SQLite and on PostgreSQL, whose text refuses NUL: in a path,
a query filter or a body, before any query sees it."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ApiClient

CASES: list[tuple[str, str, Any, str]] = [
    ("GET", "/chargers/A%00B", None, "charger_id"),
    ("GET", "/chargers/A%00B/messages", None, "charger_id"),
    ("GET", "/chargers?q=%00", None, "q"),
    ("GET", "/chargers/CP-1/messages?action=x%00", None, "action"),
    ("PATCH", "/chargers/CP-1", {"notes": "a\u0000"}, "notes"),
    ("POST", "/chargers", {"id": "A\ud800", "registration_status": "Accepted"}, "id"),
    ("GET", "/id-tags/A%00", None, "id_tag"),
    ("GET", "/transactions?id_tag=%00", None, "id_tag"),
    ("GET", "/transactions?charger_id=%00", None, "charger_id"),
    ("GET", "/meter-values?measurand=%00", None, "measurand"),
    ("GET", "/commands?charger_id=%00", None, "charger_id"),
    (
        "POST",
        "/chargers/CP-1/commands",
        {"action": "DataTransfer", "payload": {"vendorId": "v", "data": "\u0000"}},
        "payload.data",
    ),
    ("PATCH", "/chargers/CP-1", {"notes": "ok", "\u0000": 1}, "\u0000"),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES]
)
async def test_text_no_database_keeps_is_a_422_naming_where_it_is(
    api_both: ApiClient, method: str, path: str, body: Any, field: str
) -> None:
    await api_both.add_charger("CP-1")
    status, answer = await api_both.request(method, path, body)
    assert status == 422, answer
    assert answer["errors"][0]["field"] == field, answer
    assert "NUL" in answer["detail"] or "surrogate" in answer["detail"], answer
    status, _ = await api_both.get("/chargers/CP-1")  # and the gateway answers on
    assert status == 200
