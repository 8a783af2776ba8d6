"""Text normal form for matching: what two outlets' renderings of one sentence have in common.

Outlets differ in quotes, dashes, accents, case and attribution frames ("X said", "according to X"); none of
that changes what is claimed, so it is folded away. Negation is kept as a word ("don't" -> "do not") because
"will attack" and "will not attack" must not look alike.
"""

from __future__ import annotations

import re
import unicodedata

# Function words and attribution verbs: they carry no assertion, and rare-word candidate lookup ignores them.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself now of off on once
    only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves us upon via per one ones
    said says say saying told tells tell added adding stated stating noted according asserted stressed
    explained claimed declared insisted recalled reiterated mr mrs ms dr
    """.split()
)
NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nothing", "nobody", "without", "cannot"})

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_NEGATED_CONTRACTION = re.compile(
    r"\b(can|won|don|doesn|didn|isn|aren|wasn|weren|hasn|haven|hadn|shouldn|wouldn|"
    r"couldn|mustn|needn|ain)'t\b"
)
_CONTRACTION_BASE = {"can": "can", "won": "will", "ain": "is"}
# Keep digits joined across "1,000" and "3.5"; everything else that is not a letter or digit separates words.
_NUMBER_SEPARATOR = re.compile(r"(?<=\d)[,.](?=\d)")
_NON_WORD = re.compile(r"[^\w]+")
_WORD = re.compile(r"\w+")


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _expand_negation(match: re.Match[str]) -> str:
    base = match.group(1)
    return f"{_CONTRACTION_BASE.get(base, base[:-1] if base.endswith('n') else base)} not"


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces; numbers keep their digits ("1,000" -> "1000")."""
    text = _strip_accents(unicodedata.normalize("NFKC", text).translate(_TRANSLATE)).casefold()
    text = _NEGATED_CONTRACTION.sub(_expand_negation, text)
    text = text.replace("'s ", " ").replace("'", " ")
    text = _NUMBER_SEPARATOR.sub("", text)
    return _NON_WORD.sub(" ", text).replace("_", " ").strip()


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet 'guarantees'/'guarantee', 'promised'/'promises'."""
    if word.isdigit() or len(word) <= 4:
        return word
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ches", "shes", "sses", "xes", "zes")):
                continue
            return word[: -len(suffix)] + keep
    return word


def words(norm: str) -> list[str]:
    return _WORD.findall(norm)


def content_terms(norm: str) -> list[str]:
    """Stemmed words that carry the assertion, in order (duplicates kept for the fuzzy scorers)."""
    return [stem(w) for w in words(norm) if w not in STOPWORDS and w not in NEGATIONS and (len(w) > 2 or w.isdigit())]


def negation_count(norm: str) -> int:
    return sum(1 for w in words(norm) if w in NEGATIONS)
