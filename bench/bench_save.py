"""Annotation save latency with its audit event, 1 and 8 writer processes, beside a raw INSERT baseline.

    .venv/bin/python bench/bench_save.py [--db URL] [--claims 10000] [--saves 100] [--writers 1 8]

Each writer is its own process with its own engine (as app instances would be) and saves comments on random
claims through annotate.services.annotations.add: the claim read under the write lock, the annotation, its
audit event (and a status event when the claim was new), one commit. The baseline is a bare INSERT of an
annotation row in its own transaction, with no service and no audit event. Works on SQLite (writers queue
on the database lock: BEGIN IMMEDIATE + busy_timeout) and PostgreSQL (the chain head advisory lock).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from annotate.schemas import AnnotationForm  # noqa: E402
from annotate.services import Desk, annotations, reviewers  # noqa: E402
from bench import prepared_url, report  # noqa: E402
from db.models import Claim, Reviewer  # noqa: E402

TARGET_MS = 20.0


def write_gate(engine, path: str) -> None:
    """Proposal for db/engine.py: queue SQLite writers on an flock instead of SQLite's busy handler.

    The busy handler polls with growing sleeps (up to 100 ms) and no order, so under 8 writers a few saves
    wait for a second. A blocking flock on a side file wakes the next waiter as soon as the lock is
    released. Taken before BEGIN IMMEDIATE, released after COMMIT/ROLLBACK; a thread lock in front because
    an flock does not separate threads of one process (Streamlit sessions are threads)."""
    import fcntl
    import threading

    from sqlalchemy import event

    handle = open(path, "a+b")  # noqa: SIM115 - held for the life of the engine
    local, holders = threading.Lock(), set()

    @event.listens_for(engine, "begin", insert=True)
    def _acquire(conn):
        if conn.get_execution_options().get("sqlite_begin", "IMMEDIATE") == "IMMEDIATE":
            local.acquire()
            fcntl.flock(handle, fcntl.LOCK_EX)
            holders.add(id(conn.connection.dbapi_connection))

    def _raw(connection):
        return getattr(connection, "dbapi_connection", connection)  # the pool's proxy or the driver's own

    dialect = engine.dialect
    for name in ("do_commit", "do_rollback"):
        original = getattr(dialect, name)

        def finish(dbapi_conn, original=original):
            try:
                original(dbapi_conn)
            finally:
                if id(_raw(dbapi_conn)) in holders:
                    holders.discard(id(_raw(dbapi_conn)))
                    fcntl.flock(handle, fcntl.LOCK_UN)
                    local.release()

        setattr(dialect, name, finish)


def _save_worker(url: str, mode: str, saves: int, seed: int, start, out, think_ms: float = 0.0) -> None:
    desk = Desk.open(url, migrate=False)
    if mode.endswith("+gate"):
        write_gate(desk.engine, desk.engine.url.database + ".writegate")
    with desk.read() as s:
        max_id = s.scalar(select(func.max(Claim.id)))
        name = s.scalar(select(Reviewer.username).where(Reviewer.role == "reviewer").order_by(Reviewer.id).limit(1))
    actor = reviewers.actor_for(reviewers.get(desk, name))
    rng = random.Random(seed)
    insert = text(
        "INSERT INTO annotations (uid, claim_id, type, note, author_id, created_at, updated_at, withdrawn, version)"
        " VALUES (:uid, :claim, 'comment', :note, :author, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :no, 1)"
    )
    start.wait()
    latencies = []
    for i in range(saves):
        if think_ms:  # a reviewer reads between saves: exponential pauses averaging think_ms
            time.sleep(rng.expovariate(1 / think_ms) / 1000)
        claim_id = rng.randint(1, max_id)
        note = f"Bench note {seed}-{i}: checked the figure against the ministry's release."
        began = time.perf_counter()
        if mode.startswith("service"):
            annotations.add(desk, actor, claim_id, AnnotationForm(type="comment", note=note))
        else:
            with desk.engine.begin() as conn:
                params = {"uid": str(uuid.uuid4()), "claim": claim_id, "note": note, "author": actor.id, "no": False}
                conn.execute(insert, params)
        latencies.append((time.perf_counter() - began) * 1000)
    desk.dispose()
    out.put(latencies)


def run(url: str, mode: str, writers: int, saves: int, think_ms: float = 0.0) -> tuple[list[float], float]:
    ctx = mp.get_context("spawn")  # a fresh interpreter per writer: nothing inherited, like separate app instances
    start, out = ctx.Barrier(writers + 1), ctx.Queue()
    procs = [
        ctx.Process(target=_save_worker, args=(url, mode, saves, 1000 * writers + i, start, out, think_ms))
        for i in range(writers)
    ]
    for p in procs:
        p.start()
    start.wait()
    began = time.perf_counter()
    latencies = [v for _ in procs for v in out.get()]
    elapsed = time.perf_counter() - began
    for p in procs:
        p.join()
    return latencies, len(latencies) / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="desk to write to (default: a temporary SQLite desk)")
    parser.add_argument("--claims", type=int, default=10_000, help="claims to generate when the desk is empty")
    parser.add_argument("--saves", type=int, default=100, help="saves per writer")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--think-ms", type=float, default=0.0, help="mean pause between a writer's saves")
    parser.add_argument("--gate", action="store_true", help="SQLite: also measure the proposed flock write gate")
    args = parser.parse_args(argv)
    url = prepared_url(args.db, args.claims)
    desk = Desk.open(url)
    with desk.read() as s:
        n_claims = s.scalar(select(func.count()).select_from(Claim))
    pace = f", mean pause {args.think_ms:g} ms between saves" if args.think_ms else ", back to back"
    print(f"save benchmark on {desk.dialect}, {n_claims:,} claims, {args.saves} saves per writer{pace}")
    desk.dispose()
    for writers in args.writers:
        values, rate = run(url, "service", writers, args.saves, args.think_ms)
        base, base_rate = run(url, "raw", writers, args.saves, args.think_ms)
        report(f"annotations.add + audit, {writers} writer(s)", values, base, TARGET_MS if writers == 8 else None)
        print(f"{'  throughput':<44} {rate:8.0f} saves/s   (raw INSERT: {base_rate:,.0f}/s)", flush=True)
        if args.gate and desk.dialect == "sqlite":
            gated, gated_rate = run(url, "service+gate", writers, args.saves, args.think_ms)
            report("  same with the flock write gate (proposal)", gated, None, TARGET_MS if writers == 8 else None)
            print(f"{'  throughput':<44} {gated_rate:8.0f} saves/s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
