"""The tables, as SQLAlchemy ORM classes.

Enumerations are stored as their OCPP text (plain strings, no database enum types), so a
new value never needs a migration. ``flags`` columns hold the bridge's lists of notes
about a record (repairs, tolerated faults). Any change here needs a migration in
``storage/migrations/versions``; ``tests/storage/test_migrations.py`` compares the two.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    MetaData,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bridge.rules import MAX_TRANSACTION_ID

from ._types import BigIntPK, ExactDecimal, JSONDocument, UTCDateTime

# Named constraints, so migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: JSONDocument}


def _charger_fk() -> Mapped[str]:
    return mapped_column(ForeignKey("chargers.id", ondelete="CASCADE"))


class Charger(Base):
    __tablename__ = "chargers"

    id: Mapped[str] = mapped_column(primary_key=True)  # chargeBoxIdentity
    registration_status: Mapped[str]
    transport: Mapped[str | None]
    version: Mapped[str | None]
    soap_endpoint: Mapped[str | None] = mapped_column(Text)  # learned from wsa:From
    soap_endpoint_override: Mapped[str | None] = mapped_column(Text)  # set by an operator
    vendor: Mapped[str | None]
    model: Mapped[str | None]
    charge_point_serial_number: Mapped[str | None]
    charge_box_serial_number: Mapped[str | None]
    firmware_version: Mapped[str | None]
    iccid: Mapped[str | None]
    imsi: Mapped[str | None]
    meter_type: Mapped[str | None]
    meter_serial_number: Mapped[str | None]
    created_at: Mapped[dt.datetime]
    first_seen: Mapped[dt.datetime | None]
    last_seen: Mapped[dt.datetime | None]
    last_boot: Mapped[dt.datetime | None]
    online: Mapped[bool] = mapped_column(default=False)
    online_changed_at: Mapped[dt.datetime | None]
    password_hash: Mapped[str | None]
    auth_required: Mapped[bool] = mapped_column(default=False)
    allowed_ips: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    notes: Mapped[str | None] = mapped_column(Text)


class ProtocolHistory(Base):
    __tablename__ = "protocol_history"
    __table_args__ = (Index(None, "charger_id", "at"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    charger_id: Mapped[str] = _charger_fk()
    transport: Mapped[str]
    version: Mapped[str]
    at: Mapped[dt.datetime]


class Connector(Base):
    __tablename__ = "connectors"

    charger_id: Mapped[str] = mapped_column(
        ForeignKey("chargers.id", ondelete="CASCADE"), primary_key=True
    )
    connector_id: Mapped[int] = mapped_column(primary_key=True)  # 0: the charger itself
    status: Mapped[str]
    error_code: Mapped[str]
    info: Mapped[str | None]
    vendor_id: Mapped[str | None]
    vendor_error_code: Mapped[str | None]
    timestamp: Mapped[dt.datetime | None]  # the charger's clock
    updated_at: Mapped[dt.datetime]  # ours
    flags: Mapped[list[str]] = mapped_column(JSONDocument, default=list)


class IdTag(Base):
    """``id_tag`` keeps the spelling it was given; ``id_tag_key`` is what identifies it.
    OCPP's IdToken is a CiString20: case-insensitive, so ``04a1b2`` from a charger is
    the card an operator entered as ``04A1B2``."""

    __tablename__ = "id_tags"

    id_tag: Mapped[str] = mapped_column(primary_key=True)
    id_tag_key: Mapped[str] = mapped_column(unique=True)  # storage._transactions.tag_key
    status: Mapped[str]
    expiry_date: Mapped[dt.datetime | None]
    parent_id_tag: Mapped[str | None]
    blocked: Mapped[bool] = mapped_column(default=False)
    max_active_transactions: Mapped[int | None]


class Transaction(Base):
    """A transaction we numbered, or an unmatched StopTransaction (start fields null)."""

    __tablename__ = "transactions"
    __table_args__ = (
        CheckConstraint(f"id <= {MAX_TRANSACTION_ID}", name="id_int32"),  # OCPP integer
        Index(None, "charger_id", "connector_id"),
        Index(None, "id_tag"),
        {"sqlite_autoincrement": True},  # never hand out an id twice
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    charger_id: Mapped[str] = _charger_fk()
    connector_id: Mapped[int]
    id_tag: Mapped[str | None]
    meter_start: Mapped[int | None] = mapped_column(BigInteger)
    start_timestamp: Mapped[dt.datetime | None]
    reservation_id: Mapped[int | None]
    start_key: Mapped[str | None] = mapped_column(unique=True)  # retried-start dedupe
    meter_stop: Mapped[int | None] = mapped_column(BigInteger)
    stop_timestamp: Mapped[dt.datetime | None]
    stop_reason: Mapped[str | None]
    stop_id_tag: Mapped[str | None]
    # What the charger sent in StopTransaction; real ones send 0, -1 and 2**63-1.
    reported_transaction_id: Mapped[int | None] = mapped_column(BigInteger)
    transaction_data: Mapped[Any] = mapped_column(JSONDocument, nullable=True)
    flags: Mapped[list[str]] = mapped_column(JSONDocument, default=list)


class MeterValue(Base):
    """One sampled value. ``transaction_id`` is what the charger reported: no foreign key."""

    __tablename__ = "meter_values"
    __table_args__ = (
        # The dedupe key (the fingerprint covers the timestamp) and the charger's time
        # index in one: readings arrive in time order, so inserts land at the end of
        # each charger's range instead of on a random page of a hash-ordered index.
        Index(None, "charger_id", "timestamp", "fingerprint", unique=True),
        Index(None, "transaction_id"),
        Index(None, "timestamp"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    charger_id: Mapped[str] = _charger_fk()
    connector_id: Mapped[int]
    transaction_id: Mapped[int | None] = mapped_column(BigInteger)
    timestamp: Mapped[dt.datetime]
    value: Mapped[str] = mapped_column(Text)
    context: Mapped[str | None]
    format: Mapped[str | None]
    measurand: Mapped[str | None]
    phase: Mapped[str | None]
    location: Mapped[str | None]
    unit: Mapped[str | None]
    energy_wh: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    fingerprint: Mapped[str]
    flags: Mapped[list[str]] = mapped_column(JSONDocument, default=list)


class Command(Base):
    __tablename__ = "commands"
    __table_args__ = (Index(None, "charger_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    charger_id: Mapped[str] = _charger_fk()
    action: Mapped[str]
    payload: Mapped[dict[str, Any]]
    status: Mapped[str]
    transport: Mapped[str | None]
    version: Mapped[str | None]
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]


class MessageLog(Base):
    """Raw wire text, also from chargers we do not know (so: no foreign key)."""

    __tablename__ = "message_log"
    __table_args__ = (Index(None, "charger_id", "timestamp"), Index(None, "timestamp"))

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    charger_id: Mapped[str]
    direction: Mapped[str]
    transport: Mapped[str]
    action: Mapped[str | None]
    message: Mapped[str] = mapped_column(Text)
    flags: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    timestamp: Mapped[dt.datetime]


class DataTransfer(Base):
    __tablename__ = "data_transfers"
    __table_args__ = (Index(None, "charger_id", "timestamp"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    charger_id: Mapped[str] = _charger_fk()
    direction: Mapped[str]
    vendor_id: Mapped[str]
    message_id: Mapped[str | None]
    data: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None]
    timestamp: Mapped[dt.datetime]


class StatusReport(Base):
    """DiagnosticsStatusNotification, FirmwareStatusNotification, security extension."""

    __tablename__ = "status_reports"
    __table_args__ = (Index(None, "charger_id", "kind", "timestamp"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    charger_id: Mapped[str] = _charger_fk()
    kind: Mapped[str]
    status: Mapped[str]
    timestamp: Mapped[dt.datetime]
    payload: Mapped[dict[str, Any]]


class ApiToken(Base):
    """A bearer token for the integrator API. Only a SHA-256 of its secret is kept: the
    secret is 256 random bits, so a slow KDF would add nothing but per-request cost."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    name: Mapped[str]
    scopes: Mapped[list[str]] = mapped_column(JSONDocument)
    secret_sha256: Mapped[str]
    created_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class Webhook(Base):
    """An integrator's URL that receives events, signed with ``secret`` (HMAC-SHA256)."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str]
    event_types: Mapped[list[str]] = mapped_column(JSONDocument, default=list)  # empty: all
    charger_ids: Mapped[list[str]] = mapped_column(JSONDocument, default=list)  # empty: all
    enabled: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class WebhookDelivery(Base):
    """One event for one webhook, and how its delivery went (kept across restarts, so a
    pending delivery is retried after one)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index(None, "webhook_id", "id"), Index(None, "status", "next_attempt_at"))

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    event_id: Mapped[str]
    event_type: Mapped[str]
    payload: Mapped[dict[str, Any]]
    status: Mapped[str]  # pending, delivered, failed
    attempts: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    next_attempt_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]


metadata = Base.metadata

# Core views of the tables written in bulk by the group-commit paths.
chargers_table = metadata.tables["chargers"]
connectors_table = metadata.tables["connectors"]
meter_values_table = metadata.tables["meter_values"]
message_log_table = metadata.tables["message_log"]
id_tags_table = metadata.tables["id_tags"]
protocol_history_table = metadata.tables["protocol_history"]
