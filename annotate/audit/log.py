"""Appending events inside the caller's transaction, with the chain serialised.

SQLite: every write transaction already began with BEGIN IMMEDIATE, so only one writer reads the head.
PostgreSQL: a transaction-scoped advisory lock taken before reading the head serialises appends; it is
released at commit, so the chain can never fork. The primary key on seq is the last line of defence.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from annotate.audit.chain import GENESIS, canonical_json, event_hash, format_time
from db.models import AuditEvent

# Any fixed 64-bit number; it names "the audit chain head" among advisory locks.
PG_CHAIN_LOCK = 0x616E6E6F74617465


def _lock_head(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_CHAIN_LOCK})


_HEAD = select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
_INSERT = AuditEvent.__table__.insert()


def _head(connection) -> tuple[int, str]:
    row = connection.execute(_HEAD).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: Any,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
    claim_id: int | None = None,
    batch_id: str | None = None,
    at: datetime | None = None,
    head: tuple[int, str] | None = None,
) -> tuple[int, str]:
    """Append one event and return the chain's new head, (seq, hash). `head` is the head this transaction
    appended last, when it has."""
    connection = session.connection()
    if head is None:
        _lock_head(session)
        head = _head(connection)
    seq, prev_hash = head
    record = {
        "seq": seq + 1,
        "at": format_time(at or datetime.now(UTC)),
        "actor": actor,
        "action": action,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "claim_id": claim_id,
        "batch_id": batch_id,
        "reason": reason,
        "before": None if before is None else canonical_json(before),
        "after": None if after is None else canonical_json(after),
    }
    values = {**record, "prev_hash": prev_hash, "hash": event_hash(prev_hash, record)}
    # A Core INSERT on the transaction's connection: events are never changed after, so the ORM's unit of
    # work (identity map, flush, an object of thirteen attributes) would only add time inside the write lock.
    connection.execute(_INSERT, values)
    return values["seq"], values["hash"]
