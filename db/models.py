"""The desk's tables, as SQLAlchemy 2.0 typed ORM classes.

Every mutable row carries `version` (optimistic locking: an UPDATE names the version the reviewer saw)
and a stable `uid` that survives export and import between desks. Nothing a reviewer wrote is deleted:
annotations are withdrawn, claims rejected, sources merged. The audit_events table is append-only and
guarded by database triggers (see db/migrations).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Versioned:
    """Optimistic locking: SQLAlchemy adds `WHERE version = :seen` to every UPDATE."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class Reviewer(Versioned, Base):
    __tablename__ = "reviewers"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16), default="reviewer")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Versioned, Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    raw: Mapped[str] = mapped_column(Text, deferred=True)
    raw_encoding: Mapped[str | None] = mapped_column(String(40))
    source_format: Mapped[str] = mapped_column(String(16), default="text")
    filename: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, deferred=True)
    offset_map: Mapped[list[Any]] = mapped_column(JSON, default=list, deferred=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    dateline: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))
    cites: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ingested_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    claims: Mapped[list[Claim]] = relationship(back_populates="document", order_by="Claim.start")


class Claim(Versioned, Base):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_queue", "status", "checkworthiness", "id"),
        Index("ix_claims_cw", "checkworthiness", "id"),
        Index("ix_claims_document_start", "document_id", "start"),
        # Queue filters sorted by check-worthiness (added by migration 0003).
        Index("ix_claims_status_kind_cw", "status", "kind", "checkworthiness", "id"),
        Index("ix_claims_verdict_cw", "verdict", "checkworthiness", "id"),
        Index("ix_claims_assignee_cw", "assignee_id", "checkworthiness", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(300), index=True)
    speaker_mention: Mapped[str | None] = mapped_column(String(300))
    cue: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="statement", index=True)
    checkworthiness: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    entities: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(24), default="new")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"), index=True)
    # The current verdict, kept on the claim so the queue can filter without a join.
    verdict: Mapped[str | None] = mapped_column(String(100), index=True)
    verdict_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    restates_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    origin: Mapped[str] = mapped_column(String(16), default="extracted")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    document: Mapped[Document] = relationship(back_populates="claims")
    annotations: Mapped[list[Annotation]] = relationship(back_populates="claim", order_by="Annotation.created_at")


class Source(Versioned, Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    title: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    publisher: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32), default="news_report")
    excerpt: Mapped[str | None] = mapped_column(Text)
    archived_copy: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


def _only_set(column: str) -> dict[str, Any]:
    """A partial index, of the rows that have a value: the others (most, on the save path) neither read nor
    write its b-tree. `column = ?` implies the condition, so both databases still use it for look-ups."""
    condition = text(f"{column} IS NOT NULL")
    return {"sqlite_where": condition, "postgresql_where": condition}


class Annotation(Versioned, Base):
    __tablename__ = "annotations"
    __table_args__ = (
        Index("ix_annotations_claim_type", "claim_id", "type"),
        # Only provenance and counter-sources have a source, only tags a tag; a comment skips both.
        Index("ix_annotations_source_id", "source_id", **_only_set("source_id")),
        Index("ix_annotations_tag", "tag", **_only_set("tag")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    type: Mapped[str] = mapped_column(String(24))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    # provenance relation (quoted_from, first_appearance, primary_source, cites) or counter-source stance
    relation: Mapped[str | None] = mapped_column(String(32))
    excerpt: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(100))
    confidence: Mapped[float | None] = mapped_column(Float)
    tag: Mapped[str | None] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("annotations.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship(back_populates="annotations")
    source: Mapped[Source | None] = relationship()
    author: Mapped[Reviewer | None] = relationship()


class VerdictLabel(Base):
    """One label of the configurable verdict scale; ordinal None = off the true-false scale."""

    __tablename__ = "verdict_labels"
    __table_args__ = (UniqueConstraint("label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    definition: Mapped[str] = mapped_column(Text, default="")
    ordinal: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEvent(Base):
    """Append-only, hash-chained record of every write. Never updated or deleted (triggers refuse it)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_entity", "entity_type", "entity_id", "seq"),
        Index("ix_audit_actor_at", "actor", "at"),
        Index("ix_audit_at", "at"),
        Index("ix_audit_claim", "claim_id", "seq"),
        Index("ix_audit_events_batch_id", "batch_id", **_only_set("batch_id")),  # bulk work only
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))  # fixed-width UTC: 2026-11-23T12:00:00.000000Z
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    # The claim an event concerns, so a claim's timeline is one index range scan.
    claim_id: Mapped[int | None] = mapped_column(Integer)
    batch_id: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str | None] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text)  # canonical JSON
    after: Mapped[str | None] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """Small desk-wide settings (reviewing organisation for ClaimReview, and so on)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
