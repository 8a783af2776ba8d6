"""Attribution: who said what. Direct quotes, reported speech and their speakers.

One linear pass over the sentences in reading order; sentences with neither a quote mark nor a cue are
only looked at for a holder (last item below). Quotes are handled by `quotes.QuoteFrames` (which passages are
speech, and whose). The other sentences are matched against reported-speech frames around the cue
verbs `cues.find_cues` finds, the outermost (trailing) frame first:

- trailing   `CONTENT, Russian Foreign Minister Sergei Lavrov said on Thursday.` -> CONTENT
- inverted   `CONTENT, says Lavrov.` / `CONTENT, according to the report.` / `According to X, CONTENT`
- leading    `Lavrov also recalled Russia offered ...` / `It said NATO has ...` -> the whole sentence,
             split in two at ', and Trump vowed ...' when a second speaker takes over
- participle `..., Lavrov said, adding that ...` -> "adding that ..." as a second claim
- clauses    `While Lopez pledged ..., Brandt insisted that ...` -> two claims, the main clause's speaker carried on
- headlines  `NATO broke promises in past – Lavrov`, `..., Lindsey Graham Says.`, `Pat Caddell: ...` and
             'according to' frames (`framed.SourcedFrames`)
- fallbacks  long subjects, a speech verb as the subject's second verb, a source behind asides
             (`fallbacks.FallbackFrames`, only where nothing above owned the sentence)
- transcripts `PENCE: Well, ...` -> the paragraph is a quote by the label
- holders  `Sanders voted in support of the ACA.` / `Clinton wants to sign up ...` -> a `statement` whose speaker
           is the subject of a stance, intent or belief verb (`sources.HolderFrames`; PolNeAR annotates these as
           attributions, a desk does not read them as speech; `holders.ChainHolders` past 'went on to')

Not speech: modal or passive frames ('Comey will testify', 'Trump was asked'), phrasal verbs ('showed
up'). The source noun phrase (`sources.py`) is resolved to a name by `speakers.EntityMemory`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .cues import (
    BY_PARTICIPLE,
    DETERMINERS,
    PARTICIPLE,
    SPEECH_CORE,
    STRONG_FORMS,
    CueHit,
    find_cues,
)
from .fallbacks import FallbackFrames
from .framed import SourcedFrames
from .holders import ChainHolders
from .interviews import InterviewTurns
from .intros import SUBORDINATORS, opens_intro
from .quotes import QUOTES, QuoteFrames
from .roles import is_state_abbreviation
from .sources import (
    ADJUNCT_START,
    BE,
    CONNECTIVE_INTRO,
    DATELINE,
    FINDERS,
    JOIN,
    LABEL,
    LEAD_CONJ,
    NAMEISH,
    NOT_SAID,
    PARTICLES,
    ROLE_HEADS,
    SUBJECT,
    TIME_TAIL,
    HolderFrames,
    appositive,
    clause_start,
    n_words,
    np_after,
    np_before,
    refuses_comment,
    strip_adverbs,
    valid_np,
    words_before,
)
from .speakers import Entity, EntityMemory


@dataclass
class Attribution:
    start: int
    end: int  # content span in text (quote content without the quote marks; reported content)
    kind: str  # "quote" | "reported"
    speaker: str | None  # resolved full name/organisation
    speaker_mention: str | None  # the literal source span: "he", "the minister"
    cue: str | None


# Words that carry a sentence on after a frame set inside it: '..., says X, a historian, is that ...'.
_RESUMING = frozenset("is was are were has had have will would can could remains remained".split())
# What a wire report cites when it names no content: 'citing two US officials familiar with the matter'.
_CITED_SOURCE = re.compile(
    r"citing\s+(?:[\w'’-]+\s+){0,5}?(?:officials?|sources?|people|persons?|diplomats?|insiders?|aides?)"
    r"(?:\s+(?:familiar|close|with|who|in|at|from|of|involved)\b[^.;:]*)?[.]?"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NAME_PARTICLES = frozenset("de da del der van von al bin".split())
_SUBORDINATE = re.compile(r"(?:While|Although|Though|Whereas|Even as|Even though)\s")


# Verbs of an act that can carry speech: a frame only before what was said ('defended the plan, saying' is read
# from 'saying'), never before a plain object ('Trump defended his record', 'Cruz sought the nomination').
_ACTS = frozenset(
    "sought offered refused defended blasted mentioned referred denounced maintained touted announced praised "
    "attacked criticized expressed declared".split()
)


# Cues whose content may be a gerund clause: 'Moscow has denied targeting civilians', 'he admitted taking the money'.
_GERUND_CLAIMS = frozenset("deny denies denied admit admits admitted acknowledge acknowledges acknowledged".split())

# Lowercase role words, then capitalised words: the rest of a described subject.
_ROLE_RUN = re.compile(r"((?:\s+[a-z][\w-]*){1,3})(?:\s+[A-Z][\w'’.-]*)+")
_ROLE_LINKS = frozenset("and presidential former presumptive".split())


# After 'told' and its object, what opens a clause of the content: 'told reporters that', 'told him to go', 'told
# the court the deal ...'. Without one, a long object is only where and when: 'CONTENT, X told a news conference
# following talks with his Egyptian counterpart on Wednesday.'
_CLAUSE_AFTER_OBJECT = re.compile(
    r"\b(?:that|whether|if|how|why|what|to\s+[a-z]+|(?:he|she|they|it|we|there)\s+[a-z]+|the\s+\w+\s+(?:is|was|were|are|"
    r"had|has|would|will|could|should))\b"
)


def _short_clause(rest: str, cue: str) -> bool:
    """'Jeff Ortiz said he would.': two words after a core speech verb that are a clause of their own."""
    words = rest.split()
    return cue in SPEECH_CORE and len(words) == 2 and words[0].lower() in ("he", "she", "it", "they", "we", "i")


def _unclosed_quote(span: str) -> bool:
    return span.count("“") > span.count("”") or span.count('"') % 2 == 1


class _Attributor(QuoteFrames, HolderFrames, ChainHolders, InterviewTurns, FallbackFrames, SourcedFrames):
    def __init__(self, text: str, sentences: list[tuple[int, int]]) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s for s, _ in sentences]
        self.mem = EntityMemory(text)
        self.out: list[Attribution] = []
        self.last: tuple[Entity | None, str, int] | None = None  # speaker of the latest attribution
        self.quotes = [(m.start(), m.end(), *self._content(m)) for m in QUOTES.finditer(text)]
        self.cues = find_cues(text)
        self.cue_starts = [c.s for c in self.cues]
        self._sources: dict[tuple[int, int, bool], tuple[str, int, bool] | None] = {}
        self._init_turns()

    def _content(self, m: re.Match[str]) -> tuple[int, int]:
        s, e = m.span(m.lastindex)  # each quote style is an alternative with one group: the one that matched
        while s < e and self.text[s].isspace():
            s += 1
        while e > s and (self.text[e - 1].isspace() or self.text[e - 1] in ",;:-–—"):
            e -= 1
        return s, e

    def emit(self, s: int, e: int, kind: str, np: str | None, pos: int, cue: str | None, ent=None) -> None:
        if cue == "citing" and _CITED_SOURCE.fullmatch(self.text, s, e):
            return  # ', citing two officials familiar with the matter.': where the report came from, no claim
        if kind == "reported":
            s, e = self._trim(s, e)
        mention = np
        if np is not None and ent is None:
            ent, mention = self.mem.resolve(np, pos)
        if ent is not None:
            self.mem.push_speaker(ent, pos)
        self.out.append(Attribution(s, e, kind, ent.name if ent else None, mention, cue))
        self.last = (ent, mention or "", pos)

    def cues_in(self, lo: int, hi: int) -> list[CueHit]:
        i = bisect_left(self.cue_starts, lo)
        j = bisect_left(self.cue_starts, hi, i)
        return [c for c in self.cues[i:j] if c.e <= hi]

    def sentence_end(self, pos: int) -> int:
        i = bisect_right(self.starts, pos) - 1
        return self.sentences[i][1] if i >= 0 else len(self.text)

    # ---- reported speech ------------------------------------------------------------------------
    def do_reported(self, ss: int, se: int) -> None:
        text = self.text
        cues = [m for m in self.cues_in(ss, se) if not self._inside_quote(m.start())]
        if not cues or refuses_comment(text, ss, se):
            return  # no frame; a holder may still own the sentence ('X declined to comment': a statement)
        as_frame = text.startswith(("As ", "But As ", "And As "), ss) or text.find(", as ", ss, se) > 0
        if as_frame and self._as_frame(ss, se, cues):
            return
        # The outermost frame first: a trailing 'CONTENT, X said.' owns the nested 'Y told Z that' in CONTENT.
        for m in reversed(cues):
            if self._trailing(ss, se, m):
                return
        if _SUBORDINATE.match(text, ss) and self._main_clause_first(ss, se, cues):
            return
        # Leading frames: strong cues first ('Video of X shows him ..., but Shelby said' is Shelby's).
        for m in sorted(cues, key=lambda c: c.word not in STRONG_FORMS):
            if self._leading(ss, se, m):
                return
        # 'Clinton pitched her plan, noting that ...': the participle's subject opens the sentence. What it did
        # first is its holder's statement (as `HolderFrames` reads a sentence without the participle).
        tail = PARTICIPLE.search(text, ss, se) or BY_PARTICIPLE.search(text, ss, se)
        if tail and n_words(text, tail.end(), se) >= 3:
            subj = self._described_subject(ss, tail.start())
            if subj:
                p0 = tail.start(1)
                if n_words(text, ss, tail.start()) >= 4:
                    end = tail.start() + (2 if text[tail.start() + 1] in "\"”’'" else 0)  # ', the “grace week,”'
                    self.emit(ss, end, "statement", subj[0], subj[1], None)
                self.emit(p0, se, "reported", subj[0], subj[1], tail.group(1))

    def _described_subject(self, ss: int, hi: int) -> tuple[str, int] | None:
        """`_subject`, carried on over role words to the name they describe: 'Former prosecutor and Mayor Rudy
        Giuliani', 'Presumptive Republican presidential nominee Dana Kim', not 'Former' alone."""
        subj = self._subject(ss, hi)
        if subj is None:
            return None
        np, pos = subj
        more = _ROLE_RUN.match(self.text, pos + len(np), hi)
        if more and all(w in ROLE_HEADS or w in _ROLE_LINKS for w in more.group(1).split()):
            return self.text[pos : more.end()], pos
        return subj

    def _main_clause_first(self, ss: int, se: int, cues: list[CueHit]) -> bool:
        """'While Lopez pledged to work with both parties, Brandt insisted that ...': the main clause's frame is
        read first (it owns the sentence's point), then the subordinate clause's, each its own claim."""
        comma = self.text.find(",", ss, se)
        if comma < 0:
            return False
        n = len(self.out)
        for m in sorted((c for c in cues if c.s > comma), key=lambda c: c.word not in STRONG_FORMS):
            if self._leading(comma + 1, se, m):
                break
        else:
            return False
        main, last = self.out[n:], self.last
        del self.out[n:]
        for m in (c for c in cues if c.e < comma and c.word in STRONG_FORMS):
            if self._leading(ss, comma, m):
                break
        self.out.extend(main)
        self.last = last  # 'he' in the next sentence is the main clause's speaker
        if last and last[0] is not None:
            self.mem.push_speaker(last[0], last[2])
        return True

    def _subject(self, ss: int, hi: int) -> tuple[str, int] | None:
        """The name or pronoun that opens the sentence, after an intro ('Hours later, Trump ...')."""
        text = self.text
        pos = self._subject_start(ss, hi)
        subj = SUBJECT.match(text, pos, hi)
        if subj and subj.group(1).startswith("The "):
            return (subj.group(1)[4:], pos + 4) if valid_np(subj.group(1)[4:]) else None  # 'The United States'
        if subj and valid_np(subj.group(1)) and subj.group(1).split()[0].lower() not in DETERMINERS:
            return subj.group(1), pos
        return None

    def _trailing(self, ss: int, se: int, m: CueHit) -> bool:
        text = self.text
        cue = m.group()
        if cue == "according to":
            return self._according(ss, se, m)
        found = self._source_before(ss, m.start(), cue in SPEECH_CORE)
        if found is None:
            # Inverted: 'CONTENT, says Lavrov.'
            clause_lo = self._clause_start(ss, m.start())
            comma = len(text[ss:clause_lo].rstrip().rstrip("\"”’'")) + ss - 1
            finite = not cue.endswith("ing")  # ', telling Reuters' is a participle, not 'says Lavrov'
            if finite and clause_lo > ss and not text[clause_lo : m.start()].strip(" '\"”’") and text[comma] in ",—–":
                np = np_after(text, m.end(), se, cue in SPEECH_CORE)
                if np and cue in SPEECH_CORE and self._resumes_after_role(m.end() + len(np), se):
                    self.emit(ss, se, "reported", np, m.end(), cue)  # the frame stands inside the content
                    return True
                if np and n_words(text, ss, comma) >= 3:
                    closed = len(text[ss:clause_lo].rstrip()) + ss  # 'the “grace week,” said X': keep the mark
                    self.emit(ss, closed if _unclosed_quote(text[ss:comma]) else comma, "reported", np, m.end(), cue)
                    return True
                if np and cue in SPEECH_CORE and self._resumes_after(m.end() + len(np), se):
                    # 'And the mayor, said Ortiz, who knows him well, never forgets.': the frame stands inside
                    # the content, which goes on after it.
                    self.emit(ss, se, "reported", np, m.end(), cue)
                    return True
            return False
        np, np_pos, appositive = found
        if any(w in NOT_SAID for w in words_before(text, m.start(), np_pos)):
            return False  # 'CONTENT, Mr. Trump is seen as ...', 'X, she will testify': no frame of speech
        before = text[ss:np_pos].rstrip().rstrip("\"”’'")  # 'He was a “respected manager,” Boistard said'
        dateline = DATELINE.match(text, ss, np_pos)  # 'DENVER, May 4 (UPI) — X told ...' is no content
        if (
            appositive
            or not before.endswith((",", "—", "–"))
            or n_words(text, dateline.end() if dateline else ss, np_pos) < 3
        ):
            return False
        if self._is_intro(ss, np_pos):
            return False
        rest = text[m.end() : se].strip()
        first = rest.split(" ", 1)[0].lower().strip(",.") if rest else ""
        if rest.startswith(",") and not PARTICIPLE.match(text, m.end()) and n_words(text, m.end(), se) > 3:
            self.emit(ss, se, "reported", np, np_pos, cue)  # 'The deal, he said, is bad.': parenthetical
            return True
        if first == "that" or rest.startswith(":"):
            return False
        if rest and not rest.startswith((",", ".", "!", "?")) and first not in ADJUNCT_START:
            # 'CONTENT, X told reporters on Monday.': a short object; 'INTRO, X asked the mayor whether ...' is leading.
            if cue not in ("told", "tells", "telling", "asked") and n_words(text, m.end(), se) > 4:
                return False
            if n_words(text, m.end(), se) > 8 and (cue == "asked" or _CLAUSE_AFTER_OBJECT.search(rest)):
                return False  # 'X told reporters the talks had failed', 'X told him to leave': what was said follows
        end = ss + len(before)
        if _unclosed_quote(text[ss:end]):
            end = ss + len(text[ss:np_pos].rstrip())  # 'The plan was a "disaster,"': the quote closes in the claim
        self.emit(ss, end, "reported", np, np_pos, cue)
        tail = PARTICIPLE.search(text, m.end(), se)
        if tail:
            p0 = tail.start(1)
            self.emit(p0, se, "reported", None, np_pos, tail.group(1), ent=self._last_ent())
        return True

    def _resumes_after_role(self, pos: int, se: int) -> bool:
        """', says Carl Anthony, historian at the library, is that ...': after the source (ending near pos) and a
        role set off by commas, the sentence goes on with its verb."""
        text = self.text
        comma = text.find(",", pos, pos + 3)
        nxt = text.find(",", comma + 1, se) if comma >= 0 else -1
        if nxt < 0:
            return False
        after = text[nxt + 1 : se].split(None, 1)
        return bool(after) and after[0] in _RESUMING and appositive(text[comma + 1 : nxt].strip())

    def _resumes_after(self, pos: int, se: int) -> bool:
        """After an inverted frame's source (ending near pos) and a comma, maybe a relative clause set off by a
        second comma, the content goes on in lowercase: ', who knows him well, never forgets.'"""
        text = self.text
        comma = text.find(",", pos, pos + 3)
        if comma < 0:
            return False
        if PARTICIPLE.match(text, comma):
            return False  # ', said Ortiz, adding that ...': a frame and its participle
        rest = text[comma + 1 : se].split(None, 1)
        if rest and rest[0] in ("who", "whose", "which"):
            comma = text.find(",", comma + 1, se)
            rest = text[comma + 1 : se].split(None, 1) if comma > 0 else []
        return (
            len(rest) == 2
            and rest[0][:1].islower()
            and rest[0] not in DETERMINERS  # ', a spokesman for the city.': an appositive
            and n_words(text, comma + 1, se) >= 3
        )

    def _leading(self, ss: int, se: int, m: CueHit) -> bool:
        """The source opens its clause and the content follows the cue: the claim is the whole clause."""
        text = self.text
        cue = m.group()
        if cue == "according to":
            return False
        found = self._source_before(ss, m.start(), cue in SPEECH_CORE) or self._long_subject(ss, m)
        if found is None:
            return False
        np, np_pos, appositive = found
        rest = text[m.end() : se].strip()
        first = rest.split(" ", 1)[0].lower().strip(",.") if rest else ""
        if cue in _ACTS and first != "that" and not rest.startswith((":", '"', "“", "'")):
            return False  # 'Trump defended his record', 'Cruz sought the nomination': an act, not what was said
        if first in PARTICLES or (first.endswith("ing") and cue not in SPEECH_CORE and cue not in _GERUND_CLAIMS):
            return False  # 'showed up', 'called off', 'continued campaigning': not speech
        # Between the source and the cue: 'will testify', 'never mentioned', 'was asked' are no statement.
        between = words_before(text, m.start())
        if any(w in NOT_SAID for w in between) and not (cue.endswith("ing") and any(w in BE for w in between)):
            return False  # ... but 'is saying' is speech
        if cue not in STRONG_FORMS and first != "that" and " that " not in rest[:40]:
            # A weak cue right after a poll-like or named multi-word subject: 'A Bloomberg poll found ...'.
            head = np.split()[-1]
            named = head[:1].isupper() or head.lower() in FINDERS
            if not (named and " " in np and np_pos == self._clause_start(ss, m.start())):
                return False
        named_so = cue in ("called", "calls") and any(q in rest for q in "\"“'‘")
        if n_words(text, m.end(), se) < 3 and not named_so and not _short_clause(rest, cue):
            return False  # but 'Bush called Trump “unhinged.”' names him so, and 'X said he would.' is a clause
        before = text[ss:np_pos].rstrip()
        if before.endswith((" which", " whom", ",which")) or before == "which":
            return False  # 'The document, which officials said was forged, was shown ...': no frame of the sentence
        start = np_pos
        if appositive or (np_pos > ss and self._is_intro(ss, np_pos)):
            intro = CONNECTIVE_INTRO.match(text, ss)
            # A long intro ('In the days after last week's floods in the north,') sets the scene; it is not
            # part of what the source said.
            clause = text[ss:np_pos].lstrip().split(" ", 1)[0].lower() in SUBORDINATORS
            long_intro = not appositive and (clause or n_words(text, ss, np_pos) > 9)
            start = np_pos if long_intro or intro and intro.end() >= np_pos - 1 and not appositive else ss
        elif before.endswith(",") and n_words(text, ss, np_pos) >= 3 and not self._is_intro(ss, np_pos):
            return False  # 'CONTENT, X said that ...' is not a leading frame for X
        second = self._second_frame(m, se)
        if second is None:
            self.emit(start, se, "reported", np, np_pos, cue)
        else:  # 'Cruz said he would ..., and Trump vowed to ...': two speakers, two claims
            cut, np2, pos2, cue2 = second
            self.emit(start, cut, "reported", np, np_pos, cue)
            self.emit(pos2, se, "reported", np2, pos2, cue2)
        return True

    def _second_frame(self, m: CueHit, se: int) -> tuple[int, str, int, str] | None:
        """A later 'X CUE' joined by ', and' / ', but' / ', while' / ';' that starts a new attribution."""
        text = self.text
        for m2 in self.cues_in(m.end(), se):
            if m2.word not in STRONG_FORMS or self._inside_quote(m2.start()):
                continue
            found = np_before(text, m.end(), m2.start())
            if found is None:
                continue
            np2, pos2 = found
            if not (np2[:1].isupper() or np2.lower() in ("he", "she", "they")):
                continue
            join = JOIN.search(text[max(m.end(), pos2 - 12) : pos2])
            if join and n_words(text, pos2, se) > 4:
                return max(m.end(), pos2 - 12) + join.start(), np2, pos2, m2.word
        return None

    def _source_before(self, ss: int, cue_start: int, lenient: bool = False) -> tuple[str, int, bool] | None:
        """Source np before a cue: (np, position, whether it stands before an appositive). Memoised: the
        trailing and the leading pass both ask."""
        key = (ss, cue_start, lenient)
        if key not in self._sources:
            found = self._find_source_before(ss, cue_start, lenient)
            self._sources[key] = found if found and found[0].strip() else None
        return self._sources[key]

    def _find_source_before(self, ss: int, cue_start: int, lenient: bool) -> tuple[str, int, bool] | None:
        text = self.text
        found = np_before(text, ss, cue_start, lenient)
        # Dashes set off appositives like commas do ('John Dickey, the chief -- who ... -- told me'); the
        # replacements keep every offset.
        cut = max(text.rfind(":", ss, cue_start), text.rfind(";", ss, cue_start))
        if cut >= 0:
            ss = cut + 1  # an appositive never spans a colon: 'Ah, friends once more: Ted Cruz endorses'
        left = text[ss:cue_start].replace("--", ", ").replace("—", ",").replace("–", ",").replace(" - ", " , ")
        if "," in left:
            left = _THOUSANDS.sub(" ", left)  # '$70,000' sets nothing off
        if "," not in left:
            return (found[0], found[1], False) if found else None
        if found is not None and found[0].split()[0].lower() not in ("a", "an", "who", "which"):
            chunk_start = found[1]
            if not text[ss:chunk_start].rstrip().endswith(","):
                return found[0], found[1], False
        # 'Chris Brownell, an audience member, said' / 'Paul Manafort, Trump's chairman, dismissed'.
        intro = 0
        chunks = left.split(",")
        # The intro may take several chunks: 'At Boca West, where it costs $70,000 to join, Jay Park, its manager,'.
        while len(chunks) > 2 and self._is_intro(ss, ss + intro + len(chunks[0]) + 1):
            intro += len(chunks[0]) + 1
            chunks = chunks[1:]
        if len([c for c in chunks if c.strip()]) < 2:
            return (found[0], found[1], False) if found else None
        last = chunks[-1].strip()
        if last and TIME_TAIL.fullmatch(" " + last):
            last = ""  # 'X, the party's leader, Tuesday called': a time, not the source
        # Only 'X, APPOSITIVE, said' or 'X, a lawyer, said': a plain 'CONTENT, Mr. Obama said' is trailing.
        if last:  # no comma before the cue: the chunk next to it is the source (or content ends there)
            return (found[0], found[1], False) if found else None
        lead_conj = LEAD_CONJ.match(chunks[0])
        if lead_conj:  # 'But Megan Hester, senior associate ..., said'
            intro += lead_conj.end()
            chunks[0] = chunks[0][lead_conj.end() :]
        full = [c for c in chunks if c.strip()]
        valid = [c for c in full if valid_np(c.strip(), lenient) or appositive(c.strip())]
        ok = len(valid) == len(full) >= 2 and sum(len(c.split()) for c in chunks) <= 30
        # The chunk that carries a proper name is the source ('A lawyer for X, David Schulz, said'), but not an
        # affiliation ('X, of RBC Capital Markets, said').
        named = [c for c in full if NAMEISH.search(c) and c.split()[0] not in ("of", "from")] if ok else []
        # A bare name over a role that mentions one: 'The head of the WHO, Tedros Adhanom Ghebreyesus, said'.
        bare = [
            c
            for c in named
            if all(w[:1].isupper() or w in _NAME_PARTICLES for w in c.split()) and not is_state_abbreviation(c.strip())
        ]
        # 'Another ally of the mayor, Transport Secretary Lena Park, told': a description, then the name.
        if ok and (valid_np(full[0].strip(), lenient) or bare and appositive(full[0].strip())):
            pick = (bare or named or full)[0]
            if pick.lstrip().startswith("including ") and pick.split()[1][:1].isupper():
                # 'Several candidates, including Trump, said': the one the article names.
                pick = pick[pick.index("including ") + 10 :]
            if pick.strip()[0].isupper() or pick is full[0]:
                off = left.index(pick, intro)
                pos = ss + off + len(pick) - len(pick.lstrip())
                return strip_adverbs(pick.strip()), pos, True
        if not ok and found is None and len(full) >= 3 and not valid_np(full[0].strip(), lenient):
            # 'CONTENT, Patrick Kennedy, the undersecretary, wrote': a name and its role after the content.
            name, role = full[-2], full[-1]
            if (
                NAMEISH.search(name)
                and all(w[:1].isupper() or w in _NAME_PARTICLES for w in name.split())
                and len(name.split()) <= 4
                and appositive(role.strip())
            ):
                return name.strip(), ss + left.rindex(name) + len(name) - len(name.lstrip()), False
        return (found[0], found[1], False) if found else None

    def _clause_start(self, lo: int, pos: int) -> int:
        return clause_start(self.text, lo, pos)

    def _is_intro(self, ss: int, np_pos: int) -> bool:
        """'In May,' / 'At the same time,' / 'Speaking in Berlin,' before the source: not content. Each
        comma-separated chunk must open like an intro phrase: 'In May, prices rose' and 'This has been a
        concern' are content."""
        span = self.text[ss:np_pos].rstrip().rstrip("\"”’'").rstrip(",")  # '... at "less advanced schools,"'
        if "," not in span:  # the common case: one chunk
            words = span.split()
            return 0 < len(words) <= 25 and opens_intro(words)
        chunks = [c.split() for c in _THOUSANDS.sub(" ", span).split(",")]
        if sum(map(len, chunks)) > 25:
            return False
        return all(opens_intro(words, later_chunk=i > 0) for i, words in enumerate(chunks))

    def _inside_quote(self, pos: int) -> bool:
        for qo, qc, _cs, _ce in self._quotes_near(pos):
            if qo < pos < qc:
                return True
        return False

    def _quotes_near(self, pos: int):
        i = bisect_right(self._qstarts, pos)
        return self.quotes[max(0, i - 2) : i]

    def _trim(self, s: int, e: int) -> tuple[int, int]:
        text = self.text
        d = DATELINE.match(text, s, e)
        if d:
            s = d.end()
        while s < e and (text[s].isspace() or text[s] in "-–—"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:-–—"):
            e -= 1
        return s, e

    def run(self) -> list[Attribution]:
        self._qstarts = [q[0] for q in self.quotes]
        text = self.text
        qi = 0
        covered = 0
        for ss, se in self.sentences:
            if se <= covered:
                continue
            ss = max(ss, covered)
            # Most sentences hold neither a quote mark nor a cue: skip them before any Python-level work.
            ci = bisect_left(self.cue_starts, ss)
            has_cue = ci < len(self.cue_starts) and self.cue_starts[ci] < se
            has_quote = qi < len(self.quotes) and self.quotes[qi][0] < se
            opens = ss == 0 or text[ss - 1] == "\n"
            turn = self._turn(ss) if opens else None  # before the headline test: a one-line turn looks like one
            if turn is None and self._headline(ss, se):
                continue
            if opens and text[ss : ss + 1].isupper():  # 'SPRINGFIELD, Ill. - Rallying ..., X tried': no source
                d = DATELINE.match(text, ss, se)
                ss = d.end() if d else ss
            n_before = len(self.out)
            if text.startswith("In ", ss) and self._in_their_words(ss, se):
                continue
            if turn is None and not has_cue and not has_quote and text.find(":", ss, min(se, ss + 30)) < 0:
                self._any_holder(ss, se)
                if len(self.out) == n_before:
                    self._source_at_end(ss, se)
                continue
            label = (turn or LABEL.match(text, ss)) if opens else None
            if label:  # a transcript's or an interview's turn: the whole paragraph ('interviews.py')
                end = self._do_turn(ss, label)
                if end < 0:  # a question with speech in it: read on without its 'Q:' label
                    ss = label.end()
                else:
                    covered = end
                    while qi < len(self.quotes) and self.quotes[qi][0] < covered:
                        qi += 1
                    continue
            qi, cov = self.do_quotes(ss, se, qi)
            if len(self.out) > n_before:
                covered = cov
                continue
            self.do_reported(ss, se)
            if len(self.out) == n_before:
                self._any_holder(ss, se)
            if len(self.out) == n_before:
                self._second_verb(ss, se)
            if len(self.out) == n_before:
                self._nearest_speaker(ss, se)
            if len(self.out) == n_before:
                self._source_at_end(ss, se)
        return self.out


def attribute(text: str, sentences: list[tuple[int, int]]) -> list[Attribution]:
    """Quotes and reported speech in text, with resolved speakers, in text order."""
    return _Attributor(text, sentences).run()
