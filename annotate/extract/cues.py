"""Attribution cue lexicon and the word lists the speaker finder uses.

The verbs are the heads of the PolNeAR train `Cue` spans that occur more than a handful of times (said
4.6k, says, told, according to, wrote, added, asked, called, noted, ...) plus the reporting verbs wire
copy uses (asserted, echoed, recalled, reiterated). Two strengths, because "found"/"showed"/"believes"
are cues only with a clause after them ("a poll found that ...", not "police found the car"):
STRONG cues attribute in any frame; WEAK ones only before "that" or at the end of a clause.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

_IRREGULAR = {
    "say": "say says said saying",
    "tell": "tell tells told telling",
    "write": "write writes wrote written writing",
    "think": "think thinks thought thinking",
    "find": "find finds found finding",
    "know": "know knows knew known knowing",
    "see": "see sees saw seen seeing",
    "feel": "feel feels felt feeling",
    "show": "show shows showed shown showing",
    "read": "read reads reading",
    "learn": "learn learns learned learnt learning",
    "predict": "predict predicts predicted predicting",
    "deny": "deny denies denied denying",
    "reply": "reply replies replied replying",
    "testify": "testify testifies testified testifying",
    "admit": "admit admits admitted admitting",
    "quip": "quip quips quipped quipping",
    "signal": "signal signals signaled signalled signaling signalling",
    "echo": "echo echoes echoed echoing",
    "criticize": "criticize criticizes criticized criticizing criticise criticises criticised criticising",
    "emphasize": "emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising",
    "apologize": "apologize apologizes apologized apologizing",
    "commit": "commit commits committed committing",
    "rebut": "rebut rebuts rebutted rebutting",
    "put": "put puts putting",
    "tweet": "tweet tweets tweeted tweeting",
    "slam": "slam slams slammed slamming",
    "swear": "swear swears swore sworn swearing",
    "quiz": "quiz quizzes quizzed quizzing",
    "dub": "dub dubs dubbed dubbing",
    "brag": "brag brags bragged bragging",
    "beg": "beg begs begged begging",
    "regret": "regret regrets regretted regretting",
    "jab": "jab jabs jabbed jabbing",
}

# Cues that attribute on their own (a subject + one of these is speech or a stated position).
_STRONG = (
    "say tell add note stress assert echo recall claim argue insist warn explain write tweet announce declare "
    "state acknowledge admit suggest reply respond conclude emphasize complain predict promise vow pledge deny "
    "confirm report reiterate contend maintain observe remark concede allege reveal disclose testify counter "
    "retort boast lament caution underline underscore highlight mention inform assure urge accuse criticize "
    "blame praise charge demand propose threaten recount joke quip dismiss reject denounce condemn decry "
    "pledge apologize speculate rebut opine affirm proclaim"
)
# Cues only before a that-clause or at the end of a clause ("..., polls show.").
_WEAK = (
    "believe think hope fear show find learn know see feel expect worry doubt indicate signal mean recognize "
    "continue ask question comment describe slam blast attack defend cite tout agree hint clarify elaborate muse "
    "quote forecast estimate calculate project"
)


def _forms(base: str) -> list[str]:
    if base in _IRREGULAR:
        return _IRREGULAR[base].split()
    if base.endswith("e"):
        return [base, base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and base[-2] not in "aeiou":
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base.endswith(("sh", "ch", "ss", "x")):
        return [base, base + "es", base + "ed", base + "ing"]
    return [base, base + "s", base + "ed", base + "ing"]


# Base forms that are far more often nouns in news copy ("the state", "a report", "his claim").
_NOUNISH = frozenset(
    "state report claim charge question comment promise pledge counter project estimate forecast signal quote "
    "demand blame praise attack joke quip hint cite show find mean feel read see know fear hope doubt worry "
    "defend tout slam blast call ask note stress echo recall warn tweet deny reply".split()
)
# The learned lexicon (data/cue_lexicon.json, from PolNeAR train): forms that are a cue at least half the
# time they occur are strong, the rest weak.
_LEXICON = json.loads((Path(__file__).parent / "data" / "cue_lexicon.json").read_text(encoding="utf-8"))
_LEARNED = _LEXICON["forms"]
STRONG_FORMS = (
    frozenset({f for b in _STRONG.split() for f in _forms(b)} | {w for w, (c, t) in _LEARNED.items() if c >= 0.5 * t})
    - _NOUNISH
) | {"point out", "points out", "pointed out", "pointing out"}  # 'He pointed out that Russia had warned ...'
WEAK_FORMS = frozenset({f for b in _WEAK.split() for f in _forms(b)} | set(_LEARNED)) - _NOUNISH - STRONG_FORMS
ALL_FORMS = STRONG_FORMS | WEAK_FORMS


class CueHit(NamedTuple):
    """A cue occurrence, with the re.Match methods the frame finders use."""

    s: int
    e: int
    word: str

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e

    def group(self) -> str:
        return self.word


def _trie_regex(words: set[str]) -> str:
    """An alternation factored by prefix ('add(?:ed|s|ing)?'): the regex engine then walks one branch per
    letter instead of trying 500 verbs at every position."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
        if len(branches) == 1 and not end:
            return body
        return body + ("?" if end else "")

    return build(trie)


