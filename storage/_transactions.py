"""Id tags and transactions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bridge.enums import AuthorizationStatus, Reason
from bridge.records import IdTagRecord, NewTransaction, TransactionRecord, TransactionStop

from ._dialect import rowcount, upsert
from ._models import IdTag, Transaction, id_tags_table

# --- id tags -------------------------------------------------------------------------


def id_tag_record(row: IdTag) -> IdTagRecord:
    return IdTagRecord(
        id_tag=row.id_tag,
        status=AuthorizationStatus(row.status),
        expiry_date=row.expiry_date,
        parent_id_tag=row.parent_id_tag,
        blocked=row.blocked,
        max_active_transactions=row.max_active_transactions,
    )


def tag_key(id_tag: str) -> str:
    """What identifies an id tag: OCPP's IdToken is case-insensitive (CiString20)."""
    return id_tag.upper()


async def get_id_tag(session: AsyncSession, id_tag: str) -> IdTagRecord | None:
    row = await session.scalar(select(IdTag).where(IdTag.id_tag_key == tag_key(id_tag)))
    return None if row is None else id_tag_record(row)


async def list_id_tags(session: AsyncSession) -> list[IdTagRecord]:
    rows = await session.scalars(select(IdTag).order_by(IdTag.id_tag))
    return [id_tag_record(row) for row in rows]


async def upsert_id_tag(session: AsyncSession, tag: IdTagRecord) -> None:
    values = {
        "status": tag.status.value,
        "expiry_date": tag.expiry_date,
        "parent_id_tag": tag.parent_id_tag,
        "blocked": tag.blocked,
        "max_active_transactions": tag.max_active_transactions,
    }
    statement = upsert(session, id_tags_table).values(
        id_tag=tag.id_tag, id_tag_key=tag_key(tag.id_tag), **values
    )
    # A tag that exists in another case is updated and keeps its spelling.
    await session.execute(
        statement.on_conflict_do_update(index_elements=["id_tag_key"], set_=values)
    )


async def delete_id_tag(session: AsyncSession, id_tag: str) -> bool:
    result = await session.execute(delete(IdTag).where(IdTag.id_tag_key == tag_key(id_tag)))
    return rowcount(result) > 0


# --- transactions ----------------------------------------------------------------------

_OPEN = (Transaction.start_timestamp.is_not(None), Transaction.stop_timestamp.is_(None))


def transaction_record(row: Transaction) -> TransactionRecord:
    return TransactionRecord(
        id=row.id,
        charger_id=row.charger_id,
        connector_id=row.connector_id,
        id_tag=row.id_tag,
        meter_start=row.meter_start,
        start_timestamp=row.start_timestamp,
        reservation_id=row.reservation_id,
        meter_stop=row.meter_stop,
        stop_timestamp=row.stop_timestamp,
        stop_reason=Reason(row.stop_reason) if row.stop_reason else None,
        stop_id_tag=row.stop_id_tag,
        reported_transaction_id=row.reported_transaction_id,
        transaction_data=row.transaction_data,
        flags=tuple(row.flags),
    )


async def count_open_transactions(session: AsyncSession, id_tag: str) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Transaction)
        .where(func.upper(Transaction.id_tag) == tag_key(id_tag), *_OPEN)
    )
    return count or 0


async def insert_transaction(session: AsyncSession, tx: NewTransaction) -> TransactionRecord:
    """Raises IntegrityError when ``tx.start_key`` exists (see SqlStore.start_transaction)."""
    row = Transaction(
        charger_id=tx.charger_id,
        connector_id=tx.connector_id,
        id_tag=tx.id_tag,
        meter_start=tx.meter_start,
        start_timestamp=tx.start_timestamp,
        reservation_id=tx.reservation_id,
        start_key=tx.start_key,
        flags=list(tx.flags),
    )
    session.add(row)
    await session.flush()
    return transaction_record(row)


async def transaction_by_start_key(
    session: AsyncSession, start_key: str
) -> TransactionRecord | None:
    row = await session.scalar(select(Transaction).where(Transaction.start_key == start_key))
    return None if row is None else transaction_record(row)


async def get_transaction(session: AsyncSession, transaction_id: int) -> TransactionRecord | None:
    row = await session.get(Transaction, transaction_id)
    return None if row is None else transaction_record(row)


async def open_transaction_on(
    session: AsyncSession, charger_id: str, connector_id: int
) -> TransactionRecord | None:
    row = await session.scalar(
        select(Transaction)
        .where(Transaction.charger_id == charger_id, Transaction.connector_id == connector_id)
        .where(*_OPEN)
        .order_by(Transaction.id.desc())
        .limit(1)
    )
    return None if row is None else transaction_record(row)


def _stop_values(stop: TransactionStop) -> dict[str, Any]:
    return {
        "meter_stop": stop.meter_stop,
        "stop_timestamp": stop.stop_timestamp,
        "stop_reason": stop.reason.value if stop.reason else None,
        "stop_id_tag": stop.id_tag,
        "reported_transaction_id": stop.reported_transaction_id,
        "transaction_data": stop.transaction_data,
    }


async def stop_transaction(session: AsyncSession, stop: TransactionStop) -> None:
    """Close the matched transaction; any other stop becomes a row of its own.

    A stop is never dropped. Unmatched (``transaction_id`` None), naming a transaction we
    do not have, or a second, different stop of a closed one: recorded as a row with null
    start fields and the charger's ``reported_transaction_id``. The identical stop sent
    again (the charger's retry after a lost answer) is stored once.
    """
    values = _stop_values(stop)
    flags = list(stop.flags)
    if stop.transaction_id is not None:
        row = await session.get(
            Transaction, stop.transaction_id, with_for_update=True, populate_existing=True
        )
        if row is None:
            flags.append(f"unknown_transaction:{stop.transaction_id}")
        elif row.stop_timestamp is None:
            for name, value in values.items():
                setattr(row, name, value)
            row.flags = [*row.flags, *(f for f in flags if f not in row.flags)]
            return
        elif _same_stop(row, values):
            return
        else:
            flags.append("already_stopped")
    if session.get_bind().dialect.name == "postgresql":
        # A charger's retry can race its first StopTransaction (a SOAP charger whose
        # answer was slow), also through two gateways: under READ COMMITTED both would
        # find no row and insert one each. Their unmatched stops are taken one at a time.
        # (SQLite's writer holds the database lock already.)
        await session.execute(
            select(
                func.pg_advisory_xact_lock(func.hashtext(f"ocpp-gateway stop {stop.charger_id}"))
            )
        )
    retried = await session.scalar(
        select(Transaction.id).where(
            Transaction.charger_id == stop.charger_id,
            Transaction.start_timestamp.is_(None),
            Transaction.reported_transaction_id == stop.reported_transaction_id,
            Transaction.stop_timestamp == stop.stop_timestamp,
            Transaction.meter_stop == stop.meter_stop,
        )
    )
    if retried is None:
        # StopTransaction names no connector: 0 (the charger) stands in.
        session.add(Transaction(charger_id=stop.charger_id, connector_id=0, flags=flags, **values))


def _same_stop(row: Transaction, values: dict[str, Any]) -> bool:
    return all(getattr(row, name) == value for name, value in values.items())


async def list_transactions(
    session: AsyncSession, charger_id: str | None, open_only: bool, limit: int
) -> list[TransactionRecord]:
    query = select(Transaction).order_by(Transaction.id.desc()).limit(limit)
    if charger_id is not None:
        query = query.where(Transaction.charger_id == charger_id)
    if open_only:
        query = query.where(*_OPEN)
    return [transaction_record(row) for row in await session.scalars(query)]
