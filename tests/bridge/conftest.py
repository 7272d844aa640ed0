"""The service tests run over a real store, on SQLite and PostgreSQL."""

from tests.storage.conftest import (  # noqa: F401  (fixtures)
    backend,
    database_url,
    engine,
    postgres_url,
    store,
)