_TWO_WORD = {"according to", "According to", "point out", "points out", "pointed out", "pointing out", "Said", "Says"}
CUE = re.compile(r"\b(?:" + _trie_regex(set(ALL_FORMS) | _TWO_WORD) + r")\b")
# CUE after the non-word character it consumes, the cue in group 1: a pattern that opens with a character class
# is scanned by the class test alone (~20% faster than the '\b' in front). A cue ends in a letter, so that
# character is never part of the cue before: the matches are CUE's, but for the one opening the text.
_CUE_AFTER = re.compile(r"\W(" + CUE.pattern.removeprefix(r"\b") + ")")


# Any past-tense verb that takes a that-clause ('Smith sniped that the director was ...', 'made clear that he'): the
# lexicon cannot list every verb of saying, and the clause after 'that' is what marks one. The clause must open like
# one (a pronoun, a determiner or a name), so 'the ads aired that night' is no cue.
# Found from the ' that ' (a literal the regex engine looks for fast), then the verb before it is tested.
_THAT_CLAUSE = re.compile(
    r" that,?\s+(?:he|she|they|it|we|I|you|there|the|a|an|his|her|their|its|this|these|those|[A-Z][a-z])"
)
_VERB_BEFORE = re.compile(r"(?:\b[a-z]{3,}ed|\bmade (?:clear|plain|the (?:point|case)))$")


# Past verbs whose that-clause is a fact, not something said: 'It emerged that', 'the rule ensured that'.
_NOT_SPEECH_THAT = frozenset(
    "emerged appeared seemed happened transpired turned proved meant ensured guaranteed required provided "
    "stipulated mandated decided determined noticed discovered realized realised".split()
)


def find_cues(text: str) -> list[CueHit]:
    """Every cue candidate of an article, in one regex pass ('According to' opens many sentences)."""
    first = CUE.match(text)
    spans = [first.span()] if first else []
    spans += [m.span(1) for m in _CUE_AFTER.finditer(text, first.end() if first else 0)]
    extra = _verbs_before_that(text, {s for s, _ in spans})
    if extra:
        spans = sorted(spans + extra)
    out = []
    for s, e in spans:
        word = text[s:e].lower()
        if word in _NOUN_PLURALS and _NOUN_BEFORE.search(text, max(0, s - 30), s):
            continue  # 'Sanders’ attacks', 'his repeated calls': a noun
        if word in SEEM:
            continue  # 'he seems to have ...': a view's holder (holders.py reads it), never a frame of speech
        if word == "attacks" and _PLACE_BEFORE.search(text, max(0, s - 30), s):
            continue  # 'the Paris attacks', but 'the Daily Caller reports' is a verb
        # 'Said Ellis: "..."' opens a sentence; a title-case 'Clinton Says Russians Hacked DNC' is a headline.
        if word not in ("said", "says") or text[s].islower() or _opens_sentence(text, s):
            out.append(CueHit(s, e, word))
    return out


