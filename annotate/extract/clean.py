"""Raw article text -> the article itself (headline + body paragraphs), with an offset map.

Scraped text arrives with its page around it: menus, widgets, captions, related headlines between
paragraphs, lists after the body. The body is found as the densest cluster of prose lines (lines
that end like sentences); the headline is the nearest headline-like line before it. Everything
else is dropped. Kept text is copied, not rewritten, so every cleaned offset maps back to the raw
input (only odd whitespace is replaced one-for-one and inline markup removed).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

from . import lines as L

# One-for-one replacements keep offsets aligned; removals (below) split runs.
_ODD_SPACE_CHARS = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c\r"
)
_SPACES = str.maketrans(dict.fromkeys(_ODD_SPACE_CHARS, " "))
_ODD_SPACE = re.compile(f"[{_ODD_SPACE_CHARS}]")
# Inline things to remove from a kept line: tags, template placeholders, zero-width chars, entities.
# Also removed: control characters (terminal escapes) and bidi embeddings/overrides/isolates, which can make
# a claim display other than it reads ("Trojan Source").
_INLINE = re.compile(
    r"<[^<>\n]{1,800}>|\{\{.*?\}\}|\{%.*?%\}|[\u200b-\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069\x00-\x08\x0e-\x1f\x7f]"
    r"|&#?\w{1,8};"
)
_NEEDS_INLINE = re.compile(r"[<{&\u200b-\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069\x00-\x08\x0e-\x1f\x7f]")
# Markdown syntax around the words: heading/quote/list markers, emphasis, images, link targets.
_MD_INLINE = re.compile(
    r"^\s*(?:#{1,6}|>|[-*+]|\d{1,3}[.)])\s+|\*\*|__|!\[[^\]\n]*\]\([^)\n]*\)|\]\([^)\n]*\)|\[(?=[^\]\n]*\]\()|"
    + _INLINE.pattern
)
# A line that is an image, a figure caption or nothing but a link is page furniture.
_MEDIA_LINE = re.compile(
    r"(?i)<(?:img|figure|figcaption|picture|source|video|iframe|svg)\b|^\s*<a\b[^>]*>[^<]*</a>\s*$"
)

_SENT_END = re.compile(r"[.!?][\"”’]?\s+[A-Z\"“]")
_STOPS = re.compile(r"[.!?…][\"”’»)]*$")
_GAP = 8  # furniture lines tolerated inside the body (captions, related links between paragraphs)
_HEADLINE_LOOKBACK = 15


@dataclass
class Cleaned:
    text: str
    offset_map: list[tuple[int, int, int]]
    title: str | None
    source_format: str = "text"
    warnings: list[str] = field(default_factory=list)


class _Para:
    """One paragraph: (raw_start, text) pieces whose text copies the raw input one-for-one."""

    __slots__ = ("pieces", "text", "words", "media", "kind", "h1", "block")

    def __init__(self, pieces: list[tuple[int, str]], media: bool = False, kind: str = "") -> None:
        self.pieces = pieces
        self.text = ""
        self.words: list[str] = []
        self.media = media
        self.kind = kind  # blank | boiler | prose | other
        self.h1 = False  # a Markdown '# ' heading: the author's own title
        self.block = False  # the prose of a single-block article around inline furniture (_split_furniture)

    def finish(self) -> None:
        self.text = self.pieces[0][1] if len(self.pieces) == 1 else "".join(t for _, t in self.pieces)


def to_raw(offset_map: list[tuple[int, int, int]], clean_offset: int) -> int:
    """Map an offset in the cleaned text to the raw input (synthetic separators map to the end of
    the run before them)."""
    if not offset_map:
        return clean_offset
    i = bisect.bisect_right(offset_map, (clean_offset, float("inf"), 0)) - 1
    if i < 0:
        return offset_map[0][1]
    cs, rs, n = offset_map[i]
    return rs + min(clean_offset - cs, n)


def _line_pieces(line: str, start: int, pattern: re.Pattern[str] = _INLINE) -> tuple[list[tuple[int, str]], bool]:
    """The kept pieces of one line (already whitespace-normalised), and whether it is an image,
    caption or link line. Only called for lines with markup, entities or zero-width characters."""
    media = "<" in line and bool(_MEDIA_LINE.search(line))
    pieces: list[tuple[int, str]] = []
    pos = 0
    for m in pattern.finditer(line):
        if m.start() > pos:
            pieces.append((start + pos, line[pos : m.start()]))
        tok = m.group()
        if tok.startswith("&"):
            un = html.unescape(tok)
            # An entity for < or > stays as written: decoded, "&lt;script&gt;" would become markup.
            keep = un == tok or un in ("<", ">")
            pieces.append((start + m.start(), tok if keep else un.translate(_SPACES)))
        pos = m.end()
    if pos < len(line):
        pieces.append((start + pos, line[pos:]))
    return _strip_pieces(pieces), media


def _strip_pieces(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    while pieces and not pieces[0][1].strip():
        pieces.pop(0)
    while pieces and not pieces[-1][1].strip():
        pieces.pop()
    if not pieces:
        return pieces
    s, t = pieces[0]
    lead = len(t) - len(t.lstrip())
    pieces[0] = (s + lead, t[lead:])
    s, t = pieces[-1]
    pieces[-1] = (s, t.rstrip())
    return pieces


def _paragraphs(raw: str, markdown: bool = False) -> list[_Para]:
    # Odd whitespace is replaced one-for-one over the whole text at once: offsets do not move.
    norm = _ODD_SPACE.sub(" ", raw) if _ODD_SPACE.search(raw) else raw
    inline = markdown or _NEEDS_INLINE.search(norm) is not None
    paras: list[_Para] = []
    pos = 0
    prev: _Para | None = None
    raw_lines = norm.split("\n")
    wrap = _wrap_width(raw_lines)
    prev_len = line_len = 0
    for line in raw_lines:
        start = pos
        pos += len(line) + 1
        if wrap:
            line_len, prev_len = prev_len, len(line.rstrip())
        if markdown:
            pieces, media = _line_pieces(line, start, _MD_INLINE)
        elif inline and _NEEDS_INLINE.search(line):
            pieces, media = _line_pieces(line, start)
        else:
            stripped = line.strip()
            pieces = [(start + len(line) - len(line.lstrip()), stripped)] if stripped else []
            media = False
        if not pieces:
            paras.append(_Para([], kind="blank"))
            prev = None
            continue
        # A hard-wrapped continuation: the previous line stopped mid-sentence and this one goes on
        # in lowercase, or (text pasted from a PDF, wrapped at a fixed width) in any case after a full line.
        if prev is not None:
            text0 = pieces[0][1]
            first = text0[:1]
            full = wrap and line_len >= wrap
            if (
                first.islower()
                and not (first == "b" and text0.startswith("by ") and L.BYLINE.fullmatch(text0))  # 'by Jane Doe'
                or full
                and (first.isupper() or first.isdigit() or first in '"“‘')
            ):
                last = prev.pieces[-1][1]
                if not L.TERMINAL.search(last, len(last) - 4) or full and _ABBR_END.search(last):
                    if last[-1:] == "-" and last[-2:-1].isalpha() and last[-3:-2].isalpha():
                        # 'secu-' / 'rity': the word was split by the wrap ('pro-' / 'Russian' keeps its hyphen)
                        s0, t0 = prev.pieces[-1]
                        if first.islower():
                            prev.pieces[-1] = (s0, t0[:-1])
                    else:
                        prev.pieces.append((start - 1, " "))
                    prev.pieces.extend(pieces)
                    prev.media = prev.media or media
                    continue
        prev = _Para(pieces, media=media)
        prev.h1 = markdown and line.lstrip().startswith("# ")
        paras.append(prev)
    for p in paras:
        if p.pieces:
            p.finish()
    if any(len(p.text) > _BLOCK and _has_furniture(p.text) for p in paras):
        paras = [q for p in paras for q in _split_furniture(p)]
    first = next((i for i, p in enumerate(paras) if p.pieces), None)
    if first is not None and len(paras[first].text) > 200:
        paras[first : first + 1] = _split_headline(paras[first])
    return paras


# A single-block article that opens with its headline run into the dateline: 'Iran rules out talks Tehran, Jan 12
# (IRNA) - Iran will ...' / '... MOSCOW (Sputnik) - ...'. Only with the wire's agency tag, which no sentence has.
_RUN_IN_DATELINE = re.compile(
    rf"(?<=[a-z’'\"”)])\s+(?=(?:[A-Z][A-Za-z.-]+(?:\s[A-Z][A-Za-z.-]+)?|[A-Z]{{3,}}(?:\s[A-Z]{{3,}})?)"
    rf"(?:,\s+{L._MONTH}\.?\s+\d{{1,2}})?\s+\([A-Z][\w ]{{1,20}}\)\s*[-–—])"
)


def _split_headline(p: _Para) -> list[_Para]:
    """The first paragraph cut after a headline that runs straight into a wire dateline."""
    m = _RUN_IN_DATELINE.search(p.text, 0, 250) if len(p.pieces) == 1 else None
    if m is None or _SENT_END.search(p.text, 0, m.start()) or len(p.text[: m.start()].split()) < 4:
        return [p]
    start, text = p.pieces[0]
    head, body = _Para([(start, text[: m.start()])]), _Para([(start + m.end(), text[m.end() :])])
    head.finish()
    body.finish()
    return [head, body]


# Furniture set inside a single-block article, where the page's line breaks were lost: 'Also Read: <headline>',
# 'Related Stories: ... | ...', 'Photo: ... (AFP)'. Each runs until the article resumes (see _furniture_end).
_BLOCK = 400  # shorter lines are classified whole (lines.is_boilerplate)
_INLINE_FURNITURE = re.compile(
    r"\b(?:Also [Rr]ead|Read [Mm]ore|READ MORE|Read [Aa]lso|READ ALSO|Related(?: [Ss]tories| [Aa]rticles"
    r"| [Nn]ews| [Cc]overage| [Tt]opics)?|RELATED|See [Aa]lso|Photo|PHOTO|Image|Watch|WATCH|More on this [Ss]tory"
    r"|Most [Rr]ead|Top [Ss]tories|TOP STORIES|Recommended|Trending(?: [Nn]ow)?)\s*:\s|\s©\s"
)
# Where the article resumes after a furniture run: an opening quote, a sentence after a full stop, or a sentence
# opener's capital straight after a headline's last lowercase word ('... tensions rise The talks ...').
_RESUMES = re.compile(
    r"\s(?=[“\"]\w)|(?<=[.!?])(?:\s*\([A-Z][\w /-]{1,30}\))?\s+(?=[A-Z“\"])"
    r"|(?<=[a-z,])\s+(?=(?:The|A|An|He|She|It|They|We|In|On|At|But|And|This|That|These|Those|His|Her|Their|Its)\s)"
)


def _has_furniture(text: str) -> bool:
    return (":" in text or "©" in text) and _INLINE_FURNITURE.search(text) is not None  # most blocks have neither


def _split_furniture(p: _Para) -> list[_Para]:
    """A long one-piece paragraph cut around its inline furniture: the runs become paragraphs of their own, which
    the line classifier then drops, and the prose around them stays."""
    if len(p.pieces) != 1 or len(p.text) <= _BLOCK:
        return [p]
    start, text = p.pieces[0]
    out: list[_Para] = []
    pos = 0
    for m in _INLINE_FURNITURE.finditer(text):
        if m.start() < pos:
            continue
        end = _furniture_end(text, m.end())
        out += _piece(start, text, pos, m.start(), block=True) + _piece(start, text, m.start(), end, block=False)
        pos = end
    out += _piece(start, text, pos, len(text), block=True)
    return out or [p]


def _piece(start: int, text: str, a: int, b: int, block: bool) -> list[_Para]:
    """text[a:b] (raw offset start + a) as a paragraph of its own, stripped; none if blank."""
    chunk = text[a:b]
    if not chunk.strip():
        return []
    lead = len(chunk) - len(chunk.lstrip())
    para = _Para([(start + a + lead, chunk.strip())])
    para.block = block
    para.finish()
    return [para]


def _furniture_end(text: str, pos: int) -> int:
    """The end of a furniture run whose label ends at pos: where the article resumes, or the next label."""
    nxt = _INLINE_FURNITURE.search(text, pos)
    hi = nxt.start() if nxt else len(text)
    back = _RESUMES.search(text, pos, hi)
    return back.end() if back else hi


# A wrapped line may end in an abbreviation the next line's name completes ('U.S.' / 'Ambassador ...').
_ABBR_END = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Prof|Gen|No)\.)$")


def _wrap_width(lines: list[str]) -> int:
    """For text wrapped at a fixed width (pasted from a PDF or a plain-text mail): the length from which a line
    counts as full, so the next line continues its paragraph whatever its case. 0 for scraped text, whose
    paragraphs are one long line each."""
    if len(lines) < 8:
        return 0
    lens = list(map(len, lines))
    long = [n for n in lens if n >= 40]
    if len(long) < 6:
        return 0
    mid = [n for n in long if n <= 100]
    if len(mid) < 6 or len(mid) < 0.75 * len(long):
        return 0
    # Most mid-length lines run straight into another line: a wrapped paragraph, not a list of headlines.
    followed = sum(1 for a, b in zip(lens, lens[1:], strict=False) if 40 <= a <= 100 and b)
    if followed < 0.8 * len(mid):
        return 0
    # ... and most of them stop mid-sentence (one-sentence paragraphs on consecutive lines are not wrapped).
    open_ends = sum(1 for t in lines if 40 <= len(t) <= 100 and not L.TERMINAL.search(t))
    if open_ends < 0.5 * len(mid):
        return 0
    mid.sort()
    return int(0.8 * mid[int(0.9 * (len(mid) - 1))])


# Letters of a script (L.LATIN, L.CYRILLIC) counted in C, 3-6x faster than a regex: encoding with errors
# ignored keeps exactly the characters a single-byte codec has, and bytes.translate deletes all but the letters'
# bytes. Latin-1 holds [A-Za-zÀ-ÖØ-öø-ÿ] as themselves; in cp1251 [А-Яа-я] are 0xC0-0xFF, Ё 0xA8, ё 0xB8.
_NOT_LATIN = bytes(
    b for b in range(256) if not (chr(b).isascii() and chr(b).isalpha() or b >= 0xC0 and b not in (0xD7, 0xF7))
)
_NOT_CYRILLIC = bytes(b for b in range(256) if not (b >= 0xC0 or b in (0xA8, 0xB8)))


def _cyrillic(s: str) -> int:
    return len(s.encode("cp1251", "ignore").translate(None, _NOT_CYRILLIC))


def _latin(s: str) -> int:
    return len(s.encode("latin-1", "ignore").translate(None, _NOT_LATIN))


def _has_cyrillic(s: str) -> bool:
    return not s.isascii() and L.CYRILLIC.search(s) is not None


def _doc_is_cyrillic(raw: str) -> bool:
    sample = raw[:5000]
    if not _has_cyrillic(sample):
        return False  # the common case, decided without counting
    return _cyrillic(sample) > _latin(sample)


def _other_script(text: str, cyrillic_doc: bool) -> bool:
    if cyrillic_doc:
        lat = _latin(text)
        return lat > 0 and lat > _cyrillic(text)
    if not _has_cyrillic(text):
        return False
    return _cyrillic(text) >= _latin(text)


def _classify(paras: list[_Para], cyrillic_doc: bool) -> None:
    prev: _Para | None = None  # the line before, for a link label ('Read more', 'Explainer')
    for p in paras:
        if p.kind == "blank":
            continue
        t = p.text
        # Cheap tests first (C-level string methods on every line): an end mark, or letters of another script.
        if t[-1] not in _CLOSERS and (not t.isascii() or t.endswith(_END_MARKS)) and _trim_tail(p, cyrillic_doc):
            t = p.text
        p.words = words = t.split()  # whitespace tokens: cheap, and counts are all the classifier needs
        if p.media or _other_script(t, cyrillic_doc) or L.is_boilerplate(t, words):
            p.kind = "boiler"
        elif prev is not None and prev.kind == "prose" and prev.text.endswith(L.QUOTE_ENDS) and L.TESTIMONIAL.match(t):
            p.kind = "prose"  # '"The governor broke every promise."' / '- Carla Sanchez, teacher': who said it
        elif p.h1:
            p.kind = "other"  # a title, however sentence-like
        elif (
            len(words) >= 4
            and L.TERMINAL.search(t, len(t) - 4)
            or _run_on(t, words)
            or p.block
            and _SENT_END.search(t)  # the rest of a block cut at a caption may end in 'Reporting by ...'
        ) and not L.is_title_case(t):
            # A short line under a link label is the link, even one that reads like a sentence ('Explainer' /
            # 'What does the fall in inflation mean for interest rates?').
            p.kind = "boiler" if len(words) <= 20 and prev is not None and _is_link_label(prev) else "prose"
        else:
            p.kind = "other"
        prev = p


def _is_link_label(p: _Para) -> bool:
    if p.kind == "prose" or len(p.words) > 12:
        return False
    last = p.words[-1]  # a label ends its line: the last word is tested before the pattern runs
    t = p.text
    return (last.lower().rstrip(":»›>") in _LABEL_ENDS or last.isdigit()) and bool(
        _LINK_LABEL.search(t, max(0, len(t) - 20))
    )


# Al Jazeera's 'list 2 of 4' ends the link before the next one (a lowercase line joined onto it).
_LINK_LABEL = re.compile(
    r"(?i)(?:^|(?<=\s))\W*(?:read more|read also|see also|explainers?|related|more on this|keep reading|"
    r"list \d+ of \d+)\W*$"
)
_LABEL_ENDS = frozenset("more also explainer explainers related this reading".split())
_CLOSERS = frozenset('.!?…"”’»)]:')


# What a wire block may carry after its last sentence: an end mark ('Enditem', '(END)') or interface words in
# another script ('Подписаться Читать далее' after an English story).
_TAIL = re.compile(r"(?<=[.!?\"”’»])\s+((?:\S+\s+){0,5}\S+)$")
_END_MARKS = ("Enditem", "ENDITEM", "enditem", "(END)", "(end)", "///")


def _trim_tail(p: _Para, cyrillic_doc: bool) -> bool:
    m = _TAIL.search(p.text, max(0, len(p.text) - 80))
    if m is None or not (m.group(1) in _END_MARKS or _other_script(m.group(1), cyrillic_doc)):
        return False
    keep, pieces = m.start(), []
    for start, t in p.pieces:
        if keep <= 0:
            break
        pieces.append((start, t[:keep]))
        keep -= len(t)
    p.pieces = pieces
    p.finish()
    return True


def _run_on(text: str, words: list[str]) -> bool:
    """A long block of several sentences is prose even if it ends in a credit line ("Reporting by
    ...") rather than a full stop."""
    return len(words) >= 40 and len(_SENT_END.findall(text)) >= 2


def _body_clusters(paras: list[_Para]) -> list[tuple[int, int, int]]:
    """Clusters of prose paragraphs as (first, last, chars)."""
    clusters: list[list[int]] = []
    gap = 0
    for i, p in enumerate(paras):
        if p.kind == "prose":
            if clusters and gap <= _GAP:
                clusters[-1][1] = i
                clusters[-1][2] += len(p.text)
            else:
                clusters.append([i, i, len(p.text)])
            gap = 0
        elif p.kind != "blank":
            gap += 1
    return [(a, b, c) for a, b, c in clusters]


def _is_headline(p: _Para) -> bool:
    t = p.text
    if p.kind == "blank" or p.media or not 4 <= len(p.words) <= 30:
        return False
    if p.kind == "boiler" or t[-1] in ".,;:" or L.QUOTE_TEASER.match(t):
        return False
    return t[0].isupper() or t[0].isdigit() or t[0] in "\"“«‘'"


def _pick_headline(paras: list[_Para], body_start: int) -> int | None:
    fallback = None
    lo = max(0, body_start - _HEADLINE_LOOKBACK)
    for i in range(body_start - 1, lo - 1, -1):
        p = paras[i]
        if _is_headline(p):
            if len(p.words) >= 5:
                return _above_standfirst(paras, i, lo)
            fallback = fallback if fallback is not None else i
    if fallback is None:
        # A headline of two or three words ('Bundestag beschließt Cannabis-Legalisierung') over its date line.
        for i in range(body_start - 2, lo - 1, -1):
            p, q = paras[i], paras[i + 1]
            if p.kind == "other" and 2 <= len(p.words) <= 3 and p.text[0].isupper() and p.text[-1] not in ".,;:":
                if q.kind == "boiler" and len(q.words) <= 16 and (L.is_meta(q.text) or L.stamp(q.text)):
                    return i
    return fallback


_SAYS = re.compile(r"\s(?:said|says|has said|warned|stressed|noted|insisted|claimed|told)\s")


def _above_standfirst(paras: list[_Para], i: int, lo: int) -> int:
    """The headline-like line nearest the body may be the page's second line about the story: a standfirst
    right under the headline ('Governor says ...; pound slips'), a subtitle under the byline block, or an image's
    caption over its credit line under the headline's date. Then the headline is the headline-like line above."""
    p = paras[i]
    nxt = next((q for q in paras[i + 1 : i + 4] if q.kind != "blank"), None)
    caption = nxt is not None and L.is_caption(nxt.text)
    standfirst = len(p.words) >= 20 or "; " in p.text
    byline = dated = False  # a byline or labelled meta line, a date line between the two
    for j in range(i - 1, lo - 1, -1):
        q = paras[j]
        if q.kind == "blank":
            continue
        if _is_headline(q) and len(q.words) >= 5:
            if byline or caption and dated or standfirst and not dated and len(q.words) <= 0.75 * len(p.words):
                return j
            if (
                not dated
                and L.HEADLINE_SPEAKER.search(q.text)
                and not L.HEADLINE_SPEAKER.search(p.text)
                and _SAYS.search(p.text)
            ):
                # 'Moscow will respond ... – Ryabkov' over 'Russia's deputy foreign minister said the country ...':
                # the headline names its source after a dash, the standfirst retells it as a sentence.
                return j
            break
        if q.kind != "boiler" or len(q.words) > 16:
            break  # anything else ends the block: a menu's headline-like line is not the headline
        if L.is_meta(q.text):
            byline = dated = True
        elif L.WIDGET.fullmatch(q.text) or L.stamp(q.text):
            dated = True
        else:
            break
    return i


def _trim_end(chosen: list[_Para], head: int) -> None:
    """Drop what closes the page rather than the story: the author's note ('X is a reporter covering ...') and a
    short line announcing something that is not there ('Dieses Thema im Programm:')."""
    while len(chosen) > head + 1:
        p = chosen[-1]
        if len(p.words) <= 30 and (p.text[-1] == ":" and len(p.words) <= 12 or L.AUTHOR_BIO.fullmatch(p.text)):
            chosen.pop()
        else:
            break


def _assemble(chosen: list[_Para]) -> tuple[str, list[tuple[int, int, int]]]:
    out: list[str] = []
    runs: list[tuple[int, int, int]] = []
    n = 0
    for k, p in enumerate(chosen):
        if k:
            out.append("\n\n")
            n += 2
        for raw_start, t in p.pieces:
            if not t:
                continue
            if runs and runs[-1][0] + runs[-1][2] == n and runs[-1][1] + runs[-1][2] == raw_start:
                cs, rs, ln = runs[-1]
                runs[-1] = (cs, rs, ln + len(t))
            else:
                runs.append((n, raw_start, len(t)))
            out.append(t)
            n += len(t)
    return "".join(out), runs


def clean_text(raw: str, markdown: bool = False) -> Cleaned:
    paras = _paragraphs(raw, markdown)
    _classify(paras, _doc_is_cyrillic(raw))
    clusters = _body_clusters(paras)
    if not clusters:
        return Cleaned("", [], None)
    main = max(clusters, key=lambda c: c[2])
    keep = [c for c in clusters if c is main or c[2] >= 0.5 * main[2]]
    body_start = keep[0][0]
    chosen: list[_Para] = []
    h1 = next((i for i in range(body_start) if paras[i].h1 and paras[i].kind != "boiler"), None)
    head = h1 if h1 is not None else _pick_headline(paras, body_start)
    title = None
    if head is not None:
        chosen.append(paras[head])
        title = paras[head].text
    elif _is_headline(first := paras[body_start]) and len(first.words) <= 20 and not _STOPS.search(first.text):
        title = first.text  # 'Moscow says sanctions “have failed”': a closing quote made the headline look like prose
    for a, b, _ in keep:
        chosen.extend(p for p in paras[a : b + 1] if p.kind == "prose")
    _trim_end(chosen, 1 if head is not None else 0)
    text, runs = _assemble(chosen)
    return Cleaned(text, runs, title)


def clean(raw: str, filename: str | None = None) -> Cleaned:
    from .webpage import clean_html, looks_like_html  # it builds on clean_text

    if looks_like_html(raw, filename):
        return clean_html(raw)
    markdown = bool(filename and filename.lower().endswith((".md", ".markdown")))
    cleaned = clean_text(raw, markdown)
    if markdown:
        cleaned.source_format = "markdown"
    return cleaned
