"""Where a command goes: the operator's endpoint override before the learned wsa:From, and a
clear ``unreachable`` (not a crash) when there is no address to call."""

from __future__ import annotations

from typing import Any, cast

import pytest
from aiohttp import web

from bridge import (
    ChargerRecord,
    CommandStatus,
    OcppVersion,
    RegistrationStatus,
    Store,
    Transport,
)
from soap.commands import NO_CALLBACK_ADDRESS, SoapCaller, SoapDispatcher, new_session
from tests.soap.commands.helpers import (
    Captured,
    Gateway,
    GatewayFactory,
    StandInFactory,
    reset_accepted,
)

RESET = {"type": "Soft"}


async def _accept(request: web.Request, captured: Captured) -> web.StreamResponse:
    return reset_accepted("1.6")


async def test_an_operator_endpoint_overrides_the_learned_one(
    gateway: Gateway, stand_in: StandInFactory
) -> None:
    learned = await stand_in(_accept)
    override = await stand_in(_accept)
    await gateway.register("CP-1", "1.6", learned.url)
    await gateway.store.set_soap_endpoint_override("CP-1", override.url)

    record = await gateway.run("CP-1", "Reset", RESET)

    assert record.status is CommandStatus.ACCEPTED
    assert len(override.received) == 1
    assert learned.received == []
    assert f"<wsa:To>{override.url}</wsa:To>".encode() in override.received[0].body


async def test_an_override_reaches_a_charger_that_never_sent_a_usable_from(
    gateway: Gateway, stand_in: StandInFactory
) -> None:
    charger = await stand_in(_accept)
    await gateway.register("CP-1", "1.6", None)
    await gateway.store.set_soap_endpoint_override("CP-1", charger.url)

    record = await gateway.run("CP-1", "Reset", RESET)

    assert record.status is CommandStatus.ACCEPTED
    assert len(charger.received) == 1


@pytest.mark.parametrize("version", ["1.2", "1.5", "1.6"])
async def test_a_charger_whose_from_was_never_usable_is_unreachable(
    gateway: Gateway, version: str
) -> None:
    await gateway.register("CP-NAT", version, None)

    record = await gateway.run("CP-NAT", "Reset", RESET)

    assert record.status is CommandStatus.UNREACHABLE
    assert record.error == NO_CALLBACK_ADDRESS
    assert "wsa:From" in record.error and "soap_endpoint_override" in record.error


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://:8082/",
        "urn:uuid:0000",
        "http://www.w3.org/2005/08/addressing/anonymous",
        "ftp://cp/",
    ],
)
async def test_an_unusable_address_is_unreachable_with_the_address(endpoint: str) -> None:
    charger = ChargerRecord(
        id="CP-1",
        registration_status=RegistrationStatus.ACCEPTED,
        transport=Transport.SOAP,
        version=OcppVersion.V16,
        soap_endpoint_override=endpoint,
    )
    async with new_session() as session:
        dispatcher = SoapDispatcher(SoapCaller(session), cast(Store, _NoLog()), "http://gw/")
        outcome = await dispatcher.send(charger, "Reset", RESET, 5.0)
    assert outcome.status is CommandStatus.UNREACHABLE
    assert outcome.error is not None and repr(endpoint) in outcome.error


async def test_an_unknown_host_is_unreachable(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(soap_connect_retries=0)
    await gateway.register("CP-1", "1.6", "http://no-such-host.invalid:8080/ocpp")

    record = await gateway.run("CP-1", "Reset", RESET)

    assert record.status is CommandStatus.UNREACHABLE
    assert "cannot resolve the host" in (record.error or "")


async def test_the_dispatcher_refuses_an_operation_the_version_lacks_before_any_io() -> None:
    charger = ChargerRecord(
        id="CP-1",
        registration_status=RegistrationStatus.ACCEPTED,
        transport=Transport.SOAP,
        version=OcppVersion.V12,
        soap_endpoint="http://127.0.0.1:9/",
    )
    async with new_session() as session:
        dispatcher = SoapDispatcher(SoapCaller(session), cast(Store, _NoLog()), "http://gw/")
        outcome = await dispatcher.send(charger, "GetConfiguration", {}, 5.0)
    assert outcome.status is CommandStatus.NOT_SUPPORTED
    assert outcome.error == "GetConfiguration does not exist in OCPP 1.2"


async def test_a_payload_zeep_cannot_write_is_an_error_without_a_call() -> None:
    charger = ChargerRecord(
        id="CP-1",
        registration_status=RegistrationStatus.ACCEPTED,
        transport=Transport.SOAP,
        version=OcppVersion.V16,
        soap_endpoint="http://127.0.0.1:9/",
    )
    log = _NoLog()
    async with new_session() as session:
        dispatcher = SoapDispatcher(SoapCaller(session), cast(Store, log), "http://gw/")
        outcome = await dispatcher.send(charger, "Reset", {"kind": "Soft"}, 5.0)
    assert outcome.status is CommandStatus.ERROR
    assert (outcome.error or "").startswith("cannot write Reset for OCPP 1.6")
    assert log.entries == []


class _NoLog:
    def __init__(self) -> None:
        self.entries: list[Any] = []

    def note_message(self, entry: Any) -> None:
        self.entries.append(entry)
