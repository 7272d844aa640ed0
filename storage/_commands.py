"""Central-to-charger commands and where each one stands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bridge.enums import CommandStatus, OcppVersion, Transport
from bridge.records import CommandRecord

from ._errors import UnknownCommandError
from ._models import Command


def _command_record(row: Command) -> CommandRecord:
    return CommandRecord(
        id=row.id,
        charger_id=row.charger_id,
        action=row.action,
        payload=row.payload,
        status=CommandStatus(row.status),
        transport=Transport(row.transport) if row.transport else None,
        version=OcppVersion(row.version) if row.version else None,
        result=row.result,
        error=row.error,
        created_at=row.created_at,
        sent_at=row.sent_at,
        finished_at=row.finished_at,
    )


def _stamp(row: Command, status: CommandStatus, now: dt.datetime) -> None:
    row.status = status.value
    if status is CommandStatus.SENT and row.sent_at is None:
        row.sent_at = now
    if status.is_final and row.finished_at is None:
        row.finished_at = now


async def create_command(
    session: AsyncSession,
    charger_id: str,
    action: str,
    payload: dict[str, Any],
    status: CommandStatus,
    now: dt.datetime,
    transport: Transport | None,
    version: OcppVersion | None,
    error: str | None,
) -> CommandRecord:
    row = Command(
        charger_id=charger_id,
        action=action,
        payload=payload,
        transport=transport.value if transport else None,
        version=version.value if version else None,
        error=error,
        created_at=now,
    )
    _stamp(row, status, now)
    session.add(row)
    await session.flush()
    return _command_record(row)


async def update_command(
    session: AsyncSession,
    command_id: int,
    status: CommandStatus,
    now: dt.datetime,
    result: dict[str, Any] | None,
    error: str | None,
) -> CommandRecord:
    """Record the new status; ``result`` and ``error`` replace the stored ones when given."""
    row = await session.get(Command, command_id, with_for_update=True)
    if row is None:
        raise UnknownCommandError(command_id)
    _stamp(row, status, now)
    if result is not None:
        row.result = result
    if error is not None:
        row.error = error
    await session.flush()
    return _command_record(row)


async def get_command(session: AsyncSession, command_id: int) -> CommandRecord | None:
    row = await session.get(Command, command_id)
    return None if row is None else _command_record(row)


async def list_commands(
    session: AsyncSession,
    charger_id: str | None,
    limit: int,
    before_id: int | None = None,
    statuses: Collection[CommandStatus] = (),
    actions: Collection[str] = (),
) -> list[CommandRecord]:
    query = select(Command).order_by(Command.id.desc()).limit(limit)
    if charger_id is not None:
        query = query.where(Command.charger_id == charger_id)
    if statuses:
        query = query.where(Command.status.in_([s.value for s in statuses]))
    if actions:
        query = query.where(Command.action.in_(list(actions)))
    if before_id is not None:
        query = query.where(Command.id < before_id)
    rows = await session.scalars(query)
    return [_command_record(row) for row in rows]
