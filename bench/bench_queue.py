"""Queue page and workspace load at scale, each beside a baseline forced to scan the table.

    .venv/bin/python bench/bench_queue.py [--db URL] [--claims 10000] [--rounds 30] [--explain] [--scan-baseline]

Measured: annotate.services.queue.page with the filters the desk offers (first page and a deep page), beside
the page as it was before the count cap (`old_page`: the exact total, then the page), and the workspace load
of one claim (claims.get + annotations.for_claim). With --scan-baseline the count + page SQL and the workspace
SQL also run with the indexes switched off (SQLite `NOT INDEXED`; PostgreSQL `enable_indexscan/bitmapscan =
off`), so the ratio is what the indexes buy. Without --db a temporary SQLite desk with --claims synthetic
claims is made.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from annotate.schemas import QueueFilter  # noqa: E402
from annotate.services import Desk, annotations, claims, queue  # noqa: E402
from bench import combine, prepared_url, report, timings  # noqa: E402
from db.models import Claim, Reviewer  # noqa: E402

TARGET_MS = 50.0


def scenarios(desk: Desk) -> dict[str, tuple[QueueFilter, int, str]]:
    with desk.read() as s:
        assignee = s.scalar(select(Reviewer.id).where(Reviewer.username.like("bench.%")).limit(1))
        document = s.scalar(select(func.max(Claim.document_id)))
    return {
        "all, by checkworthiness": (QueueFilter(), 1, "checkworthiness"),
        "all, newest": (QueueFilter(), 1, "newest"),
        "status=new": (QueueFilter(status=["new"]), 1, "checkworthiness"),
        "status=needs_second_review": (QueueFilter(status=["needs_second_review"]), 1, "checkworthiness"),
        "status in_review + kind quote": (QueueFilter(status=["in_review"], kind=["quote"]), 1, "checkworthiness"),
        "min checkworthiness 0.9": (QueueFilter(min_checkworthiness=0.9), 1, "checkworthiness"),
        "verdict=False": (QueueFilter(verdict="False"), 1, "checkworthiness"),
        "assignee": (QueueFilter(assignee_id=assignee), 1, "checkworthiness"),
        "one document": (QueueFilter(document_id=document), 1, "document"),
        "status=new, page 200": (QueueFilter(status=["new"]), 200, "checkworthiness"),
    }


# The baseline: the same count and page as queue.page for the status filter, forced to scan.
BASELINE_SQLITE = [
    "SELECT count(id) FROM claims NOT INDEXED WHERE status IN ({statuses})",
    "SELECT id FROM claims NOT INDEXED WHERE status IN ({statuses}) ORDER BY checkworthiness DESC, id DESC LIMIT 25",
]
NO_INDEX_PG = [f"SET LOCAL enable_{scan} = off" for scan in ("indexscan", "bitmapscan", "indexonlyscan")]


def _no_index(desk: Desk, s, indexed: bool) -> str:
    """The SQLite table hint, or on PostgreSQL the planner switched off for this transaction."""
    if indexed:
        return ""
    if desk.dialect == "postgresql":
        for statement in NO_INDEX_PG:
            s.execute(text(statement))
        return ""
    return " NOT INDEXED"


def page_sql(desk: Desk, statuses: list[str], indexed: bool) -> None:
    """queue.page's count and id page as plain SQL: with its indexes, and forced to scan (the baseline)."""
    statuses = statuses or ["new", "in_review", "needs_second_review", "approved", "rejected"]
    in_list = ", ".join(f"'{s}'" for s in statuses)
    with desk.read() as s:
        hint = _no_index(desk, s, indexed)
        for statement in BASELINE_SQLITE:
            s.execute(text(statement.format(statuses=in_list).replace(" NOT INDEXED", hint))).all()


def old_page(desk: Desk, f: QueueFilter, page_no: int, sort: str) -> None:
    """queue.page before the count cap: the exact total of the filter, then the same page."""
    with desk.read() as s:
        s.scalar(queue._filtered(select(func.count(Claim.id)), f))
        ids = queue._filtered(select(Claim.id), f).order_by(*queue.SORTS[sort]).limit(25).offset((page_no - 1) * 25)
        queue._rows(s, list(s.scalars(ids)))


