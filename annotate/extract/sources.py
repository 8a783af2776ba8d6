"""The source side of an attribution: which words before or after a cue are the speaker's noun phrase.

A small grammar, no tagger: a source is a short span (a dozen words at most) after the last clause boundary
before the cue, whose head (the word before its first preposition) is a name, a pronoun or a role noun
("the head of the Russian diplomatic department", "Connecticut's tax commissioner"), with no auxiliary or
finite verb inside. Appositives ("Chris Brownell, an audience member, said") and inverted frames
("..., said Lavrov") are handled here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .cues import ADVERBS, DETERMINERS, PRONOUNS, REPORTING_FORMS, ROLE_HEADS, SPEECH_CORE, STANCE_ADJ
from .lines import CASE_UNSAFE

WORD = re.compile(r"\w[\w'’-]*")
TOKEN = re.compile(r"[\w'’.-]+|[()]")
# Where a clause (and so a source noun phrase) starts, looking left from a cue.
CLAUSE_BOUNDARY = re.compile(
    r"[,;:\[—–“”\"]|\s-\s|--|\b(?:and|but|while|because|as|when|after|though|although|since|so|that|if|whereas|"
    r"before|until|where|which|who|what|than|or)\s",
    re.IGNORECASE,
)
# The same without IGNORECASE, run on lowercased text: twice as fast. Exact only where lower() keeps every
# offset and no non-ASCII letter folds onto an ASCII one ('ſ', 'K', 'İ'): see lines.CASE_UNSAFE.
_BOUNDARY_LOWER = re.compile(CLAUSE_BOUNDARY.pattern)
# What may follow a trailing cue: time, place, manner, audience ("said on Thursday as he spoke ...").
ADJUNCT_START = frozenset(
    "on in at during to as when while after before from this last earlier late early monday tuesday wednesday "
    "thursday friday saturday sunday yesterday today tonight via through with without shortly recently later "
    "afterwards then here there again also publicly privately separately repeatedly flatly by of".split()
)
NOT_SOURCE = frozenset(
    "is are was were be been being will would can could should may might must do does did has have had not "
    "there here what where why how".split()
)
ED_ING_OK = frozenset(
    "unnamed unidentified elected retired leading ruling governing acting outgoing incoming embattled "
    "so-called self-described self-proclaimed registered united longtime red-faced undecided".split()
)
EXTRA_HEADS = frozenset(
    "wife husband daughter son family father mother brother sister friend friends people everyone nobody "
    "someone others many some most both all few republicans democrats americans".split()
)
CONNECTIVE_INTRO = re.compile(
    r"(?:At the same time|However|Meanwhile|Moreover|Furthermore|In addition|Also|But|And|Still|Separately|"
    r"Nevertheless|In response|In turn|At that|Then|Later|Earlier)\s*,?\s*"
)
# "MOSCOW (Sputnik) — ", "WASHINGTON (AP) - ", "BERLIN, July 13. /TASS/. ": not part of the content.
DATELINE = re.compile(
    r"[A-Z][A-Z'.-]+(?:[ -][A-Z][A-Z'.-]+){0,3}"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|,\s+[A-Z][a-z]{1,5}\.)?\.?\s*"  # a date, or a US state
    r"(?:\([\w .-]{2,30}\)\s*(?:--|[—–―-])|/\s*[\w -]{2,20}/\.?|--|[—–―-])\s*"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # 'Tehran, Jan 12 (IRNA) -'
    r" \((?:[A-Z]{2,}|Reuters|Bloomberg|dpa|Xinhua|Sputnik)\)\s*(?:--|[—–―-])\s*"
)
# The subject that opens a sentence: a name run or a pronoun ('Clinton pitched ..., noting that').
SUBJECT = re.compile(r"((?:[A-Z][\w'’.-]*[ \t]+){0,3}[A-Z][\w'’-]*\w|He|She|They|It)\b(?![’']s)")
# A proper name inside a chunk (not just a capitalised sentence opener).
NAMEISH = re.compile(
    r"(?:^\s*|\s)(?!(?:The|A|An|Another|This|That|Some|One|Two|Three|Four|Five|Several|Many|Both|His|Her|Their|In|At|On|"
    r"Moreover|However|Meanwhile|Still|Now|Indeed)\b)[A-Z][a-z]"
)
# A transcript speaker label opening a paragraph: 'WALLACE: ', 'SEN. SANDERS: '.
LABEL = re.compile(r"((?:[A-Z][A-Z'.-]+ ){0,2}[A-Z][A-Z'-]{2,}):[ \t]+(?=\S)")
ABBREV = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Rev|Prof|St|Jr|Sr)\.$|^(?:[A-Z]\.)+$")
POSS_END = re.compile(r"(?:'s|’s)$")
FINDERS = frozenset(
    "poll polls survey surveys study studies report reports analysis data figures records research average "
    "averages estimate estimates projection projections audit review investigation ruling complaint lawsuit "
    "filing filings documents transcript transcripts".split()
)
BAD_START = frozenset(
    "in on at for with from by to of after before during along following despite under over through about "
    "against among yet but and so or while although though because if when since as than like unlike "
    "amid within without into onto upon via per".split()
)
PARTICLES = frozenset("up off down over back away out".split())
SPLIT_PREP = frozenset("of for to at with from in on close near".split())


# Before a cue these make it no statement: "will testify", "was asked" (but "is saying" is speech).
BE = frozenset("was were is are been being".split())
NOT_SAID = BE | frozenset("will would could may might should must can".split())
# 'Comey cannot say that "..."': what someone can't or won't say is not a quote's frame (though PolNeAR reads
# 'X wouldn't say when ...' as a refusal by X, which the holder frames keep).
NEG_MODALS = frozenset("cannot can't can’t couldn't couldn’t won't won’t wouldn't wouldn’t shouldn't shouldn’t".split())
# Headline attributions: "..., Lindsey Graham Says.", "Pat Caddell: ..." ("... – Lavrov" is lines.HEADLINE_SPEAKER).
HEADLINE_SAYS = re.compile(r",\s+((?:[A-Z][\w'’.-]+\s){1,3})(?:Says|Said)\.?\s*$")  # '..., Lindsey Graham Says.'
# A title-case headline that opens with its speaker and a speech verb: 'Zakharova Slams EU Sanctions as ...'.
HEADLINE_LEAD = re.compile(
    r"((?:[A-Z][\w'’.-]+\s){1,3}?)(?:Also\s|Again\s)?(?:Says|Said|Slams|Warns|Urges|Accuses|Blasts|Denies|Rejects|Claims|"
    r"Vows|Insists|Stresses|Tells|Praises|Criticizes|Criticises|Dismisses|Condemns|Calls|Demands|Pledges|Promises|"
    r"Admits|Argues|Suggests|Predicts|Touts|Defends|Attacks|Hits\s+Back\s+at|Lashes\s+Out\s+at|Questions)\s+(?=\S)"
)
# 'Pat Caddell: ...'; 'The Latest: ...' is a rubric, no speaker.
HEADLINE_PREFIX = re.compile(r"(?!The\s)((?:[A-Z][\w'’.-]+\s){0,2}[A-Z][\w'’-]+):\s+")
# "But Megan Hester, ..., said"; ", and Trump vowed" (a second frame); "Hours later," (an intro).
LEAD_CONJ = re.compile(r"\s*(?:But|And|Yet|So|Still|Now|Meanwhile)\s+")
JOIN = re.compile(r"(?:,[\"”’']?\s*(?:and|but|while|whereas)|;)\s*$")  # '... act "presidential," but Trump said'


def tokens(s: str) -> list[str]:
    return TOKEN.findall(s)


def strip_adverbs(np: str) -> str:
    toks = np.split()
    while toks and toks[-1].lower() in ADVERBS:
        if len(toks) > 1 and toks[-1][:1].isupper() and toks[-2][:1].isupper():
            break  # a name: 'Theresa May', 'Ann Will'
        toks.pop()
    return " ".join(toks)


# A time or channel adjunct between source and cue: 'David Axelrod on Wednesday', 'Trump in a statement'.
TIME_TAIL = re.compile(
    r"\s+(?:(?:on|last|this|early|late|earlier)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"week|weekend|month|year|night|morning|afternoon|evening)\w*(?:\s+\w+)?|in\s+an?\s+(?:statement|interview|"
    r"tweet|email|letter|post|speech)(?:\s+\w+){0,4}|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?)$"
)


NAME_TAIL = re.compile(r"(?<=\s)(?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’-]+$")


_QUANTIFIERS = DETERMINERS | frozenset(
    "none half percent majority dozens hundreds thousands millions number five six seven eight nine ten".split()
)


_CLAUSE_OPENERS = frozenset("that whether".split())


def words_before(text: str, pos: int, lo: int = 0) -> list[str]:
    """The last two words (lowercased) before pos, not reaching back past lo: what stands between a source and
    its cue ('will testify', 'cannot say', 'is saying')."""
    words = text[max(lo, pos - 24) : pos].split()[-3:]
    # A capital after a capital is part of a name ('Theresa May said'), never the modal it spells.
    return [
        "" if i and w[:1].isupper() and words[i - 1][:1].isupper() else w.lower()
        for i, w in enumerate(words)
        if i >= len(words) - 2
    ]


@lru_cache(maxsize=4096)  # pure, and asked again for the same phrase by every frame finder
def valid_np(np: str, lenient: bool = False) -> bool:
    """Is np a plausible source: "he", "Lavrov", "the head of the Russian diplomatic department".
    lenient (next to a quote or a core speech verb) accepts any noun head: "Connecticut's tax commissioner"."""
    toks = [t for t in tokens(np) if t not in "()"]
    if not toks or len(toks) > 12:
        return False
    low = [t.lower() for t in toks]
    if len(toks) == 1 and low[0] in PRONOUNS:
        return low[0] not in ("which", "who")
    head_i = len(toks) - 1
    for i, w in enumerate(low[1:], 1):
        if w in SPLIT_PREP:
            head_i = i - 1
            break
    # 'Some of his allies', '85% of Democrats', 'Two of the senators': the noun after 'of' is the head.
    if head_i + 2 < len(toks) and low[head_i + 1] == "of" and (low[head_i] in _QUANTIFIERS or low[head_i].isdigit()):
        head_i = next((i - 1 for i in range(head_i + 3, len(toks)) if low[i] in SPLIT_PREP), len(toks) - 1)
        if low[head_i] in DETERMINERS or low[head_i] in ("time", "way", "them", "us"):
            return False  # 'Most of all', 'Some of the time'
    # A name at the end carries the phrase: 'policy planning director Ann Marsh', 'organizing director X'.
    named_head = len(toks) > 2 and toks[-1][:1].isupper() and toks[-2][:1].isupper()
    for i, (t, w) in enumerate(zip(toks, low, strict=True)):
        acronym = t.isupper() and len(t) > 1  # 'WHO', 'US': not the pronouns
        in_name = i > 0 and t[:1].isupper() and toks[i - 1][:1].isupper()  # 'Theresa May', not 'may'
        if (w in NOT_SOURCE and not in_name or w in PRONOUNS and w not in ("it",) and len(toks) > 1) and not acronym:
            return False
        participle = t[0].islower() and w.endswith(("ed", "ing")) and w not in ED_ING_OK and w not in ROLE_HEADS
        if participle and not named_head:
            return False
    if low[0] in BAD_START or low[0] in _CLAUSE_OPENERS:
        return False  # 'In a statement', 'Along with the dispute', 'Yet for all ...', 'that Trump's record ...'
    if len(toks) > 1 and toks[0][:1].isupper() and low[0].endswith("ing") and toks[1][:1].islower():
        return False  # 'Citing last week's attack', 'Continuing to explain': a participle opens an intro, no subject
    head, hl = toks[head_i], low[head_i].rstrip(".")
    if hl in DETERMINERS and head_i == 0:
        return False
    if POSS_END.search(toks[-1]):
        return False  # "Trump's comments came": a possessive is a modifier, the noun after it the subject
    if head[0].isupper() or hl in ROLE_HEADS or hl in EXTRA_HEADS or hl in PRONOUNS:
        return True
    return lenient and head.isalpha() and not hl.endswith("ly") and hl not in ADVERBS and hl not in DETERMINERS


_ASIDE_PREPS = frozenset("in after before during at on with without for like unlike despite amid".split())


@lru_cache(maxsize=4096)
def appositive(chunk: str) -> bool:
    """'a professor of government at Georgetown University', 'who held three events': skippable."""
    low = chunk.lower().split()
    if chunk.isdigit():
        return True  # an age: 'Mr. King, 82, told me'
    if low[0] in ("who", "which", "whose"):
        return len(low) <= 25
    if low[0].endswith("ing") and len(low) <= 12:
        return True  # 'Trump, speaking to a veterans group in Virginia, said'
    if low[0] in _ASIDE_PREPS and len(low) <= 10 and not any(w in NOT_SOURCE for w in low):
        return True  # 'Halvorsen, in a statement on Tuesday, said', 'Lopez, after a long pause, said'
    if low[0] in ("of", "from") and 1 < len(low) <= 8 and chunk.split()[-1][:1].isupper():
        return True  # an affiliation: 'Mr. Mahaney, of RBC Capital Markets, said'
    if len(low) > 20 or any(w in NOT_SOURCE for w in low):
        return False
    # 'an economist at X', 'director of the Institute for Policy Integrity', 'senior associate for ...'
    return low[0] in DETERMINERS or (chunk[0].islower() and low[0] not in BAD_START and len(low) <= 20)


@lru_cache(maxsize=8)
def lowered(text: str) -> str | None:
    """text.lower() when that is exact for CLAUSE_BOUNDARY (see lines.CASE_UNSAFE), else None: lowercased once per
    article, not once per window, for the case-insensitive scans in front of every cue."""
    return text.lower() if CASE_UNSAFE.search(text) is None else None


def clause_start(text: str, lo: int, pos: int) -> int:
    """Where the clause holding pos starts (the last CLAUSE_BOUNDARY in the 200 characters before it, from lo)."""
    low = lowered(text)
    b = lo
    for m in (_BOUNDARY_LOWER if low is not None else CLAUSE_BOUNDARY).finditer(low or text, max(lo, pos - 200), pos):
        b = m.end()
    while b < pos and text[b].isspace():
        b += 1
    return b


# Pure, and asked up to three times for the same cue (trailing, leading and quote frames): memoised. The text is
# hashed once (str caches its hash) and compared by identity on a hit.
@lru_cache(maxsize=2048)
def np_before(text: str, lo: int, cue_start: int, lenient: bool = False) -> tuple[str, int] | None:
    """The source noun phrase that ends right before a cue, and where it starts."""
    # A source is at most a dozen words: only the last 160 characters can hold its clause start.
    window = max(lo, cue_start - 160)
    left = text[window:cue_start]
    b = b_prev = -1
    last = None
    low = lowered(text)
    if low is not None:
        fast = _BOUNDARY_LOWER.finditer(low[window:cue_start])
    else:  # some odd letter in the article: this window may still be safe to lowercase
        fast = _BOUNDARY_LOWER.finditer(left.lower()) if CASE_UNSAFE.search(left) is None else None
    for m in fast or CLAUSE_BOUNDARY.finditer(left):
        if m.end() - m.start() > 3 and left[m.start() : m.end() - 1].isupper():
            continue  # an acronym: 'The WHO chief said' has no relative clause
        b_prev, b, last = b, m.end(), m  # last.group() may be lowercased: only compared in lowercase
    if b < 0:
        if window > lo:
            return None
        b = 0
    lo = window
    if last is not None and last.group().strip().lower() == "who":
        # 'The man who ran the store said': the relative clause opens with its verb; the man is the source.
        first = left[b:].split(None, 1)[:1]
        if first and first[0][:1].islower() and first[0].lower() not in DETERMINERS and first[0] not in PRONOUNS:
            return np_before(text, window, window + last.start(), lenient) if last.start() > 0 else None
    np = strip_adverbs(TIME_TAIL.sub("", left[b:].strip()))
    if np and np.split()[0].lower() in BAD_START:
        # 'In a Bloomberg interview Trump declared': the name run right before the cue is the source.
        tail = NAME_TAIL.search(np)
        if tail and tail.start() > 0:
            b += len(left[b:]) - len(left[b:].lstrip()) + tail.start()
            np = tail.group()
    if not np or not valid_np(np, lenient):
        return None
    if last is not None and last.group().strip().lower() in ("and", "or"):
        # 'Federal and state officials', 'RT and its defenders': a coordinated source, when the part before
        # 'and' is itself a short noun phrase with a name or role head.
        first = left[max(b_prev, 0) : last.start()].strip()
        toks = first.split()
        if 0 < len(toks) <= 5 and (valid_np(first) or (len(toks) == 1 and toks[0][0].isupper())):
            start = max(b_prev, 0) + len(left[max(b_prev, 0) :]) - len(left[max(b_prev, 0) :].lstrip())
            joined = strip_adverbs(left[start:].strip())
            if joined:
                return joined, lo + start
    return np, lo + b + (len(left[b:]) - len(left[b:].lstrip()))


def np_after(text: str, pos: int, hi: int, lenient: bool = False) -> str | None:
    """Inverted frame: '..., said Lavrov.' / 'according to the report'. lenient (after a core speech verb):
    any noun head, and a bare name in the appositive wins ('said a Supreme Court advocate, Andrew Pincus')."""
    out = []
    toks = text[pos:hi].split()
    for i, t in enumerate(toks):
        if t.startswith("("):
            break  # '(I-Vt.)', '(R-Fla.)'
        abbrev = ABBREV.match(t)
        w = t if abbrev else t.strip(',.;:!?"”')
        if not w or (w.lower() in ADJUNCT_START or w.lower() in _RELATIVE) and out:
            break  # 'said a GOP data expert who has worked for ...': the relative clause describes the source
        if out and w[:1].islower() and (w in _REDUCED_RELATIVE or w.endswith(("ed", "ing")) and w not in ED_ING_OK):
            break  # 'says a source involved in the talks', 'said a person familiar with the plan'
        out.append(w)
        if (not abbrev and t[-1] in ',.;:!?"”') or len(out) > 10:
            if lenient and t[-1] == "," and w[:1].islower():  # a role head: the name may follow
                name = _appositive_name(toks[i + 1 : i + 5])
                out = name or out
            break
    np = " ".join(out)
    return np if np and valid_np(np, lenient) else None


_RELATIVE = frozenset("who whose which whom that".split())
_REDUCED_RELATIVE = frozenset("familiar close briefed".split())


def _appositive_name(toks: list[str]) -> list[str] | None:
    """A bare name opening an appositive: ['Andrew', 'J.', 'Pincus', 'of', ...] -> ['Andrew', 'J.', 'Pincus']."""
    name = []
    for t in toks:
        w = t if ABBREV.match(t) else t.rstrip(",.;:")
        if not w[:1].isupper() or w.lower() in DETERMINERS:
            break
        name.append(w)
        if w != t and not ABBREV.match(t):
            break
    return name if len(name) >= 2 else None


def n_words(text: str, s: int, e: int) -> int:
    """len(WORD.findall(text, s, e)) with fewer matches: a whitespace token of word characters (str.isalnum: \\w but
    '_') is one word, only the others ('U.S.-led', '“Yes,') go through the regex. Bounds clamped as the regex's."""
    toks = text[max(s, 0) : max(e, 0)].split()
    return len(toks) + sum(len(WORD.findall(t)) - 1 for t in toks if not t.isalnum())


