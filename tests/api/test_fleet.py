"""/fleet/summary and /fleet/migration-report (JSON and CSV), over real HTTP; a SOAP 1.5
charger that boots for real shows up in the report."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from bridge import OcppVersion, RegistrationStatus, Transport
from bridge.enums import ChargePointErrorCode, ChargePointStatus
from bridge.messages import BootNotification
from bridge.records import ConnectorState
from tests.soap.conftest import NS, envelope

from .conftest import ApiClient

T0 = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


async def _boot(api: ApiClient, charger_id: str, vendor: str, model: str, firmware: str) -> None:
    await api.store.record_boot(
        charger_id,
        BootNotification(
            charge_point_vendor=vendor, charge_point_model=model, firmware_version=firmware
        ),
        RegistrationStatus.ACCEPTED,
        T0,
    )


async def _status(api: ApiClient, charger_id: str, connector_id: int, status: str) -> None:
    await api.store.save_status(
        ConnectorState(
            charger_id=charger_id,
            connector_id=connector_id,
            status=ChargePointStatus(status),
            error_code=ChargePointErrorCode.NO_ERROR,
        )
    )


async def _fleet(api: ApiClient) -> None:
    """SOAP: S-01 (1.5, Keba P30), S-02 (1.5, Keba P30), S-03 (1.6, ABB Terra), S-04 (1.2,
    no boot, Pending), S-05 (back on SOAP 1.5 after a try on OCPP-J). OCPP-J: J-01 (moved
    from SOAP, online), J-02 (JSON from the start, Rejected). N-01 never connected."""
    store = api.store
    for charger_id in ("S-01", "S-02", "S-03", "S-05", "J-01", "N-01"):
        await api.add_charger(charger_id)
    await api.add_charger("S-04", status=RegistrationStatus.PENDING)
    await api.add_charger("J-02", status=RegistrationStatus.REJECTED)
    await _boot(api, "S-01", "Keba", "P30", "1.11")
    await _boot(api, "S-02", "Keba", "P30", "1.09")
    await _boot(api, "S-03", "ABB", "Terra", "2.0")
    await _boot(api, "S-05", "Keba", "P30", "1.12")
    await store.record_contact("S-01", Transport.SOAP, OcppVersion.V15, T0)
    await store.record_contact("S-02", Transport.SOAP, OcppVersion.V15, T0 + DAY)
    await store.record_contact("S-03", Transport.SOAP, OcppVersion.V16, T0)
    await store.record_contact("S-04", Transport.SOAP, OcppVersion.V12, T0)
    await store.record_contact("S-05", Transport.SOAP, OcppVersion.V15, T0)
    await store.record_contact("S-05", Transport.JSON, OcppVersion.V16, T0 + DAY)
    await store.record_contact("S-05", Transport.SOAP, OcppVersion.V15, T0 + 2 * DAY)
    await store.record_contact("J-01", Transport.SOAP, OcppVersion.V15, T0)
    await store.record_contact("J-01", Transport.JSON, OcppVersion.V16, T0 + DAY)
    await store.set_online("J-01", True, T0 + DAY)
    await store.record_contact("J-02", Transport.JSON, OcppVersion.V16, T0)
    await _status(api, "J-01", 0, "Available")  # the charger itself: not counted
    await _status(api, "J-01", 1, "Charging")
    await _status(api, "J-01", 2, "Available")
    await _status(api, "S-01", 1, "Available")
    await _status(api, "S-03", 1, "Faulted")


# --- summary -------------------------------------------------------------------------------------


async def test_summary_of_an_empty_fleet_has_every_key(api: ApiClient) -> None:
    status, body = await api.get("/fleet/summary", scope="read")
    assert status == 200
    assert body["chargers"]["total"] == 0
    assert body["chargers"]["by_transport"] == {"soap": 0, "json": 0, "none": 0}
    assert body["chargers"]["by_version"] == {"1.2": 0, "1.5": 0, "1.6": 0, "none": 0}
    assert body["chargers"]["by_online"] == {"online": 0, "offline": 0}
    assert body["chargers"]["by_registration_status"] == {
        "Accepted": 0,
        "Pending": 0,
        "Rejected": 0,
    }
    assert body["chargers"]["by_protocol"] == []
    assert body["connectors"]["total"] == 0
    assert set(body["connectors"]["by_status"]) == {s.value for s in ChargePointStatus}


async def test_summary_counts(api_both: ApiClient) -> None:
    await _fleet(api_both)
    status, body = await api_both.get("/fleet/summary", scope="read")
    assert status == 200, body
    chargers = body["chargers"]
    assert chargers["total"] == 8
    assert chargers["by_transport"] == {"soap": 5, "json": 2, "none": 1}
    assert chargers["by_version"] == {"1.2": 1, "1.5": 3, "1.6": 3, "none": 1}
    assert chargers["by_online"] == {"online": 1, "offline": 7}
    assert chargers["by_registration_status"] == {"Accepted": 6, "Pending": 1, "Rejected": 1}
    assert chargers["by_protocol"] == [
        {"transport": "json", "version": "1.6", "count": 2, "online": 1},
        {"transport": "soap", "version": "1.2", "count": 1, "online": 0},
        {"transport": "soap", "version": "1.5", "count": 3, "online": 0},
        {"transport": "soap", "version": "1.6", "count": 1, "online": 0},
    ]
    connectors = body["connectors"]
    assert connectors["total"] == 4
    assert connectors["by_status"]["Available"] == 2
    assert connectors["by_status"]["Charging"] == 1
    assert connectors["by_status"]["Faulted"] == 1
    assert sum(connectors["by_status"].values()) == 4


async def test_summary_needs_a_token(api: ApiClient) -> None:
    status, body = await api.get("/fleet/summary", scope=None)
    assert status == 401 and body["error"] == "unauthorized"


# --- migration report ---------------------------------------------------------------------------


async def test_migration_report_lists_the_soap_chargers(api_both: ApiClient) -> None:
    await _fleet(api_both)
    status, body = await api_both.get("/fleet/migration-report", scope="read")
    assert status == 200, body
    assert [c["id"] for c in body["items"]] == ["S-01", "S-02", "S-03", "S-04", "S-05"]
    assert body["next_cursor"] is None
    first = body["items"][0]
    assert first == {
        "id": "S-01",
        "registration_status": "Accepted",
        "version": "1.5",
        "vendor": "Keba",
        "model": "P30",
        "firmware_version": "1.11",
        "charge_point_serial_number": None,
        "first_seen": first["first_seen"],
        "last_seen": "2024-05-01T12:00:00Z",
        "online": False,
        "soap_endpoint": None,
        "soap_endpoint_override": None,
        "protocol_since": "2024-05-01T12:00:00Z",
        "protocol_changes": 1,
        "last_json_at": None,
    }
    back = body["items"][4]  # tried OCPP-J and came back to SOAP
    assert back["protocol_since"] == "2024-05-03T12:00:00Z"
    assert back["protocol_changes"] == 3
    assert back["last_json_at"] == "2024-05-02T12:00:00Z"
    summary = body["summary"]
    assert summary["soap_chargers"] == 5
    assert summary["json_chargers"] == 2
    assert summary["moved_to_json"] == 1  # J-01; J-02 never spoke SOAP
    assert summary["by_version"] == {"1.2": 1, "1.5": 3, "1.6": 1}
    assert summary["by_vendor_model"] == [
        {
            "vendor": "Keba",
            "model": "P30",
            "count": 3,
            "by_version": {"1.2": 0, "1.5": 3, "1.6": 0},
        },
        {"vendor": None, "model": None, "count": 1, "by_version": {"1.2": 1, "1.5": 0, "1.6": 0}},
        {
            "vendor": "ABB",
            "model": "Terra",
            "count": 1,
            "by_version": {"1.2": 0, "1.5": 0, "1.6": 1},
        },
    ]


async def test_migration_report_pages_and_filters(api_both: ApiClient) -> None:
    await _fleet(api_both)
    seen: list[str] = []
    summaries: list[Any] = []
    cursor: str | None = None
    while True:
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        status, body = await api_both.get("/fleet/migration-report", params=params, scope="read")
        assert status == 200
        assert len(body["items"]) <= 2
        seen += [c["id"] for c in body["items"]]
        summaries.append(body["summary"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["S-01", "S-02", "S-03", "S-04", "S-05"]
    assert len(summaries) == 3 and all(s == summaries[0] for s in summaries)
    status, body = await api_both.get(
        "/fleet/migration-report", params={"version": "1.5"}, scope="read"
    )
    assert [c["id"] for c in body["items"]] == ["S-01", "S-02", "S-05"]
    assert body["summary"]["soap_chargers"] == 5  # the summary is the whole fleet's


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"version": "2.0"}, "version"),
        ({"limit": "0"}, "limit"),
        ({"cursor": "%%%"}, "cursor"),
        ({"cursor": "WzFd"}, "cursor"),  # [1]
    ],
)
async def test_migration_report_refuses_bad_parameters(
    api: ApiClient, params: dict[str, str], field: str
) -> None:
    status, body = await api.get("/fleet/migration-report", params=params, scope="read")
    assert status == 422, body
    assert body["errors"][0]["field"] == field
    status, body = await api.get("/fleet/migration-report.csv", params=params, scope="read")
    if field in ("version",):
        assert status == 422, body


async def test_migration_report_needs_a_token(api: ApiClient) -> None:
    for path in ("/fleet/migration-report", "/fleet/migration-report.csv"):
        status, body = await api.get(path, scope=None)
        assert status == 401 and body["error"] == "unauthorized"


async def test_a_real_soap_boot_shows_up_in_the_report(api: ApiClient) -> None:
    boot = envelope(
        "1.5",
        "<o:bootNotificationRequest><o:chargePointVendor>Circontrol</o:chargePointVendor>"
        "<o:chargePointModel>CirCarLife</o:chargePointModel>"
        "<o:firmwareVersion>4.2.1</o:firmwareVersion></o:bootNotificationRequest>",
        charger_id="SOAP-REAL",
        from_address="http://192.0.2.10:8080/ocpp/cp",
    )
    async with api.session.post(
        api.url("/ocpp/soap"),
        data=boot.encode(),
        headers={"Content-Type": "application/soap+xml; charset=utf-8"},
    ) as response:
        assert response.status == 200
        text = await response.text()
    assert NS["1.5"] in text and "<status>Accepted</status>" in text.replace("ns0:", "")
    status, body = await api.get("/fleet/migration-report", scope="read")
    assert status == 200
    [charger] = body["items"]
    assert charger["id"] == "SOAP-REAL"
    assert charger["version"] == "1.5"
    assert (charger["vendor"], charger["model"]) == ("Circontrol", "CirCarLife")
    assert charger["firmware_version"] == "4.2.1"
    assert charger["soap_endpoint"] == "http://192.0.2.10:8080/ocpp/cp"
    assert charger["protocol_changes"] == 1 and charger["last_seen"] is not None
    assert body["summary"]["by_vendor_model"] == [
        {
            "vendor": "Circontrol",
            "model": "CirCarLife",
            "count": 1,
            "by_version": {"1.2": 0, "1.5": 1, "1.6": 0},
        }
    ]


# --- CSV -------------------------------------------------------------------------------------------


async def _csv(api: ApiClient, **params: str) -> list[dict[str, str]]:
    async with api.session.get(
        api.url("/fleet/migration-report.csv"), params=params, headers=api.headers("read", None)
    ) as response:
        assert response.status == 200
        assert response.content_type == "text/csv"
        assert "migration-report.csv" in response.headers["Content-Disposition"]
        text = await response.text()
    assert text.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


async def test_migration_report_as_csv(api_both: ApiClient) -> None:
    await _fleet(api_both)
    rows = await _csv(api_both)
    _, report = await api_both.get("/fleet/migration-report", scope="read")
    assert [r["id"] for r in rows] == [c["id"] for c in report["items"]]
    assert list(rows[0]) == [
        "id",
        "registration_status",
        "version",
        "vendor",
        "model",
        "firmware_version",
        "charge_point_serial_number",
        "first_seen",
        "last_seen",
        "online",
        "soap_endpoint",
        "soap_endpoint_override",
        "protocol_since",
        "protocol_changes",
        "last_json_at",
    ]
    assert rows[0]["vendor"] == "Keba" and rows[0]["version"] == "1.5"
    assert rows[0]["online"] == "false" and rows[0]["last_json_at"] == ""
    assert rows[4]["last_json_at"] == "2024-05-02T12:00:00Z"
    assert [r["id"] for r in await _csv(api_both, version="1.6")] == ["S-03"]


async def test_csv_streams_past_one_query_page(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api import fleet

    monkeypatch.setattr(fleet, "CSV_PAGE", 2)
    for i in range(5):
        await api.add_charger(f"S-{i}")
        await api.store.record_contact(f"S-{i}", Transport.SOAP, OcppVersion.V16, T0)
    assert [r["id"] for r in await _csv(api)] == [f"S-{i}" for i in range(5)]
    monkeypatch.setattr(fleet, "CSV_PAGE", 5)  # an exact last page
    assert [r["id"] for r in await _csv(api)] == [f"S-{i}" for i in range(5)]


async def test_csv_quotes_what_looks_like_a_formula(api: ApiClient) -> None:
    await api.add_charger("S-1")
    await _boot(api, "S-1", '=HYPERLINK("x")', "a,b", "-1+2")
    await api.store.record_contact("S-1", Transport.SOAP, OcppVersion.V15, T0)
    [row] = await _csv(api)
    assert row["vendor"] == '\'=HYPERLINK("x")'
    assert row["model"] == "a,b"
    assert row["firmware_version"] == "'-1+2"
