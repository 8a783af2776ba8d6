"""partial indexes: annotations.source_id, annotations.tag and audit_events.batch_id index only rows with a value

A save's cost inside the write lock is mostly the b-trees it touches: SQLite re-reads each one's path from the
root after another process has written, and writes a WAL page for each. A comment has no source and no tag,
and a reviewer's event no batch, so their indexes hold NULLs nobody looks up (`column = ?` never matches NULL):
made partial, a save touches three b-trees fewer (docs/scaling.md). Look-ups by value use them as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_annotations_source_id", "annotations", "source_id"),
    ("ix_annotations_tag", "annotations", "tag"),
    ("ix_audit_events_batch_id", "audit_events", "batch_id"),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        condition = sa.text(f"{column} IS NOT NULL")
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], sqlite_where=condition, postgresql_where=condition)


def downgrade() -> None:
    for name, table, column in INDEXES:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column])
