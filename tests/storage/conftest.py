"""Storage backends for tests: every test using ``store`` runs on SQLite and PostgreSQL.

PostgreSQL comes from ``OCPP_GATEWAY_TEST_POSTGRES_URL``. Unset, a local server at
:data:`DEFAULT_POSTGRES_URL` is tried and the PostgreSQL cases are skipped if it does not
answer; set, an unreachable server fails them. Each test gets a fresh database: a
temporary file on SQLite, a schema of its own (``?search_path=``) on PostgreSQL.

Other test folders can reuse the fixtures from their own ``conftest.py``::

    from tests.storage.conftest import (  # noqa: F401
        backend,
        charger,
        database_url,
        engine,
        postgres_url,
        store,
    )
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

import storage
from bridge.enums import RegistrationStatus

POSTGRES_URL_ENV = "OCPP_GATEWAY_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")

NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
CHARGER = "CP-1"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL server's URL (asyncpg driver); skips or fails when unreachable."""
    configured = os.environ.get(POSTGRES_URL_ENV)
    url = storage.database_url(configured or DEFAULT_POSTGRES_URL)
    try:
        socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=2).close()
    except OSError as exc:
        message = f"PostgreSQL at {url.render_as_string()} is unreachable: {exc}"
        if configured:
            pytest.fail(f"{POSTGRES_URL_ENV} is set but {message}")
        pytest.skip(message)
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def database_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[str]:
    """The URL of an empty database, dropped after the test."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}"
        return
    server = request.getfixturevalue("postgres_url")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = storage.create_engine(server)
    try:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = make_url(server).update_query_dict({"search_path": schema})
        yield url.render_as_string(hide_password=False)
    finally:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.dispose()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a fresh database holding the models' schema (create_all: fast)."""
    engine = storage.create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(storage.metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
async def store(engine: AsyncEngine) -> AsyncIterator[storage.SqlStore]:
    async with storage.SqlStore(engine) as store:
        yield store


@pytest.fixture
async def charger(store: storage.SqlStore) -> str:
    """The id of an Accepted charger that exists in ``store``."""
    await store.add_charger(CHARGER, RegistrationStatus.ACCEPTED, now=NOW)
    return CHARGER
