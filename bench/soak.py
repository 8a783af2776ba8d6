"""Concurrency soak: N processes saving annotations for S seconds against one desk.

    python bench/soak.py                                   # 8 processes x 60 s on a fresh SQLite file
    python bench/soak.py --db postgresql+psycopg://postgres@127.0.0.1:5432/soak   # 16 processes (scratch db!)
    python bench/soak.py --processes 4 --seconds 5 --json  # what tests/test_soak.py runs

Every process edits a small set of SHARED annotations with optimistic locking (it sends the version it read;
on ConflictError it reads again and retries) and now and then adds a new comment. At the end:

- saves/s and p50/p95/p99 latency of a successful save (retries included);
- conflicts retried, and edits given up after MAX_RETRIES conflicts in a row (starvation on a hot row: nothing
  saved, the caller told each time; reported, not a failure);
- lost updates: for every shared annotation, final version - 1 must equal the number of edits that
  processes saw succeed, and the audit log must hold exactly that many edit events for it;
- errors reaching a caller, by kind, "database is locked" counted on its own (there must be none: SQLite
  waits on busy_timeout behind BEGIN IMMEDIATE; PostgreSQL retries serialisation failures);
- the audit chain verified.

Exit status 0 when there were no lost updates, no unexpected errors and the chain is intact; 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SHARED = 6  # shared annotations every process fights over
ADD_SHARE = 0.2  # fraction of operations that add a new comment instead of editing a shared one
MAX_RETRIES = 50
ARTICLE = (
    "Soak test: the minister says exports rose sharply this year\n\n"
    "The trade minister said on Tuesday that exports rose by 12 percent in the third quarter of the year. "
    "Officials at the ministry confirmed the figures in a statement published on Wednesday morning.\n\n"
    "Opposition lawmakers said the numbers were misleading and called for an independent audit of the data.\n"
)


def setup(url: str, processes: int) -> dict:
    """Reviewers (editors: they may edit each other's annotations), a document, the shared annotations."""
    from annotate.schemas import AnnotationForm
    from annotate.services import SYSTEM, Desk, annotations, claims, documents, reviewers, scale

    desk = Desk.open(url)
    scale.ensure_default(desk, SYSTEM)
    users = []
    for n in range(processes):
        name = f"soak{n}"
        try:
            view = reviewers.get(desk, name)
        except Exception:  # noqa: BLE001 - not there yet
            view = reviewers.create(desk, SYSTEM, name, None, role="editor")
        users.append({"username": view.username, "role": view.role, "id": view.id})
    outcome = documents.ingest(desk, SYSTEM, ARTICLE + f"\nRun {time.time_ns()}.\n", name="soak.txt")
    claim_ids = [c.id for c in claims.for_document(desk, outcome.document_id)]
    shared = [
        annotations.add(desk, SYSTEM, claim_ids[i % len(claim_ids)], AnnotationForm(type="comment", note="v1")).id
        for i in range(SHARED)
    ]
    desk.dispose()
    return {"users": users, "claims": claim_ids, "shared": shared}


def worker(url: str, user: dict, plan: dict, seconds: float, seed: int, ready, go, results) -> None:
    from sqlalchemy import select
    from sqlalchemy.exc import OperationalError

    from annotate.schemas import AnnotationForm
    from annotate.services import Actor, ConflictError, Desk, annotations
    from db.models import Annotation

    stats = {
        "user": user["username"],
        "edits": Counter(),  # annotation id -> successful edits
        "adds": 0,
        "conflicts": 0,
        "starved": 0,
        "latencies": [],
        "locked": 0,
        "errors": Counter(),
        "samples": [],
    }
    rng = random.Random(seed)
    actor = Actor(user["username"], user["role"], user["id"])
    desk = Desk.open(url, migrate=False)

    def version_of(annotation_id: int) -> int:
        with desk.read() as session:
            return session.scalar(select(Annotation.version).where(Annotation.id == annotation_id))

    def failed(exc: BaseException) -> None:
        text = f"{type(exc).__name__}: {exc}"
        if "database is locked" in text or "database table is locked" in text:
            stats["locked"] += 1
        stats["errors"][type(exc).__name__] += 1
        if len(stats["samples"]) < 3:
            stats["samples"].append(traceback.format_exception_only(exc)[-1].strip()[:300])

    ready.put(user["username"])
    go.wait()
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        i += 1
        began = time.perf_counter()
        try:
            if rng.random() < ADD_SHARE:
                claim_id = rng.choice(plan["claims"])
                annotations.add(desk, actor, claim_id, AnnotationForm(type="comment", note=f"{actor.username} {i}"))
                stats["adds"] += 1
            else:
                target = rng.choice(plan["shared"])
                for attempt in range(MAX_RETRIES):
                    seen = version_of(target)
                    try:
                        annotations.edit(
                            desk,
                            actor,
                            target,
                            AnnotationForm(type="comment", note=f"{actor.username} edit {i}"),
                            expected_version=seen,
                        )
                        stats["edits"][target] += 1
                        break
                    except ConflictError:
                        stats["conflicts"] += 1
                        # Jittered exponential back-off, as a client should: without it the same few
                        # processes keep winning a hot row and the others starve.
                        time.sleep(rng.uniform(0, 0.002 * 2 ** min(attempt, 8)))
                else:
                    stats["starved"] += 1  # never lost: nothing was saved, and the caller was told each time
                    continue
            stats["latencies"].append(time.perf_counter() - began)
        except OperationalError as exc:
            failed(exc)
        except Exception as exc:  # noqa: BLE001 - every other error reaching the caller is a finding
            failed(exc)
    desk.dispose()
    stats["edits"] = dict(stats["edits"])
    stats["errors"] = dict(stats["errors"])
    results.put(stats)


def verify(url: str, plan: dict, edits: Counter) -> dict:
    from sqlalchemy import func, select

    from annotate.services import Desk, audit
    from db.models import Annotation, AuditEvent

    desk = Desk.open(url, migrate=False)
    lost = {}
    with desk.read() as session:
        for annotation_id in plan["shared"]:
            version = session.scalar(select(Annotation.version).where(Annotation.id == annotation_id))
            events = session.scalar(
                select(func.count(AuditEvent.seq)).where(
                    AuditEvent.entity_type == "annotation",
                    AuditEvent.entity_id == str(annotation_id),
                    AuditEvent.action == "annotation.edit",
                )
            )
            saved = edits.get(annotation_id, 0)
            if version - 1 != saved or events != saved:
                lost[annotation_id] = {"saves_seen": saved, "final_version": version, "edit_events": events}
    chain = audit.verify(desk)
    desk.dispose()
    return {"lost_updates": lost, "audit": chain.summary(), "audit_ok": chain.ok}


def soak(url: str, processes: int, seconds: float, seed: int = 1) -> dict:
    plan = setup(url, processes)
    ctx = mp.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(target=worker, args=(url, user, plan, seconds, seed + n, ready, go, results), daemon=True)
        for n, user in enumerate(plan["users"])
    ]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=180)
    began = time.monotonic()
    go.set()
    stats = [results.get(timeout=seconds + 300) for _ in procs]
    elapsed = time.monotonic() - began
    for p in procs:
        p.join(timeout=60)
    edits: Counter = Counter()
    for s in stats:
        edits.update({int(k): v for k, v in s["edits"].items()})
    latencies = sorted(x for s in stats for x in s["latencies"])
    errors: Counter = Counter()
    for s in stats:
        errors.update(s["errors"])
    saves = len(latencies)

    def pct(q: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1) if latencies else 0.0

    report = {
        "backend": url.split(":", 1)[0],
        "processes": processes,
        "seconds": round(elapsed, 1),
        "saves": saves,
        "edits": sum(edits.values()),
        "adds": sum(s["adds"] for s in stats),
        "saves_per_s": round(saves / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else 0.0,
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "conflicts_retried": sum(s["conflicts"] for s in stats),
        "starved_after_retries": sum(s["starved"] for s in stats),
        "database_locked_errors": sum(s["locked"] for s in stats),
        "errors": dict(errors),
        "error_samples": [x for s in stats for x in s["samples"]][:5],
        "workers_reporting": len(stats),
    }
    report.update(verify(url, plan, edits))
    report["ok"] = bool(
        report["audit_ok"] and not report["lost_updates"] and not report["errors"] and report["saves"] > 0
    )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", metavar="URL", help="desk URL (default: a fresh SQLite file in a temp dir)")
    parser.add_argument("--processes", "-n", type=int, help="default 8 on SQLite, 16 on PostgreSQL")
    parser.add_argument("--seconds", "-s", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    args = parser.parse_args(argv)
    url = args.db
    if not url:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='annotate-soak-')) / 'soak.db'}"
    processes = args.processes or (16 if url.startswith("postgresql") else 8)
    report = soak(url, processes, args.seconds, args.seed)
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{report['backend']}: {processes} processes x {report['seconds']} s on {url}")
        print(
            f"  {report['saves']} saves ({report['edits']} edits of {SHARED} shared annotations, {report['adds']} adds)"
            f" = {report['saves_per_s']}/s; latency p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, "
            f"p99 {report['p99_ms']} ms"
        )
        print(
            f"  conflicts retried: {report['conflicts_retried']}; edits given up after {MAX_RETRIES} conflicts: "
            f"{report['starved_after_retries']}"
        )
        print(f"  lost updates: {len(report['lost_updates'])} {report['lost_updates'] or ''}")
        print(f"  'database is locked' reaching a caller: {report['database_locked_errors']}")
        print(f"  other errors: {report['errors'] or 'none'} {report['error_samples'] or ''}")
        print(f"  {report['audit']}")
        print("  OK" if report["ok"] else "  FAILED")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
