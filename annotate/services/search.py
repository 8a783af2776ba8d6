"""Full-text search over claims, documents (title + text), annotation notes and sources.

One API over two engines: SQLite FTS5 and PostgreSQL text search (tables and triggers in migration 0002,
FTS5 prefix indexes in 0004).
User input is never handed to either query language. It is parsed here into terms (words, "phrases",
prefix* words, and OR between neighbours) and rebuilt: on SQLite every term is a double-quoted FTS5 string;
on PostgreSQL every term is a bound parameter given to plainto_tsquery / phraseto_tsquery / to_tsquery with
a lexeme made of word characters only. So quotes, parentheses, NEAR, column filters or SQL in a query are
plain words that simply have to occur; a query with no words finds nothing rather than everything.

Snippets come back as (text, is_match) segments, not HTML: the engines mark matches with control
characters that are split out here, so nothing a document contains can become markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import text

from annotate.services.desk import Desk

Kind = Literal["claim", "document", "note", "source"]
KINDS: tuple[Kind, ...] = ("claim", "document", "note", "source")
MAX_TERMS = 16
MAX_WORD = 64
MIN_PREFIX = 2
OPEN, CLOSE = "\x02", "\x03"


class Segment(BaseModel):
    text: str
    is_match: bool


class SearchHit(BaseModel):
    kind: Kind
    id: int
    claim_id: int | None = None
    document_id: int | None = None
    title: str | None = None
    snippet: list[Segment]
    rank: float  # higher is better; comparable within one kind


# ---- parsing user input -------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False  # the last word is a prefix


_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def parse(query: str) -> list[list[Term]]:
    """The query as AND of groups, each group an OR of terms: `a b OR c "d e"` -> [[a], [b, c], [d e]]."""
    groups: list[list[Term]] = []
    join_next = False
    for match in _TOKEN.finditer(query or ""):
        phrase, bare = match.group(1), match.group(2)
        if bare in _OPERATORS:  # operators are never searched for; OR joins its neighbours
            join_next = bare == "OR" and bool(groups)
            continue
        term = _term(phrase if phrase is not None else bare, quoted=phrase is not None)
        if term is None:
            continue
        if join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
        if sum(len(g) for g in groups) >= MAX_TERMS:
            break
    return groups


def _term(raw: str, *, quoted: bool) -> Term | None:
    words = tuple(w.lower()[:MAX_WORD] for w in _WORD.findall(raw))
    if not words:
        return None
    # A trailing * makes a prefix only on a bare single word long enough not to match most of the index.
    prefix = not quoted and raw.endswith("*") and len(words) == 1 and len(words[0]) >= MIN_PREFIX
    return Term(words, prefix)


def fts5_query(groups: list[list[Term]]) -> str:
    """Every word double-quoted (words are \\w+ only, so they cannot close the quote)."""

    def one(term: Term) -> str:
        return '"' + " ".join(term.words) + '"' + (" *" if term.prefix else "")

    parts = [one(g[0]) if len(g) == 1 else "(" + " OR ".join(one(t) for t in g) + ")" for g in groups]
    return " AND ".join(parts)


def tsquery_sql(groups: list[list[Term]]) -> tuple[str, dict[str, str]]:
    """A tsquery expression over bound parameters; prefix lexemes are word characters plus `:*`."""
    params: dict[str, str] = {}

    def one(term: Term) -> str:
        name = f"w{len(params)}"
        if term.prefix:
            params[name] = term.words[0] + ":*"
            # Stemmed and unstemmed: "indivis*" must meet the stem "indivis" and the word "indivisible".
            return f"(to_tsquery('english', :{name}) || to_tsquery('simple', :{name}))"
        params[name] = " ".join(term.words)
        fn = "phraseto_tsquery" if len(term.words) > 1 else "plainto_tsquery"
        return f"{fn}('english', :{name})"

    parts = ["(" + " || ".join(one(t) for t in g) + ")" for g in groups]
    return " && ".join(parts), params


# ---- running it -----------------------------------------------------------------------------------

# Ranking works on a window: the newest matches of each kind, up to this many, are ranked and the best page
# is kept. A word in half the claims then costs a window, not half a million rows; the price is that an
# older match that would outrank all of the window is not shown (narrow the query to reach it). Documents
# get a smaller window: each is a whole article, so ranking one costs ten claims (PostgreSQL detoasts its
# tsvector). Sizes measured with bench/bench_search.py at 1M claims, see docs/scaling.md.
RANK_WINDOW: dict[str, int] = {"claim": 1000, "document": 250, "note": 1000, "source": 1000}


def search(
    desk: Desk,
    query: str,
    *,
    kinds: tuple[str, ...] | list[str] = KINDS,
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """Ranked hits across the kinds asked for; an empty or word-less query returns nothing."""
    groups = parse(query)
    wanted = [k for k in KINDS if k in set(kinds)]
    limit, offset = max(0, min(limit, 200)), max(0, offset)
    if not groups or not wanted or limit == 0:
        return []
    pg = desk.dialect == "postgresql"
    sql, params = (_postgres if pg else _sqlite)(wanted, groups, offset + limit)
    with desk.read() as session:
        conn = session.connection()
        if pg:
            conn.execute(text(_PG_SETTINGS))
        hits = [_hit(row) for row in conn.execute(text(sql), params)]
    hits.sort(key=lambda h: (-h.rank, KINDS.index(h.kind), h.id))
    return hits[offset : offset + limit]


def segments(marked: str | None) -> list[Segment]:
    """Split text marked with OPEN/CLOSE into segments; stray markers in stored text are dropped."""
    out: list[Segment] = []
    inside = False
    for piece in re.split(f"([{OPEN}{CLOSE}])", marked or ""):
        if piece in (OPEN, CLOSE):
            inside = piece == OPEN
        elif piece:
            if out and out[-1].is_match == inside:
                out[-1] = Segment(text=out[-1].text + piece, is_match=inside)
            else:
                out.append(Segment(text=piece, is_match=inside))
    return out


def _hit(row) -> SearchHit:
    return SearchHit(
        kind=row.kind,
        id=row.id,
        claim_id=row.claim_id,
        document_id=row.document_id,
        title=row.title,
        snippet=segments(row.snippet),
        rank=float(row.rank),
    )


# One statement for all the kinds asked for (one round trip, one plan), each kind an arm of a UNION ALL with
# its own CTEs, prefixed by the kind.
#
# FTS5: bm25 is lower-is-better, so rank = -bm25; titles weigh more than body text. Three steps so the
# expensive parts run on few rows: (1) `top`: bm25 over the window (walking the index backwards by rowid
# stops there), `best`: the best n after the filters that need the base table; (2) `marked`: snippets for
# those n only, from one pass over the rowid range they span: a join on rowid would re-run the MATCH, prefix
# merge included, once per row, and snippet() in the ranked query would run for the whole window; (3) the
# base-table columns of the n rows by primary key. MATERIALIZED keeps each step to its own rows.
_SQLITE = {
    # kind: (fts table, bm25 weights, snippet column, filter join for step 1, columns and joins for step 3)
    "claim": ("claims_fts", "", 0, "", "c.id, c.id AS claim_id, c.document_id, d.title",
              "JOIN claims c ON c.id = {best}.id JOIN documents d ON d.id = c.document_id"),
    "document": ("documents_fts", ", 5.0, 1.0", 1, "", "d.id, NULL AS claim_id, d.id AS document_id, d.title",
                 "JOIN documents d ON d.id = {best}.id"),
    "note": ("annotations_fts", "", 0, "JOIN annotations a ON a.id = {top}.id AND a.withdrawn = 0",
             "a.id, a.claim_id, c.document_id, substr(c.text, 1, 120) AS title",
             "JOIN annotations a ON a.id = {best}.id JOIN claims c ON c.id = a.claim_id"),
    "source": ("sources_fts", ", 5.0, 2.0, 1.0", -1, "JOIN sources s ON s.id = {top}.id AND s.merged_into_id IS NULL",
               "s.id, NULL AS claim_id, NULL AS document_id, s.title", "JOIN sources s ON s.id = {best}.id"),
}  # fmt: skip


def _sqlite(kinds: list[str], groups: list[list[Term]], n: int) -> tuple[str, dict]:
    ctes, arms = [], []
    for kind in kinds:
        fts, weights, column, keep, columns, joins = _SQLITE[kind]
        T, B, M = f"{kind}_top", f"{kind}_best", f"{kind}_marked"  # noqa: N806
        # The IN sits in a CASE, not in the WHERE, where FTS5 would take it as a rowid lookup per id.
        ctes.append(f"""
            {T} AS (
                SELECT rowid AS id, bm25({fts}{weights}) AS score FROM {fts}
                WHERE {fts} MATCH :q ORDER BY rowid DESC LIMIT :window_{kind}
            ), {B} AS MATERIALIZED (
                SELECT {T}.id, {T}.score FROM {T} {keep.format(top=T)} ORDER BY {T}.score, {T}.id DESC LIMIT :n
            ), {M} AS MATERIALIZED (
                SELECT rowid AS id, CASE WHEN rowid IN (SELECT id FROM {B})
                                    THEN snippet({fts}, {column}, :o, :c, '…', 24) END AS snippet
                FROM {fts}
                WHERE {fts} MATCH :q AND rowid BETWEEN (SELECT min(id) FROM {B}) AND (SELECT max(id) FROM {B})
            )""")
        arms.append(f"""
            SELECT '{kind}' AS kind, {columns}, {M}.snippet, -{B}.score AS rank
            FROM {B} JOIN {M} ON {M}.id = {B}.id {joins.format(best=B)}""")
    params = {"q": fts5_query(groups), "n": n, "o": OPEN, "c": CLOSE}
    params |= {f"window_{kind}": RANK_WINDOW[kind] for kind in kinds}
    return "WITH " + ",".join(ctes) + "\nUNION ALL".join(arms), params


# PostgreSQL: the same steps. The window is the newest matches, found one of two ways, and the planner is
# not left to choose: it multiplies the selectivities of the words, so for words that come together
# ("vaccine supplies": 5% of claims, estimated 0.3%) it fetched all 50,000 matches through the GIN index and
# sorted them by id (370 ms at 1M claims) where walking the primary key down finds the newest 1,000 after
# 20,000 rows (15 ms). So a sample first: the newest SAMPLE rows of the table are tested. Dense matches
# (DENSE or more in the sample, about 1% of the rows) walk the primary key down to the window, the match
# written as the operator's function ts_match_vq, which no index serves and whose selectivity the planner
# does not guess; sparse ones read the GIN index. Each way is a UNION ALL arm gated on the sample (a one-time
# filter), so only one runs. Then ts_rank_cd on the window's stored tsvectors, and ts_headline (it re-parses
# the text) for the page only.
#
# For this transaction only: psycopg prepares a statement it has run five times, and a generic plan would
# not see the words' tsquery; parallel workers take longer to start than a window takes to read.
_PG_SETTINGS = (
    "SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
    " set_config('max_parallel_workers_per_gather', '0', true)"
)
SAMPLE: dict[str, tuple[int, int]] = {  # kind: (rows sampled, matches in them that make the words dense)
    "claim": (1000, 10),
    "document": (100, 9),  # a document's tsvector is detoasted to be tested: fewer rows, the same cost
    "note": (1000, 10),
    "source": (1000, 10),
}
_HEADLINE = "'StartSel=\x02, StopSel=\x03, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"'"
_PG = {
    # kind: (fts table, filter for the ranking step, columns, text to headline, joins for the page). The filters
    # are subqueries so they stay a primary-key lookup per window row: as a join, the planner hashed all 20,000
    # sources to filter 1,000 rows.
    "claim": ("claims_fts", "", "c.id, c.id AS claim_id, c.document_id, d.title", "c.text",
              "JOIN claims c ON c.id = {best}.id JOIN documents d ON d.id = c.document_id"),
    "document": ("documents_fts", "", "d.id, NULL::int AS claim_id, d.id AS document_id, d.title",
                 "left(d.text, 100000)", "JOIN documents d ON d.id = {best}.id"),
    "note": ("annotations_fts", "WHERE NOT (SELECT k.withdrawn FROM annotations k WHERE k.id = {window}.id)",
             "a.id, a.claim_id, c.document_id, left(c.text, 120) AS title", "a.note",
             "JOIN annotations a ON a.id = {best}.id JOIN claims c ON c.id = a.claim_id"),
    "source": ("sources_fts", "WHERE (SELECT k.merged_into_id IS NULL FROM sources k WHERE k.id = {window}.id)",
               "s.id, NULL::int AS claim_id, NULL::int AS document_id, s.title",
               "concat_ws(' — ', s.title, s.publisher, s.excerpt)", "JOIN sources s ON s.id = {best}.id"),
}  # fmt: skip


def _postgres(kinds: list[str], groups: list[list[Term]], n: int) -> tuple[str, dict]:
    q, params = tsquery_sql(groups)
    ctes, arms = [], []
    for kind in kinds:
        fts, keep, columns, body, joins = _PG[kind]
        S, W, M = f"{kind}_sample", f"{kind}_window", f"{kind}_best"  # noqa: N806
        dense = f"(SELECT hits FROM {S}) >= :dense_{kind}"
        ctes.append(f"""
            {S} AS MATERIALIZED (
                SELECT count(*) AS hits FROM (SELECT f.tsv FROM {fts} f ORDER BY f.id DESC LIMIT :sample_{kind}) s
                WHERE s.tsv @@ ({q})
            ),
            {W} AS (
                (SELECT f.id, f.tsv FROM {fts} f WHERE {dense} AND ts_match_vq(f.tsv, {q})
                 ORDER BY f.id DESC LIMIT :window_{kind})
                UNION ALL
                (SELECT f.id, f.tsv FROM {fts} f WHERE NOT {dense} AND f.tsv @@ ({q})
                 ORDER BY f.id DESC LIMIT :window_{kind})
            ),
            {M} AS (
                SELECT {W}.id, ts_rank_cd({W}.tsv, {q}, 1) AS rank FROM {W} {keep.format(window=W)}
                ORDER BY rank DESC, {W}.id DESC LIMIT :n
            )""")
        arms.append(f"""
            SELECT '{kind}' AS kind, {columns}, {M}.rank, ts_headline('english', {body}, {q}, {_HEADLINE}) AS snippet
            FROM {M} {joins.format(best=M)}""")
    params["n"] = n
    for kind in kinds:
        params |= {
            f"window_{kind}": RANK_WINDOW[kind],
            f"sample_{kind}": SAMPLE[kind][0],
            f"dense_{kind}": SAMPLE[kind][1],
        }
    return "WITH " + ",".join(ctes) + "\nUNION ALL".join(arms), params
