"""Role nominals: 'the FBI director', 'the Massachusetts senator', 'the former secretary of state' -> the person
the article introduced with that role.

News copy names a person once with a role and then goes on with the role alone. The role is introduced
- before the name, as a title: 'FBI Director James Comey', 'Sen. Elizabeth Warren (D-Mass.)'
- in an appositive: 'Hillary Clinton, the former secretary of state,' / 'the Republican nominee, Donald Trump,'
- in a copular clause: 'Donald Trump became the Republican presidential candidate'

A role's qualifiers must fit the person: 'the Ohio governor' is not the New Jersey governor named last, and a
'(R-Fla.)' note is Florida. An indefinite 'a Treasury official' introduces someone new: it names no one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .cues import DETERMINERS, ROLE_SYNONYMS
from .places import COUNTRY_OF

# AP-style state abbreviations in party-state notes ('Sen. Marco Rubio (R-Fla.)') and their states.
_STATES = {
    "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california", "cal": "california",
    "colo": "colorado", "conn": "connecticut", "del": "delaware", "fla": "florida", "ga": "georgia",
    "ill": "illinois", "ind": "indiana", "kan": "kansas", "kans": "kansas", "ky": "kentucky", "la": "louisiana",
    "md": "maryland", "mass": "massachusetts", "mich": "michigan", "minn": "minnesota", "miss": "mississippi",
    "mo": "missouri", "mont": "montana", "neb": "nebraska", "nev": "nevada", "n.h": "new hampshire",
    "n.j": "new jersey", "n.m": "new mexico", "n.y": "new york", "n.c": "north carolina", "n.d": "north dakota",
    "okla": "oklahoma", "ore": "oregon", "pa": "pennsylvania", "r.i": "rhode island", "s.c": "south carolina",
    "s.d": "south dakota", "tenn": "tennessee", "tex": "texas", "vt": "vermont", "va": "virginia",
    "wash": "washington", "w.va": "west virginia", "wis": "wisconsin", "wyo": "wyoming",
}  # fmt: skip
_PARTIES = {"r": "republican", "gop": "republican", "republican": "republican", "d": "democratic",
            "democrat": "democratic", "democratic": "democratic", "i": "independent", "libertarian": "libertarian",
            "green": "green"}  # fmt: skip
# Synonyms that only modify a role ('presidential'): no introduction is looked for at them.
_MODIFIER_SYNONYMS = frozenset("presidential press foreign".split())
# An appositive role ends at its head: 'Clinton, the former secretary of state,', not 'Ivanka Trump, the nominee's
# daughter' (a possessive) or a title right before a name.
_ROLE_END = re.compile(r"(?!['’]s\b|\s+[A-Z]|-\w)")
NOTE = re.compile(r"\s*\(([RDI])-([A-Z][\w.]*?)\.?\)")
_INDEFINITE = frozenset("a an another one".split())
# Qualifiers that tell two holders of one role apart; other words ('top', 'freshman') only describe.
_TIME = frozenset("former ex then".split())
_RANK = frozenset("deputy vice assistant".split())


def is_state_abbreviation(word: str) -> bool:
    """'Calif.', 'N.H.', 'Pa.': an AP state abbreviation, which follows a town ('Carson, Calif.,'), never a source."""
    return word.endswith(".") and word[:-1].lower() in _STATES


def note_titles(text: str, end: int) -> list[str]:
    """'(R-Fla.)' after a name: ['republican', 'florida']."""
    m = NOTE.match(text, end, end + 16)
    if m is None:
        return []
    state = m.group(2).lower()
    return [_PARTIES[m.group(1).lower()], _STATES.get(state, state)]


def party_of(titles: set[str]) -> set[str]:
    """The parties among a person's lowercase titles: {'gop'} -> {'republican'}."""
    return {_PARTIES[w] for w in titles if w in _PARTIES and len(w) > 1}


def _places(words: list[str], places: frozenset[str]) -> set[str]:
    """Place names among lowercase words, 'new jersey' as one. Titles are a set, so a two-word place is looked for
    in either order of its words."""
    out = {w for w in words if w in places}
    if len(words) > 1:
        pairs = {f"{a} {b}" for a in words for b in words if a != b}
        out |= pairs & places
    return out


def _countries(words: list[str]) -> set[str]:
    """The countries that nationality adjectives among lowercase words name: 'egyptian' -> 'egypt'."""
    return {COUNTRY_OF[w] for w in words if w in COUNTRY_OF}


_LINKING = frozenset("of the and for".split())


def acronyms(words: list[str]) -> set[str]:
    """Lowercase initials of the runs of 2-5 capitalised words, linking words skipped inside a run:
    'World Health Organization' -> 'who', 'Federal Bureau of Investigation' -> 'fbi', so 'the WHO chief'
    fits 'the head of the World Health Organization'. `words` keep the text's case."""
    out: set[str] = set()
    run: list[str] = []
    for w in [*words, "."]:
        if w[:1].isupper():
            run.append(w[0].lower())
            continue
        if w.lower() in _LINKING and run:
            continue
        out |= {"".join(run[i : i + n]) for n in range(2, 6) for i in range(len(run) - n + 1)}
        run = []
    return out


