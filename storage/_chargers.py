"""Chargers: identity, registration, contact, and the protocol each one speaks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bridge.enums import OcppVersion, RegistrationStatus, Transport
from bridge.errors import UnknownChargerError
from bridge.messages import BootNotification
from bridge.records import ChargerRecord

from ._batch import Operation, Unit
from ._dialect import rowcount
from ._errors import DuplicateChargerError
from ._models import Charger, ProtocolHistory, chargers_table, protocol_history_table


@dataclass(frozen=True, slots=True, kw_only=True)
class ProtocolChange:
    """From ``at`` on, the charger spoke ``version`` over ``transport``."""

    charger_id: str
    transport: Transport
    version: OcppVersion
    at: dt.datetime


def charger_record(row: Charger) -> ChargerRecord:
    return ChargerRecord(
        id=row.id,
        registration_status=RegistrationStatus(row.registration_status),
        transport=Transport(row.transport) if row.transport else None,
        version=OcppVersion(row.version) if row.version else None,
        soap_endpoint=row.soap_endpoint,
        soap_endpoint_override=row.soap_endpoint_override,
        password_hash=row.password_hash,
        auth_required=row.auth_required,
        allowed_ips=tuple(row.allowed_ips),
        vendor=row.vendor,
        model=row.model,
        charge_point_serial_number=row.charge_point_serial_number,
        charge_box_serial_number=row.charge_box_serial_number,
        firmware_version=row.firmware_version,
        iccid=row.iccid,
        imsi=row.imsi,
        meter_type=row.meter_type,
        meter_serial_number=row.meter_serial_number,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        online=row.online,
        notes=row.notes,
    )


async def get_charger(session: AsyncSession, charger_id: str) -> ChargerRecord | None:
    row = await session.get(Charger, charger_id)
    return None if row is None else charger_record(row)


async def list_chargers(session: AsyncSession) -> list[ChargerRecord]:
    rows = await session.scalars(select(Charger).order_by(Charger.id))
    return [charger_record(row) for row in rows]


async def add_charger(
    session: AsyncSession,
    charger_id: str,
    registration_status: RegistrationStatus,
    password_hash: str | None,
    now: dt.datetime,
) -> ChargerRecord:
    row = Charger(
        id=charger_id,
        registration_status=registration_status.value,
        password_hash=password_hash,
        created_at=now,
        online=False,
        auth_required=False,
        allowed_ips=[],
    )
    session.add(row)
    try:
        await session.flush()
    except IntegrityError as exc:  # the primary key: the only constraint a new row can break
        raise DuplicateChargerError(charger_id) from exc
    return charger_record(row)


async def _update(session: AsyncSession, charger_id: str, **values: Any) -> bool:
    result = await session.execute(
        update(chargers_table).where(chargers_table.c.id == charger_id).values(**values)
    )
    return rowcount(result) > 0


async def set_registration(
    session: AsyncSession, charger_id: str, status: RegistrationStatus
) -> bool:
    return await _update(session, charger_id, registration_status=status.value)


async def set_password(session: AsyncSession, charger_id: str, password_hash: str | None) -> bool:
    return await _update(session, charger_id, password_hash=password_hash)


async def set_access(
    session: AsyncSession, charger_id: str, auth_required: bool, allowed_ips: Sequence[str]
) -> bool:
    return await _update(
        session, charger_id, auth_required=auth_required, allowed_ips=list(allowed_ips)
    )


async def set_soap_endpoint_override(
    session: AsyncSession, charger_id: str, endpoint: str | None
) -> bool:
    return await _update(session, charger_id, soap_endpoint_override=endpoint)


async def set_notes(session: AsyncSession, charger_id: str, notes: str | None) -> bool:
    return await _update(session, charger_id, notes=notes)


async def delete_charger(session: AsyncSession, charger_id: str) -> bool:
    """The charger and, by cascade, everything recorded about it (not the message log)."""
    result = await session.execute(delete(Charger).where(Charger.id == charger_id))
    return rowcount(result) > 0


async def record_boot(
    session: AsyncSession,
    charger_id: str,
    boot: BootNotification,
    status: RegistrationStatus,
    now: dt.datetime,
) -> None:
    found = await _update(
        session,
        charger_id,
        registration_status=status.value,
        vendor=boot.charge_point_vendor,
        model=boot.charge_point_model,
        charge_point_serial_number=boot.charge_point_serial_number,
        charge_box_serial_number=boot.charge_box_serial_number,
        firmware_version=boot.firmware_version,
        iccid=boot.iccid,
        imsi=boot.imsi,
        meter_type=boot.meter_type,
        meter_serial_number=boot.meter_serial_number,
        last_boot=now,
    )
    if not found:
        raise UnknownChargerError(f"no charger {charger_id!r}")


def booted(
    record: ChargerRecord, boot: BootNotification, status: RegistrationStatus
) -> ChargerRecord:
    """The record as :func:`record_boot` leaves its row."""
    return dataclasses.replace(
        record,
        registration_status=status,
        vendor=boot.charge_point_vendor,
        model=boot.charge_point_model,
        charge_point_serial_number=boot.charge_point_serial_number,
        charge_box_serial_number=boot.charge_box_serial_number,
        firmware_version=boot.firmware_version,
        iccid=boot.iccid,
        imsi=boot.imsi,
        meter_type=boot.meter_type,
        meter_serial_number=boot.meter_serial_number,
    )


def contacted(
    record: ChargerRecord,
    transport: Transport,
    version: OcppVersion,
    now: dt.datetime,
    soap_endpoint: str | None,
) -> ChargerRecord:
    """The record as :data:`RECORD_CONTACT` leaves its row (seen times only widen)."""
    return dataclasses.replace(
        record,
        transport=transport,
        version=version,
        soap_endpoint=record.soap_endpoint if soap_endpoint is None else soap_endpoint,
        first_seen=now if record.first_seen is None else min(record.first_seen, now),
        last_seen=now if record.last_seen is None else max(record.last_seen, now),
    )


async def set_online(
    session: AsyncSession, charger_id: str, online: bool, now: dt.datetime
) -> None:
    await session.execute(
        update(chargers_table)
        .where(chargers_table.c.id == charger_id, chargers_table.c.online != online)
        .values(online=online, online_changed_at=now)
    )


async def expire_soap_presence(
    session: AsyncSession, silent_since: dt.datetime, now: dt.datetime
) -> list[str]:
    c = Charger
    silent = (c.transport == Transport.SOAP.value, c.online.is_(True), c.last_seen < silent_since)
    ids = list(await session.scalars(select(c.id).where(*silent).with_for_update()))
    if ids:
        await session.execute(
            update(c).where(c.id.in_(ids), *silent).values(online=False, online_changed_at=now)
        )
    return ids


class ExpireSoapPresence(Operation[tuple[dt.datetime, dt.datetime], list[str]]):
    """Through the group-commit writer, after the last-seen times noted before it: a
    charger seen a moment ago is not taken for silent."""

    async def run(
        self, unit: Unit, calls: Sequence[tuple[dt.datetime, dt.datetime]]
    ) -> list[list[str]]:
        await unit.flush()
        return [await expire_soap_presence(unit.session, since, now) for since, now in calls]


EXPIRE_SOAP_PRESENCE = ExpireSoapPresence()


@dataclass(frozen=True, slots=True)
class ContactCall:
    charger_id: str
    transport: Transport
    version: OcppVersion
    now: dt.datetime
    soap_endpoint: str | None


class RecordContact(Operation[ContactCall, bool]):
    """:meth:`bridge.store.Store.record_contact`, for a batch of contacts: one SELECT,
    then UPDATEs only for chargers whose protocol or endpoint changed."""

    async def run(self, unit: Unit, calls: Sequence[ContactCall]) -> list[bool]:
        c = chargers_table.c
        # FOR NO KEY UPDATE (PostgreSQL; SQLite's writer holds the database lock anyway):
        # a second gateway process cannot read the old protocol meanwhile and append the
        # same change to the history, while inserts whose foreign keys point at these
        # rows (FOR KEY SHARE) are not held up. Sorted: batches lock in the same order.
        rows = await unit.session.execute(
            select(c.id, c.transport, c.version, c.soap_endpoint)
            .where(c.id.in_(sorted({call.charger_id for call in calls})))
            .order_by(c.id)
            .with_for_update(key_share=True)
        )
        current = {row.id: [row.transport, row.version, row.soap_endpoint] for row in rows}
        dirty: set[str] = set()
        history: list[dict[str, Any]] = []
        results: list[bool] = []
        for call in calls:
            state = current.get(call.charger_id)
            if state is None:  # unknown charger: nothing to note
                results.append(False)
                continue
            protocol = [call.transport.value, call.version.value]
            changed = state[:2] != protocol
            if changed:
                state[:2] = protocol
                dirty.add(call.charger_id)
                history.append(
                    {
                        "charger_id": call.charger_id,
                        "transport": call.transport.value,
                        "version": call.version.value,
                        "at": call.now,
                    }
                )
            if call.soap_endpoint is not None and state[2] != call.soap_endpoint:
                state[2] = call.soap_endpoint
                dirty.add(call.charger_id)
            unit.touch(call.charger_id, call.now)
            results.append(changed)
        if dirty:
            await unit.session.execute(
                update(chargers_table)
                .where(c.id == bindparam("charger_id"))
                .values(
                    transport=bindparam("transport"),
                    version=bindparam("version"),
                    soap_endpoint=bindparam("soap_endpoint"),
                ),
                [
                    {
                        "charger_id": charger_id,
                        "transport": current[charger_id][0],
                        "version": current[charger_id][1],
                        "soap_endpoint": current[charger_id][2],
                    }
                    for charger_id in sorted(dirty)
                ],
            )
        if history:
            await unit.session.execute(insert(protocol_history_table), history)
        return results


RECORD_CONTACT = RecordContact()


async def protocol_history(session: AsyncSession, charger_id: str) -> list[ProtocolChange]:
    rows = await session.scalars(
        select(ProtocolHistory)
        .where(ProtocolHistory.charger_id == charger_id)
        .order_by(ProtocolHistory.at, ProtocolHistory.id)
    )
    return [
        ProtocolChange(
            charger_id=row.charger_id,
            transport=Transport(row.transport),
            version=OcppVersion(row.version),
            at=row.at,
        )
        for row in rows
    ]
