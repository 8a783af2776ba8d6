"""Speaker resolution: the literal source span ("he", "the minister", "Lavrov") -> the name the article gives.

An `EntityMemory` is built once per article from its capitalised name runs (one regex pass): full person
names with the titles written around them ("Russian Foreign Minister Sergei Lavrov" -> name "Sergei
Lavrov", titles {russian, foreign, minister}), organisations, and a surname -> full-name map so that a
bare "Lavrov" (even in a headline above the first full mention) resolves to "Sergei Lavrov". While the
attributions are found in reading order, each resolved speaker is pushed onto the memory, so pronouns
and role nominals pick the most recent compatible speaker, the way a reader does.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from . import places
from .cues import DETERMINERS, ORG_HEADS, ROLE_HEADS, ROLE_SYNONYMS
from .firms import COMPANY_NOUNS, GENERIC, firm_context, firm_name, is_business
from .roles import Role, acronyms, introductions, note_titles, party_of

# A capitalised run: names joined by spaces, inner connectors ("Secretary of State John Kerry",
# "Mission to the North Atlantic Treaty Organization"), initials ("George W. Bush") and a trailing
# parenthesised acronym ("(NATO)").
# A period only inside initials and abbreviations: "Trump. Republicans" is two sentences, not one name.
_ABBREVS = "Mr Mrs Ms Dr Sen Sens Rep Reps Gov Gen Lt Col Sgt Capt Adm Rev Prof St Jr Sr".split()
_NAME_TOKEN = rf"(?:(?:{'|'.join(_ABBREVS)})\.|(?:[A-Z]\.)+|[A-Z][\w'’-]*\w|[A-Z])"
# The run's first token, the same alternatives with the capital taken by one class, told apart by a look back, and
# '\b' as a look back after it: a pattern that opens with a class is scanned by the engine's class test alone
# (25% faster over a whole article than the look-ahead '(?=[A-Z])\b', same matches).
_TAILS = {c: [a[1:] for a in _ABBREVS if a[0] == c] for c in dict.fromkeys(a[0] for a in _ABBREVS)}
_FIRST_TOKEN = (
    r"[A-Z](?<!\w.)(?:(?:" + "|".join(rf"(?<={c})(?:{'|'.join(t)})" for c, t in _TAILS.items()) + r")\."
    r"|\.(?:[A-Z]\.)*|[\w'’-]*\w|)"
)
# 'Committee on Foreign Relations' is one name; 'Fumio Kishida on Friday' is a name and a day.
_WHEN = (
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|September|"
    r"October|November|December"
)
RUN = re.compile(
    rf"{_FIRST_TOKEN}(?:[ \t]+(?:(?:of|for|to|the|and|&|de|da|del|von|van|der|al|bin|on(?![ \t]+(?:{_WHEN})\b))"
    rf"[ \t]+)*{_NAME_TOKEN})*"
    r"(?:[ \t]+\([A-Z]{2,}\))?"
)
# A role set off by a comma right before a name: 'The bloc's foreign policy chief, ' / 'the head of the WHO, '.
_APPOSITIVE_ROLE = re.compile(r"(?:\bthe|\b[A-Z][\w.]*['’]s)\s+([^,.;:\"“”()]{2,70}?),\s*$", re.IGNORECASE)
# What 'the agency' / 'the bureau' / 'the bank' may call back besides a name with the word itself: 'The World
# Health Organization said ... The agency said', 'the National Bureau of Statistics ... according to the bureau'.
_PUBLIC_BODY = ("agency", "organization", "organisation", "bureau", "administration", "authority")
# What a news organisation is called back as ('Politico reported ... According to the outlet, ...').
_MEDIA_NOUNS = frozenset(
    "outlet newspaper paper publication daily website site magazine broadcaster channel network tabloid weekly "
    "media".split()
)
_MEDIA_WORDS = frozenset(
    "times post news journal tribune herald daily gazette telegraph guardian magazine radio tv television "
    "politico axios reuters bloomberg ap afp tass ria sputnik interfax izvestia kommersant vedomosti cnn bbc nbc "
    "abc cbs fox msnbc npr pbs xinhua kyodo yonhap anadolu euronews rt dpa efe ansa pravda inquirer economist "
    "observer independent mirror express sun mail spiegel bild monde figaro standard chronicle globe".split()
)


def is_news_outlet(name: str) -> bool:
    """'Politico', 'The Wall Street Journal', 'RIA Novosti': an organisation that publishes news."""
    words = name.lower().replace("-", " ").split()
    return bool(words) and (words[-1] in _MEDIA_WORDS or words[0] in _MEDIA_WORDS)


_KIN = {w: _PUBLIC_BODY for w in _PUBLIC_BODY} | {"bank": ("bank",), "regulator": ("authority", "commission")}
_PAREN_NOTE = re.compile(r"\s*\((?:[^()]*[a-z-][^()]*|[DRI])\)")  # '(D-N.Y.)', '(R-Utah)', '(D)', but not '(NATO)'
_PARTY = frozenset("GOP DEMOCRATIC REPUBLICAN DEMOCRAT LIBERTARIAN GREEN".split())  # 'the GOP nominee'
_CONNECT = frozenset("of to for and on".split())
_HONORIFICS = frozenset("mr mrs ms miss dr sen rep gov".split())
_PARTY_STATE = re.compile(r"^\(?[RDI]-[A-Z][\w.]*\)?,?$")  # "(R-Fla.)", "D-N.Y.": not part of a name
_POSS = re.compile(r"(?:'s|’s|'|’)$")
# The head of a foreign ministry, by its other names: a country's top diplomat.
_DATA_NOUNS = frozenset("data figures statistics numbers estimates records".split())
_DATA_QUALIFIERS = frozenset("official government new latest recent federal national provisional preliminary".split())
# 'the head of the Federal Aviation Administration': whoever leads the organisation the phrase names.
_HEAD_OF = re.compile(
    r"(?i)(?:the\s+)?(?:new\s+|acting\s+)?(?:head|chief|director|leader|chairman|chairwoman|chair|boss)\s+of\s"
)
_CHIEF_TITLES = frozenset(
    "administrator director director-general chief head chairman chairwoman chair president ceo secretary-general "
    "commissioner leader governor".split()
)
_FOREIGN_SERVICE_HEAD = re.compile(
    r"\b(head|chief|leader)\s+of\s+(?:the\s+)?([A-Z][\w'’]*\s+)?"
    r"(?i:diplomatic\s+(?:department|service)|foreign\s+(?:ministry|office|affairs\s+ministry|service)"
    r"|ministry\s+of\s+foreign\s+affairs)\b"
)
_WHERE = re.compile(r"\s(?:in|at|on|during|after|before|with|from|via|through)\s")

# Capitalised words that are not names: sentence openers, pronouns, months, titles.
_NOT_NAME = frozenset(
    "the a an it he she they we i you this that these those there here his her their its our my in on at but "
    "and or so yet however meanwhile moreover also according after before when while if as for since some "
    "many most all one what who why how where such quite read more share photo asked said says mr mrs ms "
    "miss dr sir madam did does do is was has have had will would can could should hold "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december then now today not no yes ah oh well two three four "
    "five six seven eight nine ten dozens hundreds thousands several both each every another other few furthermore "
    "indeed instead nonetheless nevertheless still back having continuing following speaking addressing responding "
    "exclusive breaking update analysis opinion editorial factcheck watch video photos live inside outside "
    "regardless ever polling protest hastily just only nearly almost about roughly".split()
)
TITLES = frozenset(
    "president minister foreign prime defense defence secretary general gen gen. chancellor ambassador envoy "
    "special spokesman spokeswoman spokesperson deputy chairman chairwoman chief director senator sen sen. "
    "rep rep. gov gov. governor mayor mr mr. mrs mrs. ms ms. dr dr. prof prof. king queen prince pope colonel "
    "lt major captain admiral fm permanent representative commander head leader speaker vice first acting "
    "former ex press state republican democratic democrat presidential candidate nominee sheriff judge justice "
    "attorney rev rev. gop u.s. us top white house minority majority national security adviser advisor "
    "manager campaign chair co-chair executive ceo founder house senate sens. reps. lady libertarian premier "
    "administrator commissioner councilman councilwoman councillor lieutenant sergeant inspector superintendent "
    "marshal".split()
)
DEMONYMS = frozenset(
    "russian russia's russia’s american british french german ukrainian chinese western us u.s. american's "
    "israeli iranian syrian turkish european japanese indian canadian mexican polish italian spanish".split()
)
_ORG_WORDS = frozenset(
    "organization organisation council ministry foundation alliance union party committee agency bank company "
    "corporation corp inc ltd group mission commission parliament assembly army navy forces court institute "
    "university association service office department government kremlin duma senate congress cabinet embassy "
    "federation fund board bureau authority police guard command secretariat center centre club league network "
    "times post news radio television tv media journal press tribune herald daily reuters tass sputnik "
    "campaign administration house pac poll survey review magazine gazette telegraph guardian "
    "nato osce un eu imf who fbi cia cnn bbc ap afp nbc abc cbs fox msnbc gop dnc rnc".split()
)
PLACES = frozenset(
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho "
    "Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota "
    "Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah "
    "Vermont Virginia Washington Wisconsin Wyoming America Russia Moscow China Beijing Iran Iraq Syria Israel "
    "Ukraine Europe Britain London Paris France Germany Berlin Japan Mexico Canada Turkey Cuba Brussels "
    "Kiev Kyiv Tehran Damascus Baghdad".split()
) | {"New York", "New Jersey", "New Hampshire", "New Mexico", "North Carolina", "South Carolina", "North Dakota",
     "South Dakota", "West Virginia", "Rhode Island", "United States", "United Kingdom", "Los Angeles",
     "South Korea", "North Korea", "Saudi Arabia", "Middle East", "Silicon Valley", "Wall Street"} | (
    places.ALL - places.PERSONAL_NAMES
)  # fmt: skip
PLACES_LOW = frozenset(p.lower() for p in PLACES)
_FEMALE = frozenset(
    "hillary sarah nancy elizabeth kellyanne hope melania ivanka carly michelle maria anna angela theresa "
    "marine huma donna debbie jill condoleezza madeleine susan samantha nikki kamala dianne barbara laura "
    "jennifer jessica karen lisa mary patricia linda katie megyn maxine tulsi amy kirsten elise claire "
    "olga maria valentina irina yelena svetlana tatiana natalia ekaterina".split()
)


def _words(s: str) -> list[str]:
    return s.replace("(", " ").replace(")", " ").split()


@dataclass
class Entity:
    name: str
    kind: str  # "person" | "org"
    titles: set[str] = field(default_factory=set)
    female: bool | None = None
    spoke: bool = False  # has been a speaker: a bare surname ('Clinton') is then a person for pronouns
    firm: bool = False  # a company by its name or its context ('firms.py'): what 'the bank' / 'the firm' call back


@dataclass
class Mention:
    pos: int
    entity: Entity


def _is_title(tok: str) -> bool:
    low = tok.lower()
    if low in TITLES or low in DEMONYMS or low.rstrip(".") in TITLES:
        return True
    return "-" in low and all(part in TITLES for part in low.split("-"))  # 'Secretary-General', 'Director-General'


def _strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split 'New Jersey Gov. Chris Christie' / 'Secretary of State John Kerry' into titles and name."""
    last = -1
    for i, t in enumerate(tokens[:-1]):
        if _is_title(t) or _POSS.search(t):
            last = i
    return tokens[: last + 1], tokens[last + 1 :]


