"""The integrator API's queries over transactions, meter values and id tags.

Module-level functions of a session, run by ``SqlStore.read`` (or, for the id-tag
writes, by the thin methods at the end of ``storage/_store.py``). Every listing is a
keyset page: it continues after the sort key of the previous page's last row, filters in
SQL, and asks for ``limit`` rows (the API asks for one more to learn whether a next
page exists).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bridge.enums import AuthorizationStatus, Measurand
from bridge.records import IdTagRecord, MeterRow, TransactionRecord

from .._dialect import upsert
from .._models import IdTag, MeterValue, Transaction, id_tags_table
from .._telemetry import meter_row_record
from .._transactions import id_tag_record, tag_key, transaction_record

# --- transactions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TransactionFilter:
    charger_id: str | None = None
    id_tag: str | None = None
    since: dt.datetime | None = None  # on the start; an unmatched stop's stop time
    until: dt.datetime | None = None
    open: bool | None = None


def _transaction_time() -> ColumnElement[dt.datetime]:
    """When a transaction happened: its start, or for an unmatched StopTransaction (a row
    with no start) its stop."""
    return func.coalesce(Transaction.start_timestamp, Transaction.stop_timestamp)


def _transaction_conditions(where: TransactionFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.charger_id is not None:
        conditions.append(Transaction.charger_id == where.charger_id)
    if where.id_tag is not None:
        conditions.append(Transaction.id_tag == where.id_tag)
    if where.since is not None:
        conditions.append(_transaction_time() >= where.since)
    if where.until is not None:
        conditions.append(_transaction_time() < where.until)
    if where.open is True:
        conditions += [
            Transaction.start_timestamp.is_not(None),
            Transaction.stop_timestamp.is_(None),
        ]
    elif where.open is False:
        conditions.append(Transaction.stop_timestamp.is_not(None))
    return conditions


async def list_transactions(
    session: AsyncSession, where: TransactionFilter, limit: int, before_id: int | None = None
) -> list[TransactionRecord]:
    """Newest first (by id); ``before_id`` continues after the row with that id."""
    query = select(Transaction).where(*_transaction_conditions(where))
    if before_id is not None:
        query = query.where(Transaction.id < before_id)
    query = query.order_by(Transaction.id.desc()).limit(limit)
    return [transaction_record(row) for row in await session.scalars(query)]


# --- meter values --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterValueFilter:
    charger_id: str | None = None
    transaction_id: int | None = None
    measurand: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class MeterValueKey:
    """Where a meter-value listing continues: after this (timestamp, row id)."""

    timestamp: dt.datetime
    id: int


def _meter_conditions(where: MeterValueFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.charger_id is not None:
        conditions.append(MeterValue.charger_id == where.charger_id)
    if where.transaction_id is not None:
        conditions.append(MeterValue.transaction_id == where.transaction_id)
    if where.measurand is not None:
        if where.measurand == Measurand.ENERGY_ACTIVE_IMPORT_REGISTER.value:
            # OCPP 1.6 7.31: a sampled value without a measurand is this one.
            conditions.append(
                or_(MeterValue.measurand == where.measurand, MeterValue.measurand.is_(None))
            )
        else:
            conditions.append(MeterValue.measurand == where.measurand)
    if where.since is not None:
        conditions.append(MeterValue.timestamp >= where.since)
    if where.until is not None:
        conditions.append(MeterValue.timestamp < where.until)
    return conditions


async def list_meter_values(
    session: AsyncSession, where: MeterValueFilter, limit: int, after: MeterValueKey | None = None
) -> list[tuple[MeterValueKey, MeterRow]]:
    """Oldest first, by (timestamp, row id); each row with the key a next page uses."""
    query = select(MeterValue).where(*_meter_conditions(where))
    if after is not None:
        query = query.where(
            or_(
                MeterValue.timestamp > after.timestamp,
                and_(MeterValue.timestamp == after.timestamp, MeterValue.id > after.id),
            )
        )
    query = query.order_by(MeterValue.timestamp, MeterValue.id).limit(limit)
    return [
        (MeterValueKey(row.timestamp, row.id), meter_row_record(row))
        for row in await session.scalars(query)
    ]


# --- id tags -------------------------------------------------------------------------------

ID_TAG_FIELDS = ("status", "expiry_date", "parent_id_tag", "blocked", "max_active_transactions")


@dataclass(frozen=True, slots=True, kw_only=True)
class IdTagFilter:
    blocked: bool | None = None
    status: AuthorizationStatus | None = None
    q: str | None = None  # a substring of the id tag, any case
    parent_id_tag: str | None = None


async def list_id_tags(
    session: AsyncSession, where: IdTagFilter, limit: int, after: str | None = None
) -> list[IdTagRecord]:
    """By id tag; ``after`` continues after that tag."""
    query = select(IdTag)
    if where.blocked is not None:
        query = query.where(IdTag.blocked == where.blocked)
    if where.status is not None:
        query = query.where(IdTag.status == where.status.value)
    if where.q is not None:
        query = query.where(func.lower(IdTag.id_tag).contains(where.q.lower(), autoescape=True))
    if where.parent_id_tag is not None:
        query = query.where(func.upper(IdTag.parent_id_tag) == tag_key(where.parent_id_tag))
    if after is not None:
        query = query.where(IdTag.id_tag > after)
    query = query.order_by(IdTag.id_tag).limit(limit)
    return [id_tag_record(row) for row in await session.scalars(query)]


@dataclass(frozen=True, slots=True)
class IdTagsSaved:
    created: int
    existing: int  # updated (``overwrite``) or left alone


def _id_tag_values(tag: IdTagRecord) -> dict[str, Any]:
    return {
        "id_tag": tag.id_tag,
        "id_tag_key": tag_key(tag.id_tag),
        "status": tag.status.value,
        "expiry_date": tag.expiry_date,
        "parent_id_tag": tag.parent_id_tag,
        "blocked": tag.blocked,
        "max_active_transactions": tag.max_active_transactions,
    }


async def save_id_tags(
    session: AsyncSession,
    tags: Sequence[IdTagRecord],
    overwrite: bool,
    fields: Sequence[str] = ID_TAG_FIELDS,
) -> IdTagsSaved:
    """Insert the tags that are new; with ``overwrite``, set ``fields`` of those that
    exist to the given values (the other fields keep theirs). Without it existing tags
    are left alone. The caller's transaction makes it all or nothing.

    Each id tag may appear once, in any case (they are case-insensitive): PostgreSQL
    refuses to upsert one row twice in a statement. A tag that exists in another case is
    the same tag: it keeps its stored spelling."""
    if not tags:
        return IdTagsSaved(0, 0)
    unknown = set(fields) - set(ID_TAG_FIELDS)
    if unknown:
        raise ValueError(f"not id-tag fields: {sorted(unknown)}")
    params = [_id_tag_values(tag) for tag in tags]
    t = id_tags_table
    insert = (
        upsert(session, t)
        .on_conflict_do_nothing(index_elements=["id_tag_key"])
        .returning(t.c.id_tag_key)
    )
    created = {key for (key,) in await session.execute(insert, params)}
    existing = [p for p in params if p["id_tag_key"] not in created]
    if overwrite and existing and fields:
        # An upsert rather than an UPDATE: a tag deleted since the INSERT comes back.
        statement = upsert(session, t)
        statement = statement.on_conflict_do_update(
            index_elements=["id_tag_key"],
            set_={name: statement.excluded[name] for name in fields},
        )
        await session.execute(statement, existing)
    return IdTagsSaved(len(created), len(existing))