# Between a holder and its verb: auxiliaries, negations and adverbs ('has long opposed', "didn't want").
_NEG = re.compile(r"\w+n[’']t$|cannot$|been$|long$|\w+ly$")
_NAME_END = re.compile(r"(?:'s|’s|[,.'’])$")


@lru_cache(maxsize=256)
def _inside_sentences(text: str, word: str) -> bool:
    """Does the article use word inside a sentence ('... with Trump'), as a name is, not only as an opener?"""
    return re.search(rf"[a-z,] {re.escape(word)}(?!\w)", text) is not None


def holder_head(text: str, lo: int, verb: re.Match[str]) -> tuple[list[str], set[str]] | None:
    """The words before a stance verb (from lo) and the auxiliaries/adverbs skipped, if the word before them
    can end a subject: a name, a role noun, a pronoun, an appositive's comma. Cheap: most stance verbs follow
    no subject head ('a plan that supports ...'), and this rules them out before any parsing."""
    toks = text[max(lo, verb.start() - 60) : verb.start()].split()
    skipped = set()
    while toks and (toks[-1].lower() in ADVERBS or _NEG.match(toks[-1].lower())):
        skipped.add(toks.pop().lower())
    if not toks or any(w in NOT_SAID and w not in BE for w in skipped):
        return None  # 'Comey will testify': a modal is no stance
    last = toks[-1].strip(",()")
    low = last.lower()
    if last[:1].isupper() or toks[-1][-1] in ".," or low in ROLE_HEADS or low in EXTRA_HEADS or low in PRONOUNS:
        return toks, skipped
    return None