# Third-person forms of verbs that are mostly nouns ('attacks', 'claims', 'calls'), and what marks the noun use: a
# determiner or a possessive before it.
_NOUN_PLURALS = frozenset(
    f for f in ALL_FORMS if f.endswith("s") and (f[:-1] in _NOUNISH or f[:-2] in _NOUNISH or f == "calls")
)
_NOUN_BEFORE = re.compile(
    r"(?:\b(?i:the|a|an|his|her|their|its|our|my|your|these|those|such|new|recent|latest|repeated|many|several|"
    r"whose|of|by)|[’']s?)\s+$"
)
_PLACE_BEFORE = re.compile(r"\bthe\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?\s+$")


def _verbs_before_that(text: str, known: set[int]) -> list[tuple[int, int]]:
    out = []
    for m in _THAT_CLAUSE.finditer(text):
        verb = _VERB_BEFORE.search(text, max(0, m.start() - 24), m.start())
        if verb is None or verb.start() in known or verb.group() in _NOT_SPEECH_THAT:
            continue
        if text[max(0, verb.start() - 6) : verb.start()].split()[-1:] in (["It"], ["it"], ["There"], ["there"]):
            continue
        out.append(verb.span())
    return out


def _opens_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" \t")
    return not before or before[-1] in '\n.!?"”'


# Participles that open a further reported clause after a frame: '..., Lavrov said, adding that ...' (group 1);
# a closing quote may stand between: '... the “grace week,” saying ...'.
PARTICIPLE = re.compile(
    r",[\"”’']?\s*(?:and\s+|before\s+|while\s+|then\s+)?(adding|saying|noting|stressing|arguing|warning|insisting|"
    r"explaining|claiming|asking|announcing|tweeting|recalling|reiterating|asserting|suggesting|pointing out|"
    r"acknowledging|admitting|emphasi[sz]ing|"
    r"underlining|underscoring|declaring|complaining|predicting|vowing|promising|urging|calling|accusing|"
    r"charging|citing|telling|writing|contending|observing|remarking|conceding|alleging|denying|"
    r"describing|lamenting|cautioning|repeating|referring to|questioning|signaling|signalling|recounting|"
    r"dismissing|blaming|praising|criticizing|defending|demanding|revealing|threatening)\b"
)
# '... picked up the theme by saying he ...': the same, without the comma.
BY_PARTICIPLE = re.compile(
    r"\s(?:by|after)\s+(saying|arguing|insisting|noting|claiming|declaring|telling|announcing)\b"
)

# The verbs that almost only ever take a speaker as subject (cue share >= 0.8 in PolNeAR train): next to
# them any noun phrase is accepted as the source ("Connecticut's tax commissioner says").
SPEECH_CORE = frozenset(
    "said says say told tells added adds wrote writes noted notes argued argues explained stated acknowledged "
    "insisted claimed warned recalled stressed asserted announced tweeted suggested replied concluded declared "
    "conceded contended predicted testified asked emphasized reiterated".split()
)

# Verbs of seeming ('he seems to have', 'it appeared'): a cue for the holder of a view, never a frame of speech.
SEEM = frozenset("seem seems seemed appear appears appeared".split())

# Words between a source and its cue that belong to neither: 'Lavrov also recalled', 'he has said'.
ADVERBS = frozenset(
    "also later further previously repeatedly reportedly recently again once then subsequently earlier "
    "publicly privately separately however meanwhile flatly frequently often never already initially "
    "ultimately even only simply specifically explicitly quickly angrily has have had was is were are would "
    "will did does do could may might must should can not n't just first last yesterday today tonight "
    "himself herself themselves itself correctly rightly wrongly falsely bluntly openly frankly "
    "similarly likewise famously memorably notably pointedly tersely shortly immediately".split()
)

