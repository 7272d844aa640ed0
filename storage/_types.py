"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer, Numeric, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

# Our own ids. SQLite only autoincrements a column declared exactly INTEGER PRIMARY KEY.
BigIntPK = BigInteger().with_variant(Integer(), "sqlite")

# JSON documents; None is stored as SQL NULL, not as the JSON literal null.
JSONDocument = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC in and out on every backend.

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones, so the value is stored
    as naive UTC text (which sorts correctly) and made aware again on the way out.
    Naive datetimes are refused: their meaning is a guess.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: storage takes aware UTC")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class ExactDecimal(TypeDecorator[Decimal]):
    """``NUMERIC`` on PostgreSQL; text on SQLite, whose NUMERIC would round through float."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String())
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(value)


# --- the same values for statements sent to the driver as they are -----------------------
# The bulk writers (``storage/_telemetry.py``) hand the driver tuples of ready values,
# skipping SQLAlchemy's processing of every parameter of every row. These give exactly
# what the types above store (``tests/storage/test_types.py`` compares them), so the
# ORM reads those rows back unchanged.

# SQLAlchemy's SQLite DATETIME text, and the JSON text of no flags.
_SQLITE_DATETIME_SEP = " "
EMPTY_JSON_LIST = "[]"


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is dt.UTC:
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()}: storage takes aware UTC")
    return value.astimezone(dt.UTC)


def sqlite_datetime(value: dt.datetime) -> str:
    """A :class:`UTCDateTime` as SQLite stores it: naive UTC text, always with µs."""
    return _utc(value).replace(tzinfo=None).isoformat(_SQLITE_DATETIME_SEP, "microseconds")


def postgres_datetime(value: dt.datetime) -> dt.datetime:
    """A :class:`UTCDateTime` for asyncpg's ``timestamptz``."""
    return _utc(value)


def sqlite_decimal(value: Decimal | None) -> str | None:
    """An :class:`ExactDecimal` as SQLite stores it."""
    return None if value is None else str(value)


def json_list(values: tuple[str, ...] | list[str]) -> str:
    """A list of strings as :data:`JSONDocument` stores it (``json.dumps``)."""
    return json.dumps(list(values)) if values else EMPTY_JSON_LIST
