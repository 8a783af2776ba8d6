"""matching: links between claims that say the same thing, the word index that finds them, narratives

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "narratives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["reviewers.id"], name=op.f("fk_narratives_created_by_id_reviewers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narratives")),
        sa.UniqueConstraint("name", name=op.f("uq_narratives_name")),
        sa.UniqueConstraint("uid", name=op.f("uq_narratives_uid")),
    )
    op.create_table(
        "claim_fingerprints",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("norm_hash", sa.String(length=40), nullable=False),
        sa.Column("text_hash", sa.String(length=40), nullable=False),
        sa.Column("n_terms", sa.Integer(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_fingerprints_claim_id_claims")),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_fingerprints")),
    )
    with op.batch_alter_table("claim_fingerprints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_fingerprints_norm_hash"), ["norm_hash"], unique=False)

    op.create_table(
        "claim_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("claim_a_id", sa.Integer(), nullable=False),
        sa.Column("claim_b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unlinked_by_id", sa.Integer(), nullable=True),
        sa.Column("unlinked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_a_id"], ["claims.id"], name=op.f("fk_claim_links_claim_a_id_claims")),
        sa.ForeignKeyConstraint(["claim_b_id"], ["claims.id"], name=op.f("fk_claim_links_claim_b_id_claims")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["reviewers.id"], name=op.f("fk_claim_links_created_by_id_reviewers")
        ),
        sa.ForeignKeyConstraint(
            ["unlinked_by_id"], ["reviewers.id"], name=op.f("fk_claim_links_unlinked_by_id_reviewers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_links")),
        sa.UniqueConstraint("claim_a_id", "claim_b_id", name=op.f("uq_claim_links_claim_a_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_claim_links_uid")),
    )
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.create_index("ix_claim_links_a", ["claim_a_id", "status"], unique=False)
        batch_op.create_index("ix_claim_links_b", ["claim_b_id", "status"], unique=False)

    op.create_table(
        "claim_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_terms_claim_id_claims")),
        sa.PrimaryKeyConstraint("term", "claim_id", name=op.f("pk_claim_terms")),
    )
    with op.batch_alter_table("claim_terms", schema=None) as batch_op:
        batch_op.create_index("ix_claim_terms_claim", ["claim_id"], unique=False)

    op.create_table(
        "claim_vectors",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.Column("text_hash", sa.String(length=40), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_vectors_claim_id_claims")),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_vectors")),
    )
    op.create_table(
        "narrative_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("narrative_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["reviewers.id"], name=op.f("fk_narrative_claims_added_by_id_reviewers")
        ),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_narrative_claims_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["narrative_id"], ["narratives.id"], name=op.f("fk_narrative_claims_narrative_id_narratives")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narrative_claims")),
        sa.UniqueConstraint("narrative_id", "claim_id", name=op.f("uq_narrative_claims_narrative_id")),
    )
    with op.batch_alter_table("narrative_claims", schema=None) as batch_op:
        batch_op.create_index("ix_narrative_claims_claim", ["claim_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("narrative_claims", schema=None) as batch_op:
        batch_op.drop_index("ix_narrative_claims_claim")

    op.drop_table("narrative_claims")
    op.drop_table("claim_vectors")
    with op.batch_alter_table("claim_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_terms_claim")

    op.drop_table("claim_terms")
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_links_b")
        batch_op.drop_index("ix_claim_links_a")

    op.drop_table("claim_links")
    with op.batch_alter_table("claim_fingerprints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_fingerprints_norm_hash"))

    op.drop_table("claim_fingerprints")
    op.drop_table("narratives")
