"""Interview turns: paragraphs opened by a speaker label.

- named turns  `Simson: We are investing ...` (a title-case label that opens several paragraphs) -> a quote by
               the label, as a transcript's `PENCE: Well, ...` is;
- Q&A turns    `Q: ...` / `A: ...`, `Question:` / `Answer:`, `Interviewer:` -> an answer is a quote by the
               interviewee the intro names ('In an interview with X, Foreign Minister Jane Doe said ...', 'We spoke
               to Jane Doe, ...'), without its label; a question is no speech of the interviewee: its sentences
               are the outlet's own (a bare question is no claim at all).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

# 'Simson:', and with a note: 'Sameh Shoukry (retranslated from Arabic):'.
TURN_LABEL = re.compile(r"([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2})(?:[ \t]+\([^()\n]{1,60}\))?:[ \t]+(?=\S)")
# Paragraph labels that are page furniture or headings, not a speaker's turn.
NOT_TURNS = frozenset("Q A Question Answer Interviewer Update Correction Note Photo Video Source Sources Watch Read "
                       "Related Editor Interview Transcript Summary Background Context Timeline".split())  # fmt: skip
# Q&A labels, bold or not: which side of the interview each one is.
_QA_SIDE = {"q": "q", "question": "q", "interviewer": "q", "a": "a", "answer": "a"}
QA_LABEL = re.compile(
    r"(?:\*\*)?(Q|A|Question|Answer|Interviewer|QUESTION|ANSWER|INTERVIEWER)(?:[ \t]+\([^()\n]{1,60}\))?"  # '(to X)'
    r"(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]+(?=\S)"
)
_QA_AT_LINE = re.compile(r"(?m)^" + QA_LABEL.pattern)
# Where an intro names the person interviewed: 'an interview with X', 'We spoke to X', 'X told <outlet>'.
_INTERVIEWED = re.compile(
    r"\b(?:interview(?:ed|s)?|spoke|speaks|speaking|talked|talks|talking|sat down|conversation|Q&A)"
    r"(?:[ \t]+(?:with|to))?[ \t]+(?:the[ \t]+)?(?=[A-Z])"
)


def interview_turns(text: str) -> tuple[frozenset[str], bool]:
    """Labels that open at least two paragraphs (the speakers of an interview or a transcript), and whether the
    text is a Q&A (both a question and an answer label open paragraphs)."""
    seen: dict[str, int] = {}
    for m in re.finditer(r"(?m)^" + TURN_LABEL.pattern, text):
        label = m.group(1)
        if label.split()[0] not in NOT_TURNS:
            seen[label] = seen.get(label, 0) + 1
    sides = []
    if "Q:" in text or "Q**" in text or "Q :" in text or "uestion" in text or "UESTION" in text or "nterviewer" in text:
        sides = [_QA_SIDE[m.group(1).lower()] for m in _QA_AT_LINE.finditer(text)]
    # A Q&A: questions and answers, or questions against the interviewee's name ('Interviewer:' / 'Novak:').
    qa = "q" in sides and ("a" in sides or sides.count("q") >= 2)
    return frozenset(label for label, n in seen.items() if n >= 2), qa


class InterviewTurns:
    """Turn handling for `attribution._Attributor`."""

    text: str
    sentences: list[tuple[int, int]]
    starts: list[int]
    mem: Any
    out: list[Any]
    emit: Callable[..., None]
    cues_in: Callable[..., list[Any]]
    _qstarts: list[int]

    def _init_turns(self) -> None:
        self._turns, self._qa = interview_turns(self.text) if ":" in self.text else (frozenset(), False)
        self._interviewee: Any = False  # found at the first answer

    def _turn(self, ss: int) -> re.Match[str] | None:
        """A paragraph's turn label: an interview's 'Simson: ...' (a label that opens several paragraphs) or a
        Q&A's 'Q: ...' / 'A: ...'."""
        if self._qa:
            m = QA_LABEL.match(self.text, ss)
            if m:
                return m
        m = TURN_LABEL.match(self.text, ss) if self._turns or self._qa else None
        if m is None:
            return None
        # In a Q&A, a full name answers even once: 'Sameh Shoukry (retranslated from Arabic): ...'.
        once = self._qa and " " in m.group(1) and m.group(1).split()[0] not in NOT_TURNS
        return m if m.group(1) in self._turns or once else None

    def _do_turn(self, ss: int, label: re.Match[str]) -> int:
        """Emit the turn's paragraph; returns its end, or -1 for a question to read without its label."""
        text = self.text
        par_end = text.find("\n", ss)
        par_end = len(text) if par_end < 0 else par_end
        who = label.group(1)
        side = _QA_SIDE.get(who.lower()) if self._qa else None
        if side == "a":
            if self._interviewee is False:
                self._interviewee = self._find_interviewee(ss)
            self.emit(label.end(), par_end, "quote", None, ss, None, ent=self._interviewee)
            self.out[-1].speaker_mention = who
        elif side == "q":  # a question is no speech of the interviewee: the label goes, the rest is read as usual
            i = bisect_right(self.starts, ss) - 1
            se = min(self.sentences[i][1], par_end)
            j = bisect_right(self._qstarts, label.end())
            if self.cues_in(label.end(), se) or (j < len(self._qstarts) and self._qstarts[j] < se):
                return -1
            self.emit(label.end(), se, "statement", None, ss, None)  # the pipeline drops a bare question
            return se
        else:  # transcript turn 'PENCE: Well, ...': the whole paragraph is the speaker's
            self.emit(label.end(), par_end, "quote", who.title() if who.isupper() else who, ss, None)
            self.out[-1].speaker_mention = who
        return par_end

    def _find_interviewee(self, first_turn: int) -> Any:
        """The person the intro names as interviewed ('In an interview with X, Foreign Minister Jane Doe said',
        'We spoke to Jane Doe'), else the intro's latest speaker, else its first full name."""
        text = self.text
        intro = text[:first_turn]
        q = QA_LABEL.search(intro)  # the intro ends at the first turn, a question or an answer
        end = q.start() if q else first_turn
        for m in _INTERVIEWED.finditer(text, 0, end):
            # 'In an interview with X, Foreign Minister Jane Doe said': the sentence's speaker, else X.
            lo, hi = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end(), end)
            hi = end if hi < 0 else hi
            said = [s.entity for s in self.mem.speakers if lo <= s.pos < hi and s.entity.kind == "person"]
            if said:
                return said[-1]
            ent, _ = self.mem.resolve(_name_at(text, m.end(), end), m.end())
            if ent is not None and ent.kind == "person" and " " in ent.name:
                return ent
        for mention in reversed(self.mem.speakers):
            if mention.pos < end and mention.entity.kind == "person":
                return mention.entity
        for m in _NAME.finditer(text, 0, end):
            ent, _ = self.mem.resolve(m.group(), m.start())
            if ent is not None and ent.kind == "person" and " " in ent.name:
                return ent
        return None


_NAME = re.compile(r"(?:[A-Z][\w'’.-]*[ \t]+){1,5}[A-Z][\w'’-]*\w")


def _name_at(text: str, pos: int, end: int) -> str:
    m = _NAME.match(text, pos, end)
    return m.group() if m else ""
