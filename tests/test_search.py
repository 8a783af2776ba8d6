"""Full-text search: ranked hits with safe snippets on both backends, hostile input harmless, index kept fresh."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotate.schemas import AnnotationForm, ClaimForm
from annotate.services import SYSTEM, annotations, claims
from annotate.services.search import Segment, fts5_query, parse, search, segments
from db.models import Annotation, Claim, Document, Source

HOSTILE = [
    "'; DROP TABLE claims; --",
    '"',
    '"""',
    '"draft',
    "treaty\"'",
    "(((",
    "treaty)",
    "NEAR(draft treaty, 2)",
    "draft AND OR NOT treaty",
    "AND",
    "OR OR OR",
    "NOT",
    "*",
    "**treaty",
    "a*",
    "text:treaty",
    "{text title}: treaty",
    "^treaty",
    "treaty - -",
    "1=1 OR 'a'='a'",
    "%",
    "_",
    "\\",
    "\x00\x02\x03",
    "' OR 1=1 --",
    "treaty; SELECT * FROM reviewers",
    "ünïcødé ☃ 日本語",
    "x" * 5000,
    " ".join(["treaty"] * 100),
]


def _searchable_total(desk) -> int:
    with desk.read() as s:
        return sum(s.scalar(select(func.count()).select_from(t)) for t in (Claim, Document, Annotation, Source))


def _joined(hit) -> str:
    return "".join(seg.text for seg in hit.snippet)


def test_words_find_ranked_hits_with_marked_snippets(demo_desk):
    hits = search(demo_desk, "draft treaty")
    assert hits, "the demo mentions a draft treaty"
    assert {h.kind for h in hits} >= {"claim", "note"}
    assert [h.rank for h in hits] == sorted((h.rank for h in hits), reverse=True)
    claim_hits = [h for h in hits if h.kind == "claim"]
    assert "draft treaty" in _joined(claim_hits[0]).lower()
    assert claim_hits[0].claim_id == claim_hits[0].id and claim_hits[0].document_id
    matched = {seg.text.lower() for h in hits for seg in h.snippet if seg.is_match}
    assert matched & {"draft", "treaty", "draft treaty"}


def test_phrase_is_stricter_than_words(demo_desk):
    words = search(demo_desk, "draft treaty", kinds=("claim", "note"), limit=100)
    phrase = search(demo_desk, '"draft treaty"', kinds=("claim", "note"), limit=100)
    assert phrase and len(phrase) <= len(words)
    for hit in phrase:
        assert "draft treaty" in _joined(hit).lower().replace("\n", " ") or hit.kind == "note"


def test_prefix_matches_word_forms(demo_desk):
    hits = search(demo_desk, "indivis*", kinds=("claim",), limit=50)
    texts = " ".join(_joined(h).lower() for h in hits)
    assert "indivisible" in texts and "indivisibility" in texts
    assert not search(demo_desk, "indivis", kinds=("claim",)) or len(search(demo_desk, "indivis")) <= len(hits)


def test_kinds_limit_and_offset(demo_desk):
    everything = search(demo_desk, "security", limit=200)
    assert len(everything) > 3
    only_sources = search(demo_desk, "security", kinds=("source",), limit=200)
    assert only_sources and all(h.kind == "source" and h.title for h in only_sources)
    assert search(demo_desk, "security", limit=2, offset=1) == everything[1:3]
    assert search(demo_desk, "security", kinds=()) == []
    assert search(demo_desk, "   ") == []


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_are_harmless(demo_desk, query):
    total = _searchable_total(demo_desk)
    hits = search(demo_desk, query, limit=200)
    assert len(hits) < total, f"{query!r} matched everything"
    with demo_desk.read() as s:
        assert s.scalar(select(func.count()).select_from(Claim)) > 0  # nothing was dropped


def test_query_translation_quotes_every_term():
    assert fts5_query(parse('draft "indivisible security" indivis* NEAR(x)')) == (
        '"draft" AND "indivisible security" AND "indivis" * AND "near x"'
    )
    assert fts5_query(parse("nato OR treaty draft")) == '("nato" OR "treaty") AND "draft"'
    assert parse('* ( ) AND OR "" \'') == []
    assert parse("a*")[0][0].prefix is False  # one-letter prefixes would scan most of the index


def test_snippet_is_segments_not_markup():
    assert segments("a \x02b\x03 <script>") == [
        Segment(text="a ", is_match=False),
        Segment(text="b", is_match=True),
        Segment(text=" <script>", is_match=False),
    ]


