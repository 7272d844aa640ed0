"""Meter values: one unique index on (charger, timestamp, fingerprint).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

It replaces the unique (charger, fingerprint) constraint and the (charger, timestamp)
index. The fingerprint covers the timestamp, so what is unique does not change; but
readings arrive in time order, so each insert now lands at the end of its charger's
range instead of on a random page of an index ordered by hash, which made every insert
a cache miss once the table outgrew the page cache.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_meter_values_charger_id_timestamp_fingerprint",
        "meter_values",
        ["charger_id", "timestamp", "fingerprint"],
        unique=True,
    )
    op.drop_index("ix_meter_values_charger_id_timestamp", "meter_values")
    # SQLite cannot drop a table constraint in place: batch mode rebuilds the table.
    with op.batch_alter_table("meter_values") as batch:
        batch.drop_constraint("uq_meter_values_charger_id_fingerprint", type_="unique")


def downgrade() -> None:
    with op.batch_alter_table("meter_values") as batch:
        batch.create_unique_constraint(
            "uq_meter_values_charger_id_fingerprint", ["charger_id", "fingerprint"]
        )
    op.create_index(
        "ix_meter_values_charger_id_timestamp", "meter_values", ["charger_id", "timestamp"]
    )
    op.drop_index("ix_meter_values_charger_id_timestamp_fingerprint", "meter_values")
