"""Backup and restore of a SQLite desk, consistent while reviewers keep writing.

    backup.backup("sqlite:///data/annotate.db", "backups/2026-11-23.db")
    backup.restore("backups/2026-11-23.db", "sqlite:///data/annotate.db", force=True)

A backup is taken with SQLite's online backup API in one step: it reads one snapshot of the database (in
WAL mode writers are not blocked), so the copy is a state the desk really was in, never a torn file. It is
written next to its destination under a temporary name, checked (`PRAGMA integrity_check` and the audit
hash chain) and only then renamed into place. Restore copies a checked backup into the desk's file through
the same API (the destination is rewritten in one transaction: a crash leaves the old content) and refuses
to overwrite a desk that holds anything unless forced.

PostgreSQL desks are backed up with the server's own tools (pg_dump / pg_restore); see POSTGRES_ADVICE.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from annotate.audit import verify as chain
from annotate.services.errors import InvalidInput

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
# Tables whose rows make a desk "not empty" (restore refuses to overwrite them without force).
CONTENT_TABLES = ("documents", "claims", "annotations", "sources", "reviewers", "audit_events")
POSTGRES_ADVICE = (
    "backup and restore handle SQLite desks only; for PostgreSQL use the server's tools: "
    "pg_dump --format=custom --file=desk.dump DBNAME, then pg_restore --dbname=NEWDB desk.dump "
    "and `annotate --db postgresql+psycopg://.../NEWDB audit verify`"
)


@dataclass
class DeskFileCheck:
    """What a SQLite desk file holds and whether it is sound."""

    path: Path
    integrity: str
    counts: dict[str, int] = field(default_factory=dict)
    chain: chain.VerifyResult | None = None

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and (self.chain is None or self.chain.ok)

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())

    def summary(self) -> str:
        parts = [f"{n} {table}" for table, n in self.counts.items() if table != "audit_events"]
        events = self.counts.get("audit_events", 0)
        chain_text = self.chain.summary() if self.chain is not None else f"{events} audit events"
        return f"{', '.join(parts) or 'no rows'}; integrity {self.integrity}; {chain_text}"


def sqlite_path(url: str) -> Path:
    """The file behind a sqlite:/// URL; InvalidInput for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise InvalidInput(POSTGRES_ADVICE)
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise InvalidInput("backup and restore need a SQLite database file (not an in-memory database)")
    return Path(database)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror or exc})") from None
    return head == SQLITE_MAGIC


def inspect_file(path: str | Path, *, verify_chain: bool = True) -> DeskFileCheck:
    """Integrity check, row counts and (optionally) the audit chain of a SQLite desk file."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if path.stat().st_size and not _looks_like_sqlite(path):
        raise InvalidInput(f"{path}: not a SQLite database")
    conn = _connect(path)
    try:
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise InvalidInput(f"{path}: not a readable SQLite database ({exc})") from None
        integrity = "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:5])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in CONTENT_TABLES if t in tables}
    finally:
        conn.close()
    check = DeskFileCheck(path, integrity, counts)
    if verify_chain and integrity == "ok" and "audit_events" in counts:
        engine = create_engine(f"sqlite:///{path}")
        try:
            check.chain = chain.verify(engine)
        finally:
            engine.dispose()
    return check


def backup(url: str, dest: str | Path, *, force: bool = False) -> DeskFileCheck:
    """Copy the desk at `url` to `dest` (a new file unless `force`), consistently while writers run."""
    source = sqlite_path(url)
    dest = Path(dest)
    if not source.is_file():
        raise InvalidInput(f"no desk at {source}")
    if dest.resolve() == source.resolve():
        raise InvalidInput("the backup file cannot be the desk itself")
    if dest.exists() and not force:
        raise InvalidInput(f"{dest} already exists (pass --force to replace it)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        src = _connect(source)
        out = _connect(partial)
        try:
            # pages=-1: the whole database in one step, from one read snapshot. A stepwise copy would
            # restart on every write from another connection and might never finish on a busy desk.
            src.backup(out, pages=-1)
            # A backup is one self-contained file: no -wal/-shm beside it.
            out.execute("PRAGMA journal_mode=DELETE")
        finally:
            out.close()
            src.close()
        check = inspect_file(partial)
        if not check.ok:
            raise InvalidInput(f"the backup did not check out, nothing written to {dest}: {check.summary()}")
        os.replace(partial, dest)
        check.path = dest
        return check
    except sqlite3.Error as exc:
        raise InvalidInput(f"backup of {source} failed: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def restore(backup_file: str | Path, url: str, *, force: bool = False) -> DeskFileCheck:
    """Copy a checked backup into the desk at `url`. Refuses a desk that holds anything unless `force`."""
    target = sqlite_path(url)
    backup_file = Path(backup_file)
    incoming = inspect_file(backup_file)
    if incoming.integrity != "ok":
        raise InvalidInput(f"{backup_file} is damaged (integrity check: {incoming.integrity}); nothing restored")
    if "audit_events" not in incoming.counts:
        raise InvalidInput(f"{backup_file} is a SQLite database but not an annotate desk; nothing restored")
    if incoming.chain is not None and not incoming.chain.ok:
        raise InvalidInput(f"{backup_file}: {incoming.chain.summary()}; nothing restored")
    if backup_file.resolve() == target.resolve() or (target.exists() and target.samefile(backup_file)):
        raise InvalidInput("the backup file is the desk itself")
    if target.exists() and target.stat().st_size:
        current = inspect_file(target, verify_chain=False)
        if not current.empty and not force:
            raise InvalidInput(
                f"{target} is not empty ({current.summary()}); pass --force to replace it with the backup"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        src = _connect(backup_file)
        dst = _connect(target)
        try:
            src.backup(dst, pages=-1)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise InvalidInput(f"restore into {target} failed: {exc}") from None
    return inspect_file(target)
