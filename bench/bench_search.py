"""Full-text search latency (median, p95) beside a LIKE scan over the same four kinds of text.

    .venv/bin/python bench/bench_search.py [--db URL] [--claims 10000] [--rounds 5]

The query mix is what a desk types: rare and common words, several words, phrases, prefixes, and a few
hostile strings. The baseline is what search would be without the index: `lower(col) LIKE '%word%'` for
every word, over claims, documents (title + text), annotation notes and sources, 20 rows each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from annotate.services import Desk  # noqa: E402
from annotate.services.search import parse, search  # noqa: E402
from bench import combine, prepared_url, report, timings  # noqa: E402
from db.models import Claim  # noqa: E402

TARGET_MS = 100.0
QUERIES = [
    "draft treaty",
    '"draft treaty"',
    "indivis*",
    "Lavrov",
    "Stoltenberg NATO",
    "inflation per cent",
    '"grain exports" Kazakhstan',
    "sanction*",
    "vaccine supplies WHO",
    "Geneva talks",
    "refugee OR migrants",
    "border security 1999",
    "annual report",
    "primary source",
    "zzyzx",
    "said",
    "'; DROP TABLE claims; --",
    'NEAR(treaty "draft',
]
LIKE_COLUMNS = {
    "claims": ["text"],
    "documents": ["title", "text"],
    "annotations": ["note"],
    "sources": ["title", "excerpt"],
}


def like_scan(desk: Desk, query: str) -> None:
    words = [w for group in parse(query) for term in group for w in term.words][:4] or ["zzz"]
    with desk.read() as s:
        for table, columns in LIKE_COLUMNS.items():
            haystack = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
            where = " AND ".join(f"lower({haystack}) LIKE :w{i}" for i in range(len(words)))
            params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
            s.execute(text(f"SELECT id FROM {table} WHERE {where} LIMIT 20"), params).all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="desk to measure (default: a temporary SQLite desk)")
    parser.add_argument("--claims", type=int, default=10_000, help="claims to generate when the desk is empty")
    parser.add_argument("--rounds", type=int, default=5, help="times each query runs")
    parser.add_argument("--baseline-rounds", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="per-query figures and hit counts")
    args = parser.parse_args(argv)
    desk = Desk.open(prepared_url(args.db, args.claims))
    with desk.read() as s:
        n_claims = s.scalar(select(func.count()).select_from(Claim))
    print(f"search benchmark on {desk.dialect}, {n_claims:,} claims, {len(QUERIES)} queries x {args.rounds} rounds")
    everything, baseline = [], []
    for query in QUERIES:
        values = timings(lambda q=query: search(desk, q, limit=20), args.rounds, warmup=1)
        base = timings(lambda q=query: like_scan(desk, q), args.baseline_rounds, warmup=0)
        everything.append(values)
        baseline.append(base)
        if args.verbose:
            hits = len(search(desk, query, limit=20))
            report(f"{query[:34]!r} ({hits} hits)", values, base)
    report("search(), all queries", combine(everything), combine(baseline), TARGET_MS)
    desk.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
