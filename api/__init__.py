"""The integrator REST API at ``/api/v1``: one shape for every charger, whatever it speaks.

Each resource is one module (``chargers``, ``transactions``, ``commands`` …) declaring
its operations on a :class:`~api._routes.Routes`; the router, the scope checks and the
OpenAPI 3.1 document (``/api/v1/openapi.json``, browsable at ``/api/v1/docs``) are all
built from those declarations.
"""

from __future__ import annotations

from aiohttp import web

from . import _delivery, chargers, commands, events, fleet, id_tags, transactions, webhooks
from ._app import PREFIX, install
from ._auth import NewToken, Principal, create_token
from ._routes import ADMIN, OPERATE, READ, SCOPES, Routes

RESOURCES: list[Routes] = [
    chargers.routes,
    commands.routes,
    events.routes,
    fleet.routes,
    id_tags.routes,
    transactions.routes,
    webhooks.routes,
]


def setup(app: web.Application) -> web.Application:
    """Mount the API on the gateway's application; returns the sub-application."""
    sub = install(app, RESOURCES)
    _delivery.install(app)  # the webhook delivery worker, after the authenticator
    return sub


__all__ = [
    "ADMIN",
    "OPERATE",
    "PREFIX",
    "READ",
    "RESOURCES",
    "SCOPES",
    "NewToken",
    "Principal",
    "create_token",
    "setup",
]
