"""``ocpp-gateway``: serve, migrate the database, and manage chargers from a shell."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import ssl
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from aiohttp import web

import api
from bridge import RegistrationStatus, UnknownChargerPolicy, ValidationError, utcnow
from storage import SqlStore, create_engine, upgrade_database

from . import limits, logs
from .app import create_app
from .passwords import hash_password_async
from .settings import Settings, SettingsError, load_settings

log = logging.getLogger("ocpp_gateway")


def _version() -> str:
    try:
        return version("ocpp-gateway")
    except PackageNotFoundError:  # running from a checkout
        return "0+unknown"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="TOML settings file ($OCPP_GATEWAY_CONFIG)")
    common.add_argument(
        "--database-url",
        help="SQLAlchemy URL; default sqlite file ./ocpp-gateway.db ($OCPP_GATEWAY_DATABASE_URL)",
    )
    parser = argparse.ArgumentParser(
        prog="ocpp-gateway", description="Dual-stack OCPP central system (SOAP and OCPP-J)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the central system")
    serve.add_argument("--host", help="address to listen on (default 0.0.0.0)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8180)")
    serve.add_argument(
        "--unknown-chargers",
        choices=[p.value for p in UnknownChargerPolicy],
        help="what a charger we do not know gets at boot ($OCPP_GATEWAY_UNKNOWN_CHARGERS)",
    )
    serve.set_defaults(run=_serve)

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", parents=[common], help="apply migrations").set_defaults(
        run=_db_upgrade
    )

    charger = sub.add_parser("charger", help="manage chargers").add_subparsers(
        dest="charger", required=True
    )
    add = charger.add_parser("add", parents=[common], help="register a charger as Accepted")
    add.add_argument("id", help="the chargeBoxIdentity")
    add.add_argument("--password", help="Basic-auth password the charger must present")
    add.set_defaults(run=_charger_add)
    charger.add_parser("list", parents=[common], help="list chargers").set_defaults(
        run=_charger_list
    )
    approve = charger.add_parser("approve", parents=[common], help="accept a pending charger")
    approve.add_argument("id")
    approve.set_defaults(run=_charger_approve)

    token = sub.add_parser("token", help="API bearer tokens").add_subparsers(
        dest="token", required=True
    )
    create = token.add_parser(
        "create", parents=[common], help="create an API token; prints it once, on the last line"
    )
    create.add_argument(
        "--scope",
        action="append",
        required=True,
        choices=list(api.SCOPES),
        help="read, operate or admin (each grants the ones before it); repeatable",
    )
    create.add_argument("--name", default="api token", help="what the token is for")
    create.set_defaults(run=_token_create)
    token.add_parser("list", parents=[common], help="list API tokens").set_defaults(run=_token_list)
    revoke = token.add_parser("revoke", parents=[common], help="revoke an API token")
    revoke.add_argument("id", type=int, help="the token's id (ogw_<id>_…)")
    revoke.set_defaults(run=_token_revoke)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(
            args.config,
            database_url=args.database_url,
            host=getattr(args, "host", None),
            port=getattr(args, "port", None),
            unknown_chargers=getattr(args, "unknown_chargers", None),
        )
    except SettingsError as exc:
        print(f"ocpp-gateway: {exc}", file=sys.stderr)
        return 2
    listener = logs.configure(settings.log_level)
    # spyne announces every application it builds at INFO; that is not news to operators.
    logging.getLogger("spyne").setLevel(max(logging.WARNING, logging.root.level))
    if args.command in ("charger", "token"):  # their output is the answer; keep it clean
        logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.root.level))
    run: Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]] = args.run
    try:
        return asyncio.run(run(settings, args))
    except ValidationError as exc:
        print(f"ocpp-gateway: {exc.detail}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        if listener is not None:
            listener.stop()  # writes what is queued


def redact(url: str) -> str:
    """The database URL without its password, for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


