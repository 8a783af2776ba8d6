"""Frames the main patterns of `attribution._Attributor` miss: a mixin sharing its text, memory and output.

Each was found missing in an error analysis of PolNeAR train (2026-12-01), and each only runs on a sentence
the main frames and the holders left without an attribution:

- a long subject before a speech or finder verb ('Large majorities of voters going to the polls said',
  'Early results of exit polls conducted for the networks showed'), read by the leading frame;
- a core speech verb as the subject's second verb ('The governor met survivors and said ...');
- a core speech verb whose source stands behind asides ('Of the plan, Moreno, who has given money to the mayor,
  said ...').
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .cues import ADVERBS, DETERMINERS, ROLE_HEADS, SPEECH_CORE, CueHit
from .sources import (
    FINDERS,
    NAMEISH,
    NOT_SAID,
    NOT_SOURCE,
    PARTICLES,
    SPLIT_PREP,
    appositive,
    n_words,
    np_after,
    np_before,
    strip_adverbs,
    valid_np,
    words_before,
)

# Verbs of a poll, a study or records ('exit polls show', 'a review found'); heads that count people ('majorities').
_FINDER_VERBS = frozenset("show shows showed find finds found suggest suggests suggested indicate indicates".split())
_SHARE_HEADS = frozenset("majority majorities minority percent half third quarter results findings".split())
_CLAUSE_WORDS = frozenset("that which who whom whose when where while because if although".split())


class FallbackFrames:
    """Fallback frames for `_Attributor` (see the module docstring)."""

    text: str
    mem: Any
    out: list[Any]
    emit: Callable[..., None]
    cues_in: Callable[[int, int], list[CueHit]]
    _inside_quote: Callable[[int], bool]
    _subject: Callable[[int, int], tuple[str, int] | None]
    _described_subject: Callable[[int, int], tuple[str, int] | None]
    _subject_start: Callable[[int, int], int]

    def _long_subject(self, ss: int, m: CueHit) -> tuple[str, int, bool] | None:
        """A subject opening the sentence that the noun-phrase reader stops short of: 'Large majorities of
        union members in six plants going to the polls on Tuesday said', 'Election records compiled by a
        watchdog show', 'A teary-eyed Halvorsen says'. Only before a core speech verb or a finder's verb,
        only without clause punctuation, relative pronouns or finite verbs inside, and only when the words before
        the first preposition name a speaker (a name, a role or a finder: poll, records, results)."""
        text = self.text
        if m.word not in SPEECH_CORE and m.word not in _FINDER_VERBS:
            return None
        s0 = self._subject_start(ss, m.s)
        span = text[s0 : m.s]
        words = span.split()
        while words and words[-1].lower() in ADVERBS:
            words.pop()
        if not 2 <= len(words) <= 25 or any(ch in span for ch in ',;:()"“”') or text[m.e : m.e + 4] == " to ":
            return None
        low = [w.lower() for w in words]
        if any(w in NOT_SOURCE or w in _CLAUSE_WORDS or w in SPEECH_CORE for w in low):
            return None
        # The head ends before the first preposition or participle: 'records compiled by', 'voters going to'.
        ends = (i for i, w in enumerate(low) if i and (w in SPLIT_PREP or w == "by" or w.endswith("ing")))
        cut = next(ends, len(low))
        head = words[cut - 1].strip("’'").removesuffix("’s").removesuffix("'s")
        hl = head.lower()
        if not (head[:1].isupper() or hl in ROLE_HEADS or hl in FINDERS or hl in _SHARE_HEADS):
            return None
        if low[0] in DETERMINERS and cut == 1:
            return None
        # The speaker is the head phrase and its of-complement, not the last name in the adjuncts ('on Tuesday').
        end = cut
        if end < len(low) and low[end] == "of":
            end = next((i for i in range(end + 1, len(low)) if low[i] in SPLIT_PREP or low[i] == "by"), len(low))
        head_words = words[:end]
        # 'Large majorities': the sentence's capital, not a name's, when the article writes the word in lowercase.
        common = len(head_words) > 1 and head_words[1][:1].islower()
        if common and re.search(rf"\b{re.escape(head_words[0].lower())}\b", text):
            head_words[0] = head_words[0].lower()
        return " ".join(head_words), s0, False

    def _second_verb(self, ss: int, se: int) -> None:
        """'The governor met survivors on Thursday and said the state must act', 'Judge Brennan put off X but said Y':
        a core speech verb as the subject's second verb makes the sentence that subject's."""
        for m in self.cues_in(ss, se):
            if m.word not in SPEECH_CORE or self._inside_quote(m.s):
                continue
            words = self.text[max(ss, m.s - 40) : m.s].split()
            while words and words[-1].lower() in ADVERBS:
                words.pop()
            if not words or words[-1].lower() not in ("and", "but") or n_words(self.text, m.e, se) < 4:
                continue
            subj = self._described_subject(ss, m.s)
            if subj is None or subj[0].lower() in ("it", "they"):
                return
            after = self.text[subj[1] + len(subj[0]) : m.s].split(None, 1)
            if after and (after[0].lower().strip(",") in ROLE_HEADS or after[0].startswith("(")):
                return  # 'Democratic candidate Maria Lopez': the name run was not the whole subject
            self.emit(ss, se, "reported", subj[0], subj[1], m.word)
            return

    def _nearest_speaker(self, ss: int, se: int) -> None:
        """A core speech verb ('said', 'told', 'wrote') whose frame none of the patterns above reads ('Moreno, who
        has given money to the mayor, said, ...', 'Tuesday at X, after winning the state, Gov. Ann Carver (D), said'):
        the sentence is still that speaker's, and the speaker is the noun phrase next to the verb that names one."""
        text = self.text
        for m in self.cues_in(ss, se):
            if m.word not in SPEECH_CORE or self._inside_quote(m.s):
                continue
            between = words_before(text, m.s, ss)
            if any(w in NOT_SAID for w in between):
                continue  # 'will testify', 'was asked'
            after = text[m.e : se].split(None, 1)
            if after and after[0].lower().strip(",.") in PARTICLES:
                continue  # 'Readers wrote in.'
            found = self._named_chunk_before(ss, m.s)
            if found is None and text[m.e : se].lstrip().startswith(tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")):
                np = np_after(text, m.e, se, True)
                found = (np, m.e + len(text[m.e : se]) - len(text[m.e : se].lstrip())) if np else None
            if found is None:
                continue
            if n_words(text, ss, se) - len(found[0].split()) < 5 or n_words(text, m.e, se) < 3:
                continue  # nothing said beyond the frame ('Asked whether ..., Rutte said:' before a quote)
            ent, mention = self.mem.resolve(found[0], found[1])
            if ent is None or found[0].lower() in ("it", "they", "who", "which"):
                continue
            self.emit(ss, se, "reported", None, found[1], m.word, ent=ent)
            self.out[-1].speaker_mention = mention
            return

    def _named_chunk_before(self, ss: int, cue_start: int) -> tuple[str, int] | None:
        """The comma-set chunk nearest before the cue that names someone, over relative clauses and asides:
        'Of the plan, Moreno, who has given money to the mayor, said' -> 'Moreno'."""
        text = self.text
        end = len(text[ss:cue_start].rstrip(" ,")) + ss
        found = np_before(text, ss, end, True) if end > ss else None
        if found is not None:
            return found
        while end > ss:
            comma = text.rfind(",", ss, end)
            lo = comma + 1 if comma >= 0 else ss
            chunk = text[lo:end].strip()
            if chunk and NAMEISH.search(chunk) and valid_np(chunk) and not appositive(chunk):
                return strip_adverbs(chunk), lo + len(text[lo:end]) - len(text[lo:end].lstrip())
            if chunk and not appositive(chunk):
                return None  # content, not an aside: the source would have been next to the verb
            end = max(ss, comma)
        return None
