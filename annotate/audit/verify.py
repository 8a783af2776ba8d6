"""Walk the chain and report the first event that does not hold; checkpoints kept outside the database.

An edited event breaks its own hash; a removed one leaves a gap in seq; reordered ones break the link to
their predecessor. A cut-off tail leaves a valid but shorter chain: only a checkpoint (seq, hash) written
elsewhere earlier reveals it.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text

from annotate.audit import ranges
from annotate.audit.chain import GENESIS, format_time

# A worker's start-up (an interpreter, its import, a connection) measured by bench/bench_audit.py: SQLite
# 0.13 s CPU / 0.26 s wall on a loaded 2-core machine, PostgreSQL 0.5 / 1.0 s (importing psycopg). With
# 2 processes splitting wins once the log is past ~2 x start-up x events/s of one process; these leave a
# margin for a loaded machine (docs/scaling.md).
SPLIT_MIN_EVENTS = {"sqlite": 100_000, "postgresql": 250_000}
MAX_PROCESSES = 4

log = logging.getLogger(__name__)


@dataclass
class VerifyResult:
    ok: bool
    count: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None

    def summary(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.count} events, head #{self.head_seq} {self.head_hash[:16]}"
        return f"audit chain broken at seq {self.first_bad_seq}: {self.problem}"


def verify(
    engine: Engine,
    checkpoint: dict | None = None,
    *,
    processes: int | None = None,
    min_events: int | None = None,
) -> VerifyResult:
    """The first event that does not hold, or the head. A log of `min_events` or more (default: measured
    per backend) is split by seq over `processes` (default: the cores, up to 4); the result is the same."""
    result = _verify_chain(engine, processes, min_events)
    if checkpoint:
        return _against_checkpoint(engine, result, checkpoint)
    return result


def _verify_chain(engine: Engine, processes: int | None, min_events: int | None) -> VerifyResult:
    target = _worker_target(engine)
    processes = default_processes() if processes is None else processes
    if target is not None and processes > 1:
        low, head = _bounds(engine)
        threshold = SPLIT_MIN_EVENTS.get(engine.dialect.name, 0) if min_events is None else min_events
        parts = min(processes, head or 0)
        # A seq below 1 is not in any range: the single walk reports it as the single walk always has.
        if parts > 1 and head >= threshold and low >= 1:
            try:
                return _verify_split(engine, target, split_ranges(head, parts))
            except WorkerFailed as exc:
                log.warning("audit verify: a worker failed (%s); verifying in this process instead", exc)
    return _verify_single(engine)


def _bounds(engine: Engine) -> tuple[int | None, int | None]:
    # Through the DB-API: on SQLite a SQLAlchemy transaction would begin IMMEDIATE and queue behind writers.
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT min(seq), max(seq) FROM audit_events")
        return tuple(cursor.fetchone())
    finally:
        raw.rollback()
        raw.close()


def split_ranges(head: int, parts: int) -> list[tuple[int, int]]:
    step = -(-head // parts)
    return [(low, min(head, low + step - 1)) for low in range(1, head + 1, step)]


def _verify_single(engine: Engine) -> VerifyResult:
    return _outcome(_check_here(engine, 1, None, GENESIS), 0, GENESIS, None)


def _check_here(engine: Engine, low: int, high: int | None, prev: str | None) -> ranges.RangeResult:
    raw = engine.raw_connection()
    try:
        return ranges.check_range(raw, engine.dialect.name == "postgresql", low, high, prev)
    finally:
        raw.rollback()
        raw.close()


def _outcome(part: ranges.RangeResult, total: int, prev: str, head: int | None) -> VerifyResult:
    """The whole chain's result once every range before `part` held (`total` events ending in `prev`)."""
    if part.problem is not None:
        seq = part.bad_seq
        return VerifyResult(False, total + part.count, seq - 1, part.last_hash or prev, seq, part.problem)
    count = total + part.count
    return VerifyResult(True, count, count if head is None else head, part.last_hash or prev)


class WorkerFailed(RuntimeError):
    pass


