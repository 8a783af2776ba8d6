"""raw bytes -> ExtractionResult: decode, clean, metadata, segment, attribute, claims, score, entities."""

from __future__ import annotations

import bisect
import itertools
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .clean import clean
from .cues import ROLE_HEADS
from .decode import MAX_BYTES, ExtractionError, decode
from .entities import entity_spans
from .lines import QUOTE_ENDS, TESTIMONIAL, has_prompt
from .metadata import extract_metadata
from .schema import ExtractionResult
from .segment import split_sentences

# "MOSCOW (Sputnik) — ", "WASHINGTON, July 13 (Reuters) - ", "BERLIN, July 13. /TASS/. "
_DATELINE_PREFIX = re.compile(
    r"[A-Z][a-z][\w.'-]*(?:,? [A-Z][\w.'-]+){0,3} CNN\s*[—–]\s*|"  # 'Jerusalem CNN — '
    r"[A-ZА-ЯЁ][A-ZА-ЯЁ'.-]+(?:[ -][A-ZА-ЯЁ][A-ZА-ЯЁ'.-]+){0,3}"
    r"(?:,\s+[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=\s*[(—–]))?"
    r"(?:,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|\d{1,2}\s+[а-я]{3,8}(?:\s+\d{4})?))?\.?\s*"
    r"(?:\([\w .-]{2,30}\)|/\s*[\w -]{2,20}/)?\.?\s*(?:--|[—–-])?\s*"  # 'ASTANA, June 12 (Xinhua) -- '
)
_DATELINE_END = re.compile(r"(?:\)\s*(?:--|[—–-])|\s(?:--|[—–])|/\.?)$")
# A word of 3+ letters, its first 6 in group 1: the crude stem without a Python-level slice per word.
_LONG_WORD = re.compile(r"(\w{3,6})\w*")
_STOP = frozenset(
    "the a an of to in on and or for with by at from as is are was were be been that this it its "
    "he she they we his her their our says said say will would has have had not no but".split()
)
assert max(map(len, _STOP)) < 6, "_content_words filters 6-letter stems, not whole words"
_MIN_WORDS = 4

_MISSING: Any = object()
_attribute: Any = None
_score: Any = None

log = logging.getLogger(__name__)


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """Collaborators' modules load lazily: the pipeline works (with fallbacks) before they land."""
    import importlib

    try:
        return getattr(importlib.import_module(f"annotate.extract.{module}"), name)
    except (ImportError, AttributeError):
        return None


def _checkworthy_scorer() -> Callable[..., Any] | None:
    """ANNOTATE_CHECKWORTHY=minilm picks the optional MiniLM model (checkworthy_minilm.py). Asked for but not
    installed, the default model scores, with a warning: claims with no score at all would hide the mistake."""
    if os.environ.get("ANNOTATE_CHECKWORTHY", "").strip().lower() == "minilm":
        from . import checkworthy_minilm

        if checkworthy_minilm.available():
            return checkworthy_minilm.score_claims
        hint = checkworthy_minilm.INSTALL_HINT
        log.warning("ANNOTATE_CHECKWORTHY=minilm, but %s; scoring with the default model", hint)
    return _optional("checkworthy", "score_claims")


def _collaborators() -> tuple[Callable[..., Any] | None, Callable[..., Any] | None]:
    global _attribute, _score
    if _attribute is None:
        _attribute = _optional("attribution", "attribute") or _MISSING
    if _score is None:
        _score = _checkworthy_scorer() or _MISSING
    return (None if _attribute is _MISSING else _attribute, None if _score is _MISSING else _score)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _skip_dateline(text: str, start: int, end: int) -> int:
    """Start of the sentence after a dateline prefix ("MOSCOW (Sputnik) — "): never claim content."""
    m = _DATELINE_PREFIX.match(text, start, end)
    if m and m.end() > start:
        # A dateline ends in a spaced dash or an agency slash ("/TASS/."); "US-led" does not count.
        tail = m.group().rstrip()
        if m.end() == end:
            return m.end()
        if _DATELINE_END.search(tail):
            # "WASHINGTON — The Senate ..." but not "NATO — the alliance ...".
            if tail.endswith(("/", "/.")) or ")" in tail or text[m.end()].isupper():
                return m.end()
    return start


