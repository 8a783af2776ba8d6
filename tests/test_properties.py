"""Property-based tests (hypothesis) for the cleaner, the segmenter, quote anchoring and the extractor.

Whatever the input: nothing crashes (the extractor may only refuse with ExtractionError), every claim's
offsets reproduce its text, sentence spans are ordered, non-overlapping and inside the text, the offset map
points into the raw input, and cleaning an already clean article changes nothing.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from annotate.extract import ExtractionError, extract
from annotate.extract.clean import _SPACES, clean, clean_text, to_raw
from annotate.extract.segment import split_sentences

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FASTER = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that stress the code: sentence punctuation, every kind of quote, markup, entities, odd spaces,
# zero-width and bidi characters, Cyrillic, astral, combining marks, newlines.
NASTY = list(".!?…,;:\"'“”‘’«»()[]<>{}&#%/\\-—–_*|=\n\n\n\t\r ") + [
    "\u00a0",
    "\u2003",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\u202e",
    "\u0301",
    "😀",
    "𝕏",
    "Ж",
    "ё",
    "é",
    "ß",
    "İ",
    "&amp;",
    "&#x3C;",
    "&nbsp;",
    "<p>",
    "</p>",
    "<script>",
    "<b onclick=x()>",
    "{{x}}",
    "{% y %}",
    "Mr. ",
    "U.S. ",
    "Dr. ",
    "No. 5",
    "e.g. ",
    " said",
    " said. ",
    "According to ",
]
nasty_text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(alphabet=st.characters(codec="utf-8"), max_size=8)), max_size=80
).map("".join)

WORDS = (
    "the minister said exports rose by percent in third quarter officials confirmed figures statement "
    "opposition lawmakers called audit central bank declined comment reporters Tuesday Moscow Washington "
    "NATO Lavrov Putin Biden Reuters TASS government economy inflation 12 2009 war peace treaty security"
).split()


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=18))
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    if draw(st.booleans()):
        text = f"“{text},” {draw(st.sampled_from(['he said', 'Lavrov said', 'the minister noted']))}"
    return text + draw(st.sampled_from([".", ".", ".", "!", "?", "...", "…"]))


@st.composite
def articles(draw) -> str:
    """Article-like text: a headline, paragraphs of sentences, with some page furniture mixed in."""
    head = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=10))).capitalize()
    paras = draw(st.lists(st.lists(sentences(), min_size=1, max_size=5).map(" ".join), min_size=1, max_size=6))
    junk = draw(st.lists(st.sampled_from(["Share", "Subscribe", "Most read", "Advertisement", "1", "© 2026"])))
    parts = [head, *paras]
    for j in junk:
        parts.insert(draw(st.integers(0, len(parts))), j)
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n \n"]))
    return sep.join(parts)


def check_offset_map(raw: str, cleaned) -> None:
    runs = cleaned.offset_map
    previous_end = 0
    for cs, rs, n in runs:
        assert n > 0 and cs >= previous_end, runs
        assert 0 <= rs and rs + n <= len(raw), (rs, n, len(raw))
        assert cs + n <= len(cleaned.text)
        previous_end = cs + n
        if cleaned.source_format != "html" and "&" not in raw:
            # Kept text is copied: only odd whitespace is replaced one-for-one (and a hard wrap joined).
            assert raw[rs : rs + n].translate(_SPACES).replace("\n", " ") == cleaned.text[cs : cs + n]
    for offset in range(0, len(cleaned.text) + 1, max(1, len(cleaned.text) // 17)):
        assert 0 <= to_raw(runs, offset) <= len(raw)


# ---- the cleaner -----------------------------------------------------------------------------------------


@FAST
@given(nasty_text)
@example("")
@example("&amp;" * 50)
@example("<" * 500 + ">" * 500)
def test_clean_never_crashes_and_maps_into_the_raw_text(raw):
    for name in (None, "a.txt", "a.md"):
        cleaned = clean(raw, name)
        assert isinstance(cleaned.text, str)
        assert cleaned.title is None or cleaned.title in cleaned.text
        check_offset_map(raw, cleaned)


@FASTER
@given(nasty_text)
def test_clean_html_never_crashes(raw):
    cleaned = clean("<html><body><p>" + raw + "</p></body></html>", "a.html")
    assert isinstance(cleaned.text, str)
    for cs, rs, n in cleaned.offset_map:
        assert n >= 0 and rs >= 0 and cs + n <= len(cleaned.text)


@FAST
@given(articles())
def test_cleaning_is_idempotent_on_articles(raw):
    once = clean_text(raw)
    assume(once.text)
    twice = clean_text(once.text)
    assert twice.text == once.text
    check_offset_map(raw, once)
    # The second pass maps every offset onto itself.
    for cs, rs, _n in twice.offset_map:
        assert cs == rs


# ---- the segmenter ---------------------------------------------------------------------------------------


def check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    end = 0
    for s, e in spans:
        assert end <= s < e <= len(text), (end, s, e, len(text))
        piece = text[s:e]
        assert piece == piece.strip(), repr(piece)
        end = e


@FAST
@given(nasty_text)
@example('"' * 3000)
@example("A. " * 500)
@example("“" + "Mr. Smith said no. " * 80 + "”")
def test_sentence_spans_are_ordered_disjoint_and_in_bounds(text):
    check_spans(text, split_sentences(text))


@FAST
@given(articles())
def test_sentence_spans_cover_every_word(text):
    spans = split_sentences(text)
    check_spans(text, spans)
    covered = [False] * len(text)
    for s, e in spans:
        for i in range(s, e):
            covered[i] = True
    lost = [ch for ch, c in zip(text, covered, strict=True) if not c and not ch.isspace()]
    assert not lost, "".join(lost)[:80]


# ---- the extractor ---------------------------------------------------------------------------------------


def check_result(result) -> None:
    text = result.document.text
    assert text.strip()
    previous = (-1, -1)
    for claim in result.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        assert (claim.start, claim.end) >= previous
        previous = (claim.start, claim.end)
        assert 0.0 <= claim.checkworthiness <= 1.0
        for entity in claim.entities:
            assert claim.start <= entity.start < entity.end <= claim.end
            assert text[entity.start : entity.end] == entity.text
        assert claim.restates is None or 0 <= claim.restates < len(result.claims)


@FAST
@given(st.one_of(nasty_text, articles()), st.sampled_from(["a.txt", "a.md", "a.html", None]))
def test_extract_never_crashes_and_claims_reproduce_their_text(raw, name):
    for data in (raw, raw.encode("utf-8")):
        try:
            result = extract(data, filename=name)
        except ExtractionError as exc:
            assert "\n" not in str(exc) and str(exc).strip()
            continue
        check_result(result)


@FASTER
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.html"]))
@example(b"\xff\xfe", "a.txt")
@example(b"\xef\xbb\xbf", "a.txt")
@example(b"\x00" * 100, "a.txt")
def test_extract_refuses_arbitrary_bytes_cleanly(data, name):
    try:
        result = extract(data, filename=name)
    except ExtractionError as exc:
        assert "\n" not in str(exc)
        return
    check_result(result)


@FASTER
@given(articles(), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"]))
def test_an_article_reads_the_same_in_any_unicode_encoding(text, encoding):
    try:
        plain = extract(text.encode("utf-8"), filename="a.txt")
    except ExtractionError:
        return
    other = extract(text.encode(encoding), filename="a.txt")
    assert other.document.text == plain.document.text
    assert [(c.start, c.end) for c in other.claims] == [(c.start, c.end) for c in plain.claims]


# ---- quote anchoring (annotate/imports/anchor.py) --------------------------------------------------------


@pytest.fixture(scope="module")
def anchoring():
    return pytest.importorskip("annotate.imports.anchor", reason="annotate/imports/anchor.py not written yet")


@FAST
@given(articles(), st.data())
def test_an_exact_quote_is_found_where_it_is(anchoring, text, data):
    assume(len(text) > 10)
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 1, min(len(text), start + 200)))
    exact = text[start:end]
    prefix, suffix = text[max(0, start - 32) : start], text[end : end + 32]
    found = anchoring.anchor(text, exact, prefix=prefix, suffix=suffix, start=start)
    assert found is not None
    assert text[found.start : found.end] == exact
    # Without the stored position the context still finds the same place (or an identical passage).
    again = anchoring.anchor(text, exact, prefix=prefix, suffix=suffix)
    assert again is not None and text[again.start : again.end] == exact


@FAST
@given(nasty_text, nasty_text, st.one_of(st.none(), st.integers(0, 500)), nasty_text, nasty_text)
def test_anchor_never_crashes_and_stays_inside_the_text(anchoring, text, exact, start, prefix, suffix):
    found = anchoring.anchor(text, exact, prefix=prefix, suffix=suffix, start=start)
    if found is None:
        return
    assert 0 <= found.start <= found.end <= len(text), found
    assert anchoring.THRESHOLD <= found.score <= 1.0 + 1e-9


def test_anchor_ignores_a_negative_stored_position(anchoring):
    found = anchoring.anchor("abcdef", "e", start=-2)
    assert found is not None and (found.start, found.end) == (4, 5)