def holder_np(text: str, s0: int, verb: re.Match[str], head: Any = None) -> tuple[str, int] | None:
    """'Sanders voted in support of ...', 'In January, Gov. Tomblin lauded ...': the subject of a stance verb
    that opens the sentence at s0 or its main clause after an intro comma, and where it starts: a name, a
    pronoun or a role nominal. Not a passive ('The idea was first floated by Putin') or a subordinate clause
    ('..., as he hosted ...')."""
    head = head or holder_head(text, s0, verb)  # the caller's, when it looked from s0 already
    if head is None:
        return None
    toks, skipped = head
    adjective = verb.group() in STANCE_ADJ
    if adjective and not skipped & BE or not adjective and verb.group().endswith(("ed", "en", "wn")) and skipped & BE:
        return None  # passive: the subject is the patient, not the holder; an adjective needs 'is'/'were'/'been'
    np_end = text.rfind(toks[-1], s0, verb.start()) + len(toks[-1])
    found = np_before(text, s0, np_end)
    comma = text.find(",", s0, np_end - 1)
    if text[np_end - 1] == "," and comma > s0 and n_words(text, comma, np_end) <= 24:
        # 'Trump's running mate, Indiana Gov. Mike Pence, plans to', 'Donald Trump, under fire ..., is casting'
        found = (text[s0:comma], s0) if valid_np(text[s0:comma]) else None
    if found is None or (found[1] != s0 and not text[s0 : found[1]].rstrip().endswith(",")):
        return None
    return found if holder_named(text, found[0]) else None


