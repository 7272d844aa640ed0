"""Initial schema.

Revision ID: 0001
Revises:
Create Date: 2024-11-24

Written out by hand, with plain SQLAlchemy types, so it never changes when the models do.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER
JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)
DECIMAL = sa.Numeric().with_variant(sa.String(), "sqlite")  # exact text on SQLite


def _charger_fk() -> sa.Column[str]:
    return sa.Column("charger_id", sa.String(), nullable=False)


def _fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["charger_id"],
        ["chargers.id"],
        name=f"fk_{table}_charger_id_chargers",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "chargers",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("registration_status", sa.String(), nullable=False),
        sa.Column("transport", sa.String(), nullable=True),
        sa.Column("version", sa.String(), nullable=True),
        sa.Column("soap_endpoint", sa.Text(), nullable=True),
        sa.Column("soap_endpoint_override", sa.Text(), nullable=True),
        sa.Column("vendor", sa.String(), nullable=True),
        sa.Column("model", sa.String(), nullable=True),
        sa.Column("charge_point_serial_number", sa.String(), nullable=True),
        sa.Column("charge_box_serial_number", sa.String(), nullable=True),
        sa.Column("firmware_version", sa.String(), nullable=True),
        sa.Column("iccid", sa.String(), nullable=True),
        sa.Column("imsi", sa.String(), nullable=True),
        sa.Column("meter_type", sa.String(), nullable=True),
        sa.Column("meter_serial_number", sa.String(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("first_seen", TIMESTAMP, nullable=True),
        sa.Column("last_seen", TIMESTAMP, nullable=True),
        sa.Column("last_boot", TIMESTAMP, nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("online_changed_at", TIMESTAMP, nullable=True),
        sa.Column("password_hash", sa.String(), nullable=True),
        sa.Column("auth_required", sa.Boolean(), nullable=False),
        sa.Column("allowed_ips", JSON, nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_chargers"),
    )
    op.create_table(
        "id_tags",
        sa.Column("id_tag", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("expiry_date", TIMESTAMP, nullable=True),
        sa.Column("parent_id_tag", sa.String(), nullable=True),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("max_active_transactions", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id_tag", name="pk_id_tags"),
    )
    op.create_table(
        "message_log",
        sa.Column("id", ID, nullable=False),
        sa.Column("charger_id", sa.String(), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("transport", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("flags", JSON, nullable=False),
        sa.Column("timestamp", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_message_log"),
    )
    op.create_index("ix_message_log_charger_id_timestamp", "message_log", ["charger_id", "timestamp"])
    op.create_index("ix_message_log_timestamp", "message_log", ["timestamp"])

    op.create_table(
        "protocol_history",
        sa.Column("id", ID, nullable=False),
        _charger_fk(),
        sa.Column("transport", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        _fk("protocol_history"),
        sa.PrimaryKeyConstraint("id", name="pk_protocol_history"),
    )
    op.create_index("ix_protocol_history_charger_id_at", "protocol_history", ["charger_id", "at"])

    op.create_table(
        "connectors",
        _charger_fk(),
        sa.Column("connector_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("error_code", sa.String(), nullable=False),
        sa.Column("info", sa.String(), nullable=True),
        sa.Column("vendor_id", sa.String(), nullable=True),
        sa.Column("vendor_error_code", sa.String(), nullable=True),
        sa.Column("timestamp", TIMESTAMP, nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("flags", JSON, nullable=False),
        _fk("connectors"),
        sa.PrimaryKeyConstraint("charger_id", "connector_id", name="pk_connectors"),
    )
    op.create_table(
        "transactions",
        sa.Column("id", ID, nullable=False),
        _charger_fk(),
        sa.Column("connector_id", sa.Integer(), nullable=False),
        sa.Column("id_tag", sa.String(), nullable=True),
        sa.Column("meter_start", sa.BigInteger(), nullable=True),
        sa.Column("start_timestamp", TIMESTAMP, nullable=True),
        sa.Column("reservation_id", sa.Integer(), nullable=True),
        sa.Column("start_key", sa.String(), nullable=True),
        sa.Column("meter_stop", sa.BigInteger(), nullable=True),
        sa.Column("stop_timestamp", TIMESTAMP, nullable=True),
        sa.Column("stop_reason", sa.String(), nullable=True),
        sa.Column("stop_id_tag", sa.String(), nullable=True),
        sa.Column("reported_transaction_id", sa.BigInteger(), nullable=True),
        sa.Column("transaction_data", JSON, nullable=True),
        sa.Column("flags", JSON, nullable=False),
        # Our ids go to chargers as OCPP integer (signed 32-bit).
        sa.CheckConstraint("id <= 2147483647", name="ck_transactions_id_int32"),
        _fk("transactions"),
        sa.PrimaryKeyConstraint("id", name="pk_transactions"),
        sa.UniqueConstraint("start_key", name="uq_transactions_start_key"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_transactions_charger_id_connector_id", "transactions", ["charger_id", "connector_id"]
    )
    op.create_index("ix_transactions_id_tag", "transactions", ["id_tag"])

    op.create_table(
        "meter_values",
        sa.Column("id", ID, nullable=False),
        _charger_fk(),
        sa.Column("connector_id", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.BigInteger(), nullable=True),
        sa.Column("timestamp", TIMESTAMP, nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("context", sa.String(), nullable=True),
        sa.Column("format", sa.String(), nullable=True),
        sa.Column("measurand", sa.String(), nullable=True),
        sa.Column("phase", sa.String(), nullable=True),
        sa.Column("location", sa.String(), nullable=True),
        sa.Column("unit", sa.String(), nullable=True),
        sa.Column("energy_wh", DECIMAL, nullable=True),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("flags", JSON, nullable=False),
        _fk("meter_values"),
        sa.PrimaryKeyConstraint("id", name="pk_meter_values"),
        sa.UniqueConstraint(
            "charger_id", "fingerprint", name="uq_meter_values_charger_id_fingerprint"
        ),
    )
    op.create_index(
        "ix_meter_values_charger_id_timestamp", "meter_values", ["charger_id", "timestamp"]
    )
    op.create_index("ix_meter_values_transaction_id", "meter_values", ["transaction_id"])
    op.create_index("ix_meter_values_timestamp", "meter_values", ["timestamp"])

    op.create_table(
        "commands",
        sa.Column("id", ID, nullable=False),
        _charger_fk(),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("transport", sa.String(), nullable=True),
        sa.Column("version", sa.String(), nullable=True),
        sa.Column("result", JSON, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("sent_at", TIMESTAMP, nullable=True),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        _fk("commands"),
        sa.PrimaryKeyConstraint("id", name="pk_commands"),
    )
    op.create_index("ix_commands_charger_id_created_at", "commands", ["charger_id", "created_at"])

    op.create_table(
        "data_transfers",
        sa.Column("id", ID, nullable=False),
        _charger_fk(),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("vendor_id", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=True),
        sa.Column("data", sa.Text(), nullable=True),
        sa.Column("status", sa.String(), nullable=True),
        sa.Column("timestamp", TIMESTAMP, nullable=False),
        _fk("data_transfers"),
        sa.PrimaryKeyConstraint("id", name="pk_data_transfers"),
    )
    op.create_index(
        "ix_data_transfers_charger_id_timestamp", "data_transfers", ["charger_id", "timestamp"]
    )

    op.create_table(
        "status_reports",
        sa.Column("id", ID, nullable=False),
        _charger_fk(),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("timestamp", TIMESTAMP, nullable=False),
        sa.Column("payload", JSON, nullable=False),
        _fk("status_reports"),
        sa.PrimaryKeyConstraint("id", name="pk_status_reports"),
    )
    op.create_index(
        "ix_status_reports_charger_id_kind_timestamp",
        "status_reports",
        ["charger_id", "kind", "timestamp"],
    )


def downgrade() -> None:
    for table in (
        "status_reports",
        "data_transfers",
        "commands",
        "meter_values",
        "transactions",
        "connectors",
        "protocol_history",
        "message_log",
        "id_tags",
        "chargers",
    ):
        op.drop_table(table)  # drops the table's indexes too