class Role:
    """A role mention read once: its head's synonyms and the qualifiers a holder must fit."""

    def __init__(self, head: str, low: list[str], places: frozenset[str], generic: frozenset[str]) -> None:
        self.head = head
        self.synonyms = ROLE_SYNONYMS.get(head, {head}) | {head}
        words = [w.strip(".,'’") for w in low]
        words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
        self.indefinite = bool(words) and words[0] in _INDEFINITE
        self.places = _places(words, places) | _countries(words)
        self.parties = {_PARTIES[w] for w in words if w in _PARTIES and len(w) > 1}
        self.former = bool(_TIME & set(words))
        # Generic title words ('foreign', 'top', 'deputy') describe; a name-like qualifier ('FBI') must fit.
        skip = DETERMINERS | self.synonyms | _TIME | generic | {"of", "the", "and", "new", "senior"}
        place_words = {p for name in self.places for p in name.split()}
        self.others = {
            w for w in words if w not in skip and w not in place_words and w not in _PARTIES and w not in COUNTRY_OF
        }
        self.others |= _RANK & set(words)  # 'the deputy minister' is not the prime minister

    def fits(self, titles: set[str], places: frozenset[str], strict: bool) -> bool:
        """Does a person with these (lowercase) titles hold this role? strict: every qualifier is among them;
        else none of them contradicts one (a Florida senator is not the Vermont one)."""
        if not titles & self.synonyms:
            return False
        words = [t.strip(".,") for t in titles]
        words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
        theirs = _places(words, places) | _countries(words) | {t for t in words if " " in t}
        parties = party_of(set(words))
        if self.places and theirs & places and not self.places & theirs:
            return False
        if self.parties and parties and not self.parties & parties:
            return False
        if not strict:
            return True
        have = set(words)
        return (
            self.places <= theirs
            and self.parties <= parties
            and (not self.former or bool(_TIME & have))
            and self.others <= have
        )


# Words that may stand between a determiner and a role word: modifiers, no preposition or verb ('Trump, a critic
# of the senator' does not make Trump the senator).
_MOD = r"(?:(?!(?:of|to|for|with|by|in|on|at|from|and|or|that|who|which|said|says|told)\s)[\w'’.-]+\s+)"
# The name a role is introduced with, left of the role: 'Clinton, the former', 'Trump became the'.
_LEFT = re.compile(
    r"((?:[A-Z][\w'’-]*\.?\s+){0,3}[A-Z][\w'’-]*\w)(?:\s+\([^()]{1,12}\))?"
    r"(?:,\s+(?:who\s+(?:is|was|has\s+been)\s+)?|\s+(?:is|was|became|has\s+been|would\s+become)\s+)"
    rf"(?:(?:the|a|an)\s+)?({_MOD}{{0,5}})$"
)
# ... or right of it: 'Director James Comey', 'the Republican nominee, Donald Trump,', 'the head of the WHO, Tedros'.
_RIGHT = re.compile(r"(\s+of\s+(?:the\s+)?(?:[A-Za-z][\w'’.-]*\s+){0,4}?[A-Za-z][\w'’.-]*)?(,?)\s+(?=[A-Z])")
# ... or, after a longer 'of' phrase of capitalised words, in an appositive: 'the head of the World Health
# Organization, Tedros' (the pattern above stops at the first capital: 'of the World').
_RIGHT_OF = re.compile(r"(\s+of\s+[^,;.()]{1,60}?)(,)\s+(?=[A-Z])")
_OF = re.compile(r"\s+of\s+[^,;.()]{1,60}?(?=[,;.()])")
_BEFORE = re.compile(rf"{_MOD}{{0,5}}$")


def introductions(text: str, role: Role, pos: int, window: int = 20000) -> Iterator[tuple[int, int, int, list[str]]]:
    """(start, end, which) of the text that holds the name (its first or last name run) and the role's words (as
    the text writes them), for every place before pos where the text gives someone this role, latest first (a
    dozen role words at most)."""
    lo = max(0, pos - window)
    names = sorted(role.synonyms - _MODIFIER_SYNONYMS, key=len, reverse=True)
    words = "|".join(re.escape(w.rstrip(".")) for w in names)
    hits = list(re.finditer(rf"\b(?:{words})\b\.?", text[lo:pos], re.IGNORECASE))
    for m in reversed(hits[-12:]):
        s, e = lo + m.start(), lo + m.end()
        if text[e - 1] == "." and m.group().lower() not in role.synonyms:
            e -= 1  # 'the EU's trade commissioner. The ...': a full stop, not an abbreviation's
        right = _RIGHT.match(text, e, min(pos, e + 100))
        if right and right.group(1) and not right.group(2):
            right = _RIGHT_OF.match(text, e, min(pos, e + 100)) or right
        if right and (right.group(2) or not right.group(1)):
            # 'Director James Comey' (a title) or 'the nominee, Donald Trump,' (an appositive): the name follows.
            mods = _BEFORE.search(text, max(0, s - 60), s)
            role_words = (mods.group() if mods else "").split() + text[s : right.start(2)].split()
            yield right.end(), min(pos, right.end() + 60), 0, role_words
            continue
        left = _LEFT.search(text, max(0, s - 100), s)
        if left:
            of = _OF.match(text, e, min(len(text), e + 80))  # 'Clinton, the former secretary of state,'
            if not _ROLE_END.match(text, of.end() if of else e):
                continue
            words = left.group(2) + text[s : of.end() if of else e]
            yield left.start(1), left.end(1), -1, words.split()
