"""Audit chain verification speed (events/s) and "as of" reconstruction of one claim in a big log.

    .venv/bin/python bench/bench_audit.py [--db URL] [--claims 10000] [--rounds 20]

verify: annotate.audit.verify.verify over the whole log (target >= 300,000 events/s), beside `fast_verify`,
a candidate implementation with the same hash semantics measured in the same run: one dict per row in
canonical key order encoded by a C JSON encoder made once, read through the DB-API, and optionally
split over processes by seq range (each range checks its links and hashes; the seams are compared after).
as of: annotate.services.audit.claim_as_of for random claims at a moment mid-log (target <= 50 ms), beside
the same replay forced to scan the log (SQLite NOT INDEXED / PostgreSQL without index scans).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from annotate.audit.chain import GENESIS, HASHED_FIELDS  # noqa: E402
from annotate.audit.verify import verify  # noqa: E402
from annotate.services import Desk, audit  # noqa: E402
from bench import prepared_url, report, timings  # noqa: E402
from db.models import AuditEvent  # noqa: E402

VERIFY_TARGET = 300_000
AS_OF_TARGET_MS = 50.0
SORTED = sorted(HASHED_FIELDS)  # canonical JSON sorts keys: build the dict in that order, encode unsorted
SEQ = SORTED.index("seq")
# The C encoder made once (JSONEncoder.encode builds one per call): same output as canonical_json for the
# str/int/None values an event holds (ensure_ascii=False -> encode_basestring, compact separators).
_c_encoder = getattr(json.encoder, "c_make_encoder", None)
if _c_encoder is not None:
    _make = _c_encoder(None, None, json.encoder.encode_basestring, None, ":", ",", False, False, True)

    def _encode(value) -> str:
        return "".join(_make(value, 0))
else:  # pragma: no cover - CPython without the _json accelerator
    _encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _check_range(url: str, low: int, high: int) -> tuple[int, str | None, str | None, str | None]:
    """Events low..high: contiguous seq, each hash right, each prev_hash the hash before it.
    Returns (count, first prev_hash, last hash, problem)."""
    engine = create_engine(url)
    raw = engine.raw_connection()
    columns = ", ".join(SORTED) + ", prev_hash, hash"
    sql = f"SELECT {columns} FROM audit_events WHERE seq BETWEEN {int(low)} AND {int(high)} ORDER BY seq"
    cursor = raw.cursor(name="verify") if engine.dialect.name == "postgresql" else raw.cursor()
    if engine.dialect.name == "postgresql":
        cursor.itersize = 20_000
    cursor.execute(sql)
    expected, first_prev, prev, count, sha = low, None, None, 0, hashlib.sha256
    for row in cursor:
        if row[SEQ] != expected:
            return count, first_prev, prev, f"seq {expected} missing"
        if prev is None:
            first_prev = row[11]
        elif row[11] != prev:
            return count, first_prev, prev, f"seq {expected}: link broken"
        if sha((row[11] + _encode(dict(zip(SORTED, row, strict=False)))).encode()).hexdigest() != row[12]:
            return count, first_prev, prev, f"seq {expected}: content does not match its hash"
        prev, expected, count = row[12], expected + 1, count + 1
    raw.close()
    engine.dispose()
    return count, first_prev, prev, None if expected == high + 1 else f"seq {expected} missing"


def fast_verify(url: str, processes: int = 1) -> tuple[int, str | None]:
    engine = create_engine(url)
    with engine.connect() as conn:
        head = conn.execute(text("SELECT max(seq) FROM audit_events")).scalar() or 0
    engine.dispose()
    step = -(-head // processes) if head else 1
    ranges = [(lo, min(head, lo + step - 1)) for lo in range(1, head + 1, step)]
    if processes == 1:
        parts = [_check_range(url, *r) for r in ranges]
    else:
        with mp.get_context("fork").Pool(processes) as pool:
            parts = pool.starmap(_check_range, [(url, *r) for r in ranges])
    total, prev = 0, GENESIS
    for count, first_prev, last, problem in parts:
        if problem:
            return total + count, problem
        if first_prev is not None and first_prev != prev:
            return total, "seam between ranges broken"
        total, prev = total + count, last or prev
    return total, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="desk to measure (default: a temporary SQLite desk)")
    parser.add_argument("--claims", type=int, default=10_000, help="claims to generate when the desk is empty")
    parser.add_argument("--rounds", type=int, default=20, help="as-of reconstructions")
    parser.add_argument("--processes", type=int, default=2, help="processes for the parallel fast_verify")
    args = parser.parse_args(argv)
    url = prepared_url(args.db, args.claims)
    desk = Desk.open(url)
    with desk.read() as s:
        events = s.scalar(select(func.count()).select_from(AuditEvent))
        first, last = s.execute(select(func.min(AuditEvent.at), func.max(AuditEvent.at))).one()
        max_claim = s.scalar(select(func.max(AuditEvent.claim_id))) or 1
    print(f"audit benchmark on {desk.dialect}, {events:,} events")

    for name, fn in (
        ("verify.verify (current)", lambda: verify(desk.engine)),
        ("fast_verify, 1 process", lambda: fast_verify(url, 1)),
        (f"fast_verify, {args.processes} processes", lambda: fast_verify(url, args.processes)),
    ):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
        ok = result.ok if hasattr(result, "ok") else result[1] is None
        verdict = "MET" if events / wall >= VERIFY_TARGET else "MISSED"
        print(f"{name:<44} {events / wall:>12,.0f} events/s  ({wall:.1f} s wall, {cpu:.1f} s cpu here) ok={ok}"
              f"  target {VERIFY_TARGET:,}/s {verdict}", flush=True)  # fmt: skip

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
