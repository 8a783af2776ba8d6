"""The hash chain: canonical encoding of an event and the SHA-256 link to its predecessor.

hash = SHA-256(prev_hash || canonical JSON of the record without its hash). The canonical form sorts keys,
uses no insignificant whitespace and keeps non-ASCII as UTF-8, so the same event always hashes the same on
SQLite and PostgreSQL and after a copy between them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq",
    "at",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "claim_id",
    "batch_id",
    "reason",
    "before",
    "after",
)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def format_time(moment: datetime) -> str:
    """Fixed-width UTC so the text sorts like the time it names."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(prev_hash: str, record: dict[str, Any]) -> str:
    body = canonical_json({field: record.get(field) for field in HASHED_FIELDS})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()
