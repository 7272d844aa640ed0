"""HTTP Basic auth at the upgrade (OCPP 1.6 security profiles 1 and 2), and wss."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
import websockets

from gateway import passwords as gateway_passwords
from gateway.charger_auth import PasswordCheck, auth_required

from .conftest import Gateway, GatewayFactory, basic_auth, heartbeat_works, running_charger

PASSWORD = "0123456789abcdef0123"  # 1.6 security whitepaper: 16 to 40 characters


async def _refused(gateway: Gateway, charger_id: str, **connect: object) -> int:
    with pytest.raises(websockets.InvalidStatus) as refused:
        await gateway.connect(charger_id, **connect)  # type: ignore[arg-type]
    return refused.value.response.status_code


async def test_right_password_is_accepted(gateway: Gateway) -> None:
    await gateway.add_charger("CP-PW", password=PASSWORD)
    async with running_charger(gateway, "CP-PW", headers=basic_auth("CP-PW", PASSWORD)) as cp:
        assert (await cp.boot()).status == "Accepted"


@pytest.mark.parametrize(
    "headers",
    [
        None,
        basic_auth("CP-PW", "wrong-password-0000"),
        basic_auth("OTHER", PASSWORD),  # the username must be the charge box id
        {"Authorization": "Basic not-base64!"},
        {"Authorization": "Bearer " + PASSWORD},
    ],
)
async def test_wrong_or_missing_password_gets_401(
    gateway: Gateway, headers: dict[str, str] | None
) -> None:
    await gateway.add_charger("CP-PW", password=PASSWORD)
    assert await _refused(gateway, "CP-PW", headers=headers) == 401


async def test_401_names_the_scheme(gateway: Gateway) -> None:
    await gateway.add_charger("CP-PW", password=PASSWORD)
    with pytest.raises(websockets.InvalidStatus) as refused:
        await gateway.connect("CP-PW")
    assert refused.value.response.headers["WWW-Authenticate"].startswith("Basic ")


async def test_required_globally(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(auth_required=True)
    await gateway.add_charger("CP-NOPW")
    await gateway.add_charger("CP-PW", password=PASSWORD)
    assert await _refused(gateway, "CP-NOPW", headers=basic_auth("CP-NOPW", "x" * 16)) == 401
    assert await _refused(gateway, "CP-UNKNOWN") == 401
    async with await gateway.connect("CP-PW", headers=basic_auth("CP-PW", PASSWORD)) as ws:
        await ws.send('[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]')
        await ws.recv()
        assert await heartbeat_works(ws)


async def test_required_per_charger(gateway: Gateway) -> None:
    await gateway.add_charger("CP-OPEN")
    await gateway.add_charger("CP-FLAGGED")
    await gateway.store.set_access("CP-FLAGGED", auth_required=True)
    async with await gateway.connect("CP-OPEN"):
        pass  # no password set, not required: profile 0
    assert await _refused(gateway, "CP-FLAGGED") == 401


async def test_verified_password_is_cached(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    verify = gateway_passwords.verify_password_async

    async def counting(password_hash: str, password: str) -> bool:
        nonlocal calls
        calls += 1
        return await verify(password_hash, password)

    monkeypatch.setattr(gateway_passwords, "verify_password_async", counting)
    await gateway.add_charger("CP-PW", password=PASSWORD)
    for _ in range(3):
        async with await gateway.connect("CP-PW", headers=basic_auth("CP-PW", PASSWORD)):
            pass
    assert calls == 1
    assert await _refused(gateway, "CP-PW", headers=basic_auth("CP-PW", "nope-nope-nope-1")) == 401
    assert calls == 2


async def test_allowed_ips(gateway: Gateway) -> None:
    await gateway.add_charger("CP-LAN")
    await gateway.store.set_access("CP-LAN", auth_required=False, allowed_ips=["10.0.0.0/8"])
    assert await _refused(gateway, "CP-LAN") == 403
    await gateway.store.set_access("CP-LAN", auth_required=False, allowed_ips=["127.0.0.1"])
    async with await gateway.connect("CP-LAN"):
        pass


def test_auth_required_table() -> None:
    from bridge import ChargerRecord, RegistrationStatus

    plain = ChargerRecord(id="a", registration_status=RegistrationStatus.ACCEPTED)
    flagged = ChargerRecord(
        id="a", registration_status=RegistrationStatus.ACCEPTED, auth_required=True
    )
    with_password = ChargerRecord(
        id="a", registration_status=RegistrationStatus.ACCEPTED, password_hash="$argon2id$..."
    )
    assert not auth_required(None, False)
    assert not auth_required(plain, False)
    assert auth_required(flagged, False)
    assert auth_required(with_password, False)
    assert auth_required(None, True) and auth_required(plain, True)


async def test_cache_forgets_after_ttl() -> None:
    from bridge import ChargerRecord, RegistrationStatus
    from gateway.passwords import hash_password

    now = [0.0]
    check = PasswordCheck(ttl=10.0, clock=lambda: now[0])
    charger = ChargerRecord(
        id="CP",
        registration_status=RegistrationStatus.ACCEPTED,
        password_hash=hash_password(PASSWORD),
    )
    header = basic_auth("CP", PASSWORD)["Authorization"]
    assert (await check.check("CP", charger, header)).ok
    assert len(check._verified) == 1
    now[0] = 11.0
    assert (await check.check("CP", charger, header)).ok  # verified again with argon2
    assert not (await check.check("CP", charger, basic_auth("CP", "bad")["Authorization"])).ok


# --- TLS ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


async def test_wss_with_basic_auth(
    make_gateway: GatewayFactory, certificate: tuple[Path, Path]
) -> None:
    cert, key = certificate
    # The server context exactly as `ocpp-gateway serve` builds it from tls_cert/tls_key.
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    gateway = await make_gateway(ssl_context=server_context, tls_cert=str(cert), tls_key=str(key))
    await gateway.add_charger("CP-TLS", password=PASSWORD)
    client_context = ssl.create_default_context(cafile=str(cert))
    async with running_charger(
        gateway, "CP-TLS", headers=basic_auth("CP-TLS", PASSWORD), ssl_context=client_context
    ) as charger:
        assert charger.ws.request is not None
        assert (await charger.boot()).status == "Accepted"
    with pytest.raises(websockets.InvalidStatus) as refused:
        await gateway.connect("CP-TLS", ssl_context=client_context)
    assert refused.value.response.status_code == 401
