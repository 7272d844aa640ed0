"""Property-based run of the OpenAPI document against a live gateway (schemathesis):
generated requests, valid and invalid, on every operation; no answer may be a 5xx, and
every answer must be one the document declares (status, content type, schema).

The gateway is the real ``ocpp-gateway serve`` process on a loopback port, SQLite in a
temporary folder, with an admin token made by ``ocpp-gateway token create``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("OCPP_GATEWAY_TEST_API_EXAMPLES", "30"))


def _command() -> list[str]:
    script = Path(sys.executable).parent / "ocpp-gateway"
    return [str(script)] if script.exists() else [sys.executable, "-m", "gateway"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCPP_GATEWAY_")}
    env["PYTHONPATH"] = str(REPO)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("schemathesis")
    url = f"sqlite+aiosqlite:///{folder / 'gw.db'}"
    created = subprocess.run(
        [*_command(), "token", "create", "--scope", "admin", "--database-url", url],
        cwd=folder, env=_env(), capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    token = created.stdout.splitlines()[-1]
    for charger in ("CP-1", "CP-2"):
        subprocess.run(
            [*_command(), "charger", "add", charger, "--database-url", url],
            cwd=folder, env=_env(), capture_output=True, timeout=120, check=True,
        )  # fmt: skip
    port = _free_port()
    proc = subprocess.Popen(
        [*_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", url],
        cwd=folder, env=_env() | {"OCPP_GATEWAY_COMMAND_TIMEOUT": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gateway did not start: {proc.communicate()[0]}") from None
                time.sleep(0.2)
        yield base, token
    finally:
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
        # A traceback in the server's log is a failure even when the answer was not a 5xx.
        assert "Traceback" not in output, output[-5000:]


# Endpoints that answer with an endless stream: covered by their own tests.
STREAMS = {"/events"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_no_answer_is_a_server_error(live_gateway: tuple[str, str], mode: GenerationMode) -> None:
    """Every operation, with generated valid (positive) or invalid (negative) requests.
    (schemathesis's pytest plugin does not run under pytest 9, so hypothesis drives
    each operation's strategy here.)"""
    base, token = live_gateway
    schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an Err raises here: good
        if operation.path in STREAMS:
            continue
        operations += 1

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
            database=None,
        )
        def run(case: Any) -> None:
            case.call_and_validate(
                base_url=f"{base}/api/v1",
                headers={"Authorization": f"Bearer {token}"},
                checks=CHECKS,
            )

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations >= 3
    assert not failures, "\n\n".join(failures)
