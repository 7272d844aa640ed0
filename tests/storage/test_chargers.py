from __future__ import annotations

import datetime as dt

import pytest

from bridge.enums import OcppVersion, RegistrationStatus, Transport
from bridge.errors import ChargerError, UnknownChargerError
from bridge.messages import BootNotification
from storage import DuplicateChargerError, ProtocolChange, SqlStore

from .conftest import NOW

LATER = NOW + dt.timedelta(minutes=5)


async def test_add_and_get(store: SqlStore) -> None:
    added = await store.add_charger(
        "CP-9", RegistrationStatus.PENDING, password_hash="$argon2id$x", now=NOW
    )
    assert added.id == "CP-9"
    assert added.registration_status is RegistrationStatus.PENDING
    assert added.password_hash == "$argon2id$x"
    assert (added.transport, added.version, added.online, added.allowed_ips) == (
        None,
        None,
        False,
        (),
    )
    assert await store.get_charger("CP-9") == added
    assert await store.get_charger("nope") is None


async def test_adding_twice_is_a_charger_error(store: SqlStore, charger: str) -> None:
    with pytest.raises(DuplicateChargerError) as caught:
        await store.add_charger(charger, RegistrationStatus.ACCEPTED, now=NOW)
    assert isinstance(caught.value, ChargerError)
    assert caught.value.http_status == 409


async def test_list_chargers(store: SqlStore) -> None:
    for charger_id in ("b", "a", "c"):
        await store.add_charger(charger_id, RegistrationStatus.ACCEPTED, now=NOW)
    assert [c.id for c in await store.list_chargers()] == ["a", "b", "c"]


async def test_set_registration(store: SqlStore, charger: str) -> None:
    assert await store.set_registration(charger, RegistrationStatus.REJECTED)
    record = await store.get_charger(charger)
    assert record is not None
    assert record.registration_status is RegistrationStatus.REJECTED
    assert not await store.set_registration("nope", RegistrationStatus.ACCEPTED)


async def test_record_boot_stores_the_identity(store: SqlStore, charger: str) -> None:
    boot = BootNotification(
        charge_point_vendor="KEBA",
        charge_point_model="P30",
        charge_point_serial_number="cp-sn",
        charge_box_serial_number="cb-sn",
        firmware_version="1.2.3",
        iccid="8949",
        imsi="2620",
        meter_type="DZG",
        meter_serial_number="m-sn",
    )
    await store.record_boot(charger, boot, RegistrationStatus.PENDING, NOW)
    record = await store.get_charger(charger)
    assert record is not None
    assert record.registration_status is RegistrationStatus.PENDING
    assert (record.vendor, record.model, record.firmware_version) == ("KEBA", "P30", "1.2.3")
    assert (record.charge_point_serial_number, record.charge_box_serial_number) == (
        "cp-sn",
        "cb-sn",
    )
    assert (record.iccid, record.imsi, record.meter_type, record.meter_serial_number) == (
        "8949",
        "2620",
        "DZG",
        "m-sn",
    )


async def test_record_boot_of_an_unknown_charger(store: SqlStore) -> None:
    boot = BootNotification(charge_point_vendor="v", charge_point_model="m")
    with pytest.raises(UnknownChargerError):
        await store.record_boot("nope", boot, RegistrationStatus.ACCEPTED, NOW)


async def test_contact_sets_seen_times(store: SqlStore, charger: str) -> None:
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, LATER)
    await store.record_contact(charger, Transport.JSON, OcppVersion.V16, NOW)  # late arrival
    record = await store.get_charger(charger)
    assert record is not None
    assert (record.first_seen, record.last_seen) == (NOW, LATER)


