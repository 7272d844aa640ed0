"""The ``/api/v1`` sub-application: routes from the operations, auth, errors, docs."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path

from aiohttp import web

from gateway.keys import SETTINGS, STORE

from ._auth import Authenticator, OAuthConfig
from ._errors import answering_errors, json_response
from ._keys import API, AUTH, PRINCIPAL
from ._openapi import Api
from ._routes import Handler, Operation, Routes

PREFIX = "/api/v1"
DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ocpp-gateway API</title>
<link rel="stylesheet" href="docs/static/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="docs/static/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({url: "openapi.json", dom_id: "#docs", deepLinking: true,
                             persistAuthorization: true});
</script>
</body>
</html>
"""


def build_app(api: Api) -> web.Application:
    # No middleware (see answering_errors): each handler answers its own errors, and a
    # last route answers paths and methods no other route takes.
    sub = web.Application()
    sub[API] = api
    for op in api.operations:
        sub.router.add_route(
            op.method, op.path, answering_errors(_guarded(op)), name=op.operation_id
        )
    sub.router.add_get("/openapi.json", answering_errors(_openapi))
    sub.router.add_get("/docs", answering_errors(_docs))
    sub.router.add_static("/docs/static", _swagger_ui_assets(), append_version=False)
    sub.router.add_route("*", "/{path:.*}", answering_errors(_no_route), name=_NO_ROUTE)
    return sub


def install(app: web.Application, routes: list[Routes]) -> web.Application:
    """Mount the API on ``app``; its services start after the storage and bridge ones."""
    api = Api(
        routes,
        title="ocpp-gateway integrator API",
        description=(
            "One API for every charger, whatever it speaks (OCPP 1.2/1.5/1.6 over SOAP, "
            "OCPP-J 1.6 over WebSocket). Commands take the OCPP 1.6 JSON shape; the "
            "gateway converts them for each charger."
        ),
    )
    sub = build_app(api)

    async def authenticator(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        oauth = None
        if settings.api_oauth_issuer and settings.api_oauth_jwks_url:
            oauth = OAuthConfig(
                issuer=settings.api_oauth_issuer,
                jwks_url=settings.api_oauth_jwks_url,
                audience=settings.api_oauth_audience,
                algorithms=settings.api_oauth_algorithms,
                scope_prefix=settings.api_oauth_scope_prefix,
            )
        auth = Authenticator(app[STORE], oauth)
        sub[AUTH] = auth
        yield
        await auth.close()
        if auth.session is not None:
            await auth.session.close()

    app.cleanup_ctx.append(authenticator)
    app.add_subapp(PREFIX, sub)
    return sub


def _guarded(op: Operation) -> Handler:
    @functools.wraps(op.handler)
    async def handler(request: web.Request) -> web.StreamResponse:
        if op.scope is not None:
            request[PRINCIPAL] = await request.app[AUTH].authenticate(
                request, op.scope, allow_ticket=op.allow_ticket
            )
        return await op.handler(request)

    return handler


_NO_ROUTE = "no-route"


async def _no_route(request: web.Request) -> web.StreamResponse:
    """404, or 405 with the methods the path takes (the router's own answers, as JSON)."""
    allowed: set[str] = set()
    for resource in request.app.router.resources():
        if resource.name != _NO_ROUTE:
            _, methods = await resource.resolve(request)
            allowed |= methods
    if allowed:
        raise web.HTTPMethodNotAllowed(request.method, allowed)
    raise web.HTTPNotFound()


async def _openapi(request: web.Request) -> web.StreamResponse:
    return json_response(request.app[API].document)


async def _docs(request: web.Request) -> web.StreamResponse:
    return web.Response(text=DOCS_PAGE, content_type="text/html")


def _swagger_ui_assets() -> Path:
    """Swagger UI 5 (OpenAPI 3.1) from the installed ``swagger-ui-py`` package: the docs
    page works with no network, and no asset comes from a CDN."""
    return Path(str(resources.files("swagger_ui") / "static"))
