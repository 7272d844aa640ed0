"""A whole charger session over a real socket, the ocpp library's ChargePoint as the
charger: every charger-to-central action answered, and what the bridge stored."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from ocpp.v16 import call

from bridge import CHARGER_ACTIONS, Direction, Transport
from bridge.enums import OcppVersion

from .conftest import WAIT, GatewayFactory, running_charger


async def _until(predicate: Callable[[], Awaitable[bool]], timeout: float = WAIT) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition never became true"
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("lenient", [True, False], ids=["lenient", "strict"])
async def test_full_session(make_gateway: GatewayFactory, lenient: bool) -> None:
    """Strict mode runs the same session with the 1.6 JSON schemas checked both ways."""
    gateway = await make_gateway(lenient=lenient)
    async with running_charger(gateway, "CP-1") as charger:
        boot = await charger.boot()
        assert boot.status == "Accepted"
        assert boot.interval == 300

        auth = await charger.call(call.Authorize(id_tag="UNKNOWN-TAG"))
        assert auth.id_tag_info["status"] == "Invalid"

        status = await charger.call(
            call.StatusNotification(connector_id=1, error_code="NoError", status="Preparing")
        )
        assert status is not None

        start = await charger.call(
            call.StartTransaction(
                connector_id=1, id_tag="TAG1", meter_start=1000, timestamp="2024-05-01T10:00:00Z"
            )
        )
        tx_id = start.transaction_id
        assert isinstance(tx_id, int) and tx_id > 0

        await charger.call(
            call.MeterValues(
                connector_id=1,
                transaction_id=tx_id,
                meter_value=[
                    {
                        "timestamp": "2024-05-01T10:05:00Z",
                        "sampledValue": [
                            {
                                "value": "1.5",
                                "unit": "kWh",
                                "measurand": "Energy.Active.Import.Register",
                            }
                        ],
                    }
                ],
            )
        )
        heartbeat = await charger.call(call.Heartbeat())
        assert heartbeat.current_time.endswith("Z")

        transfer = await charger.call(call.DataTransfer(vendor_id="com.example", data="hi"))
        assert transfer.status in ("Accepted", "UnknownVendorId")

        await charger.call(call.DiagnosticsStatusNotification(status="Uploaded"))
        await charger.call(call.FirmwareStatusNotification(status="Installed"))
        # The 1.6 security extension: accepted and recorded.
        await charger.call(
            call.SecurityEventNotification(
                type="StartupOfTheDevice", timestamp="2024-05-01T10:06:00Z", tech_info="boot"
            )
        )
        signed = await charger.call(call.SignCertificate(csr="-----BEGIN CERTIFICATE REQUEST-----"))
        assert signed.status == "Accepted"
        await charger.call(call.LogStatusNotification(status="Uploaded", request_id=3))
        await charger.call(call.SignedFirmwareStatusNotification(status="Installed", request_id=4))

        stop = await charger.call(
            call.StopTransaction(
                meter_stop=2500,
                timestamp="2024-05-01T11:00:00Z",
                transaction_id=tx_id,
                reason="Local",
            )
        )
        assert stop is not None

        store = gateway.store
        charger_row = await store.get_charger("CP-1")
        assert charger_row is not None
        assert charger_row.online
        assert charger_row.transport is Transport.JSON
        assert charger_row.version is OcppVersion.V16
        assert charger_row.vendor == "VendorX"

        (tx,) = await store.list_transactions("CP-1")
        assert tx.id == tx_id and tx.meter_stop == 2500 and not tx.is_open
        (row,) = await store.list_meter_values("CP-1")
        assert row.energy_wh == 1500
        kinds = {r.kind for r in await store.list_reports("CP-1")}
        assert kinds == {
            "DiagnosticsStatusNotification",
            "FirmwareStatusNotification",
            "SecurityEventNotification",
            "SignCertificate",
            "LogStatusNotification",
            "SignedFirmwareStatusNotification",
        }

    async def offline() -> bool:
        row = await gateway.charger("CP-1")
        return row is not None and not row.online

    await _until(offline)

    async def logged() -> bool:
        return len(await gateway.store.list_messages("CP-1", limit=100)) >= 28

    await _until(logged)
    # Every frame, in and out, with its action: 14 calls and their 14 answers.
    messages = await gateway.store.list_messages("CP-1", limit=100)
    assert len(messages) == 28
    assert all(m.transport is Transport.JSON for m in messages)
    for direction, prefix in ((Direction.IN, "[2,"), (Direction.OUT, "[3,")):
        frames = [m for m in messages if m.direction is direction]
        assert len(frames) == 14
        assert all(m.message.startswith(prefix) for m in frames)
        assert {m.action for m in frames} == set(CHARGER_ACTIONS)