# Lowercase words that can head or modify a source noun phrase.
ROLE_HEADS = frozenset(
    "minister diplomat president senator sen congressman congresswoman representative rep governor gov mayor "
    "secretary-general director-general attorney-general vice-president "
    "nominee candidate spokesman spokeswoman spokesperson secretary ambassador envoy chief head leader "
    "chairman chairwoman chair director official officials source sources aide aides adviser advisers advisor "
    "strategist strategists analyst analysts expert experts manager lawyer attorney general commander "
    "billionaire businessman mogul pollster economist founder ceo executive premier chancellor king queen "
    "speaker whip lawmaker lawmakers legislator legislators politician politicians critic critics supporter "
    "supporters voter voters observer observers investigator investigators prosecutor prosecutors judge "
    "agency ministry department campaign administration government committee party team office mission "
    "organization organisation company firm group union council commission embassy kremlin white house "
    "report statement poll polls survey study paper newspaper daily outlet network channel magazine website "
    "document memo letter data figures records researchers scientists people residents activists "
    "democrats republicans member members delegation correspondent reporter reporters journalist editor "
    "host anchor columnist writer author staffer staffers operative operatives surrogate surrogates "
    "co-chair nominees candidates governors senators ministers diplomats presidents commissioner commissioners "
    "officer officers professor historian scholar researcher consultant lobbyist activist organizer "
    "spokesmen director governor-elect owner partner employee employees worker workers student students "
    "doctor physician nurse teacher pastor rabbi imam priest bishop cardinal senior juniors veteran veterans "
    "father mother wife husband son daughter".split()
)

ORG_HEADS = frozenset(
    "agency ministry department campaign administration government committee party team office mission "
    "organization organisation company firm group union council commission embassy report statement poll "
    "polls survey study paper newspaper daily outlet network channel magazine website memo letter".split()
)

# Synonyms for role nominals: 'the diplomat' finds an entity titled 'Foreign Minister' or 'FM'.
ROLE_SYNONYMS = {
    # 'his Egyptian counterpart Sameh Shoukry' holds the role of the minister he met: 'the Egyptian minister'.
    "diplomat": {"diplomat", "fm", "foreign", "minister", "ambassador", "envoy", "secretary", "counterpart"},
    "minister": {"minister", "fm", "counterpart"},
    "senator": {"senator", "sen", "sen."},
    "sen": {"senator", "sen", "sen."},
    "congressman": {"rep", "rep.", "representative", "congressman"},
    "congresswoman": {"rep", "rep.", "representative", "congresswoman"},
    "governor": {"governor", "gov", "gov."},
    "nominee": {"nominee", "candidate", "presidential"},
    "candidate": {"nominee", "candidate", "presidential"},
    "president": {"president"},
    # 'the Russian leader' is its president or head of government.
    "leader": {"leader", "president", "premier", "chancellor"},
    "secretary": {"secretary"},
    # 'The head of the World Health Organization, Tedros' is then 'the WHO chief'.
    "chief": {"chief", "head", "director", "leader"},
    "head": {"chief", "head", "director", "leader"},
    "director": {"director", "chief", "head"},
    "spokesman": {"spokesman", "spokesperson", "spokeswoman", "press"},
    # 'Kremlin spokesman Dmitry Peskov' is then 'the Kremlin official' (a qualifier must fit: 'kremlin').
    "official": {"official", "spokesman", "spokesperson", "spokeswoman"},
    "spokeswoman": {"spokesman", "spokesperson", "spokeswoman", "press"},
    "billionaire": {"billionaire", "businessman", "mogul", "nominee", "candidate"},
    "businessman": {"billionaire", "businessman", "mogul", "nominee", "candidate"},
    "mogul": {"billionaire", "businessman", "mogul", "nominee", "candidate"},
}

PRONOUNS = frozenset("he she they it we i you who which".split())
DETERMINERS = frozenset(
    "the a an this that these those another some many several one two three four other both all most his her "
    "their its our my any each few".split()
)


