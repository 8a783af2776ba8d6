"""Annotation save latency with its audit event, 1 and 8 writer processes, beside the pre-gate baseline.

    .venv/bin/python bench/bench_save.py [--db URL] [--claims 10000] [--saves 100] [--writers 1 8] [--repeat 2]

Each writer is its own process with its own engine (as app instances would be) and saves comments on random
claims through annotate.services.annotations.add: the claim read under the write lock, the annotation, its
audit event (and a status event when the claim was new), one commit. The baseline is a bare INSERT of an
annotation row in its own transaction, with no service and no audit event. On SQLite writers queue on the
write gate (db/engine.py: a ticket lock taken before BEGIN IMMEDIATE) and checkpoints run in a thread of
their own; the same saves are measured in the same run without either (make_engine(write_gate=False):
SQLite's busy handler and automatic checkpoint alone) as the baseline. On PostgreSQL they queue on the chain
head advisory lock. Restore a copied database with `sync` before a run: the kernel writing back gigabytes of
dirty pages meanwhile shows as p95.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from annotate.schemas import AnnotationForm  # noqa: E402
from annotate.services import Desk, annotations, reviewers  # noqa: E402
from bench import prepared_url, report  # noqa: E402
from db.engine import make_engine  # noqa: E402
from db.models import Claim, Reviewer  # noqa: E402

TARGET_MS = 20.0
SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


def _save_worker(url: str, mode: str, saves: int, seed: int, start, out, think_ms: float = 0.0) -> None:
    desk = Desk(make_engine(url, write_gate=not mode.endswith("+busy")), migrate=False)
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


def _merge(runs: list[tuple[list[float], float]]) -> tuple[list[float], float]:
    return [v for values, _ in runs for v in values], statistics.median(rate for _, rate in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="desk to write to (default: a temporary SQLite desk)")
    parser.add_argument("--claims", type=int, default=10_000, help="claims to generate when the desk is empty")
    parser.add_argument("--saves", type=int, default=100, help="saves per writer")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--think-ms", type=float, default=0.0, help="mean pause between a writer's saves")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each kind, alternated")
    parser.add_argument("--no-baseline", action="store_true", help="skip the runs without the write gate")
    args = parser.parse_args(argv)
    url = prepared_url(args.db, args.claims)
    desk = Desk.open(url)
    with desk.read() as s:
        n_claims = s.scalar(select(func.count()).select_from(Claim))
        sync = s.execute(text("PRAGMA synchronous")).scalar() if desk.dialect == "sqlite" else None
    pace = f", mean pause {args.think_ms:g} ms between saves" if args.think_ms else ", back to back"
    print(f"save benchmark on {desk.dialect}, {n_claims:,} claims, {args.saves} saves per writer{pace}")
    if sync is not None:
        print(f"SQLite journal_mode=WAL, synchronous={SYNCHRONOUS.get(sync, sync)}")
    gated = desk.dialect == "sqlite" and not args.no_baseline
    desk.dispose()
    for writers in args.writers:
        target = TARGET_MS if writers == 8 else None
        # Gate and baseline alternate, `--repeat` times each, so the load of other jobs falls on both alike.
        runs: dict[str, list[tuple[list[float], float]]] = {"service": [], "service+busy": [], "raw": []}
        for _ in range(args.repeat):
            for mode in runs if gated else ("service", "raw"):
                runs[mode].append(run(url, mode, writers, args.saves, args.think_ms))
        (values, rate), (base, base_rate) = _merge(runs["service"]), _merge(runs["raw"])
        if gated:  # the same saves queued by SQLite's busy handler alone, as before the write gate
            old, old_rate = _merge(runs["service+busy"])
            report(f"annotations.add + audit, {writers} writer(s)", values, old, target)
            print(f"{'  (baseline: busy handler, no write gate)':<44} {old_rate:8.0f} saves/s", flush=True)
        else:
            report(f"annotations.add + audit, {writers} writer(s)", values, None, target)
        report("  bare INSERT, no service, no audit", base)
        print(f"{'  throughput':<44} {rate:8.0f} saves/s   (bare INSERT: {base_rate:,.0f}/s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
