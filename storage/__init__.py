"""Storage: the bridge's :class:`~bridge.store.Store` on SQLAlchemy (SQLite or PostgreSQL).

Use::

    engine = storage.create_engine("sqlite:///var/ocpp-gateway.db")
    await storage.upgrade_database(engine)
    async with storage.SqlStore(engine) as store:
        ...
    await engine.dispose()
"""

from ._batch import DEFAULT_MAX_BATCH
from ._chargers import ProtocolChange
from ._engine import SQLITE_BUSY_TIMEOUT_MS, SQLITE_SYNCHRONOUS, create_engine, database_url
from ._errors import DuplicateChargerError, StorageError, UnknownCommandError
from ._migrate import downgrade_database, upgrade_database
from ._models import metadata
from ._store import (
    DEFAULT_MESSAGE_LOG_MAX_AGE,
    DEFAULT_MESSAGE_LOG_MAX_ROWS,
    MessageLogRetention,
    SqlStore,
)
from ._tokens import ApiTokenRecord
from ._transactions import tag_key as id_tag_key

__all__ = [
    "DEFAULT_MAX_BATCH",
    "DEFAULT_MESSAGE_LOG_MAX_AGE",
    "DEFAULT_MESSAGE_LOG_MAX_ROWS",
    "SQLITE_BUSY_TIMEOUT_MS",
    "SQLITE_SYNCHRONOUS",
    "ApiTokenRecord",
    "DuplicateChargerError",
    "MessageLogRetention",
    "ProtocolChange",
    "SqlStore",
    "StorageError",
    "UnknownCommandError",
    "create_engine",
    "database_url",
    "downgrade_database",
    "id_tag_key",
    "metadata",
    "upgrade_database",
]
