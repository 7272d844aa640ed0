"""The way back to SOAP chargers: zeep clients of each ChargePointService version and the
bridge's Dispatcher for SOAP.

``install(app)`` adds the cleanup context that opens the HTTP client session and
registers :class:`SoapDispatcher` with the application's CommandService; call it after
the bridge is set up (``soap.setup`` does).

Modules: ``_codec`` (zeep clients built from our generated WSDLs: requests written and
answers read), ``_addressing`` (WS-Addressing headers), ``_http`` (aiohttp, timeouts and
the connect-only retries), ``_errors`` (why a call failed, as a command status),
``_caller`` (one exchange), ``_dispatcher`` (commands, the message log).
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncIterator

from aiohttp import web

from bridge import Transport
from gateway.keys import COMMANDS, SETTINGS, STORE
from gateway.settings import Settings

from ._caller import Exchange, ExchangeLog, SoapCaller
from ._codec import Request, ServiceClient, charge_point_clients, service_client
from ._dispatcher import NO_CALLBACK_ADDRESS, SoapDispatcher
from ._errors import BadAnswer, BadRequest, CallError, NoAnswer, SoapFault, Unreachable
from ._http import Answer, Attempt, new_session
from ._limits import CallLimits

log = logging.getLogger(__name__)

__all__ = [
    "NO_CALLBACK_ADDRESS",
    "Answer",
    "Attempt",
    "BadAnswer",
    "BadRequest",
    "CallError",
    "CallLimits",
    "Exchange",
    "ExchangeLog",
    "NoAnswer",
    "Request",
    "ServiceClient",
    "SoapCaller",
    "SoapDispatcher",
    "SoapFault",
    "Unreachable",
    "charge_point_clients",
    "install",
    "new_session",
    "service_client",
]


def install(app: web.Application) -> None:
    """Register the SOAP command dispatcher on ``app`` (after the bridge's cleanup
    context). Installing twice is harmless."""
    if _soap_commands not in app.cleanup_ctx:
        app.cleanup_ctx.append(_soap_commands)


async def _soap_commands(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    charge_point_clients()  # zeep reads the three WSDLs now, not at the first command
    session = new_session(_tls(settings))
    try:
        dispatcher = SoapDispatcher(
            SoapCaller(session, CallLimits.from_settings(settings)),
            app[STORE],
            settings.advertised_url,
        )
        app[COMMANDS].register(Transport.SOAP, dispatcher)
        yield
        dispatcher.closed = True
    finally:
        await session.close()


def _tls(settings: Settings) -> ssl.SSLContext | bool:
    if not settings.soap_tls_verify:
        log.warning("certificates of chargers' HTTPS endpoints are not verified")
        return False
    if settings.soap_tls_ca_file:
        return ssl.create_default_context(cafile=settings.soap_tls_ca_file)
    return True
