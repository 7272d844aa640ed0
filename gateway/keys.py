"""Typed keys for the services every part of the aiohttp application shares."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bridge import CentralSystem, CommandService
from storage import SqlStore

from .events import EventHub
from .settings import Settings

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
STORE = web.AppKey("store", SqlStore)
CENTRAL_SYSTEM = web.AppKey("central_system", CentralSystem)
COMMANDS = web.AppKey("commands", CommandService)
EVENTS = web.AppKey("events", EventHub)
