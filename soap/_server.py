"""The SOAP Central System endpoints: one request in, one answer or Fault out.

Per request: read the body (413 over the limit), read the envelope (``_envelope``),
take the chargeBoxIdentity, find the operation from the body element, admit the charger
(``_auth``), decode the body (``_codec``, or spyne in ``_spyne``), await the bridge, and
write the answer with its WS-Addressing headers. Every error becomes a Fault in
``_faults``. The raw request and answer go to the message log through the store's
queue (``note_message``), never awaited.

Parsing and writing run inline on the event loop: for the bodies chargers send they cost
tens of microseconds. Offloading large bodies to the executor was measured
(bench/soap.md): it helped p99 only near the body size limit, and not at all once the
bridge's own work on the same message counts. The limit bounds the worst case (~24 ms of
SOAP work for 1 MiB).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Final, Protocol

from aiohttp import StreamReader, hdrs, web

from bridge import (
    CentralSystem,
    Contact,
    Direction,
    MessageLogEntry,
    OcppVersion,
    Transport,
    utcnow,
)
from gateway.keys import CENTRAL_SYSTEM, STORE
from gateway.settings import Settings
from wsdl import VERSIONS, get_service
from wsdl.serve import build_wsdl
from wsdl.spec import OperationSpec, ServiceSpec

from ._addressing import Addressing, fault_action, reply_header
from ._auth import Gatekeeper
from ._codec import CompiledCodec
from ._envelope import Envelope, read_envelope
from ._faults import SoapFault, fault_for, render_fault, sender
from ._spyne import SpyneCodec
from ._wire import SOAP11, SOAP12, SoapVersion, escape, split_tag

log = logging.getLogger(__name__)

SOAP_PATH: Final = "/ocpp/soap"  # any version: the body element's namespace decides
WSDL_VERSION: Final = "1.6"  # the WSDL served at a path that accepts every version
CODECS: Final = ("compiled", "spyne")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class DecodedRequest(Protocol):
    payload: dict[str, Any]

    def answer(self, answer: dict[str, Any], header_ns: str, header: str) -> bytes: ...


class Codec(Protocol):
    name: str

    def decode(
        self,
        data: bytes,
        envelope: Envelope,
        service: ServiceSpec,
        operation: OperationSpec,
        lenient: bool,
    ) -> DecodedRequest: ...


class SoapFrontDoor:
    """Owns the SOAP Central System routes of one application."""

    def __init__(self, settings: Settings, *, codec: str = "compiled") -> None:
        if codec not in CODECS:
            raise ValueError(f"codec must be one of {', '.join(CODECS)}, not {codec!r}")
        self.settings = settings
        self.services: dict[str, ServiceSpec] = {v: get_service(v, "cs") for v in VERSIONS}
        self._by_namespace = {s.namespace: s for s in self.services.values()}
        # Every operation by its request element (Clark notation): the usual request, a
        # qualified body element, finds its operation in one lookup.
        self._by_request = {
            op.request_element: (s, op)
            for s in self.services.values()
            for op in s.operations.values()
        }
        self._versions: dict[str, OcppVersion] = {v: OcppVersion(v) for v in VERSIONS}
        self.codec: Codec = (
            CompiledCodec(list(self.services.values())) if codec == "compiled" else SpyneCodec()
        )
        self._central_system: CentralSystem | None = None
        self._gate: Gatekeeper | None = None
        self._note: Callable[[MessageLogEntry], None] | None = None

    # --- routes and lifecycle ------------------------------------------------------------

    def routes(self) -> dict[str, str | None]:
        """Each path we answer on, with the OCPP version it is fixed to (None: any)."""
        paths: dict[str, str | None] = {SOAP_PATH: None}
        paths.update({f"{SOAP_PATH}/{v}": v for v in VERSIONS})
        for alias in self.settings.soap_path_aliases:
            paths.setdefault("/" + alias.strip("/"), None)
        # A charger configured with a trailing slash reaches the same endpoint.
        return paths | {f"{path}/": version for path, version in paths.items()}

    def install(self, app: web.Application) -> None:
        app.cleanup_ctx.append(self._lifespan)
        for path, version in self.routes().items():
            app.router.add_post(path, self._post_handler(version))
            app.router.add_get(path, self._get_handler(version), allow_head=False)

    async def _lifespan(self, app: web.Application) -> AsyncIterator[None]:
        for version in VERSIONS:  # ~30 ms of spyne each: at startup, not on a charger's GET
            wsdl_document(version, "")
        store = app[STORE]
        self._central_system = app[CENTRAL_SYSTEM]
        self._gate = Gatekeeper(store.get_charger, auth_required=self.settings.auth_required)
        self._note = getattr(store, "note_message", None)
        yield
        self._central_system = self._gate = None

    def _post_handler(self, version: str | None) -> Handler:
        async def post(request: web.Request) -> web.StreamResponse:
            return await self.handle(request, version)

        return post

    def _get_handler(self, version: str | None) -> Handler:
        async def get(request: web.Request) -> web.StreamResponse:
            return await self.wsdl(request, version)

        return get

    # --- GET ?wsdl -----------------------------------------------------------------------

    async def wsdl(self, request: web.Request, version: str | None) -> web.StreamResponse:
        if not any(key.lower() == "wsdl" for key in request.query):
            raise web.HTTPBadRequest(text="POST SOAP requests here; GET ?wsdl for the WSDL\n")
        base = self.settings.public_url
        if base:
            address = base.rstrip("/") + request.path
        else:
            address = f"{request.scheme}://{request.host}{request.path}"
        document = wsdl_document(version or WSDL_VERSION, address)
        return web.Response(body=document, content_type="text/xml", charset="utf-8")

    # --- POST ----------------------------------------------------------------------------

    async def handle(self, request: web.Request, path_version: str | None) -> web.Response:
        received_at = utcnow()
        soap: SoapVersion | None = None
        addressing = Addressing()
        service = self.services[path_version or WSDL_VERSION]
        logged: str | None = None  # the charger this exchange is logged under, once admitted
        action: str | None = None
        headers: dict[str, str] = {}
        try:
            central_system, gate = self._running()
            data = await self._read_body(request)
            envelope = read_envelope(data)
            soap, addressing = envelope.soap, envelope.addressing
            charger_id = envelope.charge_box_identity
            if charger_id is None:
                raise sender("the chargeBoxIdentity SOAP header is missing or empty")
            # Refused requests are not logged under the identity they claim (an impostor
            # would write into a charger's log): their refusal is logged by _auth.
            await gate.admit(charger_id, request.remote, request.headers.get(hdrs.AUTHORIZATION))
            logged = charger_id
            try:
                service, operation = self._operation(envelope, path_version)
            except SoapFault:
                self._log(charger_id, Direction.IN, None, data, received_at)
                raise
            action = operation.name
            flags = _flags(request, envelope, operation)
            self._log(charger_id, Direction.IN, action, data, received_at, flags)
            decoded = self.codec.decode(data, envelope, service, operation, self.settings.lenient)
            contact = Contact(
                charger_id=charger_id,
                transport=Transport.SOAP,
                version=self._versions[service.version],
                received_at=received_at,
                soap_endpoint=addressing.from_address,
                remote_addr=request.remote,
            )
            answer = await central_system.handle_payload(contact, action, decoded.payload)
            reply_action = operation.wsa_output_action or f"/{action}Response"
            body = decoded.answer(answer, *reply_header(addressing, reply_action))
            status = 200
        except Exception as exc:
            fault = fault_for(exc)
            if soap is None:
                soap = SOAP11 if request.content_type == "text/xml" else SOAP12
            header_ns, header = reply_header(addressing, fault_action(addressing))
            body = render_fault(fault, soap, service.namespace, header_ns, header)
            status = fault.status(soap)
            headers = fault.headers
            log.info("SOAP fault to %s (%s): %s %s", logged, action, fault.code, fault.reason)
        if logged is not None:
            self._log(logged, Direction.OUT, action, body, utcnow())
        headers[hdrs.CONTENT_TYPE] = soap.content_type
        return web.Response(body=body, status=status, headers=headers)

    def _running(self) -> tuple[CentralSystem, Gatekeeper]:
        if self._central_system is None or self._gate is None:
            raise SoapFault(
                "Receiver", "the central system is starting or stopping", "InternalError"
            )
        return self._central_system, self._gate

    def _operation(
        self, envelope: Envelope, path_version: str | None
    ) -> tuple[ServiceSpec, OperationSpec]:
        """The body element decides the operation and the version (never SOAPAction)."""
        tag = envelope.request.tag
        found = self._by_request.get(tag)
        if found is not None and (path_version is None or found[0].version == path_version):
            return found
        namespace, local = split_tag(tag)
        service = self._by_namespace.get(namespace)
        if service is None and not namespace and path_version is not None:
            service = self.services[path_version]  # an unqualified body element
            tag = f"{{{service.namespace}}}{local}"
        if service is None:
            raise SoapFault(
                "Sender",
                f"{tag} is not a request of the OCPP 1.2, 1.5 or 1.6 Central System service",
                "NotImplemented",
            )
        if path_version is not None and service.version != path_version:
            raise SoapFault(
                "Sender",
                f"{tag} is an OCPP {service.version} request; this endpoint serves OCPP "
                f"{path_version} (use {SOAP_PATH}/{service.version} or {SOAP_PATH})",
                "ProtocolError",
            )
        operation = service.operation_for_request(tag)
        if operation is None:
            raise SoapFault(
                "Sender",
                f"{local} is not an operation of the OCPP {service.version} Central System service",
                "NotImplemented",
            )
        return service, operation

    async def _read_body(self, request: web.Request) -> bytes:
        """The request body, or a 413 Fault past ``soap_max_body_bytes`` (counted after any
        Content-Encoding is undone, so a compressed bomb stops at the limit too), or a 408
        Fault when it has not all arrived within ``soap_read_timeout``: a client that
        trickles bytes, or stops sending, does not hold a request open for ever."""
        limit = self.settings.soap_max_body_bytes
        length = request.content_length
        if length is not None and length > limit:
            raise _too_large(limit)
        content = request.content
        if content.is_eof():  # the usual case: the whole body came with the headers
            return await _read_chunks(content, limit)
        timeout = self.settings.soap_read_timeout
        try:
            async with asyncio.timeout(timeout):
                return await _read_chunks(content, limit)
        except TimeoutError:
            raise SoapFault(
                "Sender",
                f"the request body did not arrive within {timeout:g} seconds",
                "FormationViolation",
                http_status=408,
                headers={hdrs.CONNECTION: "close"},  # the rest of it is not awaited
            ) from None

    def _log(
        self,
        charger_id: str,
        direction: Direction,
        action: str | None,
        message: bytes,
        at: dt.datetime,
        flags: tuple[str, ...] = (),
    ) -> None:
        if self._note is None:
            return
        try:
            self._note(
                MessageLogEntry(
                    charger_id=charger_id,
                    direction=direction,
                    transport=Transport.SOAP,
                    action=action,
                    message=message.decode("utf-8", "replace"),
                    timestamp=at,
                    flags=flags,
                )
            )
        except Exception:  # the log is a record, not a promise to the charger
            log.exception("SOAP %s: could not queue a message for the log", charger_id)


# The WSDL is built once per version with this address and the real one written in per
# request: building costs ~30 ms of CPU, and the address comes from the request's Host.
_ADDRESS_SLOT: Final = "urn:ocpp-gateway:soap-address"


def wsdl_document(version: str, address: str) -> bytes:
    """The served WSDL of OCPP ``version`` with ``address`` as its soap12:address."""
    document = build_wsdl(version, "cs", _ADDRESS_SLOT)  # cached by wsdl.serve
    slot = _ADDRESS_SLOT.encode()
    if document.count(slot) != 1:
        raise RuntimeError(f"the {version} WSDL does not hold its address exactly once")
    return document.replace(slot, escape(address).encode())


async def _read_chunks(content: StreamReader, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := await content.readany():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(limit: int) -> SoapFault:
    return SoapFault(
        "Sender",
        f"the request body is larger than {limit} bytes",
        "FormationViolation",
        http_status=413,
    )


def _flags(request: web.Request, envelope: Envelope, operation: OperationSpec) -> tuple[str, ...]:
    """Where the charger's declared action disagrees with its body (the body decides)."""
    flags: list[str] = []
    soap_action = request.headers.get("SOAPAction")
    if soap_action is None and envelope.soap is SOAP12:
        content_type = request.headers.get(hdrs.CONTENT_TYPE, "")
        if "action=" in content_type:
            soap_action = content_type.partition("action=")[2].partition(";")[0]
    if soap_action is not None:
        declared = soap_action.strip().strip('"').strip()
        if declared and not declared.endswith(operation.soap_action):
            flags.append(f"soap_action_mismatch:{declared}")
    wsa_action = envelope.addressing.action
    if wsa_action is not None and not wsa_action.endswith(operation.wsa_input_action):
        flags.append(f"wsa_action_mismatch:{wsa_action}")
    return tuple(flags)
