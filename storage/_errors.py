"""Storage's branch of the gateway's error tree (``bridge.errors``).

    ChargerError
    ├── ValidationError
    │   └── DuplicateChargerError   add_charger for an id that exists
    ├── UnknownChargerError         (bridge's) an update naming a charger we do not have
    └── UnknownCommandError         an update naming a command we do not have
    InternalError
    └── StorageError                the database failed (down, locked, a constraint): our fault

Every ``sqlalchemy`` error leaving :class:`storage.SqlStore` is a :class:`StorageError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError

from bridge.errors import ChargerError, InternalError, ValidationError


class DuplicateChargerError(ValidationError):
    http_status = 409

    def __init__(self, charger_id: str) -> None:
        super().__init__("chargeBoxIdentity", f"charger {charger_id!r} already exists")
        self.charger_id = charger_id


class UnknownCommandError(ChargerError):
    http_status = 404

    def __init__(self, command_id: int) -> None:
        super().__init__(f"no command {command_id}")
        self.command_id = command_id


class StorageError(InternalError):
    """The database failed; the original exception is the ``__cause__``."""


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn SQLAlchemy's exceptions into :class:`StorageError` (ours pass through)."""
    try:
        yield
    except SQLAlchemyError as exc:
        # The detail may reach a charger or integrator: name the failure, not the SQL.
        raise StorageError(f"storage failed ({type(exc).__name__})") from exc
