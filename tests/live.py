"""The real ``ocpp-gateway`` process on a loopback port, SQLite in a folder of its own: for
the property-based tests that throw generated requests at it from a synchronous test.

    with live_gateway(folder, chargers=("CP-1",)) as gateway:
        gateway.base   # http://127.0.0.1:<port>
        gateway.token  # an admin API token
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy.engine import make_url

import storage
from tests.storage.conftest import BACKENDS

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class LiveGateway:
    base: str
    token: str
    process: subprocess.Popen[bytes]

    @property
    def port(self) -> int:
        return int(self.base.rpartition(":")[2])


def generated(examples: int) -> settings:
    """Hypothesis settings for requests thrown at a live gateway: a fixed seed, so that a
    run is repeatable (raise ``examples`` to search further), and no example database."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def command() -> list[str]:
    script = Path(sys.executable).parent / "ocpp-gateway"
    return [str(script)] if script.exists() else [sys.executable, "-m", "gateway"]


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCPP_GATEWAY_")}
    env["PYTHONPATH"] = str(REPO)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(folder: Path, *args: str) -> str:
    done = subprocess.run(
        [*command(), *args], cwd=folder, env=clean_env(), capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    return done.stdout


@contextlib.contextmanager
def postgres_schema(server_url: str) -> Iterator[str]:
    """The URL of a new, empty schema on the PostgreSQL server (dropped after)."""
    schema = f"live_{uuid.uuid4().hex[:16]}"

    async def run(sql: str) -> None:
        engine = storage.create_engine(server_url)
        try:
            async with engine.begin() as connection:
                await connection.exec_driver_sql(sql)
        finally:
            await engine.dispose()

    asyncio.run(run(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(server_url)
            .update_query_dict({"search_path": schema})
            .render_as_string(hide_password=False)
        )
    finally:
        asyncio.run(run(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@contextlib.contextmanager
def live_gateway(
    folder: Path,
    chargers: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    output: int | None = None,
    database_url: str | None = None,
    open_files: int | None = None,
) -> Iterator[LiveGateway]:
    """Start the gateway with ``chargers`` added (Accepted); stop it with SIGTERM after.
    It stores to SQLite in ``folder``, or to ``database_url``. Its log goes to
    ``gateway.log`` in ``folder`` (or to ``output``, e.g. a pipe nobody reads); a
    traceback in that file fails the test even when every answer looked right.
    ``open_files``: the soft limit on open files it starts with (as a systemd service
    starts with 1,024)."""
    url = database_url or f"sqlite+aiosqlite:///{folder / 'gw.db'}"
    token = _cli(folder, "token", "create", "--scope", "admin", "--database-url", url)
    for charger in chargers:
        _cli(folder, "charger", "add", charger, "--database-url", url)
    port = free_port()
    log_path = folder / "gateway.log"
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [*command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", url],
            cwd=folder, env=clean_env() | dict(env or {}),
            stdout=log_file if output is None else output, stderr=subprocess.STDOUT,
            preexec_fn=None if open_files is None else lambda: _limit_open_files(open_files),
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise RuntimeError(f"gateway did not start: {log_path.read_text()}") from None
                time.sleep(0.2)
        yield LiveGateway(base, token.splitlines()[-1], proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        finally:
            proc.kill()
    logged = log_path.read_text()
    assert "Traceback" not in logged, logged[-5000:]


def _limit_open_files(soft: int) -> None:
    import resource

    resource.setrlimit(
        resource.RLIMIT_NOFILE, (soft, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
    )


@contextlib.contextmanager
def live_gateway_on(
    backend: str,
    request: pytest.FixtureRequest,
    folder: Path,
    chargers: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
) -> Iterator[LiveGateway]:
    """:func:`live_gateway` on ``backend``: SQLite, or a new schema on the PostgreSQL server
    of the ``postgres_url`` fixture (``tests.storage.conftest``), whose text refuses what
    SQLite keeps."""
    if backend == "sqlite":
        with live_gateway(folder, chargers=chargers, env=env) as gateway:
            yield gateway
        return
    with (
        postgres_schema(request.getfixturevalue("postgres_url")) as url,
        live_gateway(folder, chargers=chargers, env=env, database_url=url) as gateway,
    ):
        yield gateway


def live_on_each_backend(
    folder: str, chargers: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> Callable[..., Iterator[LiveGateway]]:
    """A module-scoped ``live`` fixture: :func:`live_gateway_on` SQLite, then PostgreSQL,
    in a new folder named after ``folder``. The module also imports the ``postgres_url``
    fixture (``tests.storage.conftest``).

        live = live_on_each_backend("soap-fuzz", chargers=("CP-1",))
    """

    @pytest.fixture(scope="module", params=BACKENDS)
    def live(
        request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[LiveGateway]:
        home = tmp_path_factory.mktemp(folder)
        with live_gateway_on(request.param, request, home, chargers, env) as gateway:
            yield gateway

    return live