async def _serve(settings: Settings, args: argparse.Namespace) -> int:
    open_files = limits.raise_open_files_limit()
    await upgrade_database(settings.database_url)
    app = create_app(settings)
    runner = web.AppRunner(
        app,
        handle_signals=False,
        access_log=None,
        # An HTTP connection with no request under way, the first one not yet complete
        # included, is closed after this (aiohttp's own default is an hour); a WebSocket
        # is not idle in this sense: its pings keep watch over it.
        keepalive_timeout=settings.http_idle_timeout,
    )
    await runner.setup()
    ssl_context = None
    if settings.tls_cert:
        ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_context.load_cert_chain(settings.tls_cert, settings.tls_key)
    site = web.TCPSite(runner, settings.host, settings.port, ssl_context=ssl_context)
    await site.start()
    scheme = "https" if ssl_context else "http"
    log.info("listening on %s://%s:%d", scheme, settings.host, settings.port)
    base = settings.advertised_url  # what chargers are told: public_url, else this host
    log.info(
        "SOAP chargers: %s/ocpp/soap (1.2, 1.5, 1.6); OCPP-J chargers: ws%s/ocpp/<chargeBoxId>",
        base,
        base.removeprefix("http"),  # http: ws, https: wss
    )
    log.info("database: %s", redact(settings.database_url))
    limits.log_open_files_limit(open_files)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
        log.info("shutting down")
    finally:
        await runner.cleanup()
    log.info("stopped")
    return 0


async def _with_store(settings: Settings, work: Callable[[SqlStore], Awaitable[int]]) -> int:
    await upgrade_database(settings.database_url)
    engine = create_engine(settings.database_url)
    store = SqlStore(engine)
    try:
        return await work(store)
    finally:
        await store.close()
        await engine.dispose()


async def _db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    await upgrade_database(settings.database_url)
    print(f"database {redact(settings.database_url)} is up to date")
    return 0


async def _charger_add(settings: Settings, args: argparse.Namespace) -> int:
    password_hash = await hash_password_async(args.password) if args.password else None

    async def work(store: SqlStore) -> int:
        await store.add_charger(
            args.id, RegistrationStatus.ACCEPTED, password_hash=password_hash, now=utcnow()
        )
        print(f"charger {args.id} added (Accepted{', password set' if password_hash else ''})")
        return 0

    return await _with_store(settings, work)


async def _charger_list(settings: Settings, args: argparse.Namespace) -> int:
    async def work(store: SqlStore) -> int:
        chargers = await store.list_chargers()
        print(f"{'ID':<24} {'STATUS':<9} {'TRANSPORT':<9} {'VERSION':<7} {'ONLINE':<6} LAST SEEN")
        for c in chargers:
            seen = c.last_seen.isoformat(timespec="seconds") if c.last_seen else "-"
            print(
                f"{c.id:<24} {c.registration_status:<9} {c.transport or '-':<9} "
                f"{c.version or '-':<7} {'yes' if c.online else 'no':<6} {seen}"
            )
        return 0

    return await _with_store(settings, work)


async def _charger_approve(settings: Settings, args: argparse.Namespace) -> int:
    async def work(store: SqlStore) -> int:
        if not await store.set_registration(args.id, RegistrationStatus.ACCEPTED):
            print(f"ocpp-gateway: no charger {args.id!r}", file=sys.stderr)
            return 1
        print(f"charger {args.id} approved (Accepted)")
        return 0

    return await _with_store(settings, work)


async def _token_create(settings: Settings, args: argparse.Namespace) -> int:
    async def work(store: SqlStore) -> int:
        new = await api.create_token(store, args.name, args.scope)
        scopes = ", ".join(new.record.scopes)
        print(f"API token {new.record.id} ({args.name!r}, scopes: {scopes}) created.")
        print("It is shown only now; store it safely:")
        print(new.token)
        return 0

    return await _with_store(settings, work)


async def _token_list(settings: Settings, args: argparse.Namespace) -> int:
    async def work(store: SqlStore) -> int:
        print(f"{'ID':<6} {'NAME':<24} {'SCOPES':<20} {'CREATED':<25} {'LAST USED':<25} REVOKED")
        for t in await store.list_api_tokens():
            used = t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "-"
            revoked = t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else "-"
            print(
                f"{t.id:<6} {t.name:<24} {','.join(t.scopes):<20} "
                f"{t.created_at.isoformat(timespec='seconds'):<25} {used:<25} {revoked}"
            )
        return 0

    return await _with_store(settings, work)


async def _token_revoke(settings: Settings, args: argparse.Namespace) -> int:
    async def work(store: SqlStore) -> int:
        if not await store.revoke_api_token(args.id, utcnow()):
            print(f"ocpp-gateway: no active token {args.id}", file=sys.stderr)
            return 1
        print(f"API token {args.id} revoked")
        return 0

    return await _with_store(settings, work)
