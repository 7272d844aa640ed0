"""Property-based run of the OpenAPI document against a live gateway (schemathesis):
generated requests, valid and invalid, on every operation; no answer may be a 5xx, and
every answer must be one the document declares (status, content type, schema).

The gateway is the real ``ocpp-gateway serve`` process on a loopback port, SQLite in a
temporary folder, with an admin token made by ``ocpp-gateway token create``.
"""

from __future__ import annotations

import os
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

from tests.live import LiveGateway, live_on_each_backend
from tests.storage.conftest import postgres_url  # noqa: F401

EXAMPLES = int(os.environ.get("OCPP_GATEWAY_TEST_API_EXAMPLES", "30"))


live = live_on_each_backend(
    "schemathesis", chargers=("CP-1", "CP-2"), env={"OCPP_GATEWAY_COMMAND_TIMEOUT": "1"}
)


# Endpoints that answer with an endless stream: covered by their own tests.
STREAMS = {"/events"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_no_answer_is_a_server_error(live: LiveGateway, mode: GenerationMode) -> None:
    """Every operation, with generated valid (positive) or invalid (negative) requests.
    (schemathesis's pytest plugin does not run under pytest 9, so hypothesis drives
    each operation's strategy here.)"""
    base, token = live.base, live.token
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
