"""Chargers serving their ChargePointService over HTTPS: verified against the system's CAs
by default, against a configured CA file, or (self-signed chargers) not at all."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bridge import CommandStatus
from tests.soap.commands.helpers import GatewayFactory, reset_accepted


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, as a charger's embedded server has."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("charger-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@pytest.fixture
async def https_charger(aiohttp_server: Any, certificate: tuple[Path, Path]) -> str:
    """A charger's command endpoint over HTTPS that accepts every Reset."""
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def accept(request: web.Request) -> web.StreamResponse:
        await request.read()
        return reset_accepted("1.6")

    app = web.Application()
    app.router.add_post("/{tail:.*}", accept)
    server = await aiohttp_server(app, ssl=context)
    return f"https://127.0.0.1:{server.port}/"


async def test_a_self_signed_charger_is_refused_by_default(
    make_gateway: GatewayFactory, https_charger: str
) -> None:
    gateway = await make_gateway(soap_connect_retries=0)
    await gateway.register("CP-TLS", "1.6", https_charger)
    record = await gateway.run("CP-TLS", "Reset", {"type": "Soft"})
    assert record.status is CommandStatus.UNREACHABLE, record
    assert record.error is not None and "certificate" in record.error.lower()


async def test_its_certificate_can_be_trusted_through_a_ca_file(
    make_gateway: GatewayFactory, https_charger: str, certificate: tuple[Path, Path]
) -> None:
    gateway = await make_gateway(soap_tls_ca_file=str(certificate[0]))
    await gateway.register("CP-TLS", "1.6", https_charger)
    record = await gateway.run("CP-TLS", "Reset", {"type": "Soft"})
    assert record.status is CommandStatus.ACCEPTED, record


async def test_verification_can_be_turned_off_for_self_signed_chargers(
    make_gateway: GatewayFactory, https_charger: str
) -> None:
    gateway = await make_gateway(soap_tls_verify=False)
    await gateway.register("CP-TLS", "1.6", https_charger)
    record = await gateway.run("CP-TLS", "Reset", {"type": "Soft"})
    assert record.status is CommandStatus.ACCEPTED, record
