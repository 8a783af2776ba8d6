"""Copy a whole desk to another database (SQLite -> PostgreSQL and back), audit chain included.

The target is migrated to head first and must be empty. Rows are copied with their ids, in an order that
satisfies the foreign keys; a self-reference pointing forward (a source merged into a later one) is set
after its target row exists. Audit events are copied verbatim (seq, time, payload, prev_hash, hash), so the
chain verifies unchanged; the append-only triggers stay on, since they refuse UPDATE and DELETE, not INSERT.
The full-text index of the target fills itself through its triggers. Everything goes in one transaction on
the target: a failed copy leaves it empty. Afterwards the target's chain is verified and each table's row
count and content digest compared with the source.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, DateTime, Engine, Table, func, select, text, update

from annotate.audit import verify as chain
from annotate.audit.chain import canonical_json
from annotate.services.desk import Desk
from annotate.services.errors import DeskError
from db.models import Base

# Parents before children.
TABLES = ("reviewers", "settings", "verdict_labels", "documents", "sources", "claims", "annotations", "audit_events")
SELF_REFS = {"sources": "merged_into_id", "claims": "restates_id", "annotations": "parent_id"}
SERIAL_TABLES = ("reviewers", "verdict_labels", "documents", "sources", "claims", "annotations")
BATCH = 5000


class TransferError(DeskError):
    pass


@dataclass
class TransferReport:
    counts: dict[str, int]
    verify: chain.VerifyResult
    digests_match: bool
    seconds: float
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verify.ok and self.digests_match and not self.mismatches


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.scalar(select(func.count()).select_from(_table(name))) or 0 for name in TABLES}


def bump_sequences(conn: Connection) -> None:
    """PostgreSQL: after rows went in with explicit ids, the next generated id must come after them."""
    for name in SERIAL_TABLES:
        conn.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), coalesce(max(id), 0) + 1, false) FROM {name}")
        )


def _normaliser(table: Table) -> Callable[[dict], dict]:
    """Naive datetimes (SQLite) are UTC; aware ones are converted, so both backends store the same instant."""
    stamps = [c.name for c in table.columns if isinstance(c.type, DateTime)]

    def fix(row: dict) -> dict:
        for name in stamps:
            value = row[name]
            if isinstance(value, datetime):
                row[name] = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return row

    return fix


def _rows(conn: Connection, table: Table, batch: int):
    order = list(table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(select(table).order_by(*order))
    for part in result.mappings().partitions(batch):
        yield [dict(row) for row in part]


def _copy_table(src: Connection, out: Connection, table: Table, batch: int, progress) -> int:
    fix = _normaliser(table)
    self_ref = SELF_REFS.get(table.name)
    # The fix-up UPDATE must not stamp a new updated_at: carry the copied values of onupdate columns.
    stamped = [c.name for c in table.columns if c.onupdate is not None]
    forward: list[tuple[int, dict]] = []
    copied = 0
    for rows in _rows(src, table, batch):
        for row in rows:
            fix(row)
            if self_ref and row[self_ref] is not None and row[self_ref] > row["id"]:
                forward.append((row["id"], {self_ref: row[self_ref], **{c: row[c] for c in stamped}}))
                row[self_ref] = None
        out.execute(table.insert(), rows)
        copied += len(rows)
        if progress:
            progress(table.name, copied)
    for row_id, values in forward:
        out.execute(update(table).where(table.c.id == row_id).values(values))
    return copied


def digest(engine: Engine, name: str, batch: int = BATCH) -> str:
    """SHA-256 over a table's rows in key order, values in a backend-neutral form."""
    table = _table(name)
    fix = _normaliser(table)
    h = hashlib.sha256()
    with engine.connect() as conn:
        for rows in _rows(conn, table, batch):
            for row in rows:
                h.update(canonical_json(list(fix(row).values())).encode("utf-8"))
                h.update(b"\n")
    return h.hexdigest()


def copy_desk(
    source_url: str,
    target_url: str,
    *,
    batch: int = BATCH,
    compare_content: bool = True,
    progress: Callable[[str, int], None] | None = None,
) -> TransferReport:
    started = time.perf_counter()
    if _same(source_url, target_url):
        raise TransferError("the target is the source database")
    source, target = Desk.open(source_url), None
    try:
        target = Desk.open(target_url)
        before = counts(source.engine)
        occupied = {name: n for name, n in counts(target.engine).items() if n}
        if occupied:
            listing = ", ".join(f"{name} ({n})" for name, n in occupied.items())
            raise TransferError(f"the target database is not empty: {listing}")
        # Read one consistent snapshot of the source while the target fills in one transaction.
        with source.engine.connect().execution_options(sqlite_begin="DEFERRED") as src, src.begin():
            with target.engine.begin() as out:
                for name in TABLES:
                    _copy_table(src, out, _table(name), batch, progress)
                if target.dialect == "postgresql":
                    bump_sequences(out)
        if target.dialect == "postgresql":
            with target.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")  # visibility map for index-only scans
        return _check(source, target, before, compare_content, started)
    finally:
        source.dispose()
        if target is not None:
            target.dispose()


def _same(a: str, b: str) -> bool:
    from sqlalchemy.engine import make_url

    return make_url(a).render_as_string(hide_password=False) == make_url(b).render_as_string(hide_password=False)


def _check(source: Desk, target: Desk, before: dict[str, int], compare_content: bool, started: float):
    after = counts(target.engine)
    mismatches = [
        f"{name}: {before[name]} rows in the source, {after[name]} copied"
        for name in TABLES
        if before[name] != after[name]
    ]
    result = chain.verify(target.engine)
    source_head = chain.verify(source.engine) if result.ok else None
    if source_head and (source_head.head_seq, source_head.head_hash) != (result.head_seq, result.head_hash):
        mismatches.append("audit chain head differs from the source's")
    same = True
    if compare_content:
        for name in TABLES:
            if digest(source.engine, name) != digest(target.engine, name):
                mismatches.append(f"{name}: content differs after the copy")
                same = False
    return TransferReport(after, result, same, round(time.perf_counter() - started, 2), mismatches)
