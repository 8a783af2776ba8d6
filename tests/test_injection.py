"""Search and filter input is data, never syntax: SQL fragments, quotes and LIKE wildcards in the queue's
filters (and the source library search) neither error nor over-match. `%` finds only a literal %, `_` only a
literal underscore; every answer is checked against the same filter computed in Python over all claims."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotate.schemas import AnnotationForm, ClaimForm, QueueFilter, SourceForm
from annotate.services import SYSTEM, Desk, annotations, audit, claims, documents, queue, sources
from db.models import Claim, Document

HOSTILE = [
    "%",
    "_",
    "%%",
    "__",
    "\\",
    "\\%",
    "%_%",
    "50%",
    "a_b",
    "'",
    "''",
    '"',
    "' OR '1'='1",
    "' OR 1=1 --",
    "x'; DROP TABLE claims; --",
    "Robert'); DROP TABLE documents;--",
    "1) OR (1=1",
    "*",
    "[a-z]",
    "^",
    "$1",
    "?",
    ":name",
    "%(name)s",
    "{0}",
    "\\_",
    "ESCAPE '\\'",
    "/* comment */",
    "; SELECT pg_sleep(5); --",
    "UNION SELECT username FROM reviewers --",
    "NULL",
    "\u00ad",
    "\u202e",
    "😀",
    "x" * 400,
]

SPEAKERS = [
    "50% Group",
    "A_B Holdings",
    "AxB Holdings",
    "O'Brien",
    'The "Quoted" Party',
    "Back\\Slash",
    "Robert'); DROP TABLE documents;--",
    "plain speaker",
    "100%_real",
]
TAGS = ["%", "_", "' or '1'='1", "normal tag", "a_b"]

ARTICLE = (
    "Filter injection test article\n\n"
    "Inflation rose by 50% in the year to March, the statistics office said on Tuesday. "
    "The variable a_b and the name AxB both appear in the budget annex published on Monday. "
    "O'Brien's office said the figures were \"completely wrong\" and asked for a review of them. "
    "Somebody wrote x'; DROP TABLE claims; -- in the comments section of the ministry website. "
    "A backslash \\ and a percent sign % and an underscore _ are all ordinary characters in text."
)


@pytest.fixture
def loaded(demo_desk: Desk) -> Desk:
    outcome = documents.ingest(demo_desk, SYSTEM, ARTICLE, name="injection.txt")
    doc_id = outcome.document_id
    text = documents.get(demo_desk, doc_id).text
    first = claims.for_document(demo_desk, doc_id)
    for i, speaker in enumerate(SPEAKERS):
        start = (i * 7) % max(1, len(text) - 40)
        claims.create(demo_desk, SYSTEM, doc_id, ClaimForm(start=start, end=start + 30, speaker=speaker))
    for claim, tag in zip(first, TAGS, strict=False):
        annotations.add(demo_desk, SYSTEM, claim.id, AnnotationForm(type="tag", tag=tag))
    return demo_desk


def _all_claims(desk: Desk) -> list[Claim]:
    with desk.read() as session:
        return list(session.scalars(select(Claim)))


def _ids(desk: Desk, f: QueueFilter) -> set[int]:
    result = queue.page(desk, f, page_size=10_000)
    assert result.total == len(result.rows)
    return {row.id for row in result.rows}


def _contains(needle: str, haystack: str | None) -> bool:
    return haystack is not None and needle.lower() in haystack.lower()


def _counts(desk: Desk) -> tuple[int, int]:
    with desk.read() as session:
        return session.scalar(select(func.count(Claim.id))), session.scalar(select(func.count(Document.id)))


@pytest.mark.parametrize("field", ["speaker", "text"])
def test_substring_filters_match_exactly_what_python_matches(loaded, field):
    every = _all_claims(loaded)
    before = _counts(loaded)
    wrong = []
    for needle in HOSTILE:
        f = QueueFilter(**{field: needle})
        value = getattr(f, field)
        if not value:  # stripped to nothing: no filter
            continue
        got = _ids(loaded, f)
        want = {c.id for c in every if _contains(value, getattr(c, field))}
        if got != want:
            wrong.append(f"{field}={needle!r}: got {len(got)} claims, expected {len(want)}")
    assert not wrong, "\n".join(wrong)
    assert _counts(loaded) == before
    assert audit.verify(loaded).ok


def test_percent_and_underscore_are_literal(loaded):
    every = _all_claims(loaded)
    percent = _ids(loaded, QueueFilter(speaker="%"))
    assert percent == {c.id for c in every if c.speaker and "%" in c.speaker}
    assert {c.speaker for c in every if c.id in percent} == {"50% Group", "100%_real"}
    underscore = _ids(loaded, QueueFilter(speaker="a_b"))
    assert {c.speaker for c in every if c.id in underscore} == {"A_B Holdings"}  # not "AxB Holdings"
    assert _ids(loaded, QueueFilter(speaker="%_%")) == set()
    in_text = _ids(loaded, QueueFilter(text="%"))
    assert in_text and all("%" in c.text for c in every if c.id in in_text)
    assert len(in_text) < len(every)


def test_exact_filters_take_hostile_values_as_data(loaded):
    every = _all_claims(loaded)
    tagged = {tag: _ids(loaded, QueueFilter(tag=tag)) for tag in TAGS}
    for tag in TAGS:
        assert len(tagged[tag]) == 1, (tag, tagged[tag])
    for needle in HOSTILE:
        assert _ids(loaded, QueueFilter(outlet=needle)) == set()
        assert _ids(loaded, QueueFilter(verdict=needle)) == set()
        if needle.strip().lower() not in TAGS:
            assert _ids(loaded, QueueFilter(tag=needle)) == set(), needle
        # Dates are compared as strings: a fragment never errors, and never widens the result past "all".
        assert _ids(loaded, QueueFilter(published_from=needle)) <= {c.id for c in every}
        assert _ids(loaded, QueueFilter(published_to=needle)) <= {c.id for c in every}


def test_neighbours_and_paging_with_hostile_filters(loaded):
    for needle in ("%", "_", "' OR '1'='1"):
        f = QueueFilter(speaker=needle)
        ids = [row.id for row in queue.page(loaded, f, page_size=10_000).rows]
        for claim_id in ids:
            prev, nxt = queue.neighbours(loaded, claim_id, f)
            assert prev is None or prev in ids
            assert nxt is None or nxt in ids
        pages = queue.page(loaded, f, page=99, page_size=1)
        assert pages.rows == [] or len(ids) >= 99


def test_source_search_is_literal(loaded):
    for title in ("100% Fact", "snake_case report", "O'Reilly dossier", "plain report"):
        sources.create(loaded, SYSTEM, SourceForm(title=title))
    every = sources.search(loaded, "", limit=10_000)
    for needle in HOSTILE:
        got = {s.id for s in sources.search(loaded, needle, limit=10_000)}
        value = needle.strip().lower()
        want = (
            {s.id for s in every if any(value in (v or "").lower() for v in (s.title, s.publisher, s.url))}
            if value
            else {s.id for s in every}
        )
        assert got == want, needle
    assert [s.title for s in sources.search(loaded, "%")] == ["100% Fact"]
    assert [s.title for s in sources.search(loaded, "_")] == ["snake_case report"]


FTS_SYNTAX = [
    '"',
    '"unclosed phrase',
    "NEAR(exports minister, 2)",
    "text:exports",
    "{text title}: exports",
    "exports*",
    "*",
    "^exports",
    "-exports",
    "exports AND",
    "OR OR OR",
    "NOT exports",
    "(exports",
    "exports)",
    "exports & minister | !x",
    "exports:* <-> minister",
    "'exports':A",
    "\x02exports\x03",
]


def test_full_text_search_takes_any_query_as_words(loaded):
    search = pytest.importorskip("annotate.services.search", reason="annotate/services/search.py not written yet")
    for query in HOSTILE + FTS_SYNTAX:
        hits = search.search(loaded, query, limit=50)  # never a syntax error from FTS5 or tsquery
        for hit in hits:
            for segment in hit.snippet:
                assert "\x02" not in segment.text and "\x03" not in segment.text
        if not search.parse(query):
            assert hits == [], query
    # Query syntax is not obeyed: a column filter or NEAR is just words that must all occur.
    plain = search.search(loaded, "statistics office")
    assert plain, "the article's words are found"
    for dressed in ("statistics:office", "NEAR statistics office", '"statistics" AND "office"', "(statistics) office"):
        assert [h.id for h in search.search(loaded, dressed)] == [h.id for h in plain], dressed
