"""A real gateway on a loopback port (aiohttp's test server, SQLite in a temp folder) and
SOAP chargers talking to it: zeep clients built from the official CentralSystemService
WSDLs, or handcrafted envelopes when a test needs what no library would send."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import zeep
import zeep.transports
from aiohttp import web
from aiohttp.test_utils import TestServer
from lxml import etree
from zeep.plugins import Plugin

import soap
import storage
from bridge import RegistrationStatus, UnknownChargerPolicy, utcnow
from gateway.app import create_app
from gateway.keys import STORE
from gateway.passwords import hash_password
from gateway.settings import Settings
from storage import SqlStore
from tests.wsdl.helpers import official_schema
from wsdl import VERSIONS, get_service
from wsdl.catalog import source
from wsdl.namespaces import SOAP12_ENVELOPE, WSA

# ../shared/ocpp-wsdl relative to the repository root; the files are not in the repository.
OFFICIAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "ocpp-wsdl"
SOAP11_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/"
WSA04 = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
NS: dict[str, str] = {v: get_service(v, "cs").namespace for v in VERSIONS}
WAIT = 10.0  # seconds any single step may take on a loaded 2-core machine
CALLBACK = "http://192.0.2.10:8080/ocpp/cp"  # where the test charger says it listens


def official_path(version: str) -> Path:
    if not OFFICIAL_DIR.is_dir():
        pytest.skip(f"official OCPP WSDL files not found at {OFFICIAL_DIR}")
    return OFFICIAL_DIR / source(version, "cs").filename


_SCHEMAS: dict[str, etree.XMLSchema] = {}


def schema(version: str) -> etree.XMLSchema:
    """The xs:schema of the official CentralSystemService WSDL of ``version``."""
    if version not in _SCHEMAS:
        _SCHEMAS[version] = official_schema(official_path(version))
    return _SCHEMAS[version]


# --- the gateway ------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def root(self) -> etree._Element:
        return etree.fromstring(self.body)

    @property
    def soap_ns(self) -> str:
        return etree.QName(self.root).namespace or ""

    def body_element(self) -> etree._Element:
        (body,) = self.root.iterfind(f"{{{self.soap_ns}}}Body")
        (element,) = body
        return element

    def header(self, local: str) -> str | None:
        for ns in (WSA, WSA04):
            found = self.root.findtext(f"{{{self.soap_ns}}}Header/{{{ns}}}{local}")
            if found is not None:
                return found
        return None

    def fault(self) -> Fault:
        element = self.body_element()
        assert etree.QName(element).localname == "Fault", self.body.decode()
        if self.soap_ns == SOAP12_ENVELOPE:
            env = {"e": SOAP12_ENVELOPE}
            code = element.findtext("e:Code/e:Value", namespaces=env) or ""
            subcode = element.findtext("e:Code/e:Subcode/e:Value", namespaces=env)
            reason = element.findtext("e:Reason/e:Text", namespaces=env) or ""
            lang = element.find("e:Reason/e:Text", namespaces=env)
            assert lang is not None
            assert lang.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        else:
            code = element.findtext("faultcode") or ""
            reason = element.findtext("faultstring") or ""
            subcode = element.findtext("detail/{*}errorCode")
        return Fault(
            code.rpartition(":")[2],
            subcode.rpartition(":")[2] if subcode else None,
            reason,
        )


@dataclass(frozen=True)
class Fault:
    code: str
    subcode: str | None
    reason: str


@dataclass
class Gateway:
    server: TestServer
    app: web.Application
    session: aiohttp.ClientSession

    @property
    def store(self) -> SqlStore:
        return self.app[STORE]

    def url(self, path: str = "/ocpp/soap") -> str:
        return f"http://127.0.0.1:{self.server.port}{path}"

    async def add_charger(
        self,
        charger_id: str,
        status: RegistrationStatus = RegistrationStatus.ACCEPTED,
        *,
        password: str | None = None,
        auth_required: bool = False,
        allowed_ips: tuple[str, ...] = (),
    ) -> None:
        password_hash = hash_password(password) if password else None
        await self.store.add_charger(charger_id, status, password_hash=password_hash, now=utcnow())
        if auth_required or allowed_ips:
            await self.store.set_access(
                charger_id, auth_required=auth_required, allowed_ips=allowed_ips
            )

    async def post(
        self,
        body: bytes | str,
        path: str = "/ocpp/soap",
        *,
        content_type: str = "application/soap+xml; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        data = body.encode() if isinstance(body, str) else body
        sent = {"Content-Type": content_type, **(headers or {})}
        payload = io.BytesIO(data) if len(data) > 65536 else data  # aiohttp warns otherwise
        async with self.session.post(self.url(path), data=payload, headers=sent) as response:
            return Reply(response.status, dict(response.headers), await response.read())

    async def heartbeat_works(self, charger_id: str = "CB-ALIVE") -> bool:
        """The server still answers after whatever a test sent."""
        if await self.store.get_charger(charger_id) is None:
            await self.add_charger(charger_id)
        reply = await self.post(envelope("1.6", "<o:heartbeatRequest/>", charger_id=charger_id))
        return (
            reply.status == 200 and reply.body_element().tag == f"{{{NS['1.6']}}}heartbeatResponse"
        )


GatewayFactory = Callable[..., Awaitable[Gateway]]


@pytest.fixture
async def make_gateway(aiohttp_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    count = 0
    sessions: list[aiohttp.ClientSession] = []

    async def make(*, codec: str = "compiled", **overrides: Any) -> Gateway:
        nonlocal count
        count += 1
        url = f"sqlite+aiosqlite:///{tmp_path / f'gateway{count}.db'}"
        await storage.upgrade_database(url)
        values: dict[str, Any] = {
            "database_url": url,
            "unknown_chargers": UnknownChargerPolicy.ACCEPT,
            "json_ping_interval": 0,
        }
        values.update(overrides)
        monkeypatch.setattr(soap, "DEFAULT_CODEC", codec)
        app = create_app(Settings(**values))
        server = await aiohttp_server(app)
        session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT))
        sessions.append(session)
        return Gateway(server, app, session)

    yield make
    for session in sessions:
        await session.close()


@pytest.fixture
async def gateway(make_gateway: GatewayFactory) -> Gateway:
    return await make_gateway()


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = WAIT) -> None:
    """Wait until ``check`` holds (queued writes such as the message log land later)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def basic_auth(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


# --- handcrafted envelopes -----------------------------------------------------------------


def envelope(
    version: str,
    body: str,
    *,
    charger_id: str | None = "CB-1",
    soap_ns: str = SOAP12_ENVELOPE,
    wsa_ns: str = WSA,
    action: str | None = None,
    message_id: str | None = "urn:uuid:00000000-0000-4000-8000-000000000001",
    from_address: str | None = None,
    extra_headers: str = "",
) -> str:
    """A plain envelope; ``body`` may use the prefix ``o`` (the version's namespace)."""
    headers = []
    if charger_id is not None:
        headers.append(f"<o:chargeBoxIdentity>{charger_id}</o:chargeBoxIdentity>")
    if action is not None:
        headers.append(f"<a:Action>{action}</a:Action>")
    if message_id is not None:
        headers.append(f"<a:MessageID>{message_id}</a:MessageID>")
    if from_address is not None:
        headers.append(f"<a:From><a:Address>{from_address}</a:Address></a:From>")
    headers.append(extra_headers)
    return (
        f'<s:Envelope xmlns:s="{soap_ns}" xmlns:o="{NS[version]}" xmlns:a="{wsa_ns}">'
        f"<s:Header>{''.join(headers)}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
    )


# --- zeep as the charger -------------------------------------------------------------------


@dataclass
class Exchange:
    operation: str
    request: etree._Element
    answer: etree._Element


class Recorder(Plugin):
    """Adds ``wsa:From/wsa:Address`` (zeep writes Action, MessageID and To itself), keeps
    every envelope, and validates every answer's body under the official schema."""

    def __init__(self, version: str, from_address: str | None) -> None:
        self.version = version
        self.from_address = from_address
        self.exchanges: list[Exchange] = []
        self._sent: etree._Element | None = None

    def egress(self, envelope: Any, http_headers: Any, operation: Any, binding_options: Any) -> Any:
        if self.from_address is not None:
            header = envelope.find(f"{{{SOAP12_ENVELOPE}}}Header")
            reference = etree.SubElement(header, f"{{{WSA}}}From")
            etree.SubElement(reference, f"{{{WSA}}}Address").text = self.from_address
        self._sent = envelope
        return envelope, http_headers

    def ingress(self, envelope: Any, http_headers: Any, operation: Any) -> Any:
        (body,) = envelope.iterfind(f"{{{SOAP12_ENVELOPE}}}Body")
        (element,) = body
        if etree.QName(element).localname != "Fault":
            schema(self.version).assertValid(element)
        assert self._sent is not None
        self.exchanges.append(Exchange(operation.name, self._sent, envelope))
        return envelope, http_headers


class ZeepCharger:
    """A charge point built from the official CentralSystemService WSDL of ``version``,
    pointed at ``address``; calls run in a thread (zeep's client is synchronous)."""

    def __init__(
        self, version: str, address: str, charger_id: str, from_address: str | None = CALLBACK
    ) -> None:
        self.version = version
        self.charger_id = charger_id
        self.recorder = Recorder(version, from_address)
        transport = zeep.transports.Transport(timeout=WAIT, operation_timeout=WAIT)
        self.client = zeep.Client(
            wsdl=str(official_path(version)), transport=transport, plugins=[self.recorder]
        )
        binding = f"{{{NS[version]}}}CentralSystemServiceSoap"
        self.service = self.client.create_service(binding, address)

    async def call(self, operation: str, **fields: Any) -> Any:
        method = getattr(self.service, operation)
        headers = {"ChargeBoxIdentity": self.charger_id}
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, lambda: method(_soapheaders=headers, **fields))
