"""The way back to OCPP-J chargers: who is connected, and the bridge's Dispatcher for
the 19 central-to-charger commands of 1.6."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bridge import ChargerRecord, CommandStatus, DispatchOutcome

from ._connection import ChargerSession

log = logging.getLogger(__name__)


class Connections:
    """The current session per charge box id: a second connection replaces the first."""

    def __init__(self) -> None:
        self._sessions: dict[str, ChargerSession] = {}

    def attach(self, session: ChargerSession) -> ChargerSession | None:
        """Make ``session`` the charger's current one; return the one it replaces."""
        previous = self._sessions.get(session.id)
        self._sessions[session.id] = session
        return previous

    def detach(self, session: ChargerSession) -> bool:
        """Forget ``session`` if it is still current; False when it had been replaced."""
        if self._sessions.get(session.id) is not session:
            return False
        del self._sessions[session.id]
        return True

    def get(self, charger_id: str) -> ChargerSession | None:
        return self._sessions.get(charger_id)

    def __len__(self) -> int:
        return len(self._sessions)


class JsonDispatcher:
    """:class:`bridge.Dispatcher` for OCPP-J 1.6 chargers.

    CommandService already sends one command per charger at a time, in order; each
    session still holds a lock of its own, so at most one CALL of ours is outstanding
    on a connection whoever calls (OCPP-J 1.6 section 4.1.1)."""

    def __init__(
        self, connections: Connections, close: Callable[[ChargerSession, str], None]
    ) -> None:
        self._connections = connections
        self._close = close

    def disconnect(self, charger_id: str, reason: str) -> bool:
        session = self._connections.get(charger_id)
        if session is None:
            return False
        log.warning(
            "%s: closing its connection from %s: %s", charger_id, session.remote_addr, reason
        )
        self._close(session, reason)
        return True

    async def send(
        self, charger: ChargerRecord, action: str, payload: dict[str, Any], timeout: float
    ) -> DispatchOutcome:
        session = self._connections.get(charger.id)
        if session is None:
            return DispatchOutcome(CommandStatus.OFFLINE, error="charger is not connected")
        outcome = await session.send_command(action, payload, timeout)
        log.info("%s: %s -> %s %s", charger.id, action, outcome.status, outcome.error or "")
        return outcome