def _verify_split(engine: Engine, target: str, spans: list[tuple[int, int]]) -> VerifyResult:
    workers = [_start(engine.dialect.name, target, low, high) for low, high in spans[1:]]
    try:
        # This process takes the first range while the workers start: one interpreter fewer to wait for.
        first = _check_here(engine, *spans[0], GENESIS)
        if first.problem is not None:
            return _outcome(first, 0, GENESIS, None)
        total, prev = first.count, first.last_hash
        for worker in workers:
            part = _collect(worker)
            if part.first_prev is not None and part.first_prev != prev:
                problem = "its link to the previous event does not match (removed or reordered)"
                return VerifyResult(False, total, part.low - 1, prev, part.low, problem)
            if part.problem is not None:
                return _outcome(part, total, prev, None)
            total, prev = total + part.count, part.last_hash
        return VerifyResult(True, total, spans[-1][1], prev)
    finally:
        for worker in workers:
            if worker.returncode is None:  # not collected: an earlier range decided, or this one raised
                worker.kill()
                worker.communicate()


def _start(dialect: str, target: str, low: int, high: int) -> subprocess.Popen:
    job = json.dumps({"dialect": dialect, "target": target, "low": low, "high": high})
    root = str(Path(ranges.__file__).resolve().parents[2])  # the worker imports annotate from here too
    path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    # The job (a password in a PostgreSQL URL) goes in the environment, which only this user can read.
    env = {**os.environ, "PYTHONPATH": path, ranges.JOB_VARIABLE: job}
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "annotate.audit.ranges"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
    except OSError as exc:
        raise WorkerFailed(f"cannot start {sys.executable}: {exc}") from exc


def _collect(worker: subprocess.Popen) -> ranges.RangeResult:
    out, err = worker.communicate()
    if worker.returncode != 0:
        last = (err.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        raise WorkerFailed(f"exit {worker.returncode}: {last}")
    try:
        return ranges.RangeResult(**json.loads(out))
    except (ValueError, TypeError) as exc:
        raise WorkerFailed(f"unreadable answer: {exc}") from exc


def _worker_target(engine: Engine) -> str | None:
    """What a worker opens the same database by, or None when it cannot (in-memory, URI, other backends)."""
    url = engine.url
    if engine.dialect.name == "postgresql":
        # libpq takes the URL without the SQLAlchemy driver name; the password travels on a pipe, not argv.
        return url.set(drivername="postgresql").render_as_string(hide_password=False)
    if engine.dialect.name == "sqlite" and url.database and not url.query:
        if url.database != ":memory:" and not url.database.startswith("file:") and Path(url.database).is_file():
            return str(Path(url.database).resolve())
    return None


def default_processes() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return min(MAX_PROCESSES, cores)


def _against_checkpoint(engine: Engine, result: VerifyResult, checkpoint: dict) -> VerifyResult:
    seq, digest = int(checkpoint["seq"]), checkpoint["hash"]
    if seq > result.head_seq:
        return VerifyResult(
            False,
            result.count,
            result.head_seq,
            result.head_hash,
            result.head_seq + 1,
            f"the log ends at {result.head_seq} but the checkpoint saw {seq}: the tail was cut off",
        )
    if seq == 0:
        return result
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT hash FROM audit_events WHERE seq = :s"), {"s": seq}).scalar()
    if stored != digest:
        return VerifyResult(
            False,
            result.count,
            result.head_seq,
            result.head_hash,
            seq,
            "differs from the checkpoint: the history up to it was rewritten",
        )
    return result


def write_checkpoint(engine: Engine, path: str | Path) -> dict:
    with engine.connect() as conn:
        row = conn.execute(text("SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1")).first()
    point = {
        "seq": row.seq if row else 0,
        "hash": row.hash if row else GENESIS,
        "at": row.at if row else None,
        "written_at": format_time(datetime.now(UTC)),
    }
    Path(path).write_text(json.dumps(point, indent=2) + "\n", encoding="utf-8")
    return point


def read_checkpoint(path: str | Path) -> dict:
    point = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(point, dict) or "seq" not in point or "hash" not in point:
        raise ValueError(f"{path} is not an audit checkpoint (needs seq and hash)")
    return point