def _statement_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The claim part of an unattributed sentence, or None for a non-claim."""
    if TESTIMONIAL.match(text, start, end) and text[max(0, start - 4) : start].rstrip().endswith(QUOTE_ENDS):
        return None  # the signature under a quote
    start, end = _trim(text, _skip_dateline(text, start, end), end)
    sent = text[start:end]
    n_words = len(sent.split())
    if not sent or sent.endswith("?") or n_words < _MIN_WORDS:
        return None
    if n_words < 14 and has_prompt(sent):  # prompts and credit lines are short
        return None
    return start, end


def _content_words(s: str) -> set[str]:
    # Crude stemming (first 6 letters) so "slogan" in a headline meets "slogans" in the body. Stems are
    # filtered instead of whole words: no stop word is 6 letters or longer, so the result is the same.
    words = set(_LONG_WORD.findall(s.lower()))
    words -= _STOP  # in place: `set - frozenset` builds a third set entry by entry (1.4x slower here)
    return words


def _restates(claims: list[dict[str, Any]], head_end: int, lead_end: int) -> None:
    """Headline and lede claims that repeat a later body claim point at it (not counted twice):
    the headline may restate any later claim, a lede claim one after the lede."""
    words = [_content_words(c["text"]) for c in claims]
    starts = [c["start"] for c in claims]  # claims are sorted by start
    for i, c in enumerate(claims):
        if c["start"] >= lead_end:
            break
        mine = words[i]
        if c["kind"] != "statement" and c.get("speaker_mention") and c["start"] < head_end:
            # The headline's source is no part of what it restates: 'Russian chief diplomat slams ...'.
            mine = mine - _content_words(c["speaker_mention"]) or mine
        if not mine:
            continue
        n_mine = len(mine)
        floor = head_end if c["start"] < head_end else lead_end
        best, best_score = None, 0.0
        # Claims before the floor are never candidates: start past them (else a lede with no paragraph
        # break, the whole text, compares every pair).
        for j in range(max(i + 1, bisect.bisect_left(starts, floor)), len(claims)):
            other = words[j]
            if not other:
                continue
            overlap = len(mine & other) / min(n_mine, len(other))
            if overlap > best_score:
                best, best_score = j, overlap
        if best is not None and best_score >= 0.5:
            c["restates"] = best
            speaker = c.get("speaker")
            in_headline = c["start"] < head_end
            if c["kind"] != "statement" and (
                speaker is None or in_headline and speaker.split()[-1].lower() in ROLE_HEADS
            ):
                # 'Grain exports hit record, minister says' above 'Agriculture Minister Mykola Solskyi said', 'Envoy
                # denies report', 'Russian chief diplomat slams ...': the headline names its source only by a role
                # the body resolves.
                c["speaker"] = claims[best].get("speaker")


def _coverage(sentences: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[int]:
    """Per sentence, the characters the spans cover (overlaps summed): one sweep over sorted spans when the
    sentences ascend (they do), instead of every span for every sentence."""
    if any(b[0] < a[0] or b[1] < a[1] for a, b in itertools.pairwise(sentences)):
        return [sum(max(0, min(e, ae) - max(s, a_s)) for a_s, ae in spans) for s, e in sentences]
    order = sorted(spans)
    out: list[int] = []
    active: list[tuple[int, int]] = []
    j, n = 0, len(order)
    for s, e in sentences:
        while j < n and order[j][0] < e:
            active.append(order[j])
            j += 1
        covered = 0
        if active:  # no span open (sentences between attributions): nothing to filter or sum
            # A span ending before this sentence ends before every later one too.
            active = [sp for sp in active if sp[1] > s]
            for a_s, ae in active:
                overlap = (ae if ae < e else e) - (a_s if a_s > s else s)
                if overlap > 0:
                    covered += overlap
        out.append(covered)
    return out


_OWN_CLAUSE = re.compile(r"\b(?:who|which|whose|adding|noting|saying|but|and said|while)\b")
# ... unless the clause only says why the source is not named: wire copy's anonymity formula.
_ANONYMITY = re.compile(
    r",\s*who (?:spoke|requested|asked|declined|was not|were not|is not|are not)\b[^.;]{0,110}?"
    r"\b(?:anonymity|not to be (?:named|identified)|to be (?:named|identified)|authori[sz]ed to)\b[^,;]{0,60}[.!]?$"
)


def _frames(text: str, sentences: list[tuple[int, int]], attributions: list) -> list[tuple[int, int]]:
    """Where each attribution's 'According to a statement from the Kremlin,' stands: a sentence whose only
    words outside its claims are that frame is covered, not a further statement."""
    starts = [s for s, _ in sentences]
    out = []
    for a in attributions:
        if a.kind == "statement" or not a.cue or not a.speaker_mention:
            continue
        i = bisect.bisect_right(starts, a.start) - 1
        if i < 0:
            continue
        lo, hi = sentences[i]
        window = text[lo:hi].lower()
        cue, who = window.find(a.cue.lower()), window.find(a.speaker_mention.lower())
        if cue < 0 or who < 0:
            continue
        first, last = min(cue, who), max(cue + len(a.cue), who + len(a.speaker_mention))
        first, last = lo + first, lo + last
        # Cue and source side by side, and outside the claim (inside it they are the claim's own words).
        if last - first <= len(a.cue) + len(a.speaker_mention) + 12 and (last <= a.start or first >= a.end):
            # '"...," said Yoshiki Shinke, senior economist at Dai-ichi Life.': the speaker's title belongs to the
            # frame (a relative clause or an 'adding that' may carry news of its own and stays out).
            tail = text[last:hi]
            title = len(tail) <= 120 and not _OWN_CLAUSE.search(tail)
            if first >= a.end and tail.startswith(", ") and (title or len(tail) <= 200 and _ANONYMITY.match(tail)):
                last = hi
            out.append((first, last))
    return out


def _claims(text: str, sentences: list[tuple[int, int]], warnings: list[str]) -> list[dict[str, Any]]:
    attribute, _ = _collaborators()
    attributions = []
    if attribute:
        # A collaborator's failure must not lose the article: fall back to unattributed statements.
        try:
            attributions = attribute(text, sentences)
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"attribution failed, claims left unattributed: {type(exc).__name__}: {exc}")
    claims: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    for a in attributions:
        s, e = _trim(text, _skip_dateline(text, a.start, a.end), a.end)
        if a.kind == "statement":  # a holder's sentence ('Sanders voted for ...') is a claim only as a statement is
            span = _statement_span(text, a.start, a.end)
            if span is None:
                continue
            s, e = span
        if e - s < 2:
            continue
        spans.append((s, e))
        claims.append(
            {
                "start": s,
                "end": e,
                "kind": a.kind,
                "speaker": a.speaker,
                "speaker_mention": a.speaker_mention,
                "cue": a.cue,
            }
        )
    frames = _frames(text, sentences, attributions)
    for (s, e), covered in zip(sentences, _coverage(sentences, spans + frames), strict=True):
        if covered >= 0.4 * (e - s):
            continue
        span = _statement_span(text, s, e)
        if span is None:
            continue
        claims.append({"start": span[0], "end": span[1], "kind": "statement"})
    claims.sort(key=lambda c: (c["start"], c["end"]))
    for c in claims:
        c["text"] = text[c["start"] : c["end"]]
    return claims


def _lead_bounds(text: str, title: str | None) -> tuple[int, int]:
    """(end of headline, end of first body paragraph): the part that usually restates the story."""
    head = len(title) if title and text.startswith(title) else 0
    nxt = text.find("\n\n", head + 2)
    return head, len(text) if nxt < 0 else nxt


def extract(raw: bytes | str, filename: str | None = None) -> ExtractionResult:
    """Turn one raw article (bytes or str; HTML, Markdown or scraped text) into document + claims."""
    name = filename or "input"
    decoded, encoding = decode(raw, name)
    cleaned = clean(decoded, filename)
    if not cleaned.text.strip():
        raise ExtractionError(f"{name}: no article text found (only navigation, captions or boilerplate)")
    text = cleaned.text
    meta = extract_metadata(decoded, text, cleaned.title)
    sentences = split_sentences(text)
    warnings = list(cleaned.warnings)
    raw_claims = _claims(text, sentences, warnings)
    _restates(raw_claims, *_lead_bounds(text, cleaned.title))
    _, score = _collaborators()
    scores: list[tuple[float, list[str]]] = []
    if score and raw_claims:
        try:
            scores = score([c["text"] for c in raw_claims])
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"check-worthiness unavailable, scores left at 0: {type(exc).__name__}: {exc}")
    ents = entity_spans(text)
    # Entities never overlap, so their starts and their ends both ascend: those inside a claim are one slice.
    ent_starts, ent_ends = [x[0] for x in ents], [x[1] for x in ents]
    for i, c in enumerate(raw_claims):
        value, reasons = scores[i] if i < len(scores) else (0.0, [])
        inside = ents[bisect.bisect_left(ent_starts, c["start"]) : bisect.bisect_right(ent_ends, c["end"])]
        c["checkworthiness"] = min(1.0, max(0.0, float(value)))
        c["reasons"] = list(reasons)
        c["entities"] = [{"text": text[s:e], "label": label, "start": s, "end": e} for s, e, label in inside]
        c["dates"] = [text[s:e] for s, e, label in inside if label == "DATE"]
        c["numbers"] = [text[s:e] for s, e, label in inside if label == "NUMBER"]
    if cleaned.title is None:
        warnings.append("no headline found")
    document = {
        "title": cleaned.title,
        "outlet": meta.outlet,
        "published": meta.published,
        "dateline": meta.dateline,
        "cites": meta.cites,
        "language": meta.language,
        "text": text,
        "encoding": encoding,
        "source_format": cleaned.source_format,
        "filename": filename,
    }
    # Plain dicts validated in one call: pydantic-core builds the nested models without a Python-level
    # __init__ per claim and entity (model_construct is slower still: it is pure Python).
    return ExtractionResult.model_validate(
        {"document": document, "claims": raw_claims, "warnings": warnings, "offset_map": cleaned.offset_map}
    )


def extract_file(path: str | os.PathLike[str]) -> ExtractionResult:
    """extract() on a file, refusing huge files before reading them."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ExtractionError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    if size > MAX_BYTES:
        raise ExtractionError(f"{p}: too large ({size // (1024 * 1024)} MB > 50 MB limit)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    return extract(data, filename=str(p))
