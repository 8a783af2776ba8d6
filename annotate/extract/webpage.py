"""HTML pages: the article body by trafilatura, then the same line cleaning as text (clean.clean_text); the
page's own <h1> is the headline when og:title or <title> says something else."""

from __future__ import annotations

import html
import re

from .clean import Cleaned, clean_text

_HTML_DOC = re.compile(r"(?is)^\s*(?:<!doctype html|<html|<head|<\?xml[^>]*>\s*<html)")
_TAGS = re.compile(r"<(?:p|div|br|body|span|a|li|h[1-6])\b", re.I)
_SITE_SUFFIX = re.compile(r"\s+\|\s+[^|]{2,60}$")


def looks_like_html(raw: str, filename: str | None) -> bool:
    if filename and filename.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = raw[:2000]
    return bool(_HTML_DOC.match(head)) or len(_TAGS.findall(head)) > 15


def clean_html(raw: str) -> Cleaned:
    import trafilatura

    doc = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    body = getattr(doc, "text", None) or "" if doc is not None else ""
    title = (getattr(doc, "title", None) or None) if doc is not None else None
    inner = clean_text(body) if body else Cleaned("", [], None)
    if not inner.text:
        return Cleaned("", [], None, "html")  # a title alone is not an article
    text = inner.text
    if title and inner.title and title != inner.title and (title.startswith(inner.title) or _is_h1(inner.title, raw)):
        # "<h1> | Site name" in <title>, or an og:title written for social media: the page's own headline wins
        title = inner.title
    elif title:
        title = _SITE_SUFFIX.sub("", title)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    warnings = ["offsets of HTML input map to the extracted text only approximately"]
    return Cleaned(text, _remap_to_html(text, raw), title or inner.title, "html", warnings)


_H1 = re.compile(r"(?is)<h1\b[^>]*>(.*?)</h1>")


def _is_h1(line: str, raw: str) -> bool:
    """Whether the line is the text of an <h1> of the page."""
    for m in _H1.finditer(raw):
        inner = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", m.group(1))).split())
        if inner == " ".join(line.split()):
            return True
    return False


def _remap_to_html(text: str, raw: str) -> list[tuple[int, int, int]]:
    """Best effort: find each cleaned line in the HTML source (entities and markup break it)."""
    runs = []
    pos = 0
    start = 0
    for line in text.split("\n"):
        if line:
            j = raw.find(line, pos)
            if j >= 0:
                runs.append((start, j, len(line)))
                pos = j + len(line)
        start += len(line) + 1
    return runs
