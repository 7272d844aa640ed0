"""A date-time with a zone that puts it past the calendar in UTC (year 0 or 10000) is a
422 naming the field, on SQLite and on PostgreSQL: in a query filter and in a body.
Schemathesis found the filter as a 500."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ApiClient

EARLY = "0001-01-01T01:00:14+14:30"
LATE = "9999-12-31T23:59:59-14:00"
CASES: list[tuple[str, str, Any, str]] = [
    ("GET", f"/chargers/CP-1/messages?until={EARLY}".replace("+", "%2B"), None, "until"),
    ("GET", f"/transactions?since={LATE}", None, "since"),
    ("POST", "/id-tags", {"id_tag": "TAG-1", "expiry_date": EARLY}, "expiry_date"),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES]
)
async def test_a_time_past_the_calendar_in_utc_is_a_422_naming_it(
    api_both: ApiClient, method: str, path: str, body: Any, field: str
) -> None:
    await api_both.add_charger("CP-1")
    status, answer = await api_both.request(method, path, body)
    assert status == 422, answer
    assert answer["errors"][0]["field"] == field, answer
    assert "out of range in UTC" in answer["detail"], answer
