"""The state of a row as the audit log stores it: plain JSON values, big texts left out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Mapper

from annotate.audit.chain import format_time

# Large or derived columns that the log does not need to reconstruct a reviewer's view.
SKIP = {"raw", "text_", "offset_map", "password_hash", "archived_copy"}
SKIP_BY_TABLE = {"documents": {"raw", "text", "offset_map"}}


def snapshot(row: Any) -> dict[str, Any]:
    return _snapshot(inspect(row).mapper, lambda key, _name: getattr(row, key))


def snapshot_values(model: type, values: Mapping[str, Any]) -> dict[str, Any]:
    """The snapshot of a `model` row read or written with Core statements (a mapping by column name),
    the same as snapshot() of the ORM object with those values."""
    return _snapshot(inspect(model), lambda _key, name: values.get(name))


def _snapshot(mapper: Mapper, value_of: Callable[[str, str], Any]) -> dict[str, Any]:
    skip = SKIP | SKIP_BY_TABLE.get(mapper.local_table.name, set())
    out: dict[str, Any] = {}
    for column in mapper.column_attrs:
        key = column.key
        if key in skip:
            continue
        value = value_of(key, column.columns[0].name)
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
