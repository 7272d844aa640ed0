"""OCPP-J 1.6 front door: the WebSocket Central System and its command dispatcher.

``setup(app)`` adds the endpoint (``GET /<any prefix>/<chargeBoxId>``, upgraded to a
WebSocket speaking ``ocpp1.6``) and registers the JSON :class:`bridge.Dispatcher`
with the application's CommandService once the bridge is up.

Modules: ``_handshake`` (path, subprotocol, credentials), ``_auth`` (Basic auth),
``_server`` (the endpoint and lifecycle), ``_connection`` (the ``ocpp`` library's
ChargePoint over aiohttp), ``_frames`` and ``_errors`` (OCPP-J section 4),
``_tolerance`` (real chargers' deviations), ``_dispatcher`` (the way back).
"""

from __future__ import annotations

import ocpp.messages
from aiohttp import web

from gateway.keys import SETTINGS

from ._dispatcher import Connections, JsonDispatcher
from ._server import JsonFrontDoor

__all__ = [
    "SCHEMA_VALIDATION_IN_EXECUTOR",
    "Connections",
    "JsonDispatcher",
    "JsonFrontDoor",
    "setup",
]

# The ocpp library validates against the 1.6 JSON schemas in the default executor
# unless told otherwise (ocpp.messages.ASYNC_VALIDATION). jsonschema is pure Python and
# holds the GIL, so the executor buys no parallelism, only thread hops (40-50 us per
# message): bench/json_ws_bench.py --validation-only, figures in bench/json_ws.md. It
# matters in strict mode only; lenient mode leaves validation to the bridge codec.
SCHEMA_VALIDATION_IN_EXECUTOR = False


def setup(app: web.Application) -> JsonFrontDoor:
    """Register the OCPP-J endpoint and dispatcher on ``app`` (after the bridge)."""
    ocpp.messages.ASYNC_VALIDATION = SCHEMA_VALIDATION_IN_EXECUTOR
    front_door = JsonFrontDoor(app[SETTINGS])
    front_door.install(app)
    return front_door
