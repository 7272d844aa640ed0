"""Shorter meter-value fingerprints: the first 32 hex digits of the SHA-256.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

``bridge.rules.meter_rows`` now keeps 128 bits of the digest (a cheaper key for the
unique index on charger and fingerprint). Stored fingerprints are shortened the same way,
so a reading stored before the upgrade and re-sent after it is still recognised. The
schema does not change. Downgrading leaves them short: the full digests are gone.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FULL_DIGITS = 64  # a whole SHA-256 in hex, as bridge.rules wrote it until now
KEPT_DIGITS = 32  # bridge.rules.FINGERPRINT_HEX_DIGITS when this was written


def upgrade() -> None:
    op.execute(
        f"UPDATE meter_values SET fingerprint = substr(fingerprint, 1, {KEPT_DIGITS}) "
        f"WHERE length(fingerprint) = {FULL_DIGITS}"
    )


def downgrade() -> None:
    pass
