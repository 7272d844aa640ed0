from __future__ import annotations

import datetime as dt

import pytest

from bridge.enums import CommandStatus, OcppVersion, Transport
from bridge.errors import ChargerError
from storage import SqlStore, StorageError, UnknownCommandError

from .conftest import NOW

LATER = NOW + dt.timedelta(seconds=3)
DONE = NOW + dt.timedelta(seconds=9)


async def test_command_lifecycle(store: SqlStore, charger: str) -> None:
    payload = {"connectorId": 1, "type": "Inoperative"}
    created = await store.create_command(
        charger,
        "ChangeAvailability",
        payload,
        CommandStatus.PENDING,
        NOW,
        transport=Transport.SOAP,
        version=OcppVersion.V15,
    )
    assert created.id > 0
    assert (created.status, created.payload, created.created_at) == (
        CommandStatus.PENDING,
        payload,
        NOW,
    )
    assert (created.transport, created.version) == (Transport.SOAP, OcppVersion.V15)
    assert (created.sent_at, created.finished_at, created.result) == (None, None, None)
    assert await store.get_command(created.id) == created

    sent = await store.update_command(created.id, CommandStatus.SENT, LATER)
    assert (sent.status, sent.sent_at, sent.finished_at) == (CommandStatus.SENT, LATER, None)

    done = await store.update_command(
        created.id, CommandStatus.ACCEPTED, DONE, result={"status": "Accepted"}
    )
    assert (done.status, done.sent_at, done.finished_at) == (CommandStatus.ACCEPTED, LATER, DONE)
    assert done.result == {"status": "Accepted"}
    assert await store.get_command(created.id) == done


async def test_a_command_refused_at_once_is_finished(store: SqlStore, charger: str) -> None:
    record = await store.create_command(
        charger, "Reset", {"type": "Soft"}, CommandStatus.OFFLINE, NOW, error="never connected"
    )
    assert (record.status, record.error, record.finished_at) == (
        CommandStatus.OFFLINE,
        "never connected",
        NOW,
    )
    assert (record.transport, record.version) == (None, None)


async def test_unknown_commands(store: SqlStore, charger: str) -> None:
    assert await store.get_command(404) is None
    with pytest.raises(UnknownCommandError) as caught:
        await store.update_command(404, CommandStatus.SENT, NOW)
    assert isinstance(caught.value, ChargerError)


async def test_command_for_an_unknown_charger(store: SqlStore) -> None:
    with pytest.raises(StorageError):
        await store.create_command("nope", "Reset", {}, CommandStatus.PENDING, NOW)


async def test_list_commands(store: SqlStore, charger: str) -> None:
    ids = [
        (await store.create_command(charger, "Reset", {}, CommandStatus.PENDING, NOW)).id
        for _ in range(3)
    ]
    assert [c.id for c in await store.list_commands(charger)] == ids[::-1]
    assert [c.id for c in await store.list_commands(charger, limit=1)] == ids[-1:]
    assert await store.list_commands("nope") == []
