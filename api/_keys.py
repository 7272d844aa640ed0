"""Typed keys of the API sub-application's own services."""

from __future__ import annotations

from aiohttp import web

from ._auth import Authenticator, Principal
from ._openapi import Api

API = web.AppKey("api", Api)
AUTH = web.AppKey("auth", Authenticator)
PRINCIPAL = web.RequestKey("principal", Principal)