@lru_cache(maxsize=2048)  # role mentions recur ('the minister', 'the campaign'); a Role is read-only
def _role_of(head: str, low: tuple[str, ...]) -> Role:
    return Role(head, list(low), PLACES_LOW, TITLES)


class EntityMemory:
    def __init__(self, text: str) -> None:
        self.text = text
        self.by_surname: dict[str, Entity | None] = {}
        self._by_given: dict[str, Entity | None] = {}
        self.by_name: dict[str, Entity] = {}
        self.speakers: list[Mention] = []  # resolved speakers, in the order found
        self.counts: dict[str, int] = {}
        self._classified: dict[str, tuple[str, str, list[str]] | None] = {}
        # Every capitalised run, in text order. Multi-word runs (full names, organisations) are read now, to
        # know every surname; single words ("Lavrov", "The") only when a pronoun or role looks back at them.
        # Built on the first resolve(): an article without attributions never pays for it.
        self._runs: list[tuple[int, str]] = []
        self._positions: list[int] = []
        self._ents: list[Entity | None | bool] = []
        self._indexed = False

    def _index(self) -> None:
        self._indexed = True
        # Collected by comprehensions: most runs are one word, and only those with ' and ' need a closer look.
        runs = self._runs = [(m.start(), m.group()) for m in RUN.finditer(self.text)]
        for i in reversed([i for i, (_p, r) in enumerate(runs) if " and " in r]):
            start, r = runs[i]
            if not any(w.lower() in _ORG_WORDS for w in r.split()):
                # 'Ted Cruz and Donald Trump' are two people ('Organization for Security and Cooperation' one).
                parts, off = [], 0
                for part in r.split(" and "):
                    parts.append((start + off, part))
                    off += len(part) + 5
                runs[i : i + 1] = parts
        self._positions = [p for p, _ in self._runs]
        self._ents = [False] * len(self._runs)
        # Multi-word runs by their last word: a bare 'Lavrov' is looked up here and only the runs ending in
        # 'Lavrov' get classified (boilerplate headings never do).
        self._by_last: dict[str, list[int]] = {}
        for i in [i for i, (_p, r) in enumerate(self._runs) if " " in r]:
            last = _POSS.sub("", self._runs[i][1].rsplit(" ", 1)[-1])
            self._by_last.setdefault(last, []).append(i)

    def _entity_at(self, i: int) -> Entity | None:
        ent = self._ents[i]
        if ent is False:
            self._ents[i] = None  # in progress: 'Mr. King' looks up 'King', which ends this very run
            ent = self._ents[i] = self._add_run(self._runs[i][1], self._positions[i])
        return ent  # type: ignore[return-value]

    def _surname(self, tok: str) -> Entity | None:
        """The first full name in the article that ends in tok ('Lavrov' -> 'Sergei Lavrov')."""
        if tok in self.by_surname or not self._indexed:
            return self.by_surname.get(tok)
        # The most frequent such name, then the first: 'Donald Trump' over a title-case 'Hold Melania Trump'.
        counts: dict[str, int] = {}
        first: dict[str, Entity] = {}
        for i in self._by_last.get(tok, ()):
            cand = self._entity_at(i)
            # A full name: 'A Treasury official' opens a run 'A Treasury', whose name 'Treasury' is no surname.
            if cand is not None and cand.kind == "person" and " " in cand.name and cand.name.split()[-1] == tok:
                counts[cand.name] = counts.get(cand.name, 0) + 1
                first.setdefault(cand.name, cand)
        best = max(first, key=lambda n: counts[n], default=None)  # max keeps the first of equal counts
        self.by_surname[tok] = ent = first[best] if best else None  # type: ignore[assignment]
        return ent

    # ---- building -------------------------------------------------------------------------------
    def classify(self, run: str) -> tuple[str, str, list[str]] | None:
        """(kind, canonical name, titles) of a capitalised run, or None for a non-name (cached per article)."""
        try:
            return self._classified[run]
        except KeyError:
            c = self._classified[run] = self._classify(run)
            return c

    def _classify(self, run: str) -> tuple[str, str, list[str]] | None:
        tokens = [t for t in _words(run) if "-" not in t or not _PARTY_STATE.match(t)]
        # 'According to Eurostat' is one run: with its opener gone, the connector it leaves is no name either.
        while tokens and (tokens[0].lower() in _NOT_NAME or tokens[0][:1].islower()):
            tokens = tokens[1:]
        if not tokens:
            return None
        low = [t.lower().rstrip(".") for t in tokens]
        # English heads come last: 'House Speaker Paul Ryan' is a person, 'State Department' and 'Mission to
        # the North Atlantic Treaty Organization (NATO)' organisations.
        core = [t for t in low if not t.startswith("(")] or low
        org = core[-1] in _ORG_WORDS or any(t in _ORG_WORDS for t in low) and any(t in _CONNECT for t in low)
        if org or (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1):
            # Keep the run's own spelling (parentheses included) from its first name word on.
            return "org", run[run.find(tokens[0]) :].strip(), []
        if firm_name(tokens):  # 'Goldman Sachs', 'Deutsche Bank AG', 'Ernst & Young'
            return "org", " ".join([*tokens[:-1], _POSS.sub("", tokens[-1])]), []
        bare = [*tokens[:-1], _POSS.sub("", tokens[-1])]  # "Saudi Arabia's"
        if " ".join(bare) in PLACES or bare[-1] in PLACES:
            return "org", " ".join(bare), []  # a country or city speaks as an organisation
        titles, name_toks = _strip_titles(tokens)
        if len(tokens) > 1 and tokens[-2].lower().rstrip(".") in _HONORIFICS:
            return "person", tokens[-1], [t.lower() for t in tokens[:-1]]  # 'Mr. King', 'Mrs. Clinton'
        if not name_toks or _is_title(name_toks[-1]):
            # 'Islamic State', 'White House' are organisations; a bare 'President' is a role.
            return ("org", " ".join(tokens), []) if len(tokens) > 1 else None
        if _POSS.search(name_toks[-1]):
            name_toks[-1] = _POSS.sub("", name_toks[-1])
        return "person", " ".join(name_toks), [t.lower() for t in titles]

    def _title_context(self, pos: int) -> list[str]:
        """Lowercase role words right before a name: "Russia's top diplomat Sergey Lavrov"."""
        before = self.text[max(0, pos - 60) : pos].split()[-4:]
        out = []
        for w in reversed(before):
            lw = w.lower().strip(",")
            if lw in ROLE_HEADS or lw in TITLES or lw in DEMONYMS or _POSS.search(lw):
                out.append(lw)
            else:
                break
        return out

    def _add_run(self, run: str, pos: int) -> Entity | None:
        c = self.classify(run)
        if c is None:
            return None
        kind, name, titles = c
        if kind == "person":
            titles = titles + self._title_context(pos) + note_titles(self.text, pos + len(run))
            toks = name.split()
            if len(toks) == 1:
                ent = self._surname(toks[0]) or self.by_name.get(name) or self._given(toks[0])
                if ent is None:
                    ent = Entity(name, "person")
                    self.by_name[name] = ent
            else:
                ent = self.by_name.get(name)
                if ent is None:
                    ent = self.by_name[name] = Entity(name, "person")
            ent.titles.update(titles)
            self._firm(ent, pos, pos + len(run))
            if ent.female is None:
                first = name.split()[0].lower()
                pre = self.text[max(0, pos - 6) : pos].lower()
                if first in _FEMALE or "mrs" in pre or "ms." in pre:
                    ent.female = True
                elif "mr." in pre:
                    ent.female = False
        else:
            ent = self._org(name)
            ent.firm = ent.firm or firm_name(name.split())
        return ent

    # ---- resolution -----------------------------------------------------------------------------
    def push_speaker(self, ent: Entity, pos: int) -> None:
        ent.spoke = True
        self.speakers.append(Mention(pos, ent))
        self.counts[ent.name] = self.counts.get(ent.name, 0) + 1

    def _recent(self, pos: int, pred, window: int = 4000, nearest: bool = False) -> Entity | None:
        """The latest speaker before pos that fits, else the latest name; nearest: whichever comes later."""
        said = next(
            (m for m in reversed(self.speakers) if m.pos < pos and pos - m.pos < window and pred(m.entity)), None
        )
        if said is not None and not nearest:
            return said.entity
        i = bisect_left(self._positions, pos)
        for k in range(i - 1, max(-1, i - 41), -1):
            p = self._positions[k]
            if pos - p >= window or (said is not None and p <= said.pos):
                break
            ent = self._entity_at(k)
            if ent is not None and pred(ent):
                return ent
        return said.entity if said is not None else None

    def _salient(self, kind: str) -> Entity | None:
        best = None
        for name, n in self.counts.items():
            ent = self.by_name.get(name)
            if ent and ent.kind == kind and (best is None or n > self.counts[best.name]):
                if kind == "person" and " " not in ent.name and not ent.spoke:
                    continue  # a lone capitalised word ('Talks went on.') is no one's name yet
                best = ent
        return best

    def resolve(self, np: str, pos: int) -> tuple[Entity | None, str]:
        """Resolve a source noun phrase found at text position pos; returns (entity, mention)."""
        if not self._indexed:
            self._index()
        mention = (_PAREN_NOTE.sub("", np) if "(" in np else np).strip(' ,;:"“”')
        toks = _words(mention)
        if not toks:
            return None, mention
        low = [t.lower() for t in toks]
        if len(toks) == 1 and low[0] in ("he", "she", "him", "her"):
            female = low[0] in ("she", "her")

            # Bare single words ("West", "Moscow") are not antecedents: a person has a full name or has spoken.
            def person(e: Entity) -> bool:
                return e.kind == "person" and (" " in e.name or e.spoke)

            # A known gender first ('Mrs. Clinton' for "she" over a nearer 'Chad Sweet'), then any person.
            if female:
                ent = self._recent(pos, lambda e: person(e) and e.female is True, window=1500)
            else:  # only women's names and honorifics tell a gender: 'he' is the nearest man or unknown
                ent = self._recent(pos, lambda e: person(e) and e.female is not True, window=1500)
            ent = ent or self._recent(pos, lambda e: person(e) and e.female is None)
            if ent is not None and ent.female is None:
                ent.female = female
            return ent, mention
        if len(toks) == 1 and low[0] in ("it", "they"):
            ent = self._recent(pos, lambda e: e.kind == "org", window=1500)
            return ent, mention
        if low[0] in ("i", "we", "you", "who", "which", "that") and not toks[0][1:].isupper():
            return None, mention  # ('WHO chief Tedros' is the acronym)
        # Proper names in the phrase: the last run that is a name wins ("Trump campaign spokeswoman Hope Hicks").
        chief = _FOREIGN_SERVICE_HEAD.search(mention) if " of " in mention else None
        if chief is not None:
            # 'the head of the Russian diplomatic department': whoever the article introduced so, else the Russian
            # foreign minister (the country's top diplomat).
            nation = _POSS.sub("", (chief.group(2) or "").strip().lower())
            ent = self._role(chief.group(1).lower(), low, pos, True) or self._role(
                "diplomat", ["the", nation, "diplomat"] if nation else ["the", "diplomat"], pos
            )
            if ent is not None:
                return ent, mention
        runs = [r for r in RUN.finditer(mention)]
        named = []
        for r in runs:
            c = self.classify(r.group())
            if c is not None:
                named.append((r, c))
        # 'Senator Ortiz in a Medium post', 'Mr. Alder at a news conference in Ohio': a name, then where or when.
        where = _WHERE.search(mention) if len(named) > 1 else None
        limit = len(mention)
        # Only after a full name: 'Officials at the Border Security Agency' opens with a capital, not a name.
        # Or a demonym's body: 'The Belarusian embassy in Brussels'.
        if where and named[0][0].end() <= where.start():
            first = named[0][0].group()
            if " " in first or first.lower() in places.COUNTRY_OF:
                named = [x for x in named if x[0].end() <= where.start()]
                kept = len(mention[: where.start()].split())
                toks, low, limit = toks[:kept], low[:kept], where.start()
        head = low[-1].strip(".,")
        if named:
            r, (kind, name, titles) = named[-1]
            after = mention[r.end() : limit].split()
            if after and after[-1].lower() in _DATA_NOUNS and len(after) <= 2:
                # 'according to Eurostat data', 'Labor Department figures': who published them ('Official figures'
                # name no one).
                if name.lower() in _DATA_QUALIFIERS:
                    return None, mention
                return self._org(r.group()), mention
            if after and after[-1].lower() in ORG_HEADS and kind == "org" and name in PLACES and len(after) <= 3:
                # "Saudi Arabia's energy ministry", "the Moscow office": the body, as the text names it.
                return self._org(mention[r.start() : limit].strip()), mention
            # "the Clinton campaign", "the Obama administration": a person's organisation.
            if after and after[-1].lower() in ORG_HEADS and kind == "person":
                ent = self._person(name)
                base = ent.name if ent else name
                return self._org(f"{base} {after[-1].lower()}"), mention
            # "the Vermont senator", "Russia's top diplomat": a role qualified by a place/party.
            qualifier = (
                name in PLACES
                or name.upper() in _PARTY
                or name.lower() in places.COUNTRY_OF  # 'the Egyptian minister'
                or (kind == "person" and self._person(name) is None)
            )
            singular = not head.endswith("s") or head in ("boss", "press")  # 'Florida voters' stay as written
            if after and head in ROLE_HEADS and head not in ORG_HEADS and qualifier and singular:
                # No titled person to link to: the description ('the Indiana governor') still says who spoke.
                # "Trump's spokeswoman" is qualified by a person: never the article's main speaker.
                qualified = kind == "person" or any(t[:1].isupper() for t in toks[1:])
                role = self._role(head, low, pos, qualified)
                return role or self._described(toks), mention
            if after and head in COMPANY_NOUNS and (name in PLACES or kind == "person" and self._person(name) is None):
                ent = self._role(head, low, pos)  # 'the German lender', 'the Swiss bank'
                if ent is not None:
                    return ent, mention
            if after and name in PLACES and head.isalpha() and head not in ORG_HEADS:
                # 'the Louisville crowd', 'a New Hampshire paper', 'one California delegate': not the place itself.
                return self._described(toks), mention
            if kind == "person" and 0 < len(after) <= 3 and head in ROLE_HEADS and _POSS.search(r.group()):
                # "one of Mr. Obama's climate advisers": people of his, not the person the name gives.
                bare = _POSS.sub("", name)
                owner = self._person(bare)
                full = owner.name if owner and owner.name.split()[-1] == bare.split()[-1] else bare
                return self._org(f"{full}'s {' '.join(after)}"), mention
            if kind == "person":
                ent = self._person(name) or self._new_person(name)
                ent.titles.update(titles)  # 'Gov. Mike Pence' is 'the governor' later on
                at = self.text.find(r.group(), pos, pos + len(np))  # the name in the text
                if at >= 0 and self._firm(ent, at, at + len(r.group())):
                    return ent, mention
                self._appositive_role(ent, pos if r.start() == 0 else None, mention[: r.start()])
                hon = {t.lower().rstrip(".") for t in toks} & _HONORIFICS
                if ent.female is None and hon & {"mrs", "ms", "miss"}:
                    ent.female = True
                elif ent.female is None and "mr" in hon:
                    ent.female = False
                return ent, mention
            if after and head in ROLE_HEADS and head not in ORG_HEADS and singular:
                # 'the Kremlin spokesman': the person titled so, else the role is a better answer than the Kremlin.
                role = self._role(head, low, pos, True)
                return role or self._described(toks) or self._org(name), mention
            if after and head in ROLE_HEADS and head not in ORG_HEADS and kind == "org":
                # 'EU officials', 'White House aides': the people, not the organisation itself.
                return self._described(toks) or self._org(name), mention
            if kind == "org" and _HEAD_OF.match(mention) and (chief := self._head_of(name, pos)) is not None:
                return chief, mention
            return self._org(name), mention
        if "of" in low[2:] and low[low.index("of") - 1] in ROLE_HEADS - ORG_HEADS:
            head = low[low.index("of") - 1]  # 'the former secretary of state', 'the head of the diplomatic department'
        if head in _MEDIA_NOUNS and low[0] == "the" and len(toks) <= 3:
            # 'According to the outlet', 'the newspaper noted': the news organisation the text cited last.
            ent = self._recent(pos, lambda e: is_news_outlet(e.name), window=20000)
            if ent is not None:
                return ent, mention
        if (head in ROLE_HEADS or head in _KIN or head in COMPANY_NOUNS) and (low[0] == "the" or _POSS.search(low[0])):
            ent = self._role(head, low, pos, any(t[:1].isupper() for t in toks[1:]))
            if ent is not None:
                return ent, mention
        return self._described(toks), mention

    def _firm(self, ent: Entity, start: int, end: int) -> bool:
        """A person-like name the text calls a company at [start, end) ('analysts at X', "X's chief executive") is
        one from now on."""
        if ent.kind != "person" or ent.spoke or ent.titles & TITLES or not firm_context(self.text, start, end):
            return False
        ent.kind, ent.firm = "org", True
        return True

    def _appositive_role(self, ent: Entity, pos: int | None, before: str) -> None:
        """'The bloc's foreign policy chief, Josep Borrell, said': the role set off before the name is his, so a
        later 'the top EU diplomat' finds him. `before` is the mention's text before the name; at the start of
        the mention (pos given), the article's text before it."""
        if pos is not None:
            before = self.text[max(0, pos - 90) : pos]
        if not before.rstrip().endswith(","):  # the pattern's own end, tested first: most names have no role before
            return
        m = _APPOSITIVE_ROLE.search(before)
        if m is None:
            return
        words = [w.strip(".,'’") for w in m.group(1).split()]
        if words and words[-1].lower() in ROLE_HEADS:
            ent.titles.update([*(w.lower() for w in words), *acronyms(words)])

    def _described(self, toks: list[str]) -> Entity | None:
        """No name to link to: 'Connecticut's tax commissioner' is still the best description the article
        gives (a bare 'sources' or 'the official' is not, and stays None)."""
        if toks[0].lower() in _NOT_NAME and not any(t[:1].isupper() for t in toks[1:]):
            return None  # 'Moreover', 'Two', 'Instead of': a capital that only opens the sentence
        if any(t[:1].isupper() for t in toks[1:]) or (toks[0][:1].isupper() and toks[0].lower() not in DETERMINERS):
            words = toks[1:] if toks[0].lower() in DETERMINERS else toks
            return self._org(" ".join(words))
        return None

    def _head_of(self, org: str, pos: int) -> Entity | None:
        """'The head of the Federal Aviation Administration said ...' above 'FAA Administrator Janet Corliss said':
        the nearest person, before or just after, whose titles name the organisation and lead it."""
        words = org.split()
        initials = acronyms(words)
        keys = initials | {w.lower() for w in words if w[:1].isupper() and len(w) > 3}
        best, best_gap = None, 1 << 30
        lo, hi = bisect_left(self._positions, pos - 3000), bisect_left(self._positions, pos + 1500)
        for k in range(lo, hi):
            ent = self._entity_at(k)
            if ent is None or ent.kind != "person" or not ent.titles & _CHIEF_TITLES:
                continue
            org_titles = ent.titles & keys
            # An acronym ('FAA Administrator') or two words of the name ('Aviation Administration chief').
            if org_titles & initials or len(org_titles) >= 2:
                gap = abs(self._positions[k] - pos)
                if gap < best_gap:
                    best, best_gap = ent, gap
        return best

    def _person(self, name: str) -> Entity | None:
        toks = name.split()
        found = self.by_name.get(name) or (self._surname(toks[-1]) if toks else None)
        return found if found is not None or len(toks) != 1 else self._given(toks[0])

    def _given(self, tok: str) -> Entity | None:
        """'Dr. Tedros' is Tedros Adhanom Ghebreyesus and 'President Xi' Xi Jinping: names whose bearer goes by
        the first word. Only when exactly one full name in the article starts so."""
        if tok in self._by_given:
            return self._by_given[tok]
        names: dict[str, Entity] = {}
        if self._indexed and len(tok) > 1:
            for i, (_p, run) in enumerate(self._runs):
                if f"{tok} " in run:
                    cand = self._entity_at(i)
                    if cand is not None and cand.kind == "person" and cand.name.split()[0] == tok and " " in cand.name:
                        names[cand.name] = cand
        self._by_given[tok] = ent = next(iter(names.values())) if len(names) == 1 else None
        return ent

    def _new_person(self, name: str) -> Entity:
        ent = self.by_name[name] = Entity(name, "person")
        return ent

    def _org(self, name: str) -> Entity:
        ent = self.by_name.get(name)
        if ent is None:
            ent = self.by_name[name] = Entity(name, "org")
        return ent

    def _introduced(self, role: Role, pos: int) -> Entity | None:
        """The person the text gave this role before pos ('Hillary Clinton, the former secretary of state,')."""
        for start, end, which, words in introductions(self.text, role, pos):
            runs = list(RUN.finditer(self.text, start, end))
            c = self.classify(runs[which].group()) if runs else None
            if c is None or c[0] != "person":
                continue
            ent = self._person(c[1]) or self._new_person(c[1])
            if " " not in ent.name:
                continue  # a full name, or one the article gives in full: 'Therefore, the nominee ...' names no one
            words = [*(w.lower() for w in words), *acronyms(words)]  # 'the head of the World Health Organization'
            # is the WHO's
            titles = ent.titles | set(words) | set(c[2]) | set(note_titles(self.text, runs[which].end()))
            if role.fits(titles, PLACES_LOW, True):
                ent.titles.update(words)  # known from now on: the next 'the senator' is found at once
                return ent
        return None

    def _role(self, head: str, low: list[str], pos: int, qualified: bool = False) -> Entity | None:
        """'the minister' -> the latest person titled so; failing that, for a principal role without a
        qualifier ('the diplomat', not 'the Indiana governor' or 'the tax commissioner'), the main speaker."""
        if head in ORG_HEADS or head in _KIN or head in COMPANY_NOUNS:
            kin = _KIN.get(head, (head,))
            if head in COMPANY_NOUNS:  # 'Analysts at Goldman Sachs said ... the bank said': the nearest company
                ent = self._recent(pos, lambda e: e.kind == "org" and (e.firm or any(k in e.name.lower() for k in kin)),
                                   20000, nearest=True)  # fmt: skip
                if ent is None and head in GENERIC:  # 'the company' may be any business that spoke
                    ent = self._recent(pos, lambda e: e.kind == "org" and e.spoke and e.name not in PLACES
                                       and is_business(e.name), 20000, nearest=True)  # fmt: skip
                return ent
            ent = self._recent(pos, lambda e: e.kind == "org" and any(k in e.name.lower() for k in kin), window=20000)
            if ent is None and head == "campaign":
                person = self._salient("person")
                ent = self._org(f"{person.name} campaign") if person else None
            return ent
        role = _role_of(head, tuple(low))
        if role.indefinite:
            return None  # 'a Treasury official' is someone new, not the Treasury secretary named before
        loose: list[Entity] = []  # the nearest person who holds the role with no qualifier against them

        def fits(e: Entity) -> bool:
            if e.kind != "person" or not role.fits(e.titles, PLACES_LOW, False):
                return False
            loose.append(e)
            return role.fits(e.titles, PLACES_LOW, True)

        ent = self._recent(pos, fits, window=20000) or self._introduced(role, pos) or (loose[0] if loose else None)
        if ent is None and role.parties and head in ("nominee", "candidate"):
            # 'Republican Donald Trump' is 'the Republican nominee': in a race the party names the candidate.
            ent = self._recent(pos, lambda e: e.kind == "person" and role.parties <= party_of(e.titles), window=20000)
        generic = head.endswith("s") and head not in ("boss", "press") or head in ("source", "official", "aide")
        principal = head in ROLE_SYNONYMS and not qualified and not generic and not role.places  # not "Russia's ..."
        if ent is None and principal and low[0] in ("the",) + tuple(w for w in low if _POSS.search(w)):
            ent = self._salient("person") or self._recent(
                pos, lambda e: e.kind == "person" and (" " in e.name or e.spoke)
            )
        return ent
