"""The packaged Alembic migrations build exactly the models' schema, on both backends."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

import storage
from bridge.enums import RegistrationStatus
from bridge.rules import FINGERPRINT_HEX_DIGITS
from storage._types import sqlite_datetime

from .conftest import CHARGER, NOW
from .factories import meter_row


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, storage.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_migrations_build_the_models_schema(database_url: str) -> None:
    await storage.upgrade_database(database_url)  # from a URL: makes its own engine
    engine = storage.create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
            assert await connection.run_sync(_tables) == set(storage.metadata.tables) | {
                "alembic_version"
            }
    finally:
        await engine.dispose()


async def test_upgrade_is_idempotent_and_usable(database_url: str) -> None:
    engine = storage.create_engine(database_url)
    try:
        await storage.upgrade_database(engine)
        await storage.upgrade_database(engine)
        async with storage.SqlStore(engine) as store:
            await store.add_charger("CP-1", RegistrationStatus.ACCEPTED, now=NOW)
            assert [c.id for c in await store.list_chargers()] == ["CP-1"]
    finally:
        await engine.dispose()


async def test_downgrade_removes_everything(database_url: str) -> None:
    engine = storage.create_engine(database_url)
    try:
        await storage.upgrade_database(engine)
        await storage.downgrade_database(engine, "base")
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == {"alembic_version"}
    finally:
        await engine.dispose()


async def test_the_comparison_sees_drift(database_url: str) -> None:
    """Guards the test above against passing vacuously."""
    engine = storage.create_engine(database_url)
    try:
        await storage.upgrade_database(engine)
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DROP INDEX ix_meter_values_timestamp")
        async with engine.connect() as connection:
            (difference,) = await connection.run_sync(_differences)
        assert difference[0] == "add_index"
    finally:
        await engine.dispose()


async def test_upgrade_shortens_stored_fingerprints(database_url: str) -> None:
    """0003: a reading stored with the full SHA-256 is still recognised when re-sent."""
    full = hashlib.sha256(b"a reading").hexdigest()
    engine = storage.create_engine(database_url)
    try:
        await storage.upgrade_database(engine, "0002")
        # Written as the 0002 schema had them (today's code writes to today's schema).
        at = sqlite_datetime(NOW) if database_url.startswith("sqlite") else NOW
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO chargers (id, registration_status, created_at, online,"
                    " auth_required, allowed_ips) VALUES (:id, 'Accepted', :now, false,"
                    " false, '[]')"
                ),
                {"id": CHARGER, "now": at},
            )
            for fingerprint in (full, "short"):
                await connection.execute(
                    text(
                        "INSERT INTO meter_values (charger_id, connector_id, transaction_id,"
                        " timestamp, value, fingerprint, flags) VALUES (:charger, 1, 1, :at,"
                        " '1234.5', :fingerprint, '[]')"
                    ),
                    {"charger": CHARGER, "at": at, "fingerprint": fingerprint},
                )
        await storage.upgrade_database(engine)
        async with storage.SqlStore(engine) as store:
            assert await store.save_meter_values([meter_row(full[:FINGERPRINT_HEX_DIGITS])]) == 0
            stored = [row.fingerprint for row in await store.list_meter_values(CHARGER)]
        assert sorted(stored) == sorted([full[:FINGERPRINT_HEX_DIGITS], "short"])
    finally:
        await engine.dispose()


async def test_upgrade_gives_existing_id_tags_their_case_insensitive_key(database_url: str) -> None:
    """0004: tags stored before it are found in any case afterwards."""
    engine = storage.create_engine(database_url)
    try:
        await storage.upgrade_database(engine, "0003")
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO id_tags (id_tag, status, blocked) VALUES "
                    "('04A1B2', 'Accepted', false), ('fleet-7', 'Accepted', false)"
                )
            )
        await storage.upgrade_database(engine)
        async with storage.SqlStore(engine) as store:
            found = await store.get_id_tag("04a1b2")
            assert found is not None and found.id_tag == "04A1B2"
            assert (await store.get_id_tag("FLEET-7")) is not None
    finally:
        await engine.dispose()


async def test_upgrade_stops_at_id_tags_that_differ_only_in_case(database_url: str) -> None:
    engine = storage.create_engine(database_url)
    try:
        await storage.upgrade_database(engine, "0003")
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO id_tags (id_tag, status, blocked) VALUES "
                    "('abc', 'Accepted', false), ('ABC', 'Blocked', false)"
                )
            )
        with pytest.raises(RuntimeError, match="ABC, abc"):
            await storage.upgrade_database(engine)
        async with engine.begin() as connection:  # the operator merges them
            await connection.execute(text("DELETE FROM id_tags WHERE id_tag = 'abc'"))
        await storage.upgrade_database(engine)
        async with storage.SqlStore(engine) as store:
            found = await store.get_id_tag("abc")
            assert found is not None and found.status == "Blocked"
    finally:
        await engine.dispose()
