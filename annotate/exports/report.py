"""Readable reports of a claim set, for people: markdown, and a self-contained HTML page.

HTML safety: every string a reviewer or an article supplied goes through html.escape (quote=True), links
are made only from http(s) URLs, and the page carries no script and a CSP that forbids any.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any, TextIO

from annotate.exports.native import Reader, now_iso

TYPE_TITLES = {
    "verdict": "Verdict",
    "provenance": "Provenance",
    "counter_source": "Counter-source",
    "context": "Context",
    "tag": "Tag",
    "comment": "Comment",
}


def _grouped(reader: Reader) -> Iterator[tuple[dict, dict]]:
    for claim in reader.claims():
        yield reader.document(reader.document_id(claim["document"])), claim


def _line(a: dict, reader: Reader) -> tuple[str, str | None, str | None]:
    """(summary, source title, source url) of one live annotation."""
    kind = a["type"]
    source = reader.source_by_uid(a["source"]) or {}
    if kind == "verdict":
        text = f"{a['verdict']}" + (f" (confidence {a['confidence']:.0%})" if a["confidence"] is not None else "")
        text += f" — {a['note']}" if a["note"] else ""
    elif kind == "tag":
        text = a["tag"] or ""
    elif kind in ("provenance", "counter_source"):
        text = (a["relation"] or "").replace("_", " ")
        text += f" — {a['note']}" if a["note"] else ""
    else:
        text = a["note"] or ""
    return text, source.get("title"), source.get("url")


def write_markdown(reader: Reader, out: TextIO, **_: Any) -> int:
    out.write(f"# Claim report\n\nExported {now_iso()[:19]}Z.\n")
    current = None
    for doc, claim in _grouped(reader):
        if doc["uid"] != current:
            current = doc["uid"]
            out.write(f"\n## {_md(doc['title'] or 'Untitled article')}\n\n")
            meta = " · ".join(_md(v) for v in (doc["outlet"], doc["published"]) if v)
            out.write((meta + "\n") if meta else "")
            if doc["url"]:
                out.write(f"<{doc['url']}>\n")
        out.write(f"\n> {_md(' '.join(claim['text'].split()))}\n\n")
        facts = [f"status: {claim['status'].replace('_', ' ')}"]
        if claim["speaker"]:
            facts.insert(0, f"speaker: {_md(claim['speaker'])}")
        if claim["verdict"]:
            facts.append(f"**verdict: {_md(claim['verdict'])}**")
        out.write("- " + "; ".join(facts) + "\n")
        for a in claim["annotations"]:
            if a["withdrawn"]:
                continue
            text, title, url = _line(a, reader)
            cited = (
                f" — source: [{_md(title)}]({url})"
                if title and _http(url)
                else (f" — source: {_md(title)}" if title else "")
            )
            out.write(f"- {TYPE_TITLES[a['type']]} ({_md(a['author'] or 'unknown')}): {_md(text)}{cited}\n")
    return reader.claim_count


def _md(value: str) -> str:
    # Keep reviewers' markdown emphasis but never let their text open raw HTML in a markdown renderer.
    return html.escape(" ".join(str(value).split()), quote=False)


def _http(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(("http://", "https://"))


STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "blockquote{border-left:4px solid #bbb;margin:1rem 0;padding:.25rem 1rem;background:#f6f6f6}"
    ".verdict{font-weight:bold}.meta{color:#666;font-size:.9em}ul{padding-left:1.2rem}"
)


def write_html(reader: Reader, out: TextIO, **_: Any) -> int:
    e = html.escape
    out.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>Claim report</title><style>{STYLE}</style></head><body>\n"
        f'<h1>Claim report</h1><p class="meta">Exported {e(now_iso()[:19])}Z</p>\n'
    )
    current = None
    for doc, claim in _grouped(reader):
        if doc["uid"] != current:
            if current is not None:
                out.write("</section>\n")
            current = doc["uid"]
            title = e(doc["title"] or "Untitled article")
            link = f'<a href="{e(doc["url"])}" rel="noopener noreferrer">{title}</a>' if _http(doc["url"]) else title
            meta = " · ".join(e(v) for v in (doc["outlet"], doc["published"]) if v)
            out.write(f'<section><h2>{link}</h2><p class="meta">{meta}</p>\n')
        out.write(f'<article><blockquote>{e(claim["text"])}</blockquote><p class="meta">')
        if claim["speaker"]:
            out.write(f"speaker: {e(claim['speaker'])}; ")
        out.write(f"status: {e(claim['status'].replace('_', ' '))}")
        if claim["verdict"]:
            out.write(f'; <span class="verdict">verdict: {e(claim["verdict"])}</span>')
        out.write("</p><ul>")
        for a in claim["annotations"]:
            if a["withdrawn"]:
                continue
            text, title, url = _line(a, reader)
            cited = ""
            if title:
                label = e(title)
                cited = (
                    f' — source: <a href="{e(url)}" rel="noopener noreferrer">{label}</a>'
                    if _http(url)
                    else f" — source: {label}"
                )
            out.write(f"<li><b>{e(TYPE_TITLES[a['type']])}</b> ({e(a['author'] or 'unknown')}): {e(text)}{cited}</li>")
        out.write("</ul></article>\n")
    if current is not None:
        out.write("</section>\n")
    out.write("</body></html>\n")
    return reader.claim_count