def workspace_sql(desk: Desk, claim_id: int, indexed: bool) -> None:
    with desk.read() as s:
        hint = _no_index(desk, s, indexed)
        s.execute(text("SELECT * FROM claims WHERE id = :i"), {"i": claim_id}).all()
        sql = f"SELECT * FROM annotations{hint} WHERE claim_id = :i ORDER BY created_at, id"
        s.execute(text(sql), {"i": claim_id}).all()


def explain(desk: Desk) -> None:
    """The plans of the key statements, for docs/scaling.md."""
    page_sql = (
        "SELECT claims.id FROM claims WHERE claims.status IN ('new') "
        "ORDER BY claims.checkworthiness DESC, claims.id DESC LIMIT 25 OFFSET 0"
    )
    statements = {
        "queue count (status=new), exact (before the cap)": (
            "SELECT count(claims.id) FROM claims WHERE claims.status IN ('new')"
        ),
        "queue count (status=new), capped": (
            "SELECT count(*) FROM (SELECT claims.id FROM claims WHERE claims.status IN ('new') LIMIT 10001) AS matching"
        ),
        "queue page (status=new)": page_sql,
        "queue page (all)": "SELECT id FROM claims ORDER BY checkworthiness DESC, id DESC LIMIT 25",
        "workspace annotations": "SELECT * FROM annotations WHERE claim_id = 12345 ORDER BY created_at, id",
    }
    prefix = "EXPLAIN QUERY PLAN " if desk.dialect == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "
    with desk.read() as s:
        for name, sql in statements.items():
            print(f"\n-- {name}\n{sql}")
            for row in s.execute(text(prefix + sql)):
                print("  " + " | ".join(str(v) for v in row))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="desk to measure (default: a temporary SQLite desk)")
    parser.add_argument("--claims", type=int, default=10_000, help="claims to generate when the desk is empty")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="print the query plans of the key statements")
    parser.add_argument("--scan-baseline", action="store_true", help="also time the SQL with indexes switched off")
    args = parser.parse_args(argv)
    desk = Desk.open(prepared_url(args.db, args.claims))
    with desk.read() as s:
        n_claims = s.scalar(select(func.count()).select_from(Claim))
        max_id = s.scalar(select(func.max(Claim.id)))
    print(f"queue benchmark on {desk.dialect}, {n_claims:,} claims, {args.rounds} rounds each")
    all_pages: list[list[float]] = []
    all_old: list[list[float]] = []
    for name, (f, page_no, sort) in scenarios(desk).items():
        values = timings(lambda f=f, p=page_no, o=sort: queue.page(desk, f, page=p, sort=o), args.rounds)
        old = timings(lambda f=f, p=page_no, o=sort: old_page(desk, f, p, o), args.rounds)
        all_pages.append(values)
        all_old.append(old)
        report(f"queue.page: {name}", values, old, TARGET_MS)
        if args.scan_baseline and name in ("all, by checkworthiness", "status=new", "status=needs_second_review"):
            sql = timings(lambda f=f: page_sql(desk, list(f.status), True), args.rounds)
            base = timings(lambda f=f: page_sql(desk, list(f.status), False), max(3, args.rounds // 5), warmup=1)
            report("  its count + page SQL, indexed", sql, base)
    report("queue.page: all scenarios (baseline: exact count)", combine(all_pages), combine(all_old), TARGET_MS)

    rng = random.Random(3)
    ids = [rng.randint(1, max_id) for _ in range(args.rounds * 3)]
    it = iter(ids)

    def workspace():
        claim_id = next(it)
        claims.get(desk, claim_id)
        annotations.for_claim(desk, claim_id)

    values = timings(workspace, len(ids) - 2)
    report("workspace: claims.get + annotations.for_claim", values, None, TARGET_MS)
    if not args.scan_baseline:
        if args.explain:
            explain(desk)
        desk.dispose()
        return 0
    it_sql, it_base = iter(ids), iter(ids)
    sql = timings(lambda: workspace_sql(desk, next(it_sql), True), len(ids) - 2)
    base = timings(lambda: workspace_sql(desk, next(it_base), False), max(3, args.rounds // 5), warmup=1)
    report("  its SQL, indexed", sql, base)
    if args.explain:
        explain(desk)
    desk.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
