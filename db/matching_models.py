"""Tables for repeated claims: match links between claims, the word index that finds candidates, narratives.

Links are never deleted: a wrong match is set to `unlinked` (with who and why), and matching does not
propose that pair again. `claim_terms` and `claim_fingerprints` are derived from claim text and can be rebuilt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, Claim, Versioned, new_uid, utcnow


class ClaimLink(Versioned, Base):
    """Two claims in different articles that say the same thing; claim_a_id < claim_b_id."""

    __tablename__ = "claim_links"
    __table_args__ = (
        UniqueConstraint("claim_a_id", "claim_b_id"),
        Index("ix_claim_links_b", "claim_b_id", "status"),
        Index("ix_claim_links_a", "claim_a_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    score: Mapped[float | None] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(16))  # exact | near | paraphrase | manual
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | unlinked
    reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    unlinked_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    unlinked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    claim_a: Mapped[Claim] = relationship(foreign_keys=[claim_a_id])
    claim_b: Mapped[Claim] = relationship(foreign_keys=[claim_b_id])


class ClaimFingerprint(Base):
    """Which claims the word index covers, and the hash of their normal form (exact duplicates in one lookup)."""

    __tablename__ = "claim_fingerprints"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    norm_hash: Mapped[str] = mapped_column(String(40), index=True)
    text_hash: Mapped[str] = mapped_column(String(40))  # of the claim text indexed: an edited claim is stale
    n_terms: Mapped[int] = mapped_column(Integer, default=0)
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ClaimTerm(Base):
    """Inverted index: content word -> claims. Looked up by the rare words of a new claim."""

    __tablename__ = "claim_terms"
    __table_args__ = (Index("ix_claim_terms_claim", "claim_id"),)

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)


class ClaimVector(Base):
    """A claim's sentence embedding (optional paraphrase matching); float32 bytes, unit length."""

    __tablename__ = "claim_vectors"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    model: Mapped[str] = mapped_column(String(64))
    text_hash: Mapped[str] = mapped_column(String(40))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class Narrative(Versioned, Base):
    """A talking point reviewers follow across outlets and years ("promises broken")."""

    __tablename__ = "narratives"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NarrativeClaim(Versioned, Base):
    """A claim attached to a narrative; detaching keeps the row (active=False) and its reason."""

    __tablename__ = "narrative_claims"
    __table_args__ = (UniqueConstraint("narrative_id", "claim_id"), Index("ix_narrative_claims_claim", "claim_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    narrative_id: Mapped[int] = mapped_column(ForeignKey("narratives.id"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    removed_reason: Mapped[str | None] = mapped_column(Text)
