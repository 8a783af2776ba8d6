"""Where two renderings of one claim disagree: a year, a number, a named person or organisation.

A value only one side mentions is extra detail, not disagreement; a pair is flagged when each side has a value
of the same kind that the other lacks ("as far back in 2009" against "in 2008, I believe").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from annotate.matching.normalize import STOPWORDS

_YEAR = re.compile(r"(?<![\d,.])(1[6-9]\d\d|20\d\d)s?(?![\d,.]*\d)")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:%|percent|per cent))?(?!\w)")
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "dozen": "12"})
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_SCALED = re.compile(r"(\d+(?:\.\d+)?)\s+(thousand|million|billion|trillion)\b", re.IGNORECASE)
# Capitalised runs: "Sergey Lavrov", "Russia-NATO Council". The extractor's labelled entities are preferred.
_CAPS = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+the\s+|of\s+)?[A-Z][\w'’.-]*)*")
_ENTITY_LABELS = {"PERSON", "ORG", "PLACE"}
_COMMON_WORD = re.compile(
    r"^(?:the|a|an|this|that|these|those|it|we|they|he|she|i|but|and)$|"
    r"(?:ment|tion|sion|ness|ity|ing|ed|ly|ance|ence|ism|ist|ful|ous|ive|al|ic)s?$"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"'“‘(\s]*$")
# Words capitalised for reasons other than naming (sentence starts, titles, months): never entities alone.
_NOT_NAMES = STOPWORDS | frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday president minister foreign prime sen rep gov however meanwhile "
    "moreover".split()
)


@dataclass(frozen=True)
class Values:
    years: frozenset[str]
    numbers: frozenset[str]
    entities: frozenset[str]
    aliases: frozenset[str] = frozenset()  # entities plus acronyms of long names: "osce" for the full title


@dataclass(frozen=True)
class Difference:
    kind: str  # "year" | "number" | "entity"
    a: tuple[str, ...]
    b: tuple[str, ...]


def _plain(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.6g}"


def _canonical_number(digits: str, unit: str | None = None) -> str:
    return _plain(float(digits.replace(",", ""))) + ("%" if unit and unit.strip() else "")


def numbers_in(text: str) -> set[str]:
    years = {m.group(0) for m in _YEAR.finditer(text)}
    out: set[str] = set()
    scaled_spans = []
    for m in _SCALED.finditer(text):
        out.add(_plain(float(m.group(1)) * _SCALE[m.group(2).lower()]))
        scaled_spans.append(m.span(1))
    for m in _NUMBER.finditer(text):
        if m.group(1) in years or any(s <= m.start() < e for s, e in scaled_spans):
            continue
        out.add(_canonical_number(m.group(1), m.group(2)))
    for m in _NUMBER_WORD.finditer(text):
        out.add(_NUMBER_WORDS[m.group(1).lower()])
    return out


def years_in(text: str) -> set[str]:
    return {m.group(1) for m in _YEAR.finditer(text)}


def _entity_key(name: str) -> str:
    words = [w for w in re.findall(r"[\w'’-]+", name.casefold()) if w not in _NOT_NAMES]
    # "Sergei Lavrov", "Sergey Lavrov", "Lavrov": the surname is what outlets agree on.
    return words[-1].rstrip("'’s") if words else ""


def _acronym(name: str) -> str:
    capitals = [w[0] for w in name.split() if w[:1].isupper()]
    return "".join(capitals).casefold() if len(capitals) >= 2 else ""


def _names(text: str, labelled: Iterable[dict] | None) -> list[str]:
    if labelled:
        return [e.get("text", "") for e in labelled if e.get("label") in _ENTITY_LABELS]
    # Without the extractor's labels, a lone capitalised common word opening a sentence is no name.
    return [
        m.group(0)
        for m in _CAPS.finditer(text)
        if " " in m.group(0)
        or not _SENTENCE_START.search(text[: m.start()])
        or not _COMMON_WORD.search(m.group(0).casefold())
    ]


def entities_in(text: str, labelled: Iterable[dict] | None = None) -> set[str]:
    return {key for key in map(_entity_key, _names(text, labelled)) if len(key) > 2 and not key.isdigit()}


def values(text: str, *, entities: Iterable[dict] | None = None, speaker: str | None = None) -> Values:
    names = _names(text, entities) + ([speaker] if speaker else [])
    found = {key for key in map(_entity_key, names) if len(key) > 2 and not key.isdigit()}
    aliases = found | {a for a in map(_acronym, names) if a}
    return Values(frozenset(years_in(text)), frozenset(numbers_in(text)), frozenset(found), frozenset(aliases))


def differences(a: Values, b: Values, *, compare_entities: bool = True) -> list[Difference]:
    """Kinds of value on which `a` and `b` each say something the other does not."""
    out = []
    kinds = [("year", a.years, b.years), ("number", a.numbers, b.numbers)]
    if compare_entities:
        kinds.append(("entity", a.entities, b.entities))
    for kind, left, right in kinds:
        if kind == "entity":
            only_a, only_b = left - (b.aliases | right), right - (a.aliases | left)
        else:
            only_a, only_b = left - right, right - left
        if only_a and only_b:
            out.append(Difference(kind, tuple(sorted(only_a)), tuple(sorted(only_b))))
    return out
