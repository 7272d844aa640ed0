"""Statement helpers: the one place that tells SQLite's and PostgreSQL's INSERT apart."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def upsert(session: AsyncSession, table: Table) -> sqlite.Insert | postgresql.Insert:
    """An INSERT on ``table`` offering ``on_conflict_do_nothing/do_update``."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return sqlite.insert(table)
    if dialect == "postgresql":
        return postgresql.insert(table)
    raise NotImplementedError(f"storage supports sqlite and postgresql, not {dialect}")


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched (AsyncSession.execute is typed as a plain Result)."""
    return cast(CursorResult[Any], result).rowcount
