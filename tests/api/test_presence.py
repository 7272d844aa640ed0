"""SOAP chargers keep no connection: online from any message, offline after silence (the
gateway's background sweep), as integrators see it through the API and the events."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

import gateway.app
from bridge import OcppVersion, Transport, utcnow

from .conftest import ApiFactory


async def test_a_silent_soap_charger_goes_offline_and_the_fleet_sees_it(
    make_api: ApiFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gateway.app, "PRESENCE_SWEEP_SECONDS", 0.05)
    api = await make_api(heartbeat_interval=60)
    long_ago = utcnow() - dt.timedelta(minutes=10)  # 2 x 60 s + 60 s is the limit
    for charger_id, seen in (("SOAP-SILENT", long_ago), ("SOAP-ALIVE", utcnow())):
        await api.add_charger(charger_id)
        await api.store.record_contact(charger_id, Transport.SOAP, OcppVersion.V15, seen)
        await api.store.set_online(charger_id, True, seen)

    async def online(charger_id: str) -> bool:
        status, body = await api.get(f"/chargers/{charger_id}", scope="read")
        assert status == 200
        return bool(body["online"])

    async with asyncio.timeout(5):
        while True:  # polled through the API, as an integrator would
            if not await online("SOAP-SILENT"):
                break
            await asyncio.sleep(0.05)
    assert await online("SOAP-ALIVE")
    _, summary = await api.get("/fleet/summary", scope="read")
    assert summary["chargers"]["by_online"] == {"online": 1, "offline": 1}
