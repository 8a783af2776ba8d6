"""Frames that name their source in a fixed phrase: 'according to X', a source closing the sentence ('..., per
CTV News.', '... was first reported by BuzzFeed.', '... 38 percent in a Fox poll.') and headline lines ('NATO
broke promises in past – Lavrov', '..., Lindsey Graham Says.', 'Pat Caddell: ...', 'Lopez: ‘...’'). A mixin of
`attribution._Attributor`, sharing its text, memory and output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .cues import DETERMINERS, ORG_HEADS, SPEECH_CORE, CueHit
from .interviews import NOT_TURNS
from .lines import HEADLINE_SPEAKER
from .sources import (
    ADJUNCT_START,
    HEADLINE_LEAD,
    HEADLINE_PREFIX,
    HEADLINE_SAYS,
    appositive,
    n_words,
    valid_np,
)
from .speakers import Entity

# A period inside the source is an abbreviation's ('Mr. Rhodes', 'U.S. Census data', 'the A.F.L.-C.I.O.'), not its end.
_NOT_ABBREV = "".join(rf"(?<!\b{a})" for a in "Mr Ms Dr St Jr Sr Mrs Sen Rep Gov Gen".split())
_ACCORDING_NP = re.compile(
    r"\s*((?:[^,;.!?()\s]|\.|\s(?!(?:that|which|who)\b))+?)"
    r"(?=\s*[,;:!?()]|$|" + _NOT_ABBREV + r"\.(?!\w)(?<!\b[A-Z]\.))"
)


# The source closes the sentence: '..., per CTV News.', '... was first reported by BuzzFeed.', '... had 38 percent
# support in a new Fox News poll released Thursday.' (a poll only with a figure in the content).
_SOURCE_TAIL = re.compile(
    r"(?:,\s+(?P<per>per)|\s(?:was|were|is|are|has been|had been)\s+(?:first\s+|also\s+|later\s+|initially\s+)?"
    r"(?P<by>reported|disclosed|revealed|announced|confirmed|described|quoted)\s+(?:[\w-]+\s+){0,3}?by)"
    r"\s+(?P<src>(?:the\s+)?[A-Z][^;:!?()]{1,80}?)[.!]?\s*$"
    r"|,?\s+in\s+(?:a|an|the)\s+(?P<poll>(?:new\s+|recent\s+|latest\s+)?(?:[A-Z][\w.&/'’-]*\s+){1,4}"
    r"(?:poll|survey|average\s+of\s+(?:[\w-]+\s+){0,3}polls)(?:\s+(?:released|conducted|published)\s+\w+)?)"
    r"[.]?\s*$"
)
_FIGURE = re.compile(r"\d")

# Headline labels that name a person by role alone: 'Minister: inflation will fall'.
_ROLE_LABELS = frozenset(
    "minister president premier chancellor senator governor mayor spokesman spokeswoman ambassador diplomat "
    "envoy official".split()
)
_IN_WORDS = re.compile(r"In\s+(his|her|their)\s+(words|opinion|view|assessment|estimation|judgment|judgement),\s+")
# 'As the Herald reported on Monday, CONTENT' / 'CONTENT, as Ortiz noted.': the clause is the source's report.
_AS_OPEN = re.compile(r"(?:But\s+|And\s+)?As\s+")
_AS_CUES = SPEECH_CORE | frozenset(("reported", "reports", "pointed out", "points out"))


class SourcedFrames:
    """'according to' and headline frames for `_Attributor` (see the module docstring)."""

    text: str
    mem: Any
    out: list[Any]
    emit: Callable[..., None]
    _trim: Callable[[int, int], tuple[int, int]]
    _source_before: Callable[..., tuple[str, int, bool] | None]

    def _according(self, ss: int, se: int, m: CueHit) -> bool:
        text = self.text
        # 'according to a Washington Post database tracking such deaths': any phrase up to the punctuation
        # is the source; its agent ('a new report by Politico') is the speaker.
        span = _ACCORDING_NP.match(text, m.end(), se)
        if not span or n_words(text, *span.span(1)) > 25:
            return False
        np_end = span.end(1)
        np = span.group(1).split(" by ", 1)[-1]
        ent = self._according_source(np, m.end())
        before = text[ss : m.start()].rstrip()
        # 'The agency reported that, according to an analysis of ..., X': the outer frame is the source given.
        frame = before.rstrip(" ,").removesuffix(" that")
        verb = frame.rsplit(None, 1)[-1] if frame else ""
        if (verb in SPEECH_CORE or verb in ("reported", "reports")) and self._source_before(
            ss, ss + len(frame) - len(verb)
        ):
            return False
        if not before.strip(' "“'):
            cs = np_end + 1
            while cs < se and text[cs] in " ,":
                cs += 1
            if n_words(text, cs, se) < 3:
                return False
            self.emit(cs, se, "reported", np, m.end(), "according to", ent=ent)
        elif before.endswith(","):
            after = text[np_end:se].strip(" .,;")
            # More content after the source ('X, according to Y, is ...'), unless it describes Y.
            if after and n_words(text, np_end, se) > 2 and not appositive(after):
                self.emit(ss, se, "reported", np, m.end(), "according to", ent=ent)
            else:
                self.emit(*self._trim(ss, ss + len(before) - 1), "reported", np, m.end(), "according to", ent=ent)
        else:
            self.emit(ss, se, "reported", np, m.end(), "according to", ent=ent)
        return True

    def _in_their_words(self, ss: int, se: int) -> bool:
        """'In his words, CONTENT' / 'In her opinion, CONTENT': the pronoun's speaker's claim (wire translations)."""
        m = _IN_WORDS.match(self.text, ss, se)
        if m is None or n_words(self.text, m.end(), se) < 3:
            return False
        pronoun = {"his": "he", "her": "she", "their": "they"}[m.group(1)]
        self.emit(*self._trim(m.end(), se), "reported", pronoun, ss, m.group(2))
        return True

    def _as_frame(self, ss: int, se: int, cues: list[CueHit]) -> bool:
        """'As X reported (on Monday), CONTENT' and 'CONTENT, as X noted.': the content is X's report. Only when
        nothing but an adjunct follows the cue ('As he said goodbye, ...' is a time clause)."""
        text = self.text
        opener = _AS_OPEN.match(text, ss, se)
        tail = text.rfind(", as ", ss, se) if opener is None else -1
        lo = opener.end() if opener else tail + 5
        if tail < 0 and opener is None:
            return False
        cue = next((c for c in cues if c.s > lo and c.word in _AS_CUES), None)
        if cue is None or n_words(text, lo, cue.s) > 8 or not valid_np(text[lo : cue.s].strip(), True):
            return False
        if opener is None and text.startswith(",", cue.e) and n_words(text, cue.e, se) >= 3:
            # 'Hawaii, as one of his advisers pointed out, rarely gets two hurricanes': the frame inside the content.
            self.emit(*self._trim(ss, se), "reported", text[lo : cue.s].strip(), lo, cue.word)
            return True
        clause_end = text.find(",", cue.e, se) if opener else se
        if clause_end < 0:
            return False
        after = text[cue.e : clause_end].strip(" .!").split()
        if after and (len(after) > 5 or after[0].lower() not in ADJUNCT_START and after[0] not in ("just", "it")):
            return False  # 'As he said goodbye,': the verb has an object, no frame
        content = (clause_end + 1, se) if opener else (ss, tail)
        if n_words(text, *content) < 4:
            return False
        self.emit(*self._trim(*content), "reported", text[lo : cue.s].strip(), lo, cue.word)
        return True

    def _source_at_end(self, ss: int, se: int) -> None:
        """A sentence no frame claimed whose source closes it (see `_SOURCE_TAIL`)."""
        text = self.text
        sent = text[ss:se]
        if " by " not in sent and ", per " not in sent and " poll" not in sent and " survey" not in sent:
            return  # the regex needs one of these: most sentences are out before it runs
        m = _SOURCE_TAIL.search(sent)
        if m is None or n_words(sent, 0, m.start()) < 3:
            return
        if m.group("poll"):
            if not _FIGURE.search(sent, 0, m.start()):
                return
            np, cue, pos = m.group("poll"), "poll", ss + m.start("poll")
        else:
            np, pos = m.group("src").split(",")[0].strip(), ss + m.start("src")
            cue = m.group("per") or m.group("by") + " by"
        ent = self._according_source(np, pos)
        if ent is None and m.group("poll"):
            ent = self.mem._org(np)  # 'Fox News poll': the poll itself is the source given
        self.emit(*self._trim(ss, ss + m.start()), "reported", np, pos, cue, ent=ent)

    def _according_source(self, np: str, pos: int) -> Entity | None:
        """'according to the ministry of economy' names no one, yet it is the source the reader is given."""
        ent, _ = self.mem.resolve(np, pos)
        words = np.split()
        if words and words[0].lower() in DETERMINERS:
            words = words[1:]
        if ent is None and 0 < len(words) <= 6 and any(w.lower() in ORG_HEADS for w in words):
            ent = self.mem._org(" ".join(words))
        return ent

    def _headline(self, ss: int, se: int) -> bool:
        """A headline line 'NATO broke promises in past – Lavrov': the name after the dash said the rest."""
        text = self.text
        if (ss and text[ss - 1] != "\n") or (se < len(text) and text[se] != "\n") or se - ss > 200:
            return False
        m = HEADLINE_SPEAKER.search(text, ss, se) or HEADLINE_SAYS.search(text, ss, se)
        kind = "reported"
        named_first = m is None  # 'Kremlin: ...', 'Zakharova Slams ...': an organisation may speak there too
        lead = HEADLINE_LEAD.match(text, ss, se) if m is None else None
        if lead is not None and n_words(text, lead.end(), se) >= 3:
            m, content = lead, (lead.end(), se)  # 'Zakharova Slams EU Sanctions Package as ...'
        elif m is None:
            m = HEADLINE_PREFIX.match(text, ss, se)  # 'Pat Caddell: Democrat Voters Worried ...'
            if m is None or n_words(text, m.end(), se) < 3 or text[m.end()] in "\"“'«" or m.group(1) in NOT_TURNS:
                return False  # 'Said Ellis: "..."' is a quote
            content = (m.end(), se)
            if text[m.end()] == "‘":  # 'Lopez: ‘We Will Win This Race.’': single marks, no QUOTES style
                close = text.rfind("’", m.end() + 1, se)
                if close < 0 or text[close + 1 : se].strip(" .") or n_words(text, m.end(), close) < 3:
                    return False
                content, kind = (m.end() + 1, close), "quote"
            elif n_words(text, m.end(), se) < 4:
                return False
        elif n_words(text, ss, m.start()) < 4:
            return False
        else:
            content = (ss, m.start())
        name = m.group(1)
        if named_first and name.strip().lower() in _ROLE_LABELS:
            # 'Minister: inflation will fall', 'Envoy denies report': a role only; the body claim the headline
            # restates names him.
            self.emit(*content, kind, None, m.start(1), None)
            return True
        ent, mention = self.mem.resolve(name, m.start(1))
        # Only a person the article names elsewhere, once: '... - Sputnik International' on every caption
        # is a credit line.
        credits = len(re.findall(rf"[-–—―]\s*{re.escape(name.strip())}", text))
        if ent is None or (ent.kind != "person" and not named_first) or text.count(name.split()[-1]) < 2 or credits > 1:
            return False
        self.emit(*content, kind, None, m.start(1), None, ent=ent)
        self.out[-1].speaker_mention = mention
        return True
