"""Pure functions that turn desk text into HTML or Markdown for the pages.

Everything a reviewer or a scraped article can contain passes through html.escape() here; the pages hand
only these functions' output to `st.html` (and never use `unsafe_allow_html`).
No Streamlit import: unit-testable on its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

STATUS_COLOURS = {
    "new": "#e8eaed",
    "in_review": "#fff1b8",
    "needs_second_review": "#ffd8a8",
    "approved": "#c3f0c8",
    "rejected": "#f1f3f5",
}
VERDICT_COLOURS = {
    "True": "#b2f2bb",
    "Mostly true": "#d8f5a2",
    "Half true": "#ffec99",
    "Mostly false": "#ffc9a9",
    "False": "#ffa8a8",
    "Misleading": "#eebefa",
    "Missing context": "#d0bfff",
    "Unverifiable": "#dee2e6",
}
NO_VERDICT = "#e7f5ff"
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n\s*\n")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&$:])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    claim_id: int
    colour: str
    title: str = ""
    focus: bool = False


def colour_for(status: str, verdict: str | None, by: str = "status") -> str:
    if by == "verdict":
        return VERDICT_COLOURS.get(verdict or "", NO_VERDICT)
    return STATUS_COLOURS.get(status, "#e8eaed")


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def md_escape(value: object) -> str:
    """Text shown through st.markdown / st.caption literally: Markdown syntax and HTML are neutralised."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", "" if value is None else str(value))


def _ordered(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans sorted by start, clipped to the text, overlaps trimmed (the earlier claim keeps the words)."""
    out: list[Span] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        start, end = max(span.start, cursor, 0), min(span.end, length)
        if start >= end:
            continue
        out.append(Span(start, end, span.claim_id, span.colour, span.title, span.focus))
        cursor = end
    return out


def highlight(text: str, spans: Iterable[Span], *, offset: int = 0, before: str = "", after: str = "") -> str:
    """HTML for `text` with each span wrapped in <mark>; `offset` is where `text` starts in the document,
    so spans use document offsets even for an excerpt."""
    parts: list[str] = [esc(before)]
    cursor = 0
    local = [Span(s.start - offset, s.end - offset, s.claim_id, s.colour, s.title, s.focus) for s in spans]
    for span in _ordered(local, len(text)):
        parts.append(esc(text[cursor : span.start]))
        border = "outline:2px solid #1c7ed6;" if span.focus else ""
        parts.append(
            f'<mark class="claim" data-claim="{int(span.claim_id)}" title="{esc(span.title)}" '
            f'style="background:{esc(span.colour)};{border}padding:0 2px;border-radius:3px;">'
            f"{esc(text[span.start : span.end])}<sup>#{int(span.claim_id)}</sup></mark>"
        )
        cursor = span.end
    parts.append(esc(text[cursor:]))
    parts.append(esc(after))
    body = "".join(parts)
    return f'<div class="article" style="white-space:pre-wrap;line-height:1.7;font-size:1rem;">{body}</div>'


def context_bounds(text: str, start: int, end: int, sentences: int = 2) -> tuple[int, int]:
    """The document offsets of the claim plus up to `sentences` sentences either side."""
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    before = [e for e in ends if e <= start]
    after = [e for e in ends if e >= end]
    lo = before[-1 - sentences] if len(before) > sentences else 0
    hi = after[sentences] if len(after) > sentences else len(text)
    return lo, hi


def claim_in_context(text: str, claim_id: int, start: int, end: int, colour: str, sentences: int = 2) -> str:
    lo, hi = context_bounds(text, start, end, sentences)
    span = Span(start, end, claim_id, colour, focus=True)
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    return highlight(text[lo:hi], [span], offset=lo, before=prefix, after=suffix)


def legend(colours: dict[str, str]) -> str:
    items = "".join(
        f'<span style="background:{esc(c)};padding:1px 6px;margin-right:6px;border-radius:3px;">{esc(k)}</span>'
        for k, c in colours.items()
    )
    return f'<div class="legend" style="font-size:0.85rem;">{items}</div>'


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: only those become links."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def source_markdown(title: str, url: str | None, publisher: str | None = None, published: str | None = None) -> str:
    """A source as one Markdown line: a link only for http(s) URLs, every word escaped."""
    link = safe_url(url)
    name = md_escape(title)
    # Parentheses and spaces inside the URL would end the Markdown link early.
    head = f"[{name}]({link.replace(' ', '%20').replace('(', '%28').replace(')', '%29')})" if link else name
    extra = ", ".join(md_escape(x) for x in (publisher, published) if x)
    return f"{head} — {extra}" if extra else head


def find_all(text: str, words: str, limit: int = 20) -> list[int]:
    """Offsets where `words` occurs (case-insensitive): "find the words" to make a claim from a span."""
    if not words:
        return []
    hits, lowered, needle = [], text.lower(), words.lower()
    at = lowered.find(needle)
    while at != -1 and len(hits) < limit:
        hits.append(at)
        at = lowered.find(needle, at + 1)
    return hits


def facts(pairs: Iterable[tuple[str, object]]) -> str:
    """A row of small labelled values (status, verdict, speaker…) that wraps instead of truncating."""
    cells = "".join(
        '<div style="min-width:9rem;max-width:22rem;">'
        f'<div style="font-size:0.8rem;color:#666;">{esc(label)}</div>'
        f'<div style="font-size:1.05rem;font-weight:600;">{esc(value if value not in (None, "") else "—")}</div></div>'
        for label, value in pairs
    )
    return f'<div class="facts" style="display:flex;flex-wrap:wrap;gap:0.6rem 1.6rem;margin:0.4rem 0;">{cells}</div>'
