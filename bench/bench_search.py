"""Full-text search latency (median, p95) beside the previous query form, run on the same desk.

    .venv/bin/python bench/bench_search.py [--db URL] [--claims 10000] [--rounds 5] [--like] [--explain]

The query mix is what a desk types: rare and common words, several words, phrases, prefixes (a two-letter
one among them), and a few hostile strings. The baseline is search() as it was before issue #10's changes
(`old_search` below: a window of the newest 5,000 matches per kind, snippets through a MATCH per rowid,
on PostgreSQL the first 5,000 GIN matches in no order). `--like` adds what search would be without any
index (`lower(col) LIKE '%word%'` for every word, 20 rows per kind; 30 s and more per query at 1M claims).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from annotate.services import Desk  # noqa: E402
from annotate.services import search as current  # noqa: E402
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
    "in*",
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


# ---- the previous query form (the baseline) ------------------------------------------------------------

OLD_WINDOW = 5_000
OLD_SQLITE = """
    WITH top AS (
        SELECT rowid AS id, bm25({fts}{weights}) AS score FROM {fts}
        WHERE {fts} MATCH :q ORDER BY rowid DESC LIMIT :window
    ), best AS (SELECT top.id, top.score FROM top {keep} ORDER BY top.score LIMIT :n)
    SELECT best.id, snippet({fts}, {column}, :o, :c, '…', 24) AS snippet, -best.score AS rank
    FROM best JOIN {fts} ON {fts}.rowid = best.id {joins}
    WHERE {fts} MATCH :q ORDER BY best.score"""
OLD_SQLITE_KINDS = {
    # kind: (fts table, bm25 weights, snippet column, filter join, page joins)
    "claim": ("claims_fts", "", 0, "", "JOIN claims c ON c.id = best.id JOIN documents d ON d.id = c.document_id"),
    "document": ("documents_fts", ", 5.0, 1.0", 1, "", "JOIN documents d ON d.id = best.id"),
    "note": ("annotations_fts", "", 0, "JOIN annotations a ON a.id = top.id AND a.withdrawn = 0",
             "JOIN annotations a ON a.id = best.id JOIN claims c ON c.id = a.claim_id"),
    "source": ("sources_fts", ", 5.0, 2.0, 1.0", -1, "JOIN sources s ON s.id = top.id AND s.merged_into_id IS NULL",
               "JOIN sources s ON s.id = best.id"),
}  # fmt: skip
OLD_PG = """
    WITH q AS MATERIALIZED (SELECT {tsquery} AS q),
    w AS (SELECT f.id, f.tsv FROM {fts} f, q WHERE f.tsv @@ q.q LIMIT :window),
    m AS (
        SELECT w.id, ts_rank_cd(w.tsv, q.q, 1) AS rank FROM w {keep} CROSS JOIN q
        ORDER BY rank DESC, w.id LIMIT :n
    )
    SELECT m.id, m.rank, ts_headline('english', {body}, q.q, {headline}) AS snippet
    FROM m {joins} CROSS JOIN q
    ORDER BY m.rank DESC, m.id"""
OLD_PG_KINDS = {
    # kind: (fts table, filter join, text to headline, page joins)
    "claim": ("claims_fts", "", "c.text", "JOIN claims c ON c.id = m.id JOIN documents d ON d.id = c.document_id"),
    "document": ("documents_fts", "", "left(d.text, 100000)", "JOIN documents d ON d.id = m.id"),
    "note": ("annotations_fts", "JOIN annotations k ON k.id = w.id AND NOT k.withdrawn", "a.note",
             "JOIN annotations a ON a.id = m.id JOIN claims c ON c.id = a.claim_id"),
    "source": ("sources_fts", "JOIN sources k ON k.id = w.id AND k.merged_into_id IS NULL",
               "concat_ws(' — ', s.title, s.publisher, s.excerpt)", "JOIN sources s ON s.id = m.id"),
}  # fmt: skip


def old_search(desk: Desk, query: str, limit: int = 20) -> int:
    """search() before issue #10: per kind, bm25 / ts_rank_cd over 5,000 matches, snippets by rowid join."""
    groups = parse(query)
    if not groups:
        return 0
    found = 0
    with desk.read() as s:
        conn = s.connection()
        for kind in current.KINDS:
            if desk.dialect == "postgresql":
                fts, keep, body, joins = OLD_PG_KINDS[kind]
                tsquery, params = current.tsquery_sql(groups)
                parts = {"fts": fts, "keep": keep, "body": body, "joins": joins}
                sql = OLD_PG.format(tsquery=tsquery, headline=current._HEADLINE, **parts)
                params |= {"n": limit, "window": OLD_WINDOW}
            else:
                fts, weights, column, keep, joins = OLD_SQLITE_KINDS[kind]
                sql = OLD_SQLITE.format(fts=fts, weights=weights, column=column, keep=keep, joins=joins)
                params = {"q": current.fts5_query(groups), "o": "\x02", "c": "\x03", "n": limit, "window": OLD_WINDOW}
            found += len(conn.execute(text(sql), params).all())
    return found


# ---- plans -------------------------------------------------------------------------------------------


def explain(desk: Desk, query: str, kinds: tuple[str, ...] = ("claim",)) -> None:
    """The plan of search()'s statement for one query, for docs/scaling.md."""
    pg = desk.dialect == "postgresql"
    sql, params = (current._postgres if pg else current._sqlite)(list(kinds), parse(query), 20)
    print(f"\n-- search {query!r}, kinds {', '.join(kinds)}")
    with desk.read() as s:
        conn = s.connection()
        if pg:
            conn.execute(text(current._PG_SETTINGS))
        prefix = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " if pg else "EXPLAIN QUERY PLAN "
        for row in conn.execute(text(prefix + sql), params):
            print("  " + str(row[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="desk to measure (default: a temporary SQLite desk)")
    parser.add_argument("--claims", type=int, default=10_000, help="claims to generate when the desk is empty")
    parser.add_argument("--rounds", type=int, default=5, help="times each query runs")
    parser.add_argument("--like", action="store_true", help="also time the LIKE scan (slow at scale)")
    parser.add_argument("--explain", action="store_true", help="print the plans of search()'s statements")
    parser.add_argument("--verbose", action="store_true", help="per-query figures and hit counts")
    args = parser.parse_args(argv)
    desk = Desk.open(prepared_url(args.db, args.claims))
    with desk.read() as s:
        n_claims = s.scalar(select(func.count()).select_from(Claim))
    print(f"search benchmark on {desk.dialect}, {n_claims:,} claims, {len(QUERIES)} queries x {args.rounds} rounds")
    everything, before, like = [], [], []
    for query in QUERIES:
        values = timings(lambda q=query: search(desk, q, limit=20), args.rounds, warmup=1)
        old = timings(lambda q=query: old_search(desk, q), args.rounds, warmup=1)
        everything.append(values)
        before.append(old)
        if args.like:
            like.append(timings(lambda q=query: like_scan(desk, q), 1, warmup=0))
        if args.verbose:
            hits = len(search(desk, query, limit=20))
            report(f"{query[:34]!r} ({hits} hits)", values, old)
    report("search(), all queries (baseline: old form)", combine(everything), combine(before), TARGET_MS)
    if like:
        report("search(), all queries (baseline: LIKE scan)", combine(everything), combine(like))
    if args.explain:
        for query in ("said", "draft treaty", "indivis*"):
            explain(desk, query)
    desk.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
