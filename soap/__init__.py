"""OCPP-S front door: the SOAP Central System for OCPP 1.2, 1.5 and 1.6, and the SOAP
command dispatcher (``soap.commands``).

``setup(app)`` adds the endpoints: ``POST /ocpp/soap`` (the body element's namespace
picks the version), ``POST /ocpp/soap/1.2``, ``/1.5`` and ``/1.6``, the configured
``soap_path_aliases``, and ``GET <any of those>?wsdl``.

Modules: ``_wire`` (the parser, SOAP 1.1/1.2, answer envelopes), ``_envelope`` (a
charger's envelope and headers), ``_addressing`` (WS-Addressing), ``_codec`` (the
compiled codec), ``_spyne`` (the spyne reference codec), ``_faults`` (every error as a
SOAP Fault), ``_auth`` (Basic auth and IP allowlists), ``_server`` (the endpoints).
"""

from __future__ import annotations

from aiohttp import web

from gateway.keys import SETTINGS

from . import commands
from ._faults import SoapFault
from ._server import CODECS, SOAP_PATH, SoapFrontDoor

__all__ = ["CODECS", "DEFAULT_CODEC", "SOAP_PATH", "SoapFault", "SoapFrontDoor", "setup"]

# What ``setup`` uses when not told: "compiled" (plans built from the generated spyne
# models) or "spyne" (spyne's own server pipeline: the reference, several times slower;
# bench/soap_bench.py sets this to compare the two).
DEFAULT_CODEC = "compiled"


def setup(app: web.Application, *, codec: str | None = None) -> SoapFrontDoor:
    """Register the SOAP endpoints and the SOAP command dispatcher on ``app`` (after the
    bridge's cleanup context)."""
    front_door = SoapFrontDoor(app[SETTINGS], codec=codec or DEFAULT_CODEC)
    front_door.install(app)
    commands.install(app)
    return front_door
