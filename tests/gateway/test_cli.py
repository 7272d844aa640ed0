"""The ``ocpp-gateway`` command, run as a user runs it: a real process, a real database."""

import asyncio
import os
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.live import clean_env, command, free_port


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command(), *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=120
    )


def test_version(tmp_path):
    result = _run("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("ocpp-gateway ")


def test_serve_in_an_empty_folder_creates_sqlite_and_listens(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [*command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        body = b""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    body = r.read()
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.2)
        assert body == b'{"status": "ok"}'
        assert (tmp_path / "ocpp-gateway.db").is_file()
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, output
    assert f"listening on http://127.0.0.1:{port}" in output
    assert f"SOAP chargers: http://127.0.0.1:{port}/ocpp/soap" in output
    assert f"OCPP-J chargers: ws://127.0.0.1:{port}/ocpp/<chargeBoxId>" in output
    assert f"database: sqlite+aiosqlite:///{tmp_path / 'ocpp-gateway.db'}" in output
    assert "stopped" in output


def test_charger_add_list_approve(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'gw.db'}"
    added = _run(
        "charger", "add", "CP-1", "--password", "s3cret", "--database-url", url, cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    assert "CP-1 added (Accepted, password set)" in added.stdout

    again = _run("charger", "add", "CP-1", "--database-url", url, cwd=tmp_path)
    assert again.returncode == 1
    assert "already exists" in again.stderr

    missing = _run("charger", "approve", "CP-404", "--database-url", url, cwd=tmp_path)
    assert missing.returncode == 1
    assert "no charger 'CP-404'" in missing.stderr

    listed = _run("charger", "list", "--database-url", url, cwd=tmp_path)
    assert listed.returncode == 0
    row = next(line for line in listed.stdout.splitlines() if line.startswith("CP-1 "))
    assert "Accepted" in row


def test_unknown_charger_can_be_approved(tmp_path):
    from bridge import RegistrationStatus, utcnow
    from storage import SqlStore, create_engine, upgrade_database

    url = f"sqlite+aiosqlite:///{tmp_path / 'gw.db'}"

    async def seed() -> None:
        await upgrade_database(url)
        engine = create_engine(url)
        store = SqlStore(engine)
        await store.add_charger("CP-NEW", RegistrationStatus.PENDING, now=utcnow())
        await store.close()
        await engine.dispose()

    asyncio.run(seed())
    approved = _run("charger", "approve", "CP-NEW", "--database-url", url, cwd=tmp_path)
    assert approved.returncode == 0, approved.stderr
    listed = _run("charger", "list", "--database-url", url, cwd=tmp_path)
    assert "Accepted" in next(line for line in listed.stdout.splitlines() if "CP-NEW" in line)


def test_db_upgrade_creates_the_schema_on_postgresql(tmp_path, postgres_admin_url):
    """`ocpp-gateway db upgrade --database-url postgresql+asyncpg://…` on a fresh database."""
    import asyncpg

    name = f"ocpp_gw_cli_{uuid.uuid4().hex[:10]}"
    dsn = postgres_admin_url.replace("postgresql+asyncpg://", "postgresql://")

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        url = postgres_admin_url.rsplit("/", 1)[0] + f"/{name}"
        result = _run("db", "upgrade", "--database-url", url, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "is up to date" in result.stdout

        async def tables() -> set[str]:
            conn = await asyncpg.connect(dsn.rsplit("/", 1)[0] + f"/{name}")
            try:
                rows = await conn.fetch(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            finally:
                await conn.close()
            return {r["tablename"] for r in rows}

        found = asyncio.run(tables())
        assert {"chargers", "transactions", "meter_values", "commands", "message_log"} <= found
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def postgres_admin_url() -> str:
    url = os.environ.get("OCPP_GATEWAY_TEST_POSTGRES_URL")
    default = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    with socket.socket() as s:
        s.settimeout(1)
        reachable = s.connect_ex(("127.0.0.1", 5432)) == 0
    if not reachable:
        if url:
            pytest.fail(f"OCPP_GATEWAY_TEST_POSTGRES_URL is set but {url} is unreachable")
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    return url or default


def test_token_create_prints_the_token_alone_on_the_last_line(tmp_path):
    from api._auth import TOKEN_PREFIX, secret_digest
    from storage import SqlStore, create_engine

    url = f"sqlite+aiosqlite:///{tmp_path / 'gw.db'}"
    created = _run(
        "token", "create", "--scope", "read", "--scope", "operate", "--name", "billing",
        "--database-url", url, cwd=tmp_path,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    token = created.stdout.rstrip("\n").splitlines()[-1]
    assert token.startswith(TOKEN_PREFIX) and " " not in token
    assert "read, operate" in created.stdout

    bad = _run("token", "create", "--scope", "root", "--database-url", url, cwd=tmp_path)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr

    async def stored():
        engine = create_engine(url)
        async with SqlStore(engine) as store:
            tokens = await store.list_api_tokens()
        await engine.dispose()
        return tokens

    [record] = asyncio.run(stored())
    secret = token.split("_", 2)[2]
    assert record.secret_sha256 == secret_digest(secret)  # stored hashed, never in clear
    assert secret not in (tmp_path / "gw.db").read_bytes().decode("latin-1")
    assert record.scopes == ("read", "operate")

    listed = _run("token", "list", "--database-url", url, cwd=tmp_path)
    assert "billing" in listed.stdout and secret not in listed.stdout
    revoked = _run("token", "revoke", str(record.id), "--database-url", url, cwd=tmp_path)
    assert revoked.returncode == 0
    again = _run("token", "revoke", str(record.id), "--database-url", url, cwd=tmp_path)
    assert again.returncode == 1
