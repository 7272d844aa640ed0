"""Case-insensitive id tags: a unique ``id_tag_key`` beside the spelling as given.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

OCPP's IdToken is a CiString20 (case-insensitive). Existing tags get their key here; if
two existing tags differ only in case the upgrade stops and names them, for an operator
to merge (nothing is guessed).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key(id_tag: str) -> str:
    return id_tag.upper()  # storage._transactions.tag_key when this was written


def upgrade() -> None:
    connection = op.get_bind()
    tags = [row[0] for row in connection.execute(sa.text("SELECT id_tag FROM id_tags"))]
    by_key: dict[str, list[str]] = {}
    for tag in tags:
        by_key.setdefault(_key(tag), []).append(tag)
    clashes = sorted(", ".join(sorted(group)) for group in by_key.values() if len(group) > 1)
    if clashes:
        raise RuntimeError(
            "id tags that differ only in case (OCPP compares them case-insensitively); "
            "merge or delete them, then upgrade again: " + "; ".join(clashes)
        )
    # Checked before any change: a stopped upgrade leaves the schema as it was.
    op.add_column("id_tags", sa.Column("id_tag_key", sa.String(), nullable=True))
    update = sa.text("UPDATE id_tags SET id_tag_key = :key WHERE id_tag = :tag")
    for tag in tags:
        connection.execute(update, {"key": _key(tag), "tag": tag})
    with op.batch_alter_table("id_tags") as batch:
        batch.alter_column("id_tag_key", existing_type=sa.String(), nullable=False)
        batch.create_unique_constraint("uq_id_tags_id_tag_key", ["id_tag_key"])


def downgrade() -> None:
    with op.batch_alter_table("id_tags") as batch:
        batch.drop_constraint("uq_id_tags_id_tag_key", type_="unique")
        batch.drop_column("id_tag_key")
