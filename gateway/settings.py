"""Settings: built once, from defaults, a TOML file, ``OCPP_GATEWAY_*`` variables and the
command line (each overriding the one before), then passed explicitly as one frozen value.

The TOML file uses the same names as the fields below, at top level or grouped in the
sections shown in the README (``[soap]``, ``[json]``, ``[tls]``); environment variables are
the field name upper-cased with the prefix: ``OCPP_GATEWAY_DATABASE_URL``,
``OCPP_GATEWAY_SOAP_MAX_BODY_BYTES``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bridge import CentralSystemConfig, UnknownChargerPolicy

ENV_PREFIX = "OCPP_GATEWAY_"
DEFAULT_HOST = "0.0.0.0"  # chargers connect from the field, not from this machine
DEFAULT_PORT = 8180
DEFAULT_DATABASE_FILE = "ocpp-gateway.db"  # in the working directory
DEFAULT_SOAP_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_JSON_MAX_FRAME_BYTES = 256 * 1024
DEFAULT_PING_INTERVAL = 30.0
DEFAULT_SOAP_CONNECT_TIMEOUT = 5.0
DEFAULT_SOAP_TOTAL_TIMEOUT = 30.0
DEFAULT_SOAP_CONNECT_RETRIES = 3
DEFAULT_MESSAGE_LOG_RETENTION_DAYS = 30


class SettingsError(ValueError):
    """A setting that cannot be read: names the setting and where it came from."""


def default_database_url(cwd: Path | None = None) -> str:
    path = (cwd or Path.cwd()) / DEFAULT_DATABASE_FILE
    return f"sqlite+aiosqlite:///{path}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    database_url: str = field(default_factory=default_database_url)
    # The URL chargers reach this gateway at; sent as wsa:From/ReplyTo on SOAP commands.
    public_url: str | None = None
    unknown_chargers: UnknownChargerPolicy = UnknownChargerPolicy.PENDING
    heartbeat_interval: int = 300
    pending_retry_interval: int = 60
    lenient: bool = True
    command_timeout: float = 30.0
    accepted_vendors: tuple[str, ...] = ()
    message_log_retention_days: int = DEFAULT_MESSAGE_LOG_RETENTION_DAYS
    log_level: str = "INFO"
    # Seconds an HTTP connection may sit with no request under way (SOAP keep-alive, or
    # a client that never finishes its first request) before it is closed.
    http_idle_timeout: float = 75.0
    # [soap]
    soap_max_body_bytes: int = DEFAULT_SOAP_MAX_BODY_BYTES
    soap_read_timeout: float = 60.0  # seconds for a request's body to arrive (then 408)
    soap_path_aliases: tuple[str, ...] = ()
    soap_connect_timeout: float = DEFAULT_SOAP_CONNECT_TIMEOUT
    soap_total_timeout: float = DEFAULT_SOAP_TOTAL_TIMEOUT
    soap_connect_retries: int = DEFAULT_SOAP_CONNECT_RETRIES
    # Chargers serving their ChargePointService over HTTPS: verify their certificates
    # (against the system's CAs, or this file's), or, for self-signed ones, not at all.
    soap_tls_verify: bool = True
    soap_tls_ca_file: str | None = None
    # [json]
    json_ping_interval: float = DEFAULT_PING_INTERVAL  # 0 turns pings off
    json_require_subprotocol: bool = False
    json_max_frame_bytes: int = DEFAULT_JSON_MAX_FRAME_BYTES
    # [auth]
    auth_required: bool = False  # Basic auth for every charger, not only those with a password
    # [tls]
    tls_cert: str | None = None
    tls_key: str | None = None
    # [api]: OAuth 2.0 resource-server mode (JWT bearer tokens from this issuer's JWKS),
    # beside the gateway's own API tokens.
    api_oauth_issuer: str | None = None
    api_oauth_jwks_url: str | None = None
    api_oauth_audience: str | None = None
    api_oauth_algorithms: tuple[str, ...] = ("RS256", "ES256")
    api_oauth_scope_prefix: str = ""
    # [webhook]: deliveries to integrators' webhooks (managed at /api/v1/webhooks)
    webhook_max_attempts: int = 8
    webhook_retry_base: float = 1.0  # seconds before the first retry; doubles each time
    webhook_retry_max: float = 300.0  # seconds between retries, at most
    webhook_timeout: float = 10.0  # seconds for one attempt
    webhook_concurrency: int = 16  # requests in flight across all webhooks

    def central_system_config(self) -> CentralSystemConfig:
        return CentralSystemConfig(
            unknown_chargers=self.unknown_chargers,
            heartbeat_interval=self.heartbeat_interval,
            pending_retry_interval=self.pending_retry_interval,
            accepted_vendors=frozenset(self.accepted_vendors),
            lenient=self.lenient,
            command_timeout=self.command_timeout,
        )

    @property
    def advertised_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        scheme = "https" if self.tls_cert else "http"
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"{scheme}://{host}:{self.port}"


_SECTIONS = ("soap", "json", "tls", "auth", "api", "webhook")
# Timeouts that would refuse everything at 0.
_POSITIVE = frozenset({"http_idle_timeout", "soap_read_timeout"})
_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def load_settings(
    config_file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Defaults < TOML file < environment < ``overrides`` (None values are ignored)."""
    values: dict[str, Any] = {}
    env = os.environ if env is None else env
    path = config_file or env.get(f"{ENV_PREFIX}CONFIG")
    if path:
        values.update(_from_toml(Path(path)))
    for name in _FIELDS:
        raw = env.get(ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = _coerce(name, raw, f"${ENV_PREFIX}{name.upper()}")
    for name, value in overrides.items():
        if value is not None:
            values[name] = _coerce(name, value, f"--{name.replace('_', '-')}")
    return Settings(**values)


def _from_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path}: {exc}") from None
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SECTIONS and isinstance(value, dict):
            for sub, subvalue in value.items():
                name = sub if key == "auth" else f"{key}_{sub}"
                flat[name] = _coerce(name, subvalue, f"{path} [{key}] {sub}")
        else:
            flat[key] = _coerce(key, value, f"{path}: {key}")
    return flat


def _coerce(name: str, value: Any, origin: str) -> Any:
    f = _FIELDS.get(name)
    if f is None:
        raise SettingsError(f"{origin}: unknown setting {name!r}")
    hint = typing.get_type_hints(Settings)[name]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        if value in (None, ""):
            return None
        hint = args[0]
    try:
        if typing.get_origin(hint) is tuple:
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(i).strip() for i in items if str(i).strip())
        if hint is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(f"{value!r} is not a boolean")
        if isinstance(hint, type) and issubclass(hint, UnknownChargerPolicy):
            return UnknownChargerPolicy(str(value).strip().lower())
        if hint in (int, float, str):
            converted = hint(value)
            if name in _POSITIVE and not converted > 0:
                raise ValueError(f"must be more than 0, not {value!r}")
            return converted
    except ValueError as exc:
        raise SettingsError(f"{origin}: {exc}") from None
    return value
