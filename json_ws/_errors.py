"""Errors into CALLERRORs: the one place where this front door converts them.

- :class:`bridge.errors.GatewayError` carries its OCPP-J code (``ocpp_code``): a
  charger's fault keeps it, and anything else of ours is ``InternalError``.
- The ``ocpp`` library's errors are renamed to OCPP-J 1.6 spellings; the library uses
  OCPP 2.x names for two of them.
- Any other exception is our own bug: ``InternalError``, with no detail for the charger.
"""

from __future__ import annotations

from typing import Any

from ocpp.exceptions import OCPPError
from ocpp.v16.enums import Action

from bridge import GatewayError

# OCPP-J 1.6 section 4.2.3 spells these differently from OCPP 2.x, which the library
# follows ("known issues that will not be fixed" in the 1.6 errata).
_CODES_16 = {
    "FormatViolation": "FormationViolation",
    "OccurrenceConstraintViolation": "OccurenceConstraintViolation",
}

_ACTIONS_16 = frozenset(a.value for a in Action)


class CallErrorReply(OCPPError):
    """A CALLERROR with any code: the three attributes the library's
    ``Call.create_call_error`` reads (``code``, ``description``, ``details``)."""

    def __init__(self, code: str, description: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(description=description, details=details or {})
        self.code = code


def to_call_error(exc: BaseException) -> CallErrorReply:
    if isinstance(exc, CallErrorReply):
        return exc
    if isinstance(exc, GatewayError):
        return CallErrorReply(exc.ocpp_code, exc.detail)
    if isinstance(exc, OCPPError):
        code = _CODES_16.get(exc.code, exc.code)
        cause = exc.details.get("cause") if isinstance(exc.details, dict) else None
        return CallErrorReply(code, str(cause or exc.description))
    return CallErrorReply("InternalError", "internal error in the central system")


def unknown_action(action: str) -> CallErrorReply:
    """OCPP-J 1.6 section 4.2.3: ``NotImplemented`` is an action "not known by receiver",
    ``NotSupported`` one "recognized but not supported". (The ocpp library answers the
    other way round, so routing never reaches it with an action we do not handle.)"""
    if action in _ACTIONS_16:
        return CallErrorReply("NotSupported", f"{action} is sent by a Central System, not to it")
    return CallErrorReply("NotImplemented", f"{action!r} is not an OCPP 1.6 action")
