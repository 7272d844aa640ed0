"""Who is calling: API tokens (ours, stored hashed) or, optionally, OAuth 2.0 JWTs from a
configured issuer (resource-server mode, keys from its JWKS).

An API token reads ``ogw_<id>_<secret>``; only the SHA-256 of the secret is stored. The
secret is 256 random bits, so a slow password hash would add per-request cost and no
safety. Scopes: ``read`` < ``operate`` < ``admin`` (each grants the ones before it).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import jwt
from aiohttp import web

from bridge import utcnow
from storage import ApiTokenRecord, SqlStore

from ._errors import ApiError
from ._routes import GRANTS, SCOPES

log = logging.getLogger(__name__)

TOKEN_PREFIX = "ogw_"
TOKEN_CACHE_SECONDS = 10.0  # a revoked token stops working within this
LAST_USED_RESOLUTION = 60.0  # seconds between writes of a token's last use
JWKS_CACHE_SECONDS = 300.0
JWKS_MIN_REFRESH_SECONDS = 10.0  # an unknown key id refetches at most this often
TICKET_SECONDS = 60.0  # a stream ticket must be used within this
MAX_TICKETS = 10_000  # outstanding at once; beyond, the oldest go
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="ocpp-gateway"'}


@dataclass(frozen=True, slots=True)
class Principal:
    name: str
    scopes: frozenset[str]
    kind: str  # "token" or "jwt"

    def may(self, scope: str) -> bool:
        return any(scope in GRANTS.get(s, ()) for s in self.scopes)


@dataclass(frozen=True, slots=True)
class NewToken:
    record: ApiTokenRecord
    token: str  # shown once, never stored


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_scopes(scopes: Sequence[str]) -> tuple[str, ...]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValueError(
            f"scopes must be some of {', '.join(SCOPES)}; got {', '.join(scopes) or 'none'}"
        )
    return tuple(s for s in SCOPES if s in scopes)


async def create_token(store: SqlStore, name: str, scopes: Sequence[str]) -> NewToken:
    secret = secrets.token_urlsafe(32)
    record = await store.create_api_token(
        name, check_scopes(scopes), secret_digest(secret), utcnow()
    )
    return NewToken(record, f"{TOKEN_PREFIX}{record.id}_{secret}")


@dataclass(frozen=True, slots=True, kw_only=True)
class OAuthConfig:
    issuer: str
    jwks_url: str
    audience: str | None = None
    algorithms: tuple[str, ...] = ("RS256", "ES256")
    scope_prefix: str = ""  # e.g. "ocpp-gateway:" when the issuer namespaces scopes


@dataclass
class Authenticator:
    store: SqlStore
    oauth: OAuthConfig | None = None
    session: aiohttp.ClientSession | None = None
    _tokens: dict[int, tuple[float, ApiTokenRecord | None]] = field(default_factory=dict)
    _last_used: dict[int, float] = field(default_factory=dict)
    _jwks: dict[str, jwt.PyJWK] = field(default_factory=dict)
    _jwks_fetched: float = 0.0
    _jwks_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _tickets: dict[str, tuple[float, Principal]] = field(default_factory=dict)

    def issue_ticket(self, principal: Principal) -> str:
        """A one-use credential for ``?ticket=``, valid for :data:`TICKET_SECONDS`, with
        the scopes of who asked for it. Kept in memory: a restart voids it."""
        now = time.monotonic()
        for key in [k for k, (until, _) in self._tickets.items() if until <= now]:
            del self._tickets[key]
        while len(self._tickets) >= MAX_TICKETS:
            del self._tickets[next(iter(self._tickets))]
        ticket = secrets.token_urlsafe(32)
        self._tickets[ticket] = (now + TICKET_SECONDS, principal)
        return ticket

    def _redeem(self, ticket: str) -> Principal:
        until, principal = self._tickets.pop(ticket, (0.0, None))
        if principal is None or until <= time.monotonic():
            raise ApiError(401, "unknown, used or expired ticket", headers=_CHALLENGE)
        return principal

    async def authenticate(
        self, request: web.Request, scope: str, *, allow_ticket: bool = False
    ) -> Principal:
        header = request.headers.get("Authorization", "")
        ticket = request.query.get("ticket")
        if allow_ticket and ticket is not None and not header:
            principal = self._redeem(ticket)
            if not principal.may(scope):
                raise ApiError(403, f"this needs the {scope!r} scope")
            return principal
        kind, _, credential = header.partition(" ")
        if kind.lower() != "bearer" or not credential.strip():
            raise ApiError(401, "send Authorization: Bearer <token>", headers=_CHALLENGE)
        principal = await self._principal(credential.strip())
        if not principal.may(scope):
            raise ApiError(
                403,
                f"this needs the {scope!r} scope; the token has {', '.join(sorted(principal.scopes)) or 'none'}",
            )
        return principal

    async def _principal(self, credential: str) -> Principal:
        if credential.startswith(TOKEN_PREFIX):
            return await self._api_token(credential)
        if self.oauth is not None and credential.count(".") == 2:
            return await self._jwt(credential)
        raise ApiError(401, "not a token this gateway accepts", headers=_CHALLENGE)

    async def _api_token(self, credential: str) -> Principal:
        ident, _, secret = credential[len(TOKEN_PREFIX) :].partition("_")
        if not ident.isdigit() or not secret:
            raise ApiError(401, "malformed API token", headers=_CHALLENGE)
        record = await self._token(int(ident))
        if (
            record is None
            or not hmac.compare_digest(record.secret_sha256, secret_digest(secret))
            or not record.active
        ):
            raise ApiError(401, "unknown or revoked API token", headers=_CHALLENGE)
        self._note_used(record.id)
        return Principal(record.name, frozenset(record.scopes), "token")

    async def _token(self, token_id: int) -> ApiTokenRecord | None:
        now = time.monotonic()
        cached = self._tokens.get(token_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        record = await self.store.get_api_token(token_id)
        if len(self._tokens) > 10_000:
            self._tokens.clear()
        self._tokens[token_id] = (now + TOKEN_CACHE_SECONDS, record)
        return record

    def _note_used(self, token_id: int) -> None:
        now = time.monotonic()
        if now - self._last_used.get(token_id, -LAST_USED_RESOLUTION) < LAST_USED_RESOLUTION:
            return
        self._last_used[token_id] = now
        task = asyncio.create_task(self._write_used(token_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _write_used(self, token_id: int) -> None:
        try:
            await self.store.note_api_token_used(token_id, utcnow())
        except Exception:  # a record of use, not a reason to fail a request
            log.warning("could not note the use of API token %s", token_id, exc_info=True)

    async def close(self) -> None:
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- OAuth 2.0 resource server ---------------------------------------------------------

    async def _jwt(self, credential: str) -> Principal:
        assert self.oauth is not None
        try:
            header = jwt.get_unverified_header(credential)
        except jwt.PyJWTError as exc:
            raise ApiError(401, f"invalid JWT: {exc}", headers=_CHALLENGE) from None
        key = await self._signing_key(str(header.get("kid", "")))
        try:
            claims: dict[str, Any] = jwt.decode(
                credential,
                key.key,
                algorithms=list(self.oauth.algorithms),
                audience=self.oauth.audience,
                issuer=self.oauth.issuer,
                options={"require": ["exp", "iss"], "verify_aud": self.oauth.audience is not None},
                leeway=30,
            )
        except jwt.PyJWTError as exc:
            raise ApiError(401, f"JWT refused: {exc}", headers=_CHALLENGE) from None
        return Principal(str(claims.get("sub", "jwt")), self._jwt_scopes(claims), "jwt")

    def _jwt_scopes(self, claims: dict[str, Any]) -> frozenset[str]:
        assert self.oauth is not None
        raw = claims.get("scope") or claims.get("scp") or ""  # RFC 8693 / Azure-style
        names = raw.split() if isinstance(raw, str) else [str(s) for s in raw or ()]
        prefix = self.oauth.scope_prefix
        return frozenset(n[len(prefix) :] for n in names if n.startswith(prefix))

    async def _signing_key(self, kid: str) -> jwt.PyJWK:
        key = self._jwks.get(kid)
        age = time.monotonic() - self._jwks_fetched
        if key is not None and age < JWKS_CACHE_SECONDS:
            return key
        async with self._jwks_lock:
            age = time.monotonic() - self._jwks_fetched
            if (key is None and age >= JWKS_MIN_REFRESH_SECONDS) or age >= JWKS_CACHE_SECONDS:
                await self._fetch_jwks()
        key = self._jwks.get(kid)
        if key is None:
            raise ApiError(401, f"JWT signed with an unknown key {kid!r}", headers=_CHALLENGE)
        return key

    async def _fetch_jwks(self) -> None:
        assert self.oauth is not None
        if self.session is None:
            self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._jwks_fetched = time.monotonic()
        try:
            async with self.session.get(self.oauth.jwks_url) as response:
                response.raise_for_status()
                data = await response.json(content_type=None)
            keys = jwt.PyJWKSet.from_dict(data).keys
        except (aiohttp.ClientError, TimeoutError, ValueError, jwt.PyJWTError) as exc:
            log.warning("could not fetch the JWKS at %s: %s", self.oauth.jwks_url, exc)
            if not self._jwks:
                raise ApiError(
                    503, "the token issuer's keys cannot be fetched", error="unavailable"
                ) from None
            return
        self._jwks = {str(k.key_id or ""): k for k in keys}
