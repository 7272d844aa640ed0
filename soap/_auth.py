"""Who may speak for a chargeBoxIdentity: an optional IP allowlist and optional HTTP Basic
auth per charger, from the same password store as the JSON chargers.

OCPP 1.x SOAP has no authentication of its own (anyone who knows a chargeBoxIdentity
can speak for it); this adds what OCPP 1.6-J security profile 1 does, over the SOAP
HTTP request: the username is the chargeBoxIdentity, the password is checked against
the charger's argon2 hash. The identity is in the SOAP header, so this runs after the
envelope is read, on every request (SOAP has no connection to admit once).
"""

from __future__ import annotations

import binascii
import hashlib
import ipaddress
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import BasicAuth, hdrs

from bridge import ChargerRecord
from gateway.passwords import verify_password_async

from ._faults import SoapFault

log = logging.getLogger(__name__)

REALM: Final = 'Basic realm="ocpp-gateway", charset="UTF-8"'
# argon2 costs ~50 ms of CPU per check on purpose, and a SOAP charger sends its password
# with every request: a password that verified is trusted again for this long, keyed by
# a digest of the charger, its stored hash (a new password takes effect at once) and the
# password, never by the password itself.
VERIFIED_PASSWORD_TTL: Final = 300.0  # seconds
CACHE_SIZE: Final = 50_000  # verified passwords remembered; expired ones pruned when full

ChargerLookup = Callable[[str], Awaitable[ChargerRecord | None]]


class _Verified:
    """Digests of credentials that verified, each trusted until it expires."""

    def __init__(self, ttl: float, size: int, clock: Callable[[], float]) -> None:
        self._ttl = ttl
        self._size = size
        self._clock = clock
        self._expiry: dict[bytes, float] = {}

    def __contains__(self, key: bytes) -> bool:
        return self._expiry.get(key, 0.0) > self._clock()

    def add(self, key: bytes) -> None:
        now = self._clock()
        if len(self._expiry) >= self._size:
            self._expiry = {k: e for k, e in self._expiry.items() if e > now}
            if len(self._expiry) >= self._size:
                self._expiry.clear()
        self._expiry[key] = now + self._ttl


class Gatekeeper:
    def __init__(
        self,
        lookup: ChargerLookup,
        *,
        auth_required: bool,
        password_ttl: float = VERIFIED_PASSWORD_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lookup = lookup
        self._auth_required = auth_required
        self._verified = _Verified(password_ttl, CACHE_SIZE, clock)

    async def admit(self, charger_id: str, remote: str | None, authorization: str | None) -> None:
        """Return when the request may go on; raise a 403 or 401 SoapFault otherwise."""
        # The store caches chargers (and forgets one when it is changed), so this is no
        # database read on the hot path.
        charger = await self._lookup(charger_id)
        if not address_allowed(charger, remote):
            log.warning("SOAP %s refused: %s is not in its allowed_ips", charger_id, remote)
            raise SoapFault(
                "Sender",
                f"address {remote} is not allowed for chargeBoxIdentity {charger_id!r}",
                "SecurityError",
                http_status=403,
            )
        if self._auth_required or (
            charger is not None and (charger.auth_required or charger.password_hash is not None)
        ):
            reason = await self._check_password(charger_id, charger, authorization)
            if reason is not None:
                log.warning("SOAP %s refused from %s: %s", charger_id, remote, reason)
                raise SoapFault(
                    "Sender",
                    f"HTTP Basic authentication failed: {reason}",
                    "SecurityError",
                    http_status=401,
                    headers={hdrs.WWW_AUTHENTICATE: REALM},
                )

    async def _check_password(
        self, charger_id: str, charger: ChargerRecord | None, authorization: str | None
    ) -> str | None:
        """None when the credentials are good, else why not."""
        credentials = basic_credentials(authorization)
        if credentials is None:
            return "no Basic credentials were sent"
        username, password = credentials
        if username != charger_id:
            return "the username is not the chargeBoxIdentity"
        if charger is None or charger.password_hash is None:
            return "no password is set for this charge box"
        key = hashlib.sha256(
            "\x1f".join((charger_id, charger.password_hash, password)).encode(
                "utf-8", "surrogatepass"
            )
        ).digest()
        if key in self._verified:
            return None
        if not await verify_password_async(charger.password_hash, password):
            return "wrong password"
        self._verified.add(key)
        return None


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """``(username, password)`` of an ``Authorization: Basic`` header, or None."""
    if not header:
        return None
    for encoding in ("utf-8", "latin-1"):
        try:
            auth = BasicAuth.decode(header, encoding=encoding)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            continue
        return auth.login, auth.password
    return None


def address_allowed(charger: ChargerRecord | None, remote: str | None) -> bool:
    """A charger with ``allowed_ips`` (addresses or CIDR networks) is heard only from them."""
    if charger is None or not charger.allowed_ips:
        return True
    try:
        address = ipaddress.ip_address(remote or "")
    except ValueError:
        return False
    for allowed in charger.allowed_ips:
        try:
            if address in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            log.warning("charger %r: %r in allowed_ips is not an address", charger.id, allowed)
    return False