async def test_protocol_history_on_transport_and_version_change(
    store: SqlStore, charger: str
) -> None:
    contacts = [
        (Transport.SOAP, OcppVersion.V15, NOW, True),
        (Transport.SOAP, OcppVersion.V15, NOW + dt.timedelta(seconds=1), False),
        (Transport.JSON, OcppVersion.V16, NOW + dt.timedelta(seconds=2), True),
        (Transport.JSON, OcppVersion.V16, NOW + dt.timedelta(seconds=3), False),
        (Transport.SOAP, OcppVersion.V16, NOW + dt.timedelta(seconds=4), True),
        (Transport.SOAP, OcppVersion.V12, NOW + dt.timedelta(seconds=5), True),
    ]
    for transport, version, at, changed in contacts:
        assert await store.record_contact(charger, transport, version, at) is changed
    record = await store.get_charger(charger)
    assert record is not None
    assert (record.transport, record.version) == (Transport.SOAP, OcppVersion.V12)
    assert await store.protocol_history(charger) == [
        ProtocolChange(charger_id=charger, transport=t, version=v, at=at)
        for t, v, at, changed in contacts
        if changed
    ]


async def test_contact_learns_the_soap_endpoint(store: SqlStore, charger: str) -> None:
    await store.record_contact(
        charger, Transport.SOAP, OcppVersion.V15, NOW, soap_endpoint="http://10.0.0.7:8080/"
    )
    await store.record_contact(charger, Transport.SOAP, OcppVersion.V15, LATER)  # None: kept
    record = await store.get_charger(charger)
    assert record is not None
    assert record.soap_endpoint == "http://10.0.0.7:8080/"
    await store.set_soap_endpoint_override(charger, "http://vpn.example:9000/")
    record = await store.get_charger(charger)
    assert record is not None
    assert record.command_endpoint == "http://vpn.example:9000/"


async def test_contact_from_an_unknown_charger_changes_nothing(store: SqlStore) -> None:
    assert not await store.record_contact("nope", Transport.JSON, OcppVersion.V16, NOW)
    assert await store.list_chargers() == []


async def test_set_online(store: SqlStore, charger: str) -> None:
    await store.set_online(charger, True, NOW)
    record = await store.get_charger(charger)
    assert record is not None and record.online
    await store.set_online(charger, False, LATER)
    record = await store.get_charger(charger)
    assert record is not None and not record.online


async def test_operator_settings(store: SqlStore, charger: str) -> None:
    assert await store.set_password(charger, "$argon2id$y")
    assert await store.set_access(charger, auth_required=True, allowed_ips=["10.0.0.0/8"])
    assert await store.set_notes(charger, "garage, left")
    record = await store.get_charger(charger)
    assert record is not None
    assert record.password_hash == "$argon2id$y"
    assert record.auth_required
    assert record.allowed_ips == ("10.0.0.0/8",)
    assert record.notes == "garage, left"
    assert not await store.set_password("nope", None)


async def test_operator_fields_are_set_in_one_unit_of_work(store: SqlStore) -> None:
    created = await store.create_charger(
        "CP-OP",
        RegistrationStatus.PENDING,
        NOW,
        {"notes": "pole 4", "allowed_ips": ("10.0.0.0/8",), "auth_required": True},
    )
    assert created.notes == "pole 4" and created.allowed_ips == ("10.0.0.0/8",)
    assert created.auth_required and created.registration_status is RegistrationStatus.PENDING
    with pytest.raises(DuplicateChargerError):
        await store.create_charger("CP-OP", RegistrationStatus.ACCEPTED, NOW, {})

    assert await store.update_charger(
        "CP-OP", {"registration_status": RegistrationStatus.ACCEPTED, "notes": None}
    )
    charger = await store.get_charger("CP-OP")
    assert charger is not None and charger.notes is None
    assert charger.registration_status is RegistrationStatus.ACCEPTED  # the cache was dropped
    assert not await store.update_charger("NOPE", {"notes": "x"})
    with pytest.raises(ValueError, match="online"):
        await store.update_charger("CP-OP", {"online": True})  # not the operator's to set
