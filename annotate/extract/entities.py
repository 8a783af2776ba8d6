"""Light rule-based entities: names, organisations, places, documents, dates and numbers.

Not NER: capitalised sequences labelled by small gazetteers and suffix rules. Good enough to index
claims by who/what/when and to spot the figures a fact-checker would look up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

from . import places

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# The whole-text scans are written so that the regex engine can skip ahead by a character-class test alone:
# each opens with a character class, or with an alternation whose every branch opens with a literal letter
# (a look-ahead or a nested group in front defeats that: 1.3-2x slower for the same matches). Keywords are
# found first and qualifiers in front of them picked up by a look back.
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATE_WORD = re.compile(
    rf"(?:{_MONTH[3:-1]}|{_WEEKDAYS})\b(?:\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?|\s+\d{{4}}\b)?"
)
_DATE_NUM = re.compile(
    rf"\d(?:\d{{3}}-\d{{2}}-\d{{2}}\b|(?<![\d.,]\d)(?<=[12])(?:(?<=1)[89]|(?<=2)0)\d\ds?\b(?![.,]\d)|"
    rf"\d?\s+{_MONTH}\b(?:\s+\d{{4}}\b)?)"
)
_DATE_BEFORE = re.compile(r"(?:\b(?:in|since|until|by|from|of|last|next|early|late|on)\s+|mid-)$")
# "(?:[$€£₽]\s?\d|\d)..." with the first character taken by one class and told apart by a look back.
_NUMBER = re.compile(
    r"[$€£₽\d](?:(?<=[$€£₽])\s?\d|(?<=\d))(?:[\d,.]*\d)?"
    r"(?:\s?(?:%|percent\b|per cent\b)|\s?(?:million|billion|trillion|thousand|bn|mln)\b"
    r"(?:\s(?:dollars|euros|rubles|roubles|people|troops)\b)?|\s(?:dollars|euros|rubles|roubles|people|troops)\b)?"
)
# A named document ("the Treaty on Open Skies") or a document word qualified in front ("a peace deal"): one
# branch per keyword, each with its own tail, so that every branch opens with a literal letter.
_DOC_NAMED = "Treaty Agreement Accords? Convention Declaration Charter Protocol Pact Memorandum Resolution".split()
_DOC_WORDS = "treaty treaties agreements? declarations? accords? conventions? resolutions? deals?".split()
_DOC_KEY = re.compile(
    "|".join(rf"{w}\b(?!\s+Organi[sz]ation)(?:\s+on\s+(?:[A-Z][\w-]+\s?){{1,4}})?" for w in _DOC_NAMED)
    + "|"
    + "|".join(rf"{w}\b" for w in _DOC_WORDS)
)
_DOC_TITLE_BEFORE = re.compile(r"(?:\b[A-Z][\w-]+\s+){1,5}$")
_DOC_QUAL_BEFORE = re.compile(
    r"\b(?:draft|proposed|peace|security|joint|political|legally binding|bilateral|multilateral|the|a)\s+$"
)
# "[A-Z][a-zA-Z'’-]+|[A-Z]{2,}[a-z]?" with the capital factored out: a pattern that opens with a character class
# is scanned by the engine's class test alone (40% faster than the look-ahead, same matches).
_CAPS = re.compile(
    r"[A-Z](?:[a-zA-Z'’-]+|[A-Z]+[a-z]?)(?:[ \t]+(?:(?:of|for|and|the|de|von|van|der|al|bin|on|in)[ \t]+)?"
    r"(?:[A-Z][a-zA-Z'’-]+|[A-Z]{2,}))*"
)

_WORDPOS = re.compile(r"\S+")
_ORG_WORDS = frozenset(
    "Organization Organisation Council Ministry Foundation Alliance Union Party Committee Agency Bank "
    "Company Corporation Corp Inc Ltd Group Mission Commission Parliament Assembly Army Navy Forces "
    "Court Institute University Association Service Office Department Government Kremlin Duma Senate "
    "Congress Cabinet Embassy Federation Fund Board Bureau Authority Police Guard Command Secretariat "
    "Center Centre Club League Network Times Post News Radio Television TV Agency Media".split()
)
_ORG_ACRONYMS = frozenset(
    "NATO OSCE UN EU UNESCO WHO IMF WTO OPEC CIA FBI KGB FSB SVR GRU TASS RIA AP AFP BBC CNN RT G7 G20 "
    "BRICS CSTO SCO ASEAN IAEA OECD ICC".split()
)
_PLACES = frozenset(
    "Russia Moscow Berlin Germany Europe America US USA UK Britain London Paris France Washington China "
    "Beijing Ukraine Kiev Kyiv Syria Damascus Iraq Iran Israel Turkey Istanbul Ankara Japan Tokyo India "
    "Poland Warsaw Minsk Belarus Montenegro Podgorica Brussels Belgium Italy Rome Spain Madrid Georgia "
    "Armenia Azerbaijan Kazakhstan Crimea Donbas Donbass Geneva Vienna Austria Switzerland Sweden Finland "
    "Norway Denmark Estonia Latvia Lithuania Bangkok Thailand Korea Seoul Pyongyang Africa Asia "
    "Canada Mexico Brazil Venezuela Cuba Egypt Libya Afghanistan Pakistan Serbia Belgrade Hungary "
    "Budapest Romania Bulgaria Greece Athens Netherlands Amsterdam Vatican Kremlin".split()
) | (places.SINGLE_WORD - places.PERSONAL_NAMES)
_PLACE_PHRASES = (
    frozenset(
        "North America|South America|Latin America|Middle East|Soviet Union|United States|United Kingdom|"
        "South Korea|North Korea|Euro-Atlantic".split("|")
    )
    | places.PHRASES
)
_TITLES = frozenset(
    "President Minister Foreign Prime Defense Defence Secretary General Gen Chancellor Ambassador Envoy "
    "Special Spokesman Spokeswoman Spokesperson Deputy Chairman Chief Director Senator Sen Rep Governor "
    "Mayor Mr Mrs Ms Dr Prof King Queen Prince Pope Colonel Lt Major Captain Admiral FM UN US Russian "
    "Russia's French German American British Ukrainian Chinese Western Permanent Representative "
    "Commander Head Leader Speaker Vice First Acting Former Ex Press".split()
)
_SKIP = frozenset(
    "The A An It He She They We I You This That These Those There Here His Her Their Its Our My In On At "
    "But And Or So Yet However Meanwhile Moreover Also According After Before When While If As For Since "
    "Some Many Most All One What Who Why How Where Such Quite Read More Share Photo".split()
)


@dataclass
class Span:
    text: str
    label: str
    start: int
    end: int


def _bare(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _label_word(w: str, surnames: set[str]) -> str | None:
    """The label of a one-word sequence (most of them): _label_caps([w]) without building a phrase."""
    if w in _PLACE_PHRASES:  # 'Euro-Atlantic'
        return "PLACE"
    if w in _ORG_WORDS or w in _ORG_ACRONYMS:
        return "ORG"
    if w in _PLACES or w.title() in _PLACES:
        return "PLACE"
    if w in surnames:
        return "PERSON"
    if w.isupper() and 2 <= len(w) <= 6:
        return "ORG"
    return None


def _label_caps(words: list[str], surnames: set[str]) -> tuple[str, int] | None:
    """(label, number of leading words to drop) for a capitalised sequence."""
    if len(words) == 1:
        label = _label_word(words[0], surnames)
        return None if label is None else (label, 0)
    phrase = " ".join(words)
    if phrase in _PLACE_PHRASES:
        return "PLACE", 0
    if len(words) > 8 or (len(words) > 5 and words[0] not in _ORG_WORDS and words[-1] not in _ORG_WORDS):
        return None  # a Title Case headline, not a name
    if words[-1] in _ORG_WORDS or words[0] in _ORG_WORDS or any(w in _ORG_ACRONYMS for w in words):
        return "ORG", 0
    # Drop titles in front of a name: "Russia's FM Sergei Lavrov" -> "Sergei Lavrov".
    k = 0
    while k < len(words) - 1 and (_bare(words[k]) in _TITLES or _bare(words[k]) in _PLACES):
        k += 1
    name = words[k:]
    if all(w in _PLACES for w in name):
        return "PLACE", k
    if any(w in ("of", "for", "the", "and", "on", "in") for w in name):
        return "ORG", k
    if 1 <= len(name) <= 4 and all(w[0].isupper() and not w.isupper() for w in name):
        return "PERSON", k
    return "OTHER", k


def _split_and(words: list[tuple[int, int]], text: str) -> list[list[tuple[int, int]]]:
    """'NATO and Russia' is two entities; 'Organization for Security and Cooperation' is one:
    split only after a word that is a complete entity on its own."""
    out: list[list[tuple[int, int]]] = [[]]
    for i, (a, b) in enumerate(words):
        t = text[a:b]
        prev = text[words[i - 1][0] : words[i - 1][1]] if i else ""
        if t == "and" and (prev in _ORG_ACRONYMS or _bare(prev) in _PLACES):
            out.append([])
        elif not out[-1] and t in ("and", "the", "of", "for", "on", "in"):
            continue
        else:
            out[-1].append((a, b))
    return [p for p in out if p]


def find_entities(text: str) -> list[Span]:
    """All entities of text, sorted by start, non-overlapping (documents and dates win)."""
    return [Span(text[s:e], label, s, e) for s, e, label in entity_spans(text)]


def entity_spans(text: str) -> list[tuple[int, int, str]]:
    """find_entities as (start, end, label): what the pipeline reads, without an object per entity."""
    found: list[tuple[int, int, str]] = []
    taken = bytearray(len(text) + 1)  # 1 where an entity already sits: O(1) overlap checks

    def add(start: int, end: int, label: str) -> None:
        if taken.find(1, start, end) >= 0:
            return
        taken[start:end] = b"\x01" * (end - start)
        found.append((start, end, label))

    for m in _DOC_KEY.finditer(text):
        start = m.start()
        before = text[max(0, start - 60) : start]
        b = (_DOC_TITLE_BEFORE if text[start].isupper() else _DOC_QUAL_BEFORE).search(before)
        if b is not None:
            start -= len(before) - b.start()
        elif text[start].islower():
            continue  # a bare "agreement" is a word, not a document
        add(start, start + len(text[start : m.end()].rstrip()), "DOCUMENT")
    for m in _DATE_WORD.finditer(text):
        start = m.start()
        if start and text[start - 1].isalpha():
            continue
        b = _DATE_BEFORE.search(text, max(0, start - 8), start)
        add(b.start() if b else start, m.end(), "DATE")
    for m in _DATE_NUM.finditer(text):
        add(m.start(), m.end(), "DATE")
    # Capitalised sequences minus sentence-initial function words: single words (most of them) kept apart, as
    # (start, end, word), from longer ones, as (word positions, words). Sequences never overlap one another, so
    # the order they are added in changes nothing: only documents and dates, added before, can block them.
    singles: list[tuple[int, int, str]] = []
    multis: list[tuple[list[tuple[int, int]], tuple[str, ...]]] = []
    for m in _CAPS.finditer(text):
        g = m.group()
        if " " not in g and "\t" not in g:  # the common case: one word
            if g in _SKIP:
                continue
            start, end = m.span()
            if g.endswith(("'s", "’s")):
                end -= 2
                g = g[:-2]
            singles.append((start, end, g))
            continue
        words = [(w.start(), w.end()) for w in _WORDPOS.finditer(text, m.start(), m.end())]
        while words and text[words[0][0] : words[0][1]] in _SKIP:
            words.pop(0)
        if words and text[words[-1][1] - 2 : words[-1][1]] in ("'s", "’s"):
            words[-1] = (words[-1][0], words[-1][1] - 2)
        if not words:
            continue
        for part in _split_and(words, text) if " and " in g else [words]:
            if len(part) == 1:
                singles.append((part[0][0], part[0][1], text[part[0][0] : part[0][1]]))
            else:
                multis.append((part, tuple([text[a:b] for a, b in part])))
    # Full names first, so that a bare surname anywhere in the text ("Lavrov said") is known.
    surnames: set[str] = set()
    memo: dict[tuple[str, ...], tuple[str, int] | None] = {}
    for _, key in multis:
        if key not in memo:
            res = memo[key] = _label_caps(list(key), surnames)
            if res is not None and res[0] == "PERSON" and len(key) - res[1] > 1:
                surnames.add(key[-1])
    for words, key in multis:
        res = memo[key]
        if res is None:
            continue
        label, drop = res
        if label == "PERSON" and len(words) - drop == 1 and key[-1] not in surnames:
            continue
        add(words[drop][0], words[-1][1], label)
    # A single word is a PERSON only when it is a known surname: then it passes the test above by itself.
    word_label: dict[str, str | None] = {}
    for start, end, w in singles:
        if w in word_label:
            label = word_label[w]
        else:
            label = word_label[w] = _label_word(w, surnames)
        if label is not None:
            add(start, end, label)
    for m in _NUMBER.finditer(text):
        add(m.start(), m.end(), "NUMBER")
    found.sort(key=itemgetter(0))
    return found