def test_new_note_becomes_searchable_and_withdrawn_leaves(demo_desk):
    claim_id = search(demo_desk, '"draft treaty"', kinds=("claim",))[0].id
    assert not search(demo_desk, "zanzibarian", kinds=("note",))
    added = annotations.add(
        demo_desk, SYSTEM, claim_id, AnnotationForm(type="comment", note="Checked against the Zanzibarian archive.")
    )
    hits = search(demo_desk, "zanzibarian")
    assert [(h.kind, h.id, h.claim_id) for h in hits] == [("note", added.id, claim_id)]
    assert any(seg.is_match and seg.text.lower().startswith("zanzibarian") for seg in hits[0].snippet)
    annotations.withdraw(demo_desk, SYSTEM, added.id, expected_version=added.version, reason="wrong archive")
    assert not search(demo_desk, "zanzibarian")


def test_edited_claim_text_is_reindexed(demo_desk):
    claim = claims.get(demo_desk, search(demo_desk, '"draft treaty"', kinds=("claim",))[0].id)
    cut = claim.text.index("handed")
    edited = claims.edit(
        demo_desk,
        SYSTEM,
        claim.id,
        ClaimForm(start=claim.start + cut, end=claim.end, speaker=claim.speaker, kind=claim.kind),
        expected_version=claim.version,
    )
    assert edited.text.startswith("handed")
    assert claim.id not in {h.id for h in search(demo_desk, '"draft treaty"', kinds=("claim",))}
    assert claim.id in {h.id for h in search(demo_desk, "handed member-states", kinds=("claim",))}


def test_every_hit_on_a_page_has_its_matches_marked(demo_desk):
    """Snippets are made for the page only, from one pass over its rowid range: none may be left out."""
    for query in ("security", "nato", "said", "tr*"):
        hits = search(demo_desk, query, limit=200)
        assert hits, query
        for hit in hits:
            assert any(seg.is_match for seg in hit.snippet), (query, hit.kind, hit.id)


def test_pages_add_up_to_the_whole_list(demo_desk):
    everything = search(demo_desk, "security", limit=60)
    pages = [h for start in range(0, 60, 7) for h in search(demo_desk, "security", limit=7, offset=start)]
    assert [(h.kind, h.id) for h in pages] == [(h.kind, h.id) for h in everything]


def test_two_letter_prefixes_use_the_prefix_index(demo_desk):
    hits = search(demo_desk, "tr*", kinds=("claim",), limit=200)
    marked = {seg.text.lower() for h in hits for seg in h.snippet if seg.is_match}
    assert any(word.startswith("treat") for word in marked)
    assert all(word.startswith("tr") for word in marked)


def test_more_occurrences_rank_higher(demo_desk):
    claim_id = search(demo_desk, '"draft treaty"', kinds=("claim",))[0].id
    once = AnnotationForm(
        type="comment", note="A long note that names the Zanzibarian archive once, among other words."
    )
    thrice = AnnotationForm(type="comment", note="Zanzibarian archive, Zanzibarian index, Zanzibarian copy.")
    low = annotations.add(demo_desk, SYSTEM, claim_id, once)
    high = annotations.add(demo_desk, SYSTEM, claim_id, thrice)
    hits = search(demo_desk, "zanzibarian", kinds=("note",))
    assert [h.id for h in hits] == [high.id, low.id]
    assert hits[0].rank > hits[1].rank


@pytest.mark.parametrize("way", ["dense", "sparse"])
def test_the_window_is_the_newest_matches(demo_desk, monkeypatch, way):
    """Only the newest RANK_WINDOW matches of a kind are ranked; on PostgreSQL both ways of finding them (the
    primary key walked down for dense words, the GIN index for sparse ones) give the same window."""
    from annotate.services import search as module

    every = {kind: {h.id for h in search(demo_desk, "security", kinds=(kind,), limit=200)} for kind in module.KINDS}
    assert len(every["claim"]) > 3 and len(every["document"]) > 1
    monkeypatch.setattr(module, "RANK_WINDOW", dict.fromkeys(module.KINDS, 3))
    threshold = 0 if way == "dense" else 10**9
    monkeypatch.setattr(module, "SAMPLE", {kind: (5, threshold) for kind in module.KINDS})
    for kind in module.KINDS:
        hits = search(demo_desk, "security", kinds=(kind,), limit=200)
        assert {h.id for h in hits} == set(sorted(every[kind], reverse=True)[:3]), kind
        assert [h.rank for h in hits] == sorted((h.rank for h in hits), reverse=True)
