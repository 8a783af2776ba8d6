"""The state of a row as the audit log stores it: plain JSON values, big texts left out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import inspect

from annotate.audit.chain import format_time

# Large or derived columns that the log does not need to reconstruct a reviewer's view.
SKIP = {"raw", "text_", "offset_map", "password_hash", "archived_copy"}
SKIP_BY_TABLE = {"documents": {"raw", "text", "offset_map"}}


def snapshot(row: Any) -> dict[str, Any]:
    mapper = inspect(row).mapper
    table = mapper.local_table.name
    skip = SKIP | SKIP_BY_TABLE.get(table, set())
    out: dict[str, Any] = {}
    for column in mapper.column_attrs:
        key = column.key
        if key in skip:
            continue
        value = getattr(row, key)
        if isinstance(value, datetime):
            value = format_time(value)
        out[key] = value
    return out


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields that differ, for readable diffs ('verdict: False -> Mostly false')."""
    ignore = {"version", "updated_at"}
    return {
        key: (before.get(key), after.get(key))
        for key in sorted(set(before) | set(after))
        if key not in ignore and before.get(key) != after.get(key)
    }
