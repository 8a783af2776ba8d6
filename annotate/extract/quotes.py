"""Direct quotes: which quoted passages are speech, and whose.

A mixin of `attribution._Attributor` (it shares the attributor's state: the text, sentences, cue hits,
entity memory and output list). A quote is speech when a frame sits next to it — after it
(`"...," he said`, `"...?" Vitter demanded.`, `"...," said Lavrov`) or before it (`Lavrov told Radio
Rossii: "..."`) — or when it stands as a sentence of its own: then it continues a speaker, the one a
frame later in the paragraph names, the subject of a sentence ending in a colon just before it, or
the previous speaker. A quote inside a longer reported clause (`X said that "..." against ...`) makes
the whole clause a reported claim instead; transcript turns (`"WALLACE: ...`) are the label's quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from .cues import PARTICIPLE, SPEECH_CORE
from .sources import LABEL, NEG_MODALS, n_words, np_after, valid_np, words_before
from .speakers import Entity

# Quote styles, each pairing marks left to right within a paragraph; an unclosed one ends at the newline.
# Scraped copy mixes styles: a straight quote may close a curly one and the other way round, a line may open with a
# closing mark.
QUOTES = re.compile(
    r"“([^”\"\n]*)(?:[”\"]|(?=\n)|\Z)|\"([^\"”\n]*)(?:[\"”]|(?=\n)|\Z)|«([^»\n]*)(?:»|(?=\n)|\Z)"
    r"|''((?:[^'\n]|'(?!'))*)(?:''|(?=\n)|\Z)"  # the New York Times' doubled apostrophes
    r"|”(?<![^\n]”)([^”\n]*)(?:”|(?=\n)|\Z)"  # every alternative opens with its mark: the regex scans fast
)


# Lowercase words a name label may hold: 'Republican pollster Dana Shore:', 'Ann Lee and Jon Park:'.
_ROLE_LOWER = frozenset("pollster analyst strategist spokesman spokeswoman senator adviser".split())
_LABEL_LOWER = _ROLE_LOWER | {"and", "of", "the", "for"}

# What may stand between a closing quote mark and its frame.
_LEAD = re.compile(r"[\s,!?.…]*")
# '"..." ― Sonya Herrid' closing its line, or '- Carla Sanchez, teacher' on the next: the name after the dash is the
# speaker.
_DASH_BYLINE = re.compile(
    r"(?:[ \t]*[―—–]|[ \t]*\n\n?[ \t]*[-―—–])[ \t]*((?:[A-Z][\w'’.-]*[ \t]?){1,4}?)"
    r"(?:,[^,\n]{1,40}){0,3}[ \t.]*(?=\n|$)"
)


# A short title or name in quote marks followed by more words, not by a frame: '“Ted Cruz” campaign pins'.
_SHORT_TITLE = re.compile(r"[“\"](?:[A-Z][\w'’.-]*\s?){1,4}[”\"]\s+[a-z]")
_NAME_VERB = re.compile(
    r"((?:[A-Z][\w’'.-]*[ \t]+){0,3}[A-Z][\w-]*\w|[Hh]e|[Ss]he|They)[ \t]+([a-z]{3,}(?:[ \t]+(?:back|in|up|out))?)"
    r"(?=[.!?]|[ \t]+(?:with|as|at|to|in|on|while|before|after)\b)"
)


def _next_quote(text: str, lo: int, hi: int) -> int:
    """Where the next opening quote mark (curly, else straight) stands in [lo, hi); -1 if none."""
    at = text.find("“", lo, hi)
    return at if at >= 0 else text.find('"', lo, hi)


class QuoteFrames:
    """Quote handling for `_Attributor` (see the module docstring)."""

    # State and helpers the attributor provides.
    text: str
    sentences: list[tuple[int, int]]
    starts: list[int]
    quotes: list[tuple[int, int, int, int]]  # (open mark, after close mark, content start, content end)
    out: list[Any]
    last: tuple[Entity | None, str, int] | None
    mem: Any
    emit: Callable[..., None]
    cues_in: Callable[[int, int], list[Any]]
    sentence_end: Callable[[int], int]
    _source_before: Callable[..., tuple[str, int, bool] | None]
    _subject: Callable[[int, int], tuple[str, int] | None]
    _described_subject: Callable[[int, int], tuple[str, int] | None]
    _is_intro: Callable[[int, int], bool]
    _leading: Callable[..., bool]
    _trailing: Callable[..., bool]
    do_reported: Callable[[int, int], None]

    def quote_frame(self, qo: int, qs: int, qe: int, ss: int) -> tuple[str, int, str] | None:
        """(source np, its position, cue) of the frame around the quote opening at qo (content from qs,
        closing mark ending at qe), if any."""
        frame = self._frame_after(qo, qe, ss)
        return frame if frame else self._frame_before(qs, ss)

    def _frame_after(self, qo: int, qe: int, ss: int) -> tuple[str, int, str] | None:
        """'"...," he said' / '"...," said Lavrov': the quote opens its clause and ends like speech."""
        text = self.text
        pre = text[ss:qo].rstrip()
        if pre and pre[-1] not in ":,;—–-(.!?":
            return None  # a title or phrase inside the sentence: 'the broadcast of "Fox News Sunday," Pence said'
        byline = _DASH_BYLINE.match(text, qe)
        if byline:  # a testimonial: '"Trump scares me." ― Carla Sanchez'
            return byline.group(1).rstrip(". "), byline.start(1), None  # type: ignore[return-value]
        inner = text[max(qo, qe - 4) : qe].rstrip("\"”»'’ ")
        if not (inner.endswith((",", "!", "?", "—", "–", "-", "…")) or text.startswith(",", qe)):
            return None
        se = max(self.sentence_end(qe - 1), qe)
        if se <= qe + 1 and inner.endswith(("?", "!")):
            # '"... regulate?" Vitter demanded.': the segmenter split after '?"'; the frame is the next sentence.
            nxt_end = self.sentence_end(se + 1)
            if "\n" not in text[se:nxt_end] and n_words(text, se, nxt_end) <= 10:
                se = nxt_end
        after_end = min(se, qe + 160)
        nxt = _next_quote(text, qe, after_end)
        title = _SHORT_TITLE.match(text, nxt) if nxt >= 0 else None
        while title is not None:  # '..., Bill Eastland, wearing “Ted Cruz” pins, said': a name inside the frame
            nxt = _next_quote(text, title.end(), after_end)
            title = _SHORT_TITLE.match(text, nxt) if nxt >= 0 else None
        if nxt >= 0:
            after_end = nxt
        a0 = _LEAD.match(text, qe, after_end).end()  # type: ignore[union-attr]  # it matches the empty string
        hits = self.cues_in(a0, after_end)
        m = hits[0] if hits else None
        if m is None:
            # '"Go back to Univision," Trump barked.' / '..., Bennett shot back with a laugh.': after a quote that
            # ends like speech, a name and any verb that closes the sentence are its frame.
            said = _NAME_VERB.match(text, a0, after_end)
            return (said.group(1), a0, said.group(2)) if said else None
        # A long source is an appositive frame: '"...," Leonard E. Burman, director of the ..., said.'
        if m and n_words(text, a0, m.start()) <= 30 and text[qe - 1 : qe] != "\n":
            found = self._source_before(a0, m.start(), lenient=True) if m.start() > a0 else None
            if found is None and m.start() == a0 and m.group() != "according to" and not m.group().endswith("ing"):
                np = np_after(text, m.end(), after_end, m.group() in SPEECH_CORE)
                if np:
                    return np, m.end(), m.group()
            # '"...," Mayor X said' or, set off by commas, '"...," the governor, Andrew Bailey, said'.
            elif found is not None and (found[2] or found[1] == a0 and n_words(text, a0, m.start()) <= 12):
                return found[0], found[1], m.group()
            if m.group() == "according to":
                np = np_after(text, m.end(), after_end)
                if np:
                    return np, m.end(), m.group()
        return None

    def _frame_before(self, qs: int, ss: int) -> tuple[str, int, str] | None:
        """'Lavrov told Radio Rossii: "..."' / 'He said, "..."' / 'said via email that, "..."'."""
        text = self.text
        before = text[ss:qs].rstrip().rstrip("“\"«'").rstrip()
        last_cue = self.cues_in(ss + len(before) - 20, ss + len(before)) if len(before) > 20 else []
        # 'Lavrov said: "', 'He said, "', '... that "' or straight after the verb: 'Trump declared "I think'.
        if before.endswith((":", ",", "that")) or (last_cue and last_cue[-1].e == ss + len(before)):
            cues = self.cues_in(ss, qs)
            if cues:
                c = cues[-1]
                if any(w in NEG_MODALS for w in words_before(text, c.start())):
                    return None
                found = self._source_before(ss, c.start(), lenient=True)
                if found:
                    return found[0], found[1], c.group()
                if c.group().endswith("ing"):
                    # 'Trump returned the compliment, telling Reuters, "..."': the clause's subject speaks.
                    subj = self._described_subject(ss, c.start())
                    if subj:
                        return subj[0], subj[1], c.group()
                if c.group() == "according to" or c.start() == ss:  # 'Said Ellis: "I don't get ..."'
                    np = np_after(text, c.end(), qs)
                    if np:
                        return np, c.end(), c.group()
            elif before.endswith(":"):
                return self._colon_label(ss, ss + len(before) - 1)
        return None

    def _colon_label(self, ss: int, colon: int) -> tuple[str, int, str] | None:
        """'Republican pollster Dana Shore: "...', '... - Philip Barnes: "...': a name and a colon, no verb."""
        text = self.text
        lo = max(ss, text.rfind(" - ", ss, colon) + 3, text.rfind("—", ss, colon) + 1, text.rfind("–", ss, colon) + 1)
        words = text[lo:colon].split()
        # The label is the run of name words before the colon: '... did not surprise Republican pollster Dana Shore:'.
        n = 0
        while n < len(words) and (words[-1 - n][:1].isupper() or words[-1 - n].lower() in _LABEL_LOWER):
            n += 1
        while n and words[-n].lower() in _LABEL_LOWER - _ROLE_LOWER:
            n -= 1  # a label opens with a name or a role, not with 'and' or 'the'
        np = " ".join(words[len(words) - n :])
        if not 0 < n <= 6 or not words[-1][:1].isupper() or (n < len(words) and n < 2) or not valid_np(np):
            return None  # a lone capital after other words opens no label: 'Here's what the mayor said:'
        return np, text.rindex(words[-n], lo, colon), ":"

    def do_quotes(self, ss: int, se: int, qi: int) -> tuple[int, int]:
        """Quote claims opening in sentence [ss, se); returns (next quote index, end of covered text)."""
        covered = ss
        text = self.text
        n_before = len(self.out)
        while qi < len(self.quotes) and self.quotes[qi][0] < se:
            qo, qc, cs, ce = self.quotes[qi]
            qi += 1
            if qo < ss:
                continue
            if n_words(text, cs, ce) < 3:
                if self._short_reply(ss, se, qo, qc, cs, ce):
                    covered = max(covered, qc)
                continue
            label = LABEL.match(text, cs, ce)
            if label:  # a quoted transcript turn: '"WALLACE: Let's start with ...'
                self.emit(label.end(), ce, "quote", label.group(1).title(), cs, None)
                self.out[-1].speaker_mention = label.group(1)
                covered = max(covered, qc)
                continue
            frame = self._frame_after(qo, qc, ss)
            embedded = False
            participle = self._said_then_participle(ss, qo) if frame is None and not self.out[n_before:] else None
            if participle is not None:
                # 'CONTENT, Okafor said, adding, "..."': the content and the quote are both the frame's speaker's.
                self.emit(cs, ce, "quote", None, qo, participle, ent=self._last_ent())
                covered = max(covered, qc)
                continue
            if frame is None:
                frame = self._frame_before(cs, ss)
                # 'X said that "..." against what ...', 'X said that Y ..., but that "...': the quote is part of a
                # longer reported clause.
                embedded = frame is not None and (
                    n_words(text, qc, self.sentence_end(qc - 1)) > 3 or self._words_after_cue(frame[1], qo) > 5
                )
                if frame is not None and not self.out[n_before:] and self._outer_frame(ss, se, frame[1]):
                    return qi, se  # 'Flynn said Trump was right when he said "..."': Flynn's sentence
                if frame is not None and not self.out[n_before:] and self._inverted_after(ss, se, qc):
                    return qi, se  # 'Polls show that "...," said Ines Moreau.': the outer frame owns the sentence
            if embedded and frame is not None:
                np, pos, cue = frame
                self.emit(pos, self.sentence_end(qc - 1), "reported", np, pos, cue)
                covered = max(covered, self.sentence_end(qc - 1))
                break
            pre = text[ss:qo].strip(" -–—")
            if frame is None and self.out[n_before:] and self.out[-1].kind == "quote" and pre.endswith(","):
                # '"Every time you say that," Tester said, referring to ..., "you give ammunition ..."'
                self.emit(cs, ce, "quote", None, qo, None, ent=self._last_ent())
                covered = max(covered, qc)
                continue
            if frame is None and not self._standalone(pre, se, qc, cs, ce):
                continue  # a scare quote or a quoted phrase inside someone's reported words
            if frame is not None:
                np, pos, cue = frame
                if cue and cue.endswith("ing") and not self.out[n_before:]:
                    # 'Sanders said the process could be messy, adding, "..."': what he said first is a claim too.
                    cues = self.cues_in(ss, qo)
                    if len(cues) >= 2 and cues[-2].word in SPEECH_CORE and cues[-1].word == cue:
                        self.do_reported(ss, cues[-1].s)
                elif pos > qc and text[ss:qo].rstrip().endswith(("-", "—", "–", ":")) and not self.out[n_before:]:
                    # 'Biden suggested Trump admired strongmen - "He would have loved Stalin," Biden said': the
                    # clause before the quote has a frame of its own.
                    self.do_reported(ss, qo)
                self.emit(cs, ce, "quote", np, pos, cue)
                tail = PARTICIPLE.search(text, qc, max(se, qc))
                if tail and tail.start() - qc < 120:
                    end = self.sentence_end(qc)
                    if not self._quote_resumes(qc, qi, end):
                        self.emit(tail.start(1), end, "reported", None, pos, tail.group(1), ent=self._last_ent())
                        covered = max(covered, end)
            else:
                if pre and not self.out[n_before:]:
                    # 'X of the plan, Mr. Holtz-Eakin said. "They are ..."' in one segment: the frame before
                    # the quote is read first, so that the quote continues its speaker.
                    self.do_reported(ss, qo)
                ent = self._continuation(qo, qi)
                self.emit(cs, ce, "quote", None, qo, None, ent=ent)
            covered = max(covered, qc)
        return qi, covered

    def _inverted_after(self, ss: int, se: int, qc: int) -> bool:
        """', said X.' right after a quote that closes a reported clause: emits the whole clause as X's."""
        text = self.text
        comma = len(text[:qc].rstrip("\"”'’ ")) - 1
        if text[comma] != ",":
            return False
        cue = next(iter(self.cues_in(qc, min(se, qc + 12))), None)
        if cue is None or cue.word not in SPEECH_CORE or text[qc : cue.s].strip(" ,"):
            return False
        np = np_after(text, cue.e, se, True)
        if np is None:
            return False
        self.emit(ss, qc, "reported", np, cue.e, cue.word)
        return True

    def _standalone(self, pre: str, se: int, qc: int, cs: int, ce: int) -> bool:
        """A quote without a frame that is still speech: it opens the sentence (or follows a sentence end the
        segmenter missed: '.'' Mr. Biden') and is the whole sentence, or is long and no frame further on owns the
        sentence."""
        text = self.text
        return (not pre or pre[-1] in ".!?") and (
            qc >= se - 1
            or not text[qc : self.sentence_end(qc - 1)].strip(' .,;:!?"”')
            or n_words(text, cs, ce) >= 8
            and not self.cues_in(qc, se)
        )

    def _short_reply(self, ss: int, se: int, qo: int, qc: int, cs: int, ce: int) -> bool:
        """A quote of one or two words is a scare quote inside a sentence, but a whole utterance when it opens
        the sentence with a frame after it ('"Turnout matters," Novak said.') or ends the sentence after a
        frame ('Asked again, Novak said, "Probably."'). Emits it as Novak's quote, who goes on speaking."""
        text = self.text
        frame = None
        if not text[ss:qo].strip(" -–—"):
            frame = self._frame_after(qo, qc, ss)
        elif not text[qc:se].strip(' .,;:!?"”’'):
            before = text[ss:qo].rstrip()
            frame = self._frame_before(cs, ss) if before.endswith((":", ",")) else None
        if frame is None:
            return False
        np, pos, cue = frame
        self.emit(cs, ce, "quote", np, pos, cue)
        return True

    def _quote_resumes(self, qc: int, qi: int, end: int) -> bool:
        """'"Every time ...," Tester said, referring to X, "you give ..."': the next quote, before `end`, goes on
        after the aside (it follows a comma and opens in lowercase)."""
        if qi >= len(self.quotes):
            return False
        nq = self.quotes[qi]
        return nq[0] < end and self.text[qc : nq[0]].rstrip().endswith(",") and self.text[nq[2]].islower()

    def _said_then_participle(self, ss: int, qo: int) -> str | None:
        """'CONTENT, Okafor said, adding, "...': emits the trailing frame's content and returns the participle; the
        quote is then the same speaker's (not the sentence subject's, as a participle opening the frame would make
        it)."""
        cues = self.cues_in(ss, qo)
        if len(cues) < 2 or not cues[-1].word.endswith("ing") or cues[-2].word not in SPEECH_CORE:
            return None
        between = self.text[cues[-2].e : cues[-1].s].strip()
        if between not in (",", ", and") or self.text[cues[-1].e : qo].strip(" ,:") != "":
            return None
        n = len(self.out)
        self._trailing(ss, cues[-1].s - 1, cues[-2])
        return cues[-1].word if len(self.out) > n else None

    def _words_after_cue(self, source_pos: int, qo: int) -> int:
        """Words between the last cue after the source and the quote mark at qo."""
        cues = self.cues_in(source_pos, qo)
        return n_words(self.text, cues[-1].e, qo) if cues else 0

    def _outer_frame(self, ss: int, se: int, inner_pos: int) -> bool:
        """A leading frame opening the sentence before the quote's own frame owns the whole sentence."""
        if inner_pos <= ss or self._is_intro(ss, inner_pos):
            return False
        n = len(self.out)
        for m in self.cues_in(ss, inner_pos):
            if self._leading(ss, se, m):
                return True
            del self.out[n:]
        return False

    def _last_ent(self) -> Entity | None:
        return self.last[0] if self.last else None

    def _continuation(self, qo: int, qi: int) -> Entity | None:
        """Speaker of a bare quoted sentence: a frame later in the paragraph, else the previous speaker."""
        text = self.text
        intro_end = len(text[max(0, qo - 300) : qo].rstrip()) + max(0, qo - 300)
        if text[intro_end - 1 : intro_end] == ":":
            # 'Sanders made the following comment:' then the quote: the introducing sentence's subject.
            i = bisect_right(self.starts, intro_end - 1) - 1
            if i >= 0:
                subj = self._subject(self.sentences[i][0], intro_end)
                found = self._source_before(self.sentences[i][0], intro_end - 1)
                if subj or found:
                    return self.mem.resolve(*(subj or found[:2]))[0]
        par_end = text.find("\n", qo)
        par_end = len(text) if par_end < 0 else par_end
        for qo2, qc2, cs2, _ce2 in self.quotes[qi : qi + 4]:
            if qo2 > par_end:
                break
            frame = self.quote_frame(qo2, cs2, qc2, qo2)
            if frame:
                return self.mem.resolve(frame[0], frame[1])[0]
        if self.last and qo - self.last[2] < 1500:
            return self.last[0]
        return None
