"""Who may speak for a charge box id, for every front door: an optional IP allowlist and
HTTP Basic auth as OCPP 1.6 security profiles 1 and 2 define it (the username is the
charge box id, the password is checked against the argon2 hash stored for the charger).

SOAP chargers send their credentials with every request, JSON chargers once at the
upgrade; both front doors admit through :class:`PasswordCheck` and the rules here.
"""

from __future__ import annotations

import binascii
import hashlib
import ipaddress
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import BasicAuth

from bridge import ChargerRecord

from . import passwords

log = logging.getLogger(__name__)

# argon2 costs ~50 ms of CPU per check on purpose: a SOAP charger sends its password with
# every request, and a fleet reconnecting after a network blip would queue minutes of work
# in the executor. A password that verified is trusted again for this long without
# argon2, keyed by a digest that includes the stored hash (so a new password takes effect
# at once) and never by the password itself.
VERIFIED_PASSWORD_TTL = 300.0  # seconds
VERIFIED_PASSWORD_CACHE_SIZE = 50_000  # entries; expired ones are pruned when full

REALM = 'Basic realm="ocpp-gateway", charset="UTF-8"'  # RFC 7617, with its charset


@dataclass(frozen=True, slots=True)
class AuthOutcome:
    ok: bool
    reason: str = ""


def auth_required(charger: ChargerRecord | None, required_globally: bool) -> bool:
    """Required for every charger by configuration, for a charger flagged so, and for
    every charger with a stored password: a password nobody has to present protects
    nothing."""
    if required_globally:
        return True
    return charger is not None and (charger.auth_required or charger.password_hash is not None)


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


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """``(username, password)`` from an ``Authorization: Basic`` header; None when the
    header is absent or unreadable (both are refused)."""
    if not header:
        return None
    for encoding in ("utf-8", "latin-1"):
        try:
            auth = BasicAuth.decode(header, encoding=encoding)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            continue
        return auth.login, auth.password
    return None


class PasswordCheck:
    """Checks Basic credentials for one charger, remembering recent successes briefly."""

    def __init__(
        self,
        ttl: float = VERIFIED_PASSWORD_TTL,
        max_entries: int = VERIFIED_PASSWORD_CACHE_SIZE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        self._verified: dict[bytes, float] = {}

    async def check(
        self, charger_id: str, charger: ChargerRecord | None, authorization: str | None
    ) -> AuthOutcome:
        credentials = basic_credentials(authorization)
        if credentials is None:
            return AuthOutcome(False, "no Basic credentials were sent")
        username, password = credentials
        if username != charger_id:
            return AuthOutcome(False, f"username {username!r} is not the charge box id")
        if charger is None or charger.password_hash is None:
            return AuthOutcome(False, "no password is set for this charger")
        key = self._key(charger_id, charger.password_hash, password)
        expiry = self._verified.get(key)
        if expiry is not None and expiry > self._clock():
            return AuthOutcome(True)
        if not await passwords.verify_password_async(charger.password_hash, password):
            return AuthOutcome(False, "wrong password")
        self._remember(key, self._clock())
        return AuthOutcome(True)

    def _remember(self, key: bytes, now: float) -> None:
        if len(self._verified) >= self._max_entries:
            self._verified = {k: e for k, e in self._verified.items() if e > now}
            if len(self._verified) >= self._max_entries:
                self._verified.clear()
        self._verified[key] = now + self._ttl

    @staticmethod
    def _key(charger_id: str, password_hash: str, password: str) -> bytes:
        parts = (charger_id, password_hash, password)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).digest()
