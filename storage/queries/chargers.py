"""The integrator API's queries on chargers: listings with filters and keyset pages, the
message log, and the fleet's counts. Each is a function of a session for
:meth:`SqlStore.read`; filters and counts are SQL, never a loop over every row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bridge.enums import Direction, OcppVersion, RegistrationStatus, Transport
from bridge.records import ChargerRecord, ConnectorState

from .._chargers import ProtocolChange, add_charger, charger_record, protocol_history
from .._dialect import rowcount
from .._models import Charger, Connector, MessageLog, ProtocolHistory
from .._telemetry import get_connectors

# --- chargers ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargerFilters:
    """None: any. ``q`` is a case-insensitive substring of the id, vendor, model, serial
    numbers or notes."""

    transport: Transport | None = None
    version: OcppVersion | None = None
    online: bool | None = None
    registration_status: RegistrationStatus | None = None
    q: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.transport is not None:
            where.append(Charger.transport == self.transport.value)
        if self.version is not None:
            where.append(Charger.version == self.version.value)
        if self.online is not None:
            where.append(Charger.online.is_(self.online))
        if self.registration_status is not None:
            where.append(Charger.registration_status == self.registration_status.value)
        if self.q:
            where.append(
                or_(
                    *(
                        column.icontains(self.q, autoescape=True)
                        for column in (
                            Charger.id,
                            Charger.vendor,
                            Charger.model,
                            Charger.charge_point_serial_number,
                            Charger.charge_box_serial_number,
                            Charger.meter_serial_number,
                            Charger.notes,
                        )
                    )
                )
            )
        return where


async def list_chargers(
    session: AsyncSession, filters: ChargerFilters, *, after: str | None, limit: int
) -> list[ChargerRecord]:
    """By id; ``after`` continues after the charger with that id."""
    query = select(Charger).where(*filters.conditions()).order_by(Charger.id).limit(limit)
    if after is not None:
        query = query.where(Charger.id > after)
    return [charger_record(row) for row in await session.scalars(query)]


# What an operator may set on a charger, as columns.
OPERATOR_FIELDS = frozenset(
    {
        "registration_status",
        "password_hash",
        "auth_required",
        "allowed_ips",
        "soap_endpoint_override",
        "notes",
    }
)


async def update_charger(
    session: AsyncSession, charger_id: str, changes: Mapping[str, Any]
) -> bool:
    """Set the given operator fields in one statement; False for an unknown charger."""
    unknown = set(changes) - OPERATOR_FIELDS
    if unknown:
        raise ValueError(f"not operator fields: {sorted(unknown)}")
    values = dict(changes)
    if isinstance(values.get("registration_status"), RegistrationStatus):
        values["registration_status"] = values["registration_status"].value
    if "allowed_ips" in values:
        values["allowed_ips"] = list(values["allowed_ips"])
    if not values:
        return await session.get(Charger, charger_id) is not None
    result = await session.execute(update(Charger).where(Charger.id == charger_id).values(**values))
    return rowcount(result) > 0


async def create_charger(
    session: AsyncSession,
    charger_id: str,
    registration_status: RegistrationStatus,
    now: dt.datetime,
    settings: Mapping[str, Any],
) -> ChargerRecord:
    """Add a charger with its operator fields, in the caller's one transaction."""
    await add_charger(session, charger_id, registration_status, None, now)
    await update_charger(session, charger_id, settings)
    found = await get_charger(session, charger_id)
    assert found is not None
    return found


async def get_charger(session: AsyncSession, charger_id: str) -> ChargerRecord | None:
    """The charger as stored now (``SqlStore.get_charger`` may answer from its cache,
    whose last-seen lags behind)."""
    row = await session.get(Charger, charger_id)
    return None if row is None else charger_record(row)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargerDetail:
    charger: ChargerRecord
    connectors: list[ConnectorState]
    protocol_history: list[ProtocolChange]  # oldest first


async def charger_detail(session: AsyncSession, charger_id: str) -> ChargerDetail | None:
    charger = await get_charger(session, charger_id)
    if charger is None:
        return None
    return ChargerDetail(
        charger=charger,
        connectors=await get_connectors(session, charger_id),
        protocol_history=await protocol_history(session, charger_id),
    )


async def connectors_of(session: AsyncSession, charger_id: str) -> list[ConnectorState] | None:
    """None for an unknown charger."""
    if await session.get(Charger, charger_id) is None:
        return None
    return await get_connectors(session, charger_id)


# --- message log ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedMessage:
    id: int
    charger_id: str
    direction: Direction
    transport: Transport
    action: str | None
    message: str
    timestamp: dt.datetime
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageFilters:
    direction: Direction | None = None
    action: str | None = None
    since: dt.datetime | None = None  # inclusive
    until: dt.datetime | None = None  # exclusive


async def list_messages(
    session: AsyncSession,
    charger_id: str,
    filters: MessageFilters,
    *,
    before: tuple[dt.datetime, int] | None,
    limit: int,
) -> list[LoggedMessage]:
    """Newest first: by timestamp, then id, so the (charger_id, timestamp) index serves
    the order; ``before`` continues after the message with that (timestamp, id)."""
    m = MessageLog
    query = (
        select(m)
        .where(m.charger_id == charger_id)
        .order_by(m.timestamp.desc(), m.id.desc())
        .limit(limit)
    )
    if filters.direction is not None:
        query = query.where(m.direction == filters.direction.value)
    if filters.action is not None:
        query = query.where(m.action == filters.action)
    if filters.since is not None:
        query = query.where(m.timestamp >= filters.since)
    if filters.until is not None:
        query = query.where(m.timestamp < filters.until)
    if before is not None:
        query = query.where(tuple_(m.timestamp, m.id) < tuple_(*before))
    return [
        LoggedMessage(
            id=row.id,
            charger_id=row.charger_id,
            direction=Direction(row.direction),
            transport=Transport(row.transport),
            action=row.action,
            message=row.message,
            timestamp=row.timestamp,
            flags=tuple(row.flags),
        )
        for row in await session.scalars(query)
    ]


