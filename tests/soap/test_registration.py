"""Registration (issue 3, item 5 and 6): only BootNotification until Accepted, answered with a
SecurityError Fault; a Rejected charger gets its answer and writes nothing."""

from __future__ import annotations

import pytest

from bridge import RegistrationStatus, UnknownChargerPolicy

from .conftest import NS, Gateway, GatewayFactory, envelope


def _boot(version: str) -> str:
    return envelope(
        version,
        "<o:bootNotificationRequest><o:chargePointVendor>V</o:chargePointVendor>"
        "<o:chargePointModel>M</o:chargePointModel></o:bootNotificationRequest>",
    )


START = (
    "<o:startTransactionRequest><o:connectorId>1</o:connectorId><o:idTag>TAG</o:idTag>"
    "<o:timestamp>2024-03-01T12:00:00Z</o:timestamp><o:meterStart>0</o:meterStart>"
    "</o:startTransactionRequest>"
)
METER = (
    "<o:meterValuesRequest><o:connectorId>1</o:connectorId><o:meterValue>"
    "<o:timestamp>2024-03-01T12:00:00Z</o:timestamp>"
    "<o:sampledValue><o:value>5</o:value></o:sampledValue></o:meterValue></o:meterValuesRequest>"
)
OTHERS = {
    "Heartbeat": "<o:heartbeatRequest/>",
    "StartTransaction": START,
    "MeterValues": METER,
    "Authorize": "<o:authorizeRequest><o:idTag>TAG</o:idTag></o:authorizeRequest>",
}


async def _security_error(gateway: Gateway, body: str) -> None:
    reply = await gateway.post(envelope("1.6", body))
    assert reply.status == 400, reply.body
    fault = reply.fault()
    assert (fault.code, fault.subcode) == ("Sender", "SecurityError")
    assert "only BootNotification is allowed" in fault.reason


@pytest.mark.parametrize("body", OTHERS.values(), ids=OTHERS.keys())
async def test_unknown_charger_may_only_boot(gateway: Gateway, body: str) -> None:
    await _security_error(gateway, body)
    assert await gateway.store.get_charger("CB-1") is None


@pytest.mark.parametrize("body", OTHERS.values(), ids=OTHERS.keys())
async def test_pending_charger_gets_security_error(make_gateway: GatewayFactory, body: str) -> None:
    gateway = await make_gateway(unknown_chargers=UnknownChargerPolicy.PENDING)
    boot = await gateway.post(_boot("1.6"))
    assert boot.body_element().findtext(f"{{{NS['1.6']}}}status") == "Pending"
    await _security_error(gateway, body)
    assert await gateway.store.list_transactions("CB-1") == []
    assert await gateway.store.list_meter_values("CB-1") == []


async def test_pending_is_rejected_for_15(make_gateway: GatewayFactory) -> None:
    """1.5 has no Pending (bridge.versions R6): the answer is Rejected."""
    gateway = await make_gateway(unknown_chargers=UnknownChargerPolicy.PENDING)
    boot = await gateway.post(_boot("1.5"))
    assert boot.status == 200
    assert boot.body_element().findtext(f"{{{NS['1.5']}}}status") == "Rejected"
    assert boot.body_element().findtext(f"{{{NS['1.5']}}}heartbeatInterval") == "60"


async def test_rejected_charger_gets_its_answer_and_writes_nothing(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1", RegistrationStatus.REJECTED)
    boot = await gateway.post(
        envelope(
            "1.6",
            "<o:bootNotificationRequest><o:chargePointVendor>V</o:chargePointVendor>"
            "<o:chargePointModel>M</o:chargePointModel></o:bootNotificationRequest>",
            from_address="http://192.0.2.1:8080/",
        )
    )
    assert boot.status == 200
    assert boot.body_element().findtext(f"{{{NS['1.6']}}}status") == "Rejected"
    for body in OTHERS.values():
        await _security_error(gateway, body)
    charger = await gateway.store.get_charger("CB-1")
    assert charger is not None
    assert charger.registration_status is RegistrationStatus.REJECTED
    assert (charger.vendor, charger.model, charger.soap_endpoint) == (None, None, None)
    assert (charger.transport, charger.version) == (None, None)
    assert await gateway.store.list_transactions("CB-1") == []
    assert await gateway.store.list_meter_values("CB-1") == []
    assert await gateway.store.get_connectors("CB-1") == []