def holder_named(text: str, np: str) -> bool:
    """Is np a holder: a name, he/she or 'the ROLE'? The head phrase (before 'of', 'for', ...) carries the name:
    'The FBI director', 'Clinton aides', not 'Others in the African-American community'; a lone capitalised
    opener must be a name the article uses inside sentences too ('Trump', not 'Scholars', 'Perhaps' or
    'Gains of two to three years')."""
    toks = np.split()
    low = [t.lower().rstrip(".,") for t in toks]
    if low[0] in ("a", "an") and toks[-1][:1].isupper():
        return False  # 'a cap-and-trade bill Mr. Obama had tried to push': a relative clause, not a subject
    phrase = toks[: next((i for i, w in enumerate(low) if i and w in SPLIT_PREP), len(toks))]
    caps = [t for t in phrase if t[:1].isupper() and t.lower() not in DETERMINERS]
    if len(caps) == 1 and caps[0] == toks[0] and low[0] not in PRONOUNS and low[0] not in ROLE_HEADS:
        caps = caps if low[0] not in DETERMINERS and _inside_sentences(text, _NAME_END.sub("", caps[0])) else []
    return bool(caps) or low[0] in ("he", "she") or (low[0] == "the" and low[-1] in ROLE_HEADS)


# 'X declined to comment', 'X did not respond to a request for comment': a refusal to say anything, not speech.
NO_COMMENT = re.compile(
    r"\b(?:declined|declines|refused|refuses|did not|didn[’']t|has not|hasn[’']t|have not|haven[’']t|could not|"
    r"couldn[’']t|would not|wouldn[’']t)\s+(?:\w+ly\s+)?(?:to\s+)?(?:comment|respond|return|answer|reply)\b"
)


