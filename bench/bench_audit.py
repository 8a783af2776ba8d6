"""Audit chain verification speed (events/s) and "as of" reconstruction of one claim in a big log.

    .venv/bin/python bench/bench_audit.py [--db URL] [--claims 10000] [--rounds 20] [--verify-rounds 3]

verify: annotate.audit.verify.verify over the whole log (target >= 300,000 events/s) as `annotate audit
verify` runs it (split by seq range over processes when the log is over the threshold), beside the same
function held to one process (the baseline) and forced to split, alternated in the same run; the split's
fixed start-up cost gives the log size from which it pays.
as of: annotate.services.audit.claim_as_of for random claims at a moment mid-log (target <= 50 ms), beside
the same replay forced to scan the log (SQLite NOT INDEXED / PostgreSQL without index scans).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from annotate.audit import verify as chain  # noqa: E402
from annotate.audit.verify import SPLIT_MIN_EVENTS, default_processes, verify  # noqa: E402
from annotate.services import Desk, audit  # noqa: E402
from bench import prepared_url, report, timings  # noqa: E402
from db.models import AuditEvent  # noqa: E402

VERIFY_TARGET = 300_000
AS_OF_TARGET_MS = 50.0


def _rate(events: int, wall: list[float]) -> str:
    median = statistics.median(wall)
    return f"{events / median:>12,.0f} events/s  (median {median:.2f} s of {len(wall)})"


def _worker_startup(desk: Desk) -> tuple[float, float]:
    """Median wall and CPU seconds of a worker checking 10 events: what a split costs before it helps."""
    target = chain._worker_target(desk.engine)
    if target is None:
        return float("nan"), float("nan")
    walls, cpus = [], []
    for _ in range(3):
        before, began = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        chain._collect(chain._start(desk.dialect, target, 1, 10))
        walls.append(time.perf_counter() - began)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="desk to measure (default: a temporary SQLite desk)")
    parser.add_argument("--claims", type=int, default=10_000, help="claims to generate when the desk is empty")
    parser.add_argument("--rounds", type=int, default=20, help="as-of reconstructions")
    parser.add_argument("--processes", type=int, default=None, help="processes for verify (default: the cores)")
    parser.add_argument("--verify-rounds", type=int, default=3, help="verify runs of each kind")
    args = parser.parse_args(argv)
    url = prepared_url(args.db, args.claims)
    desk = Desk.open(url)
    with desk.read() as s:
        events = s.scalar(select(func.count()).select_from(AuditEvent))
        first, last = s.execute(select(func.min(AuditEvent.at), func.max(AuditEvent.at))).one()
        max_claim = s.scalar(select(func.max(AuditEvent.claim_id))) or 1
    print(f"audit benchmark on {desk.dialect}, {events:,} events")

    processes = args.processes or default_processes()
    # Alternate the kinds so load from other jobs on the machine falls on both alike.
    walls: dict[str, list[float]] = {"single": [], "auto": [], "forced": []}
    calls = {
        "single": lambda: verify(desk.engine, processes=1),
        "auto": lambda: verify(desk.engine, processes=processes),
        "forced": lambda: verify(desk.engine, processes=max(2, processes), min_events=0),
    }
    for _ in range(args.verify_rounds):
        for name, call in calls.items():
            began = time.perf_counter()
            result = call()
            walls[name].append(time.perf_counter() - began)
            assert result.ok and result.count == events, result.summary()
    single, auto, forced = (statistics.median(walls[k]) for k in ("single", "auto", "forced"))
    threshold = SPLIT_MIN_EVENTS.get(desk.dialect)
    chosen = "split" if events >= threshold and processes > 1 else "one process"
    verdict = "MET" if events / auto >= VERIFY_TARGET else "MISSED"
    print(f"{'verify, one process (baseline)':<44} {_rate(events, walls['single'])}")
    print(f"{'verify, split over processes (forced)':<44} {_rate(events, walls['forced'])}   "
          f"{single / forced:.2f}x the baseline")  # fmt: skip
    print(f"{f'verify as shipped ({chosen}: threshold {threshold:,})':<44} {_rate(events, walls['auto'])}   "
          f"{single / auto:.2f}x the baseline   target {VERIFY_TARGET:,}/s {verdict}")  # fmt: skip
    # The split pays a fixed start-up per worker and then halves the walk: it wins from about
    # 2 x start-up x (events/s of one process) events on (SPLIT_MIN_EVENTS in annotate/audit/verify.py).
    startup, startup_cpu = _worker_startup(desk)
    print(f"{'  worker start-up (a 10-event range)':<44} {startup:12.3f} s wall  {startup_cpu:.3f} s cpu  -> "
          f"split pays from ~{2 * startup * events / single:,.0f} events (wall) / "
          f"~{2 * startup_cpu * events / single:,.0f} (cpu)", flush=True)  # fmt: skip

    middle = first[:10] + "T23:59:59.999999Z" if first == last else _midpoint(first, last)
    rng = random.Random(5)
    ids = iter([rng.randint(1, max_claim) for _ in range(args.rounds + 4)])
    values = timings(lambda: audit.claim_as_of(desk, next(ids), middle), args.rounds)
    ids_base = iter([rng.randint(1, max_claim) for _ in range(4)])
    base = timings(lambda: _scan_as_of(desk, next(ids_base), middle), 2, warmup=1)
    report(f"claim_as_of at {middle[:10]}", values, base, AS_OF_TARGET_MS)
    desk.dispose()
    return 0


def _midpoint(first: str, last: str) -> str:
    from datetime import datetime

    a, b = (datetime.strptime(x, "%Y-%m-%dT%H:%M:%S.%fZ") for x in (first, last))
    return (a + (b - a) / 2).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _scan_as_of(desk: Desk, claim_id: int, moment: str) -> None:
    """The baseline: the same replay query without its (claim_id, seq) index."""
    with desk.read() as s:
        hint = " NOT INDEXED" if desk.dialect == "sqlite" else ""
        if desk.dialect == "postgresql":
            for scan in ("indexscan", "bitmapscan", "indexonlyscan"):
                s.execute(text(f"SET LOCAL enable_{scan} = off"))
        sql = (
            f"SELECT entity_type, entity_id, after FROM audit_events{hint} WHERE claim_id = :c AND at <= :at"
            " AND entity_type IN ('claim', 'annotation') ORDER BY seq"
        )
        s.execute(text(sql), {"c": claim_id, "at": moment}).all()


if __name__ == "__main__":
    sys.exit(main())
