"""Sentence segmentation: text -> character spans.

Rule-based and regex-driven because it sits on the ingest hot path (pysbd is ~10x slower). The
candidate boundaries come from one precompiled regex; Python only looks at the few candidates that
end in a bare period, to tell abbreviations and initials from sentence ends.
"""

from __future__ import annotations

import re

# A block is a paragraph. Lines are paragraphs too (scraped text puts headings and captions on their
# own lines), except a hard-wrapped line: no terminal punctuation before the newline and a lowercase
# continuation after it. `_blocks` finds the spans of this regex newline by newline, not character by
# character (3x faster); the regex stays as its definition (tests compare the two).
_BLOCK = re.compile(r"(?:[^\n]|(?<![.!?:;\"”’»)])\n(?=[ \t]*[a-z]))+")
_WRAP_BEFORE = frozenset('.!?:;"”’»)')  # a newline after one of these always ends the block
_WRAP_AFTER = re.compile(r"[ \t]*[a-z]")

# Terminal punctuation, optional closing quotes/brackets, whitespace, then something that can open
# a sentence (capital, digit, or an opening quote/bracket). "[.!?…][.!?…]*", not "[.!?…]+": a pattern
# that opens with a character class is scanned by the class test alone (2x faster, same matches).
# The New York Times' doubled apostrophes ('' ... '') open and close quotes like any other mark. Scraped copy
# glues sentences whose space was a line break ('... Okafor said.Okafor claimed ...'): a word of two lowercase letters
# or more, the mark, and a capitalised word right after it are a boundary too (not 'e.g.The', 'U.S.Army', '.com').
_CANDIDATE = re.compile(
    r"([.!?…][.!?…]*)([\"”’»)\]]*(?:''[\"”’»)\]]*)?)"
    r"(?:\s+(?=(?:''|[\"“‘«(\[])?[A-Z0-9À-ÖØ-ÞА-ЯЁ])|(?<=[a-z]{2}[.!?])(?=[“‘]?[A-Z][a-z])|(?<=[a-z]{2}[.!?][”\"’])(?=[A-Z][a-z]))"
)

# Quoted passages: a boundary inside one is not a sentence end, so `"A. B. C," he said` stays one
# sentence and the speaker stays attached. Single quotes are left out: apostrophes make them unsafe.
_QUOTED = re.compile(r"“[^“”\n]{1,1500}”|\"[^\"\n]{1,1500}\"|«[^«»\n]{1,1500}»|''(?:[^'\n]|'(?!')){1,1500}''")

_WORD_AFTER = re.compile(r"[\"“‘«(\['']*([^\s,;:]+)")

# Always followed by a name or number, never a sentence end.
_TITLES = frozenset(
    "mr mrs ms messrs dr prof gen col lt sgt capt cmdr adm maj rep sen gov st rev hon vol fig "
    "art pp ch mt ft gens lt.col lt.gen maj.gen brig insp supt det cpl pvt sr.lt".split()
)
# Can end a sentence ("founded by Apple Inc."), so split only before a typical sentence opener.
_MAYBE = frozenset(
    "inc ltd co corp plc llc jr sr etc al jan feb mar apr jun jul aug sep sept oct nov dec "
    "vs approx est dept univ assn bros".split()
)
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.S, e.g, a.m (final period already cut)
_INITIAL = re.compile(r"^[A-ZÀ-ÖØ-ÞА-ЯЁ]$")
_STARTERS = frozenset(
    "the a an it he she they we i you this that these those there here his her their its our my "
    "in on at but and or so yet however meanwhile moreover also according after before when while "
    "if as for since some many most all one two no not what who why how where earlier later last "
    "now then still both each such other another".split()
)


def _is_boundary(text: str, punct_start: int, punct: str, after: int) -> bool:
    """Decide whether a bare '.' at punct_start ends a sentence."""
    if punct != ".":
        return True
    word = _word_before(text, max(0, punct_start - 40), punct_start)
    if word is None:
        return True
    word = word.lstrip('"“‘«([')
    low = word.lower()
    if low in _TITLES or _INITIAL.match(word):
        return False
    if low in ("no", "nos"):  # "No. 5" but "said no. Prices"
        return not text[after : after + 1].isdigit()
    if low in _MAYBE or _DOTTED.match(word):
        nxt = _WORD_AFTER.match(text, after)
        return nxt is not None and nxt.group(1).lower() in _STARTERS
    return True


def _word_before(text: str, lo: int, end: int) -> str | None:
    r"""re.search(r"(\S+)$", ...) over text[lo:end], group 1: the run of non-space characters that ends the
    window (or ends just before a final newline, where $ also matches)."""
    if end > lo and text[end - 1] == "\n":
        end -= 1
    if end <= lo or text[end - 1].isspace():
        return None
    return text[lo:end].rsplit(None, 1)[-1]


def _quoted_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(q.start(), q.end()) for q in _QUOTED.finditer(text, start, end)]


def split_block(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the sentence spans of text[start:end] (one paragraph) to out."""
    quotes = None
    sent_start = start
    for m in _CANDIDATE.finditer(text, start, end):
        punct_end = m.end(2)
        if not _is_boundary(text, m.start(1), m.group(1), m.end()):
            continue
        if quotes is None:
            quotes = _quoted_ranges(text, start, end)
        # Inside a quotation: the closing quote comes later than this boundary.
        if any(qs < m.start(1) and punct_end < qe for qs, qe in quotes):
            continue
        out.append((sent_start, punct_end))
        sent_start = m.end()
    # Trim trailing whitespace of the last sentence.
    last = end
    while last > sent_start and text[last - 1].isspace():
        last -= 1
    if last > sent_start:
        out.append((sent_start, last))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of text, without surrounding whitespace."""
    out: list[tuple[int, int]] = []
    for s, e in _blocks(text):
        # Strip the block cheaply: most lines have at most a little leading/trailing space.
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            split_block(text, s, e, out)
    return out


def _blocks(text: str) -> list[tuple[int, int]]:
    """The spans of _BLOCK.finditer(text): the non-empty runs between newlines that do not join a hard-wrapped
    line to the next."""
    out = []
    start = 0
    i = text.find("\n")
    while i >= 0:
        if (i and text[i - 1] in _WRAP_BEFORE) or not _WRAP_AFTER.match(text, i + 1):
            if i > start:
                out.append((start, i))
            start = i + 1
        i = text.find("\n", i + 1)
    if len(text) > start:
        out.append((start, len(text)))
    return out