def refuses_comment(text: str, ss: int, se: int) -> bool:
    """NO_COMMENT within [ss, se). Asked of every sentence with a cue: the words it needs are looked for first
    (C substring search), the alternation only runs where one of them is."""
    find = text.find
    if (
        find("comment", ss, se) < 0
        and find("respond", ss, se) < 0
        and find("return", ss, se) < 0
        and find("reply", ss, se) < 0
        and find("answer", ss, se) < 0
    ):
        return False
    return NO_COMMENT.search(text, ss, se) is not None


def holder_claim(text: str, ss: int, source_pos: int, verb: re.Match[str]) -> tuple[int, str]:
    """Where a holder's claim starts, and its kind. A speech verb the frames missed ('When he bought the mine,
    Mr. Clarke said he ...') is reported speech from its source on: the intro is no one's words. A speech act
    or stance ('The FBI director chastised Clinton for ...', 'Trump admires Putin as ...') is reported from the
    verb on: what was said or held is the verb's complement, the subject is the speaker field. Any other verb
    is an act ('Sanders voted for ...'): the outlet's statement, with its holder."""
    word = verb.group()
    refusal = NO_COMMENT.search(text, max(ss, verb.start() - 30), verb.end() + 12)
    if refusal and refusal.start() <= verb.start() < refusal.end():
        return ss, "statement"
    if word in SPEECH_CORE:
        return source_pos, "reported"
    if word in REPORTING_FORMS:
        return verb.start(), "reported"
    return ss, "statement"


