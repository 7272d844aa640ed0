"""Schema migrations: Alembic, configured in code, scripts shipped in the package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from ._engine import create_engine, write_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_Step = Callable[[Connection], None]


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, with no alembic.ini: the scripts live in this package.
    With ``connection``, migrations run on it (see ``migrations/env.py``)."""
    config = Config()
    # ConfigParser interpolates "%": a path containing one must be escaped.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade_database(database: str | AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to ``revision``. Takes a URL (an engine is made and disposed) or
    an engine; runs inside the caller's event loop."""
    await _run(database, lambda connection: command.upgrade(alembic_config(connection), revision))


async def downgrade_database(database: str | AsyncEngine, revision: str) -> None:
    await _run(database, lambda connection: command.downgrade(alembic_config(connection), revision))


async def _run(database: str | AsyncEngine, step: _Step) -> None:
    engine = create_engine(database) if isinstance(database, str) else database
    try:
        async with write_engine(engine).begin() as connection:
            await connection.run_sync(step)
    finally:
        if isinstance(database, str):
            await engine.dispose()
