"""Who may speak for a chargeBoxIdentity over SOAP: the IP allowlist and HTTP Basic auth
of ``gateway.charger_auth``, checked on every request.

OCPP 1.x SOAP has no authentication of its own (anyone who knows a chargeBoxIdentity
can speak for it); this adds what OCPP 1.6-J security profile 1 does, over the SOAP
HTTP request. The identity is in the SOAP header, so this runs after the envelope is
read, on every request (SOAP has no connection to admit once).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import hdrs

from bridge import ChargerRecord
from gateway.charger_auth import (
    REALM,
    VERIFIED_PASSWORD_TTL,
    PasswordCheck,
    address_allowed,
    auth_required,
)

from ._faults import SoapFault

log = logging.getLogger(__name__)

ChargerLookup = Callable[[str], Awaitable[ChargerRecord | None]]


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
        self._passwords = PasswordCheck(ttl=password_ttl, clock=clock)

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
        if auth_required(charger, self._auth_required):
            outcome = await self._passwords.check(charger_id, charger, authorization)
            if not outcome.ok:
                reason = outcome.reason
                log.warning("SOAP %s refused from %s: %s", charger_id, remote, reason)
                raise SoapFault(
                    "Sender",
                    f"HTTP Basic authentication failed: {reason}",
                    "SecurityError",
                    http_status=401,
                    headers={hdrs.WWW_AUTHENTICATE: REALM},
                )
