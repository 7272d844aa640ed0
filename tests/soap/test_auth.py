"""Optional HTTP Basic auth and IP allowlists per SOAP charger (issue 3, item 7)."""

from __future__ import annotations

import pytest

import gateway.passwords as gateway_passwords
from gateway.passwords import hash_password

from .conftest import SOAP11_ENVELOPE, Gateway, GatewayFactory, basic_auth, envelope, eventually

HEARTBEAT = envelope("1.6", "<o:heartbeatRequest/>")
BOOT = envelope(
    "1.6",
    "<o:bootNotificationRequest><o:chargePointVendor>V</o:chargePointVendor>"
    "<o:chargePointModel>M</o:chargePointModel></o:bootNotificationRequest>",
)
REALM = 'Basic realm="ocpp-gateway", charset="UTF-8"'


async def _refused(
    gateway: Gateway, headers: dict[str, str], mentions: str, body: str = HEARTBEAT
) -> None:
    reply = await gateway.post(body, headers=headers)
    assert reply.status == 401, reply.body
    assert reply.headers["WWW-Authenticate"] == REALM
    fault = reply.fault()
    assert (fault.code, fault.subcode) == ("Sender", "SecurityError")
    assert mentions in fault.reason


@pytest.mark.parametrize(
    ("headers", "mentions"),
    [
        ({}, "no Basic credentials were sent"),
        ({"Authorization": "Bearer abc"}, "no Basic credentials were sent"),
        ({"Authorization": "Basic !!!"}, "no Basic credentials were sent"),
        (basic_auth("CB-1", "wrong"), "wrong password"),
        (basic_auth("CB-2", "s3cret"), "username 'CB-2' is not the charge box id"),
    ],
    ids=["none", "not-basic", "garbled", "wrong-password", "wrong-username"],
)
async def test_a_charger_with_a_password_must_present_it(
    gateway: Gateway, headers: dict[str, str], mentions: str
) -> None:
    await gateway.add_charger("CB-1", password="s3cret")
    await _refused(gateway, headers, mentions)
    assert (await gateway.post(HEARTBEAT, headers=basic_auth("CB-1", "s3cret"))).status == 200


async def test_a_verified_password_is_not_hashed_again(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    await gateway.add_charger("CB-1", password="s3cret")
    calls = 0
    verify = gateway_passwords.verify_password_async

    async def counting(password_hash: str, password: str) -> bool:
        nonlocal calls
        calls += 1
        return await verify(password_hash, password)

    monkeypatch.setattr(gateway_passwords, "verify_password_async", counting)
    for _ in range(5):
        assert (await gateway.post(HEARTBEAT, headers=basic_auth("CB-1", "s3cret"))).status == 200
    assert calls == 1
    await _refused(gateway, basic_auth("CB-1", "other"), "wrong password")
    assert calls == 2


async def test_a_new_password_takes_effect_at_once(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1", password="old")
    assert (await gateway.post(HEARTBEAT, headers=basic_auth("CB-1", "old"))).status == 200
    await gateway.store.set_password("CB-1", hash_password("new"))
    await _refused(gateway, basic_auth("CB-1", "old"), "wrong password")
    assert (await gateway.post(HEARTBEAT, headers=basic_auth("CB-1", "new"))).status == 200


async def test_no_password_no_auth(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1")
    assert (await gateway.post(HEARTBEAT)).status == 200


async def test_auth_required_per_charger_without_a_password(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1", auth_required=True)
    await _refused(gateway, basic_auth("CB-1", "anything"), "no password is set for this charger")


async def test_auth_required_globally(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(auth_required=True)
    await _refused(gateway, {}, "no Basic credentials", body=BOOT)  # unknown chargers too
    await gateway.add_charger("CB-1", password="s3cret")
    assert (await gateway.post(HEARTBEAT, headers=basic_auth("CB-1", "s3cret"))).status == 200


async def test_refusal_in_soap11(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1", password="s3cret")
    body = envelope("1.6", "<o:heartbeatRequest/>", soap_ns=SOAP11_ENVELOPE)
    reply = await gateway.post(body, content_type="text/xml")
    assert (reply.status, reply.soap_ns) == (401, SOAP11_ENVELOPE)
    assert reply.fault().code == "Client"


@pytest.mark.parametrize(
    ("allowed", "status"),
    [
        (("127.0.0.1",), 200),
        (("10.0.0.0/8", "127.0.0.0/8"), 200),
        (("not-an-address", "127.0.0.1"), 200),
        (("10.0.0.0/8",), 403),
        (("::1",), 403),
    ],
    ids=["address", "network", "bad-entry-skipped", "other-network", "ipv6-only"],
)
async def test_ip_allowlist(gateway: Gateway, allowed: tuple[str, ...], status: int) -> None:
    await gateway.add_charger("CB-1", allowed_ips=allowed)
    reply = await gateway.post(HEARTBEAT)
    assert reply.status == status, reply.body
    if status == 403:
        fault = reply.fault()
        assert (fault.code, fault.subcode) == ("Sender", "SecurityError")
        assert "127.0.0.1 is not allowed" in fault.reason
    assert await gateway.heartbeat_works()


async def test_allowlist_is_checked_before_the_password(gateway: Gateway) -> None:
    await gateway.add_charger("CB-1", password="s3cret", allowed_ips=("10.0.0.0/8",))
    reply = await gateway.post(HEARTBEAT, headers=basic_auth("CB-1", "s3cret"))
    assert reply.status == 403


async def test_a_refused_request_is_not_logged_under_the_identity_it_claims(
    gateway: Gateway,
) -> None:
    await gateway.add_charger("CB-1", password="s3cret")
    await _refused(gateway, basic_auth("CB-1", "guess"), "wrong password")
    assert (await gateway.post(HEARTBEAT, headers=basic_auth("CB-1", "s3cret"))).status == 200

    async def logged() -> bool:
        return len(await gateway.store.list_messages("CB-1")) == 2

    await eventually(logged)
    messages = await gateway.store.list_messages("CB-1")
    assert all("heartbeat" in m.message for m in messages)
    assert {m.direction.value for m in messages} == {"in", "out"}
