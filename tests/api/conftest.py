"""A real gateway on a loopback port and an HTTP client for its API, with a token per
scope. ``api_gateway`` runs on SQLite; ``api_gateway_both`` on SQLite and PostgreSQL.

    async def test_x(api: ApiClient) -> None:
        status, body = await api.get("/chargers")              # admin token
        status, body = await api.get("/chargers", scope="read")
        status, body = await api.post("/chargers", {...}, token=None)  # no token
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from jsonschema import Draft202012Validator, FormatChecker

import api as api_package
import storage
from bridge import CommandService, RegistrationStatus, UnknownChargerPolicy, utcnow
from gateway.app import create_app
from gateway.keys import COMMANDS, SETTINGS, STORE
from gateway.settings import Settings
from storage import SqlStore
from tests.storage.conftest import backend, database_url, postgres_url  # noqa: F401

WAIT = 5.0


@dataclass
class ApiClient:
    server: TestServer
    app: web.Application
    session: aiohttp.ClientSession
    tokens: dict[str, str] = field(default_factory=dict)  # scope -> bearer token
    check_responses: bool = True
    _document: dict[str, Any] | None = None

    @property
    def store(self) -> SqlStore:
        return self.app[STORE]

    @property
    def settings(self) -> Settings:
        return self.app[SETTINGS]

    @property
    def commands(self) -> CommandService:
        return self.app[COMMANDS]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def url(self, path: str) -> str:
        """``/chargers`` is below /api/v1; a path starting with /api or /ocpp is taken as is."""
        if path.startswith(("/api/", "/ocpp", "/health")):
            return self.base + path
        return f"{self.base}/api/v1{path}"

    def headers(self, scope: str | None, token: str | None) -> dict[str, str]:
        if token is not None:
            return {"Authorization": f"Bearer {token}"}
        if scope is None:
            return {}
        return {"Authorization": f"Bearer {self.tokens[scope]}"}

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        scope: str | None = "admin",
        token: str | None = None,
        params: dict[str, Any] | None = None,
        data: Any = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        all_headers = self.headers(scope, token) | (headers or {})
        async with self.session.request(
            method,
            self.url(path),
            json=body if data is None else None,
            data=data,
            params=params,
            headers=all_headers,
            timeout=aiohttp.ClientTimeout(total=60),
        ) as response:
            text = await response.text()
            answer: Any = text
            if response.content_type == "application/json":
                answer = json.loads(text) if text else None
            if self.check_responses:
                await self.conforms(method, path, response.status, response.content_type, answer)
            return response.status, answer

    async def document(self) -> dict[str, Any]:
        if self._document is None:
            async with self.session.get(self.url("/openapi.json")) as response:
                self._document = await response.json()
        return self._document

    async def conforms(
        self, method: str, path: str, status: int, content_type: str, body: Any
    ) -> None:
        """Every answer the tests get must be one the OpenAPI document declares."""
        path = urlsplit(self.url(path)).path.removeprefix("/api/v1")
        if not self.url(path).startswith(self.base + "/api/v1") or path in (
            "/openapi.json",
            "/docs",
        ):
            return
        document = await self.document()
        operation = _operation(document, method, path)
        if operation is None:
            if status in (404, 405):  # no such route: the router's own JSON answer
                assert content_type == "application/json" and "error" in body
                return
            raise AssertionError(f"{method} {path} is not in the OpenAPI document")
        responses = operation["responses"]
        spec = responses.get(str(status)) or responses.get("default")
        assert spec is not None, f"{method} {path} answered {status}, not documented"
        if "$ref" in spec:
            spec = document["components"]["responses"][spec["$ref"].rsplit("/", 1)[1]]
        media = spec.get("content", {}).get(content_type)
        if content_type == "application/json" and media and "schema" in media:
            root = {"components": document["components"]} | media["schema"]
            Draft202012Validator(root, format_checker=FormatChecker()).validate(body)

    async def get(self, path: str, **kwargs: Any) -> tuple[int, Any]:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any]:
        return await self.request("POST", path, body, **kwargs)

    async def patch(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any]:
        return await self.request("PATCH", path, body, **kwargs)

    async def put(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any]:
        return await self.request("PUT", path, body, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> tuple[int, Any]:
        return await self.request("DELETE", path, **kwargs)

    async def add_charger(self, charger_id: str, **kwargs: Any) -> None:
        await self.store.add_charger(
            charger_id, kwargs.pop("status", RegistrationStatus.ACCEPTED), now=utcnow(), **kwargs
        )


ApiFactory = Callable[..., Awaitable[ApiClient]]


def _operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any] | None:
    for template, item in document["paths"].items():
        pattern = "^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return dict(item[method.lower()])
    return None


@pytest.fixture
async def make_api(aiohttp_server: Any, tmp_path: Any) -> AsyncIterator[ApiFactory]:
    """Start a gateway (SQLite in tmp_path unless ``database_url`` is given) and hand back
    a client holding one token per scope."""
    sessions: list[aiohttp.ClientSession] = []
    count = 0

    async def make(**overrides: Any) -> ApiClient:
        nonlocal count
        count += 1
        url = overrides.pop("database_url", None) or (
            f"sqlite+aiosqlite:///{tmp_path / f'api{count}.db'}"
        )
        await storage.upgrade_database(url)
        values: dict[str, Any] = {
            "database_url": url,
            "unknown_chargers": UnknownChargerPolicy.ACCEPT,
            "json_ping_interval": 0,
            "command_timeout": 5.0,
        }
        values.update(overrides)
        app = create_app(Settings(**values))
        server = await aiohttp_server(app)
        session = aiohttp.ClientSession()
        sessions.append(session)
        client = ApiClient(server, app, session)
        for scope in api_package.SCOPES:
            new = await api_package.create_token(client.store, f"test {scope}", [scope])
            client.tokens[scope] = new.token
        return client

    yield make
    for session in sessions:
        await session.close()


@pytest.fixture
async def api(make_api: ApiFactory) -> ApiClient:
    return await make_api()


@pytest.fixture
async def api_both(make_api: ApiFactory, database_url: str) -> ApiClient:  # noqa: F811
    """The same, on SQLite and on PostgreSQL (a schema of its own)."""
    return await make_api(database_url=database_url)
