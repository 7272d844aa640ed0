"""The one aiohttp application: every front door on one port, one event loop."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator

from aiohttp import web

import api
import json_ws
import soap
from bridge import CentralSystem, CommandService, utcnow
from storage import SqlStore, create_engine

from .events import EventHub
from .keys import CENTRAL_SYSTEM, COMMANDS, ENGINE, EVENTS, SETTINGS, STORE
from .settings import Settings

log = logging.getLogger(__name__)

# The collector's thresholds (CPython's default is 700, 10, 10). A gateway under load
# holds thousands of calls in flight; with a young generation of 700 objects they are
# still alive at nearly every young collection, get promoted, and every few hundred
# milliseconds start a full collection over every object of every open connection:
# 400 ms each with 5,000 OCPP-J chargers (bench/json_ws.md). A young generation of
# 50,000 lets them die young first.
GC_THRESHOLDS = (50_000, 10, 10)
# How often SOAP chargers that fell silent are marked offline (bridge.rules: presence).
PRESENCE_SWEEP_SECONDS = 30.0


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=settings.soap_max_body_bytes)
    app[SETTINGS] = settings
    # One cleanup_ctx per resource, in dependency order: engine, then the bridge services;
    # the front doors add theirs (HTTP clients, open sockets) after these.
    app.cleanup_ctx.append(_storage)
    app.cleanup_ctx.append(_bridge)
    app.cleanup_ctx.append(_soap_presence)
    app.on_shutdown.append(_end_event_streams)
    app.router.add_get("/health", _health)
    soap.setup(app)
    json_ws.setup(app)
    api.setup(app)
    app.on_startup.append(_freeze_startup_objects)
    return app


async def _freeze_startup_objects(app: web.Application) -> None:
    """What startup built (spyne applications, zeep clients, compiled codecs: ~10^5
    objects) lives as long as the process. Moved out of the collector's sight, full
    collections stop walking it on every run, which showed as request-latency spikes."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


async def _storage(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    engine = create_engine(settings.database_url)
    store = SqlStore(engine)
    app[ENGINE] = engine
    app[STORE] = store
    yield
    await store.close()
    await engine.dispose()


async def _bridge(app: web.Application) -> AsyncIterator[None]:
    config = app[SETTINGS].central_system_config()
    events = EventHub()
    app[EVENTS] = events
    app[CENTRAL_SYSTEM] = CentralSystem(app[STORE], config, events=events)
    commands = CommandService(app[STORE], config, events=events)
    app[COMMANDS] = commands
    yield
    await commands.close()
    events.close()


async def _soap_presence(app: web.Application) -> AsyncIterator[None]:
    """SOAP chargers keep no connection: a background sweep marks offline those that have
    been silent too long (and publishes charger.disconnected for each)."""
    central_system = app[CENTRAL_SYSTEM]

    async def sweep() -> None:
        while True:
            await asyncio.sleep(PRESENCE_SWEEP_SECONDS)
            try:
                gone = await central_system.expire_soap_presence(utcnow())
            except Exception:  # the database is down, say: try again next time
                log.exception("could not expire SOAP chargers' presence")
                continue
            if gone:
                log.info("SOAP chargers silent, now offline: %s", ", ".join(gone))

    task = asyncio.create_task(sweep(), name="soap-presence")
    yield
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def _end_event_streams(app: web.Application) -> None:
    """Open event streams end at shutdown (aiohttp waits for every handler to return)."""
    if EVENTS in app:
        app[EVENTS].close()


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
