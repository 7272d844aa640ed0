"""Bearer tokens for the integrator API: a name, scopes, and a hash of the secret."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ._dialect import rowcount
from ._models import ApiToken


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiTokenRecord:
    id: int
    name: str
    scopes: tuple[str, ...]
    secret_sha256: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _record(row: ApiToken) -> ApiTokenRecord:
    return ApiTokenRecord(
        id=row.id,
        name=row.name,
        scopes=tuple(row.scopes),
        secret_sha256=row.secret_sha256,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


async def create_token(
    session: AsyncSession,
    name: str,
    scopes: Sequence[str],
    secret_sha256: str,
    now: dt.datetime,
) -> ApiTokenRecord:
    row = ApiToken(name=name, scopes=list(scopes), secret_sha256=secret_sha256, created_at=now)
    session.add(row)
    await session.flush()
    return _record(row)


async def get_token(session: AsyncSession, token_id: int) -> ApiTokenRecord | None:
    row = await session.get(ApiToken, token_id)
    return None if row is None else _record(row)


async def list_tokens(session: AsyncSession) -> list[ApiTokenRecord]:
    rows = await session.scalars(select(ApiToken).order_by(ApiToken.id))
    return [_record(row) for row in rows]


async def revoke_token(session: AsyncSession, token_id: int, now: dt.datetime) -> bool:
    result = await session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return rowcount(result) > 0


async def note_token_used(session: AsyncSession, token_id: int, now: dt.datetime) -> None:
    await session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