async def knows_charger_id(session: AsyncSession, charger_id: str) -> bool:
    """A charger with that id exists, or the message log holds messages from it (the log
    keeps what chargers we refused sent)."""
    known = select(
        or_(
            exists().where(Charger.id == charger_id),
            exists().where(MessageLog.charger_id == charger_id),
        )
    )
    return bool(await session.scalar(known))


# --- the fleet --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargerGroup:
    """How many chargers share these four values."""

    transport: str | None
    version: str | None
    online: bool
    registration_status: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FleetCounts:
    chargers: list[ChargerGroup]
    connectors: dict[str, int]  # status -> count, connector 0 (the charger itself) left out


async def fleet_counts(session: AsyncSession) -> FleetCounts:
    """Two GROUP BY queries. Charger groups are few (one per combination of transport,
    version, online and registration status), so the API sums them by each dimension."""
    c = Charger
    groups = await session.execute(
        select(c.transport, c.version, c.online, c.registration_status, func.count()).group_by(
            c.transport, c.version, c.online, c.registration_status
        )
    )
    connectors = await session.execute(
        select(Connector.status, func.count())
        .where(Connector.connector_id > 0)
        .group_by(Connector.status)
    )
    return FleetCounts(
        chargers=[
            ChargerGroup(
                transport=transport,
                version=version,
                online=bool(online),
                registration_status=status,
                count=count,
            )
            for transport, version, online, status, count in groups
        ],
        connectors={status: count for status, count in connectors},
    )


# --- the SOAP-to-OCPP-J migration report ------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SoapCharger:
    """A charger still on SOAP, with what its protocol history says."""

    charger: ChargerRecord
    protocol_since: dt.datetime | None  # since when it speaks what it speaks now
    protocol_changes: int  # rows in its protocol history
    last_json_at: dt.datetime | None  # when it last moved to OCPP-J (and came back since)


@dataclass(frozen=True, slots=True, kw_only=True)
class MigrationFilters:
    version: OcppVersion | None = None
    online: bool | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = [Charger.transport == Transport.SOAP.value]
        if self.version is not None:
            where.append(Charger.version == self.version.value)
        if self.online is not None:
            where.append(Charger.online.is_(self.online))
        return where


async def soap_chargers(
    session: AsyncSession, filters: MigrationFilters, *, after: str | None, limit: int
) -> list[SoapCharger]:
    """By id; one query for the page, one for its chargers' protocol history."""
    query = select(Charger).where(*filters.conditions()).order_by(Charger.id).limit(limit)
    if after is not None:
        query = query.where(Charger.id > after)
    chargers = [charger_record(row) for row in await session.scalars(query)]
    history = await _history_of(session, [c.id for c in chargers])
    return [
        SoapCharger(
            charger=charger,
            protocol_since=history.get(charger.id, (None, 0, None))[0],
            protocol_changes=history.get(charger.id, (None, 0, None))[1],
            last_json_at=history.get(charger.id, (None, 0, None))[2],
        )
        for charger in chargers
    ]


async def _history_of(
    session: AsyncSession, charger_ids: Sequence[str]
) -> dict[str, tuple[dt.datetime | None, int, dt.datetime | None]]:
    if not charger_ids:
        return {}
    h = ProtocolHistory
    rows = await session.execute(
        select(
            h.charger_id,
            func.max(h.at),
            func.count(),
            func.max(case((h.transport == Transport.JSON.value, h.at))),
        )
        .where(h.charger_id.in_(charger_ids))
        .group_by(h.charger_id)
    )
    return {charger_id: (latest, count, last_json) for charger_id, latest, count, last_json in rows}


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelGroup:
    """SOAP chargers of one vendor and model on one OCPP version."""

    vendor: str | None
    model: str | None
    version: str | None
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MigrationCounts:
    soap: list[ModelGroup]
    json_chargers: int  # chargers on OCPP-J now
    moved_to_json: int  # of those, the ones that spoke SOAP before


async def migration_counts(session: AsyncSession) -> MigrationCounts:
    c = Charger
    groups = await session.execute(
        select(
            c.vendor,
            c.model,
            c.version,
            func.count(),
        )
        .where(c.transport == Transport.SOAP.value)
        .group_by(c.vendor, c.model, c.version)
    )
    spoke_soap = exists().where(
        and_(
            ProtocolHistory.charger_id == c.id,
            ProtocolHistory.transport == Transport.SOAP.value,
        )
    )
    json_counts = (
        await session.execute(
            select(func.count(), func.count(case((spoke_soap, 1)))).where(
                c.transport == Transport.JSON.value
            )
        )
    ).one()
    return MigrationCounts(
        soap=[
            ModelGroup(vendor=vendor, model=model, version=version, count=count)
            for vendor, model, version, count in groups
        ],
        json_chargers=json_counts[0],
        moved_to_json=json_counts[1],
    )