# Stance, intent and belief verbs whose subject PolNeAR annotates as the source of the rest of the sentence
# ("Sanders voted in support of the ACA", "Clinton wants to sign up 5 million people"): the learned
# `holder_forms` (data/cue_lexicon.json) plus the belief/intent verbs of the annotation guidelines.
_HOLDER = "want believe think support oppose plan hope argue claim insist vote seek intend expect favor push"
# Stance adjectives after 'is'/'are' ('Republicans were incensed that ...', 'Graham has been critical of ...').
STANCE_ADJ = frozenset(
    "afraid concerned convinced worried frustrated incensed confident optimistic pessimistic skeptical sceptical "
    "critical adamant certain sure hopeful wary angry upset eager determined unhappy pleased proud furious "
    "opposed committed reluctant unwilling willing open".split()
)


def _inflections(form: str) -> set[str]:
    """The other forms of a learned verb form ('complimented' -> 'compliments', 'complimenting')."""
    for suffix, bases in (("ing", ("", "e")), ("ied", ("y",)), ("ies", ("y",)), ("ed", ("", "e")), ("es", ("", "e")),
                          ("s", ("",))):  # fmt: skip
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            stem = form[: -len(suffix)]
            return {f for b in bases for f in _forms(stem + b)} | {form}
    return {form}


# Stems that inflecting a learned form turns into particles or nouns ('noted' -> 'not', 'backed' -> 'back'),
# and verbs that are a cue only in an idiom ('as X put it').
_NOT_VERBS = frozenset(
    "not back yet point out up off down over away name names news report reports put puts putting include "
    "includes including".split()
)
_HELD = [w for w, (c, _t) in _LEXICON.get("holder_forms", {}).items() if c >= 2]
HOLDER_FORMS = (
    (
        frozenset(_LEXICON.get("holder_forms", ()))
        | {f for w in _HELD for f in _inflections(w)}
        | {f for b in _HOLDER.split() for f in _forms(b)}
        | ALL_FORMS
        | STANCE_ADJ
    )
    - ADVERBS
    - _NOT_VERBS
)

# Speech acts, judgements and stances: 'X slammed / grilled / vowed / admires ...' reports what X said or holds,
# so the sentence is an attribution (`reported`), unlike an act ('X voted', 'X signed') or an event ('X won'),
# which stay the outlet's statement. General English verbs of communication, judgement and attitude.
_SPEECH_ACTS = (
    "say tell add note stress assert claim argue insist warn explain write tweet announce declare acknowledge "
    "admit suggest reply respond conclude emphasize complain predict promise vow pledge deny confirm reiterate "
    "contend maintain observe remark concede allege reveal disclose testify retort boast lament caution "
    "underscore mention assure urge accuse criticize blame praise threaten recount joke quip dismiss reject "
    "denounce condemn decry apologize speculate rebut proclaim chastise scold rebuke reprimand admonish lambaste "
    "excoriate berate castigate chide grill quiz confront slam blast bash assail attack mock ridicule deride "
    "taunt lampoon deplore bemoan laud hail applaud commend compliment congratulate thank tout extol defend "
    "justify downplay dispute rebuff refute implore beg exhort encourage demand swear guarantee reassure confess "
    "characterize portray liken equate grumble fume rant muse wonder advise recommend propose regret brag scoff "
    "sneer gush seethe bristle herald jab"
)
_STANCES = (
    "believe think feel hope want fear worry expect suspect know realize recognize doubt admire hate loathe "
    "despise dread envision foresee contemplate"
)
# Mostly nouns in news copy ('the press', 'a rate', 'health care'): only their past or third-person forms count.
_PAST_ONLY = "press question challenge appeal object vent rate brand judge lash trust respect love care"
_PAST_FORMS = {_forms(b)[2] for b in _PAST_ONLY.split()} | {"loves", "cares"}
REPORTING_FORMS = (
    (frozenset(f for b in (_SPEECH_ACTS + " " + _STANCES).split() for f in _forms(b)) - _NOT_VERBS)
    | _PAST_FORMS
    | SPEECH_CORE
)
# 'state' and 'states' are nouns far more often ('the secretary of state', 'United States'): no holder verb.
HOLDER_FORMS = (HOLDER_FORMS | REPORTING_FORMS) - {"state", "states"}
HOLDER_VERB = re.compile(r"\b(?:" + _trie_regex(set(HOLDER_FORMS)) + r")\b")
