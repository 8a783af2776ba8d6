"""Document metadata from the article's own text: outlet, dateline, date, cited agencies, language.

A date is only reported when the article supports it: a dateline's month and day, completed by a
year only from an explicit full date that agrees with it. Widgets ("Sunday, July 14, 2024" at the
top of a page) and years mentioned in passing are not the publication date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat

from . import lines as L

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

AGENCIES = [
    "TASS", "RIA Novosti", "Interfax", "Sputnik", "Reuters", "Associated Press", "AP", "AFP",
    "Agence France-Presse", "Bloomberg", "Xinhua", "BBC", "CNN", "RT", "Anadolu", "DPA", "EFE",
    "Kyodo", "Yonhap", "Al Jazeera", "ANSA", "PAP", "UNIAN", "Ukrinform", "IRNA", "RIA", "Izvestia",
    "Kommersant", "Vedomosti", "The New York Times", "The Washington Post", "The Guardian",
    "The Wall Street Journal", "Financial Times", "Politico", "Axios", "NBC News", "CBS News",
    "ABC News", "Fox News", "Radio Rossii", "Rossiya 1", "Channel One", "NTV", "Euronews",
]  # fmt: skip
_AGENCY_ALT = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
# Agencies first (capitalised names: a cheap scan), then a citing cue next to them.
_AGENCY_ANY = re.compile(rf"(?:{_AGENCY_ALT})\b")
_CUE_BEFORE = re.compile(
    r"\b(?:according to|cited by|quoted by|told|in an interview with|speaking to|reported by)\s+(?:the\s+)?$",
    re.I,
)
_CUE_AFTER = re.compile(
    r"(?:\s+news agency)?\s+(?:reports|reported|said|says|cited|quoted|learned|has learned|wrote|writes)\b"
)


# "BERLIN, July 13. /TASS/." / "WASHINGTON, July 13 (Reuters) -" / "MOSCOW (Sputnik) —"
_PLACE = r"([A-ZА-ЯЁ][A-ZА-ЯЁ'.-]+(?:[ -][A-ZА-ЯЁ][A-ZА-ЯЁ'.-]+){0,3})"
_RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
_DATELINE_DATE = re.compile(
    rf"^{_PLACE},\s+({_MONTH_RE})\.?\s+(\d{{1,2}})(?:,?\s+(\d{{4}}))?[.,]?\s*"
    rf"(?:/\s*([A-Za-z][\w -]{{1,20}}?)\s*/|\(([\w .-]{{2,30}})\))?",
    re.M,
)
# 'Tehran, Jan 12 (IRNA) -': a place in title case only before the wire's tag in brackets.
_DATELINE_TITLED = re.compile(
    rf"^([A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}}),\s+({_MONTH_RE})\.?\s+(\d{{1,2}})(?:,?\s+(\d{{4}}))?\s*"
    rf"\(([\w .-]{{2,30}})\)\s*[—–-]",
    re.M,
)
# "МОСКВА, 13 июля. /ТАСС/.", RIA's "МОСКВА, 3 мар — РИА Новости."
_RU_MONTH_ABBR = "янв фев мар апр май июн июл авг сент сен окт ноя дек".split()
_DATELINE_RU = re.compile(
    rf"^{_PLACE},\s+(\d{{1,2}})\s+({'|'.join(_RU_MONTHS + _RU_MONTH_ABBR)})\b\.?(?:\s+(\d{{4}})\s*г?\.?)?[.,]?\s*"
    rf"(?:/\s*([^/\n]{{2,20}}?)\s*/|[—–]\s*([А-ЯЁA-Z][^.\n—/]{{1,20}}?)\.)?",
    re.M,
)
# CNN's dateline, on one line or split over three: 'Jerusalem CNN — '.
_DATELINE_CNN = re.compile(r"(?m)^[ \t]*([A-Z][\w.'-]+(?:,? [A-Z][\w.'-]+){0,3})\s*\n?\s*CNN\s*\n?\s*[—–]\s")
# A European numeric date: '23.02.2024', '03.03.2024 12:00'.
_NUM_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![\d.]\d)")
# "MOSCOW (Sputnik) —", "KYIV, Ukraine (AP) —", and agency-less "WASHINGTON —"
_DATELINE_AGENCY = re.compile(
    rf"^{_PLACE}(?:,\s+[A-Z][\w.]+(?: [A-Z][\w.]+)?)?\s*(?:\(([\w .-]{{2,30}})\)\s*[—–-]|[—–]\s)", re.M
)
# An explicit label in the page: "Published: July 13, 2017", "Posted 13 July 2017".
_PUBLISHED_LABEL = re.compile(
    rf"(?im)^\s*(?:first\s+)?(?:published|posted)(?:\s+on)?:?\s+(?:\w+day,?\s+)?"
    # a time before the date: 'Published 12:04 PM GMT+1, February 23, 2024'
    r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)?,?\s+)?"
    rf"(?:({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})|(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}}))"
)
_ISO_MARK = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b")
_FULL_DATE = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b|\b(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b"
)
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")
_ISO_TAIL = re.compile(r"-(\d{2})-(\d{2})(?!\d)")
# A heading that ends with where and when: ', Moscow, November 20, 2024'.
_TITLE_PLACE_DATE = re.compile(
    rf",\s+([A-Z][\w.'-]+(?: [A-Z][\w.'-]+)?),\s+({_MONTH_RE})\.?\s+(\d{{1,2}}),\s+(\d{{4}})\s*$"
)
_FEED_FOOTER = re.compile(r"(?im)^\s*(?:from|via)\s+([A-Z][\w.&' ]{0,30}?)\s*[–—-]\s*[\w ]{2,30}$")
# Al Jazeera's footer: 'Source: Al Jazeera and news agencies' (the outlet, with the wires it drew on).
_SOURCE_FOOTER = re.compile(r"(?m)^\s*Source:\s+([A-Z][\w.&' ]{1,30}?)\s+and\s+(?:news\s+)?agencies\s*$")
_COPYRIGHT = re.compile(r"©\s*(?:\d{4}\s+)?([A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,3})")
# A page's own machine-readable publication date (Open Graph, schema.org, <meta name="date">, <time pubdate>):
# unlike a date printed somewhere on the page, it cannot be a weather widget's 'today'.
_HTML_PUBLISHED = re.compile(
    r"""(?ix)(?:
      property=["']article:published_time["'][^>]*?content=["'](\d{4})-(\d{2})-(\d{2})
    | content=["'](\d{4})-(\d{2})-(\d{2})[^"']*["'][^>]*?property=["']article:published_time["']
    | ["']datePublished["']\s*:\s*["'](\d{4})-(\d{2})-(\d{2})
    | itemprop=["']datePublished["'][^>]*?(?:content|datetime)=["'](\d{4})-(\d{2})-(\d{2})
    | name=["'](?:date|pubdate|publishdate|publish-date|dc\.date|dcterms\.created)["']
      [^>]*?content=["'](\d{4})-(\d{2})-(\d{2})
    | <time[^>]*?\bpubdate\b[^>]*?datetime=["'](\d{4})-(\d{2})-(\d{2})
    )"""
)
_MASTHEAD = re.compile(rf"\s*({_AGENCY_ALT})(?: International| News)?[ \t]*\n")
_CAPTION_SUFFIX = re.compile(r"\s[-–—]\s([A-Z]\w+) International\s*$", re.M)
# Every branch of _HTML_PUBLISHED holds one of these (in any case): looked for first, a C substring search each,
# since the case-insensitive alternation costs ~0.2 ms on a 3 KB page that has none of them (most pages).
_HTML_PUBLISHED_HINTS = ("published_time", "datepublished", "name=", "<time")

_STOPWORDS = {
    "en": "the of and to in is that for on with was as by it said he at from his are this be have",
    "de": "der die und das ist nicht den von zu mit sich des auf für im dem ein eine sagte auch",
    "fr": "le la les et des du un une est que pour dans qui sur pas par au avec il elle a",
    "es": "el la los las y de que en un una es por con para del se no al lo como",
    "it": "il la di che e un una per non sono del della con si da le gli ha",
    "nl": "de het een en van is dat op te in niet met voor zijn er aan ook",
    "pt": "o a os as e de que em um uma para com não do da no na por se",
    "ru": "и в не на что с по как это к из он за от о то его для же но",
    "uk": "і в не на що з по як це до із він за від та й його для але",
}
_STOPSETS = {k: frozenset(v.split()) for k, v in _STOPWORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+")
_CYR = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_LAT = re.compile(r"[A-Za-zÀ-ÿ]")


@dataclass
class Metadata:
    outlet: str | None = None
    dateline: str | None = None
    published: str | None = None
    cites: list[str] = field(default_factory=list)
    language: str | None = None


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")[:4] if name.lower().startswith("sept") else name.lower()[:3]]


_CYR_OUTLETS = {"ТАСС": "TASS", "РИА НОВОСТИ": "RIA Novosti", "ИНТЕРФАКС": "Interfax", "СПУТНИК": "Sputnik"}


def _norm_outlet(name: str) -> str:
    name = name.strip(" .")
    name = _CYR_OUTLETS.get(name.upper(), name)
    for a in AGENCIES:
        if a.lower() == name.lower():
            return a
    return name


# Punctuation around words: none of it is a letter, so stripping it leaves a token's letter runs as they were.
_PUNCT = ".,;:!?\"“”‘’'()«»—–-…[]"


def _letter_runs(s: str) -> list[str]:
    """_TOKEN.findall(s) with fewer matches: no run spans whitespace, and a token of letters alone (after its
    punctuation, for most words) is one run; only the others go through the regex."""
    out = []
    for tok in s.split():
        if not tok.isalpha():  # letters are word characters, neither digits nor '_': all of a run
            tok = tok.strip(_PUNCT)
            if not tok.isalpha():
                out += _TOKEN.findall(tok)
                continue
        out.append(tok)
    return out


def detect_language(text: str) -> str | None:
    sample = text[:1200]  # a few sentences decide it; more only costs time
    cyr = len(_CYR.findall(sample))
    if cyr == 0 and not _LAT.search(sample):
        return None
    cyrillic = cyr > 0 and cyr > len(_LAT.findall(sample))
    # Stop words looked up in the token counts, not every token in every language's set: ~20 look-ups a
    # language instead of one per token.
    counts = Counter(_letter_runs(sample.lower()))
    allowed = ("ru", "uk") if cyrillic else tuple(k for k in _STOPSETS if k not in ("ru", "uk"))
    scores = {k: sum(map(counts.get, _STOPSETS[k], repeat(0))) for k in allowed}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return "ru" if cyrillic else None
    return best


def _dateline(text: str) -> tuple[str | None, tuple[int, int] | None, str | None, int | None]:
    """(place, (month, day), agency, year) from the first dateline in the first paragraphs."""
    head = text[:3000]
    m = _DATELINE_DATE.search(head)
    if m:
        year = int(m.group(4)) if m.group(4) else None
        return m.group(1), (_month(m.group(2)), int(m.group(3))), m.group(5) or m.group(6), year
    m = _DATELINE_TITLED.search(head)
    if m:
        year = int(m.group(4)) if m.group(4) else None
        return m.group(1), (_month(m.group(2)), int(m.group(3))), m.group(5), year
    m = _DATELINE_RU.search(head) if _CYR.search(head[:300]) else None
    if m:
        year = int(m.group(4)) if m.group(4) else None
        mon = m.group(3)
        month = _RU_MONTHS.index(mon) + 1 if mon in _RU_MONTHS else _RU_ABBR_MONTH[mon[:3]]
        return m.group(1), (month, int(m.group(2))), m.group(5) or m.group(6), year
    m = _DATELINE_AGENCY.search(head)
    if m:
        return m.group(1), None, m.group(2), None
    return None, None, None, None


_RU_ABBR_MONTH = {a[:3]: i + 1 for i, a in enumerate("янв фев мар апр май июн июл авг сен окт ноя дек".split())}
_RU_ABBR_MONTH["мая"] = 5


def _year_for(raw: str, month: int, day: int) -> int | None:
    """A year only from an explicit date in the raw text that agrees with the dateline."""
    m = _ISO_MARK.match(raw)
    if m and (int(m.group(2)), int(m.group(3))) == (month, day):
        return int(m.group(1))
    for y in _YEAR.finditer(raw):  # years are rare and cheap to find; the date is read back from them
        if y.start() and raw[y.start() - 1].isdigit():
            continue
        iso = _ISO_TAIL.match(raw, y.end())  # '2025-06-12 21:04:15' under a Xinhua headline
        if iso and (int(iso.group(1)), int(iso.group(2))) == (month, day):
            return int(y.group())
        fm = _FULL_DATE.search(raw, max(0, y.start() - 24), y.end())
        if fm is None or fm.end() != y.end():
            # '03.03.2024' (day first, as wherever dots separate a date's parts)
            nm = _NUM_DATE.search(raw, max(0, y.start() - 6), y.end()) if raw[y.start() - 1] == "." else None
            if nm and nm.end() == y.end() and (int(nm.group(2)), int(nm.group(1))) == (month, day):
                return int(y.group())
            continue
        if fm.group(1):
            md = (_month(fm.group(1)), int(fm.group(2)))
        else:
            md = (_month(fm.group(5)), int(fm.group(4)))
        if md == (month, day):
            return int(y.group())
    return None


def _outlet(raw: str, agency: str | None) -> str | None:
    if agency:
        return _norm_outlet(agency)
    m = _FEED_FOOTER.search(raw) or (_SOURCE_FOOTER.search(raw) if "Source:" in raw else None)
    if m:
        return _norm_outlet(m.group(1))
    m = _COPYRIGHT.search(raw)
    while m and raw.startswith(" /", m.end()):  # '© Getty Images / Sean Gallup': a photo's credit, not the outlet's
        m = _COPYRIGHT.search(raw, m.end())
    if m:
        # '© 2024 Springfield Herald. All rights reserved.': the name ends at its sentence's full stop.
        return _norm_outlet(m.group(1).split(". ")[0])
    m = _CAPTION_SUFFIX.search(raw)
    if m:
        return _norm_outlet(m.group(1))
    # The page's masthead: a known outlet alone on the first line ('RT', 'Sputnik International'), before the
    # menu. Only a known name: a first line is more often a menu item or the headline.
    m = _MASTHEAD.match(raw)
    return _norm_outlet(m.group(1)) if m else None


def _html_published(raw: str) -> re.Match[str] | None:
    # lower() stands in for IGNORECASE only where no other letter folds onto an ASCII one (lines.CASE_UNSAFE).
    if L.CASE_UNSAFE.search(raw) is None:
        low = raw.lower()
        if not any(w in low for w in _HTML_PUBLISHED_HINTS):
            return None
    return _HTML_PUBLISHED.search(raw)


def _stamp_under_title(raw: str, title: str | None, text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date line between the headline and the body ('Updated 6:14 AM GMT+1, February 13,
    2024', 'Wed 17 Apr 2024 07.00 BST', 'Stand: 23.02.2024 14:12 Uhr'): the page's date for this article, unlike a
    widget above the headline. Also after a standfirst, before the second paragraph."""
    if not title or not text.startswith(title):
        return None
    start = raw.find(title)
    if start < 0:
        return None
    pos = start + len(title)
    for para in text[len(title) :].lstrip().split("\n\n", 2)[:2]:
        end = raw.find(para[:60], pos) if para else -1
        if end < 0:
            return None
        if found := _date_line(raw[pos:end]):
            return found
        pos = end + len(para[:60])
    return None


def _date_line(block: str) -> tuple[int, int, int] | None:
    for line in block.splitlines():
        line = line.strip()
        if not line or len(line) > 70 or not (L.WIDGET.fullmatch(line) or L.is_meta(line) or L.stamp(line)):
            continue
        if fm := _FULL_DATE.search(line):
            if fm.group(1):
                return int(fm.group(3)), _month(fm.group(1)), int(fm.group(2))
            return int(fm.group(6)), _month(fm.group(5)), int(fm.group(4))
        if (nm := _NUM_DATE.search(line)) and 1 <= int(nm.group(2)) <= 12 and 1 <= int(nm.group(1)) <= 31:
            return int(nm.group(3)), int(nm.group(2)), int(nm.group(1))
    return None


def extract_metadata(raw: str, text: str, title: str | None = None) -> Metadata:
    """raw: the decoded input (page furniture included, footers name outlets); text: the cleaned one; title: its
    headline, if it has one."""
    place, md, agency, year = _dateline(text)
    if place is None and "CNN" in raw and (cnn := _DATELINE_CNN.search(raw, 0, 20000)):
        place, agency = cnn.group(1), "CNN"
    outlet = _outlet(raw, agency)
    published = None
    if md:
        year = year or _year_for(raw, *md)
        if year is None and "<" in raw and (html := _html_published(raw)):
            y, mo, d = (int(g) for g in html.groups() if g is not None)
            year = y if (mo, d) == md else None  # the page's own date, when it is the dateline's day
        published = f"{year:04d}-{md[0]:02d}-{md[1]:02d}" if year else f"--{md[0]:02d}-{md[1]:02d}"
    elif "<" in raw and (html := _html_published(raw)):
        y, mo, d = (int(g) for g in html.groups() if g is not None)
        published = f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
    else:
        iso = _ISO_MARK.match(raw)
        label = _PUBLISHED_LABEL.search(raw) if iso is None else None
        if iso:
            published = "-".join(iso.groups())
        elif label:
            if label.group(1):
                y, mo, d = int(label.group(3)), _month(label.group(1)), int(label.group(2))
            else:
                y, mo, d = int(label.group(6)), _month(label.group(5)), int(label.group(4))
            published = f"{y:04d}-{mo:02d}-{d:02d}"
        elif stamp := _stamp_under_title(raw, title, text):
            published = "{:04d}-{:02d}-{:02d}".format(*stamp)
        elif title and (td := _TITLE_PLACE_DATE.search(title)):
            # A transcript's heading: '... following talks with X, Moscow, November 20, 2024'.
            place = place or td.group(1)
            published = f"{int(td.group(4)):04d}-{_month(td.group(2)):02d}-{int(td.group(3)):02d}"
    cites: list[str] = []
    for a in _AGENCY_ANY.finditer(text):
        if a.start() and text[a.start() - 1].isalnum():
            continue
        if _CUE_BEFORE.search(text, max(0, a.start() - 40), a.start()) or _CUE_AFTER.match(text, a.end()):
            name = _norm_outlet(a.group())
            if name != outlet and name not in cites:
                cites.append(name)
    return Metadata(outlet, place, published, cites, detect_language(text or raw))
