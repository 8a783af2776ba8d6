"""Full-text search over claims, documents (title + text), annotation notes and sources.

One API over two engines: SQLite FTS5 and PostgreSQL text search (tables and triggers in migration 0003).
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
    hits: list[SearchHit] = []
    with desk.read() as session:
        conn = session.connection()
        run = _postgres if desk.dialect == "postgresql" else _sqlite
        for kind in wanted:
            hits.extend(run(conn, kind, groups, offset + limit))
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


def _hit(kind: str, row) -> SearchHit:
    return SearchHit(
        kind=kind,
        id=row.id,
        claim_id=row.claim_id,
        document_id=row.document_id,
        title=row.title,
        snippet=segments(row.snippet),
        rank=float(row.rank),
    )


# FTS5: bm25 is lower-is-better, so rank = -bm25; titles weigh more than body text.
# Three steps so the expensive parts run on few rows: (1) the newest RANK_WINDOW matches with their bm25
# (walking the index backwards by rowid stops early, so a word in half the claims costs a window, not half
# the claims); (2) the best n of those, after the filters that need the base table; (3) snippets and the
# joins for the page only (snippet() in a sorted query would otherwise run for every match).
RANK_WINDOW = 5_000
_SQLITE = {
    # kind: (fts table, bm25 weights, snippet column, filter join for step 2, columns, joins for step 3)
    "claim": ("claims_fts", "", 0, "", "c.id, c.id AS claim_id, c.document_id, d.title",
              "JOIN claims c ON c.id = best.id JOIN documents d ON d.id = c.document_id"),
    "document": ("documents_fts", ", 5.0, 1.0", 1, "", "d.id, NULL AS claim_id, d.id AS document_id, d.title",
                 "JOIN documents d ON d.id = best.id"),
    "note": ("annotations_fts", "", 0, "JOIN annotations a ON a.id = top.id AND a.withdrawn = 0",
             "a.id, a.claim_id, c.document_id, substr(c.text, 1, 120) AS title",
             "JOIN annotations a ON a.id = best.id JOIN claims c ON c.id = a.claim_id"),
    "source": ("sources_fts", ", 5.0, 2.0, 1.0", -1, "JOIN sources s ON s.id = top.id AND s.merged_into_id IS NULL",
               "s.id, NULL AS claim_id, NULL AS document_id, s.title", "JOIN sources s ON s.id = best.id"),
}  # fmt: skip


def _sqlite(conn, kind: str, groups: list[list[Term]], n: int) -> list[SearchHit]:
    fts, weights, column, keep, columns, joins = _SQLITE[kind]
    sql = f"""
        WITH top AS (
            SELECT rowid AS id, bm25({fts}{weights}) AS score FROM {fts}
            WHERE {fts} MATCH :q ORDER BY rowid DESC LIMIT :window
        ), best AS (SELECT top.id, top.score FROM top {keep} ORDER BY top.score LIMIT :n)
        SELECT {columns}, snippet({fts}, {column}, :o, :c, '…', 24) AS snippet, -best.score AS rank
        FROM best JOIN {fts} ON {fts}.rowid = best.id {joins}
        WHERE {fts} MATCH :q ORDER BY best.score"""
    params = {"q": fts5_query(groups), "o": OPEN, "c": CLOSE, "n": n, "window": RANK_WINDOW}
    return [_hit(kind, row) for row in conn.execute(text(sql), params)]


# PostgreSQL: the same three steps. A window of RANK_WINDOW matches from the GIN index (no ORDER BY, so the
# scan stops there), ranked on the stored tsvector; ts_headline (it re-parses the text) only for the page.
_HEADLINE = "'StartSel=\x02, StopSel=\x03, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"'"
_PG = {
    # kind: (fts table, filter join for the ranking step, columns, text to headline, joins for the page)
    "claim": ("claims_fts", "", "c.id, c.id AS claim_id, c.document_id, d.title", "c.text",
              "JOIN claims c ON c.id = m.id JOIN documents d ON d.id = c.document_id"),
    "document": ("documents_fts", "", "d.id, NULL::int AS claim_id, d.id AS document_id, d.title",
                 "left(d.text, 100000)", "JOIN documents d ON d.id = m.id"),
    "note": ("annotations_fts", "JOIN annotations k ON k.id = w.id AND NOT k.withdrawn",
             "a.id, a.claim_id, c.document_id, left(c.text, 120) AS title", "a.note",
             "JOIN annotations a ON a.id = m.id JOIN claims c ON c.id = a.claim_id"),
    "source": ("sources_fts", "JOIN sources k ON k.id = w.id AND k.merged_into_id IS NULL",
               "s.id, NULL::int AS claim_id, NULL::int AS document_id, s.title",
               "concat_ws(' — ', s.title, s.publisher, s.excerpt)", "JOIN sources s ON s.id = m.id"),
}  # fmt: skip


def _postgres(conn, kind: str, groups: list[list[Term]], n: int) -> list[SearchHit]:
    fts, keep, columns, body, joins = _PG[kind]
    tsquery, params = tsquery_sql(groups)
    sql = f"""
        WITH q AS MATERIALIZED (SELECT {tsquery} AS q),
        w AS (SELECT f.id, f.tsv FROM {fts} f, q WHERE f.tsv @@ q.q LIMIT :window),
        m AS (
            SELECT w.id, ts_rank_cd(w.tsv, q.q, 1) AS rank FROM w {keep} CROSS JOIN q
            ORDER BY rank DESC, w.id LIMIT :n
        )
        SELECT {columns}, m.rank, ts_headline('english', {body}, q.q, {_HEADLINE}) AS snippet
        FROM m {joins} CROSS JOIN q
        ORDER BY m.rank DESC, m.id"""
    return [_hit(kind, row) for row in conn.execute(text(sql), {**params, "n": n, "window": RANK_WINDOW})]