class HolderFrames:
    """Holders for `attribution._Attributor` (a mixin sharing its text, memory and output): the subject of a
    stance, intent or belief verb owns its sentence."""

    text: str
    mem: Any
    out: list[Any]
    last: Any
    emit: Callable[..., None]
    _is_intro: Callable[[int, int], bool]
    _subject: Callable[[int, int], tuple[str, int] | None]
    _described_subject: Callable[[int, int], tuple[str, int] | None]

    def _emit_holder(self, ss: int, se: int, found: tuple, verb: re.Match[str], act: bool = False) -> bool:
        """The sentence ss..se as the claim of `found` (the holder's noun phrase and position first) by `verb`; False
        when the phrase names no one. `act`: the outlet's statement with its holder, whatever the verb."""
        ent, mention = self.mem.resolve(found[0], found[1])
        if ent is None or (ent.kind != "person" and found[0].lower() in PRONOUNS):
            return False
        start, kind = (ss, "statement") if act else holder_claim(self.text, ss, found[1], verb)
        self.emit(start, se, kind, None, found[1], verb.group(), ent=ent)
        self.out[-1].speaker_mention = mention
        self.last = (ent, mention, found[1])
        return True

    def _subject_start(self, ss: int, hi: int) -> int:
        """Where the sentence's subject starts, after an intro ('Hours later, Trump ...', 'But Trump ...')."""
        text = self.text
        intro = CONNECTIVE_INTRO.match(text, ss, hi)  # 'But Trump ...', not 'Andrew ...'
        pos = intro.end() if intro and text[intro.end() - 1] in " ,\n" else ss
        comma = text.find(",", ss, min(hi, ss + 80))
        while comma > 0 and self._is_intro(ss, comma + 1):  # 'On July 6, 2015, Sanders made ...'
            chunk = text[pos:comma].strip(' "”')
            if pos > ss and len(chunk.split()) > 2 and not chunk.islower():
                break  # 'On "Face the Nation," Sen. Bernie Sanders (Vt.), who ...': the subject, not an intro
            pos = comma + 1
            comma = text.find(",", comma + 1, min(hi, ss + 80))
        while pos < hi and text[pos].isspace():
            pos += 1
        return pos

    def _holder(self, ss: int, se: int, verbs: list[re.Match[str]]) -> None:
        """'Sanders voted in support of the ACA', 'Clinton wants to sign up 5 million people': PolNeAR attributes
        such a sentence to its subject, the holder of a stance, intent or belief (verbs learned from its train
        Cue spans, `cues.HOLDER_FORMS`). A desk does not read it as something the holder said, and labelling
        them `reported` costs attribution precision (0.86 -> 0.80 on PolNeAR dev: the cue is often an act,
        'voted', 'endorsed'), so they stay `statement`s whose speaker and cue name the holder (of one of `verbs`)."""
        text, s0 = self.text, -1
        tried = 0
        for verb in verbs:
            # 'Scott beamed and asked the crowd to ...': a second verb of the sentence's subject.
            second = text.endswith(" and ", 0, verb.start()) and not text.endswith(", and ", 0, verb.start())
            head = None if second else holder_head(text, ss, verb)
            if not second and head is None:
                continue  # cheap test first: the subject is only looked for after a plausible head word
            if tried == 3:
                return
            tried += 1
            s0 = self._subject_start(ss, se) if s0 < 0 else s0
            if second:
                found = self._described_subject(ss, verb.start())
                found = found if found and holder_named(text, found[0]) and ";" not in text[ss : verb.start()] else None
            else:
                found = holder_np(text, s0, verb, head if s0 == ss else None) if verb.start() > s0 else None
            if found is None or n_words(text, verb.end(), se) < 3:
                continue
            # 'He shook hands and asked ...': a second verb of an act is not all speech.
            if self._emit_holder(ss, se, found, verb, act=second):
                return
