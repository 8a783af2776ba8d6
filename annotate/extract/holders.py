"""Holders of a stance beyond the verb right after a name: chains and long subjects.

`sources.HolderFrames` finds the holder when a name, role noun or pronoun stands right before the stance verb
(auxiliaries and adverbs between). News copy often puts more between them, and PolNeAR annotates these holders
as sources all the same:

- a catenative chain: 'Caddell went on to discuss', 'Stumpf appeared to blame', 'Trump is raising questions about'
- degree words and contracted negations: "Republicans weren't too concerned"
- a subject longer than a noun phrase `np_before` accepts: 'A chorus of prominent Republicans has said',
  'A web video by the Republican National Committee references', 'The minister of the economy,
  Mr. Guajardo Villarreal, argues'

These helpers are tried only after the plain frame failed, so the common case costs nothing extra.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from typing import Any

from .cues import ADVERBS, DETERMINERS, HOLDER_VERB, PRONOUNS, ROLE_HEADS, STANCE_ADJ
from .nominals import SpeechNominals
from .sources import (
    BAD_START,
    BE,
    CONNECTIVE_INTRO,
    EXTRA_HEADS,
    NOT_SAID,
    NOT_SOURCE,
    appositive,
    holder_named,
    n_words,
    np_before,
    valid_np,
)

# Words between a subject and its stance verb that neither end the subject nor make the sentence a modal one.
_DEGREE = frozenset("too so very quite still now long all both each increasingly".split())
# Catenative verbs before 'to VERB' ('went on to discuss', 'appeared to blame'): their subject is the holder.
_CATENATIVE = re.compile(
    r"^(?:went|goes|go|appeared|appears|seemed|seems|continued|continues|tried|tries|sought|seeks|moved|moves|"
    r"began|begins|started|starts|wanted|wants|needed|needs|planned|plans|vowed|vows|pledged|pledges|"
    r"promised|promises|refused|refuses|declined|declines|decided|decides|threatened|threatens|hoped|hopes|"
    r"rushed|rushes|stepped|steps|took|takes|used|came|comes|got|gets|managed|manages|failed|fails|"
    r"agreed|agrees|offered|offers|intends|intended|expects|expected|called|calls|urged|urges)$"
)
# Light verbs before a noun cue: 'is raising questions about', 'expressed concern', 'made the case'.
_LIGHT = re.compile(r"^(?:rais\w*|express\w*|voic\w*|ma(?:de|ke|kes|king)|ha[sd]|ha(?:ve|ving)|issu\w*|lev\w*)$")
_CONTRACTED_BE = re.compile(r"^(?:was|were|is|are|ai)n[’']t$")
_NEG = re.compile(r"\w+n[’']t$|cannot$|been$|\w+ly$")
_GLUE = DETERMINERS | frozenset("of for to at with from in on by and the".split())
_VERBISH = re.compile(r"(?:ed|ing)$")
_SUBJECT_END = re.compile(r",|\s(?:that|who|which|whom|whose|when|where|because|if|as|while)\s|[;:“”\"—–]")


def _skip(toks: list[str], skipped: set[str]) -> None:
    while toks:
        low = toks[-1].lower()
        if low in ADVERBS or low in _DEGREE or _NEG.match(low):
            skipped.add("was" if _CONTRACTED_BE.match(low) else low)
            toks.pop()
        else:
            return


def chain_head(text: str, lo: int, verb: re.Match[str]) -> tuple[list[str], set[str], bool] | None:
    """Like `sources.holder_head`, past a catenative or light-verb chain and degree words ('too', 'still'); the
    flag tells whether anything `holder_head` does not skip was skipped (else that frame was tried already)."""
    toks = text[max(lo, verb.start() - 80) : verb.start()].split()
    skipped: set[str] = set()
    _skip(toks, skipped)
    chained = False
    # 'went on to', 'appeared to', 'took to Twitter to' (two words of adjunct at most), 'is raising questions'.
    if len(toks) >= 2 and toks[-1] == "to":
        k = len(toks) - 2
        while k >= 0 and len(toks) - k <= 5 and not _CATENATIVE.match(toks[k].lower()):
            k -= 1
        if k >= 0 and _CATENATIVE.match(toks[k].lower()) and all(t[-1] not in ",.;:" for t in toks[k:-1]):
            del toks[k:]
            chained = True
    elif toks and _LIGHT.match(toks[-1].lower()) or len(toks) >= 2 and _LIGHT.match(toks[-2].lower()):
        k = len(toks) - 1 if _LIGHT.match(toks[-1].lower()) else len(toks) - 2
        if k == len(toks) - 1 or toks[-1].islower() and toks[-1].isalpha():
            del toks[k:]
            chained = True
    _skip(toks, skipped)
    if not toks or any(w in NOT_SAID and w not in BE for w in skipped):
        return None
    last = toks[-1].strip(",()")
    low = last.lower()
    plural = low.endswith("s") and low[:-1] in ROLE_HEADS  # 'former RT journalists', 'Clinton advisers'
    if not (last[:1].isupper() or low in ROLE_HEADS or plural or low in EXTRA_HEADS or low in PRONOUNS):
        return None
    if chained:
        skipped -= BE  # 'is raising questions about': the chain is active, 'is' belongs to it
    return toks, skipped, chained or bool(skipped & _DEGREE) or low.endswith("s") and low[:-1] in ROLE_HEADS


def long_subject(text: str, s0: int, np_end: int) -> tuple[str, int] | None:
    """'A chorus of prominent Republicans', 'The GOP's complaint to the D.C. Court of Appeals': a subject that
    opens the clause at s0 and runs to np_end through prepositional phrases, or 'The minister of the
    economy, Mr. Guajardo Villarreal,' with an appositive name. No verb or clause boundary inside."""
    span = text[s0:np_end].strip()
    words = span.split()
    if not 1 < len(words) <= 18 or words[0].lower() in BAD_START:
        return None
    cut = _SUBJECT_END.search(span)
    if cut is not None:
        parts = [p.strip() for p in span.rstrip(",").split(",")]
        # 'ROLE, NAME,' (an appositive name) or 'NAME, ROLE,': the name is the holder.
        if len(parts) == 2 and all(parts) and "," in span and not _SUBJECT_END.search(span.replace(",", " ")):
            named = [p for p in parts if valid_np(p) and any(t[:1].isupper() for t in p.split()[1:] or p.split())]
            pick = next((p for p in named if p.split()[0].lower() not in DETERMINERS), named[0] if named else None)
            if pick is not None and holder_named(text, pick):
                return pick, s0 + span.index(pick)
        return None
    if len(words) > 12 or not any(w[:1].isupper() for w in words[1:]):
        return None
    # Without a tagger, a verb inside ('Polling averages show Clinton with a lead') is ruled out by keeping the
    # common words few and none of them verb-like: the rest are names, determiners and prepositions.
    common = [w.lower() for w in words if w[:1].islower() and w.lower() not in _GLUE]
    if len(common) > 3 or any(w in NOT_SOURCE or HOLDER_VERB.fullmatch(w) or _VERBISH.search(w) for w in common):
        return None
    return span, s0


def chain_np(
    text: str, s0: int, verb: re.Match[str], head: tuple[list[str], set[str], bool]
) -> tuple[str, int, bool] | None:
    """The holder before a chain (as `sources.holder_np`), or a long subject opening the clause at s0; the flag
    tells a long subject (its mention is the whole phrase)."""
    toks, skipped, _new = head
    adjective = verb.group() in STANCE_ADJ
    if adjective and not skipped & BE or not adjective and verb.group().endswith(("ed", "en", "wn")) and skipped & BE:
        return None
    np_end = text.rfind(toks[-1], s0, verb.start()) + len(toks[-1])
    if np_end <= s0:
        return None
    found = np_before(text, s0, np_end)
    if found is not None and found[1] == s0 and holder_named(text, found[0]):
        return found[0], found[1], False
    long = long_subject(text, s0, np_end)
    return (long[0], long[1], True) if long else None


# Asides between a subject and its verb: 'X, in particular, said', 'X, for instance, argued'.
_ASIDE = re.compile(
    r"(?:in particular|for instance|for example|for his part|for her part|for their part|too|however|meanwhile|"
    r"though|in turn|in response|(?:on|last|this|early|late|earlier)\s+\w+(?:\s+\w+)?|\d{1,3})$",
    re.IGNORECASE,
)
_LIST_START = re.compile(r"(?:including|especially|notably|such as|like|along with|and|or|but not)\s", re.IGNORECASE)
_DASHES = re.compile(r"\s+(?:--|—|–|―|-)\s+|—|―|\([^()]{0,40}\)")


def appositive_subject(text: str, s0: int, verb: re.Match[str]) -> tuple[str, int] | None:
    """The holder of a stance verb whose subject (opening the clause at s0) is set off by commas or dashes:
    the first chunk, a name or a role, and after it only appositives, relative clauses, 'including ...' lists,
    ages and asides ('in particular', 'on Friday'). A bare name in an appositive wins over a role."""
    toks = text[max(s0, verb.start() - 300) : verb.start()].split()
    skipped: set[str] = set()
    _skip(toks, skipped)
    if not toks or any(w in NOT_SAID and w not in BE for w in skipped):
        return None  # 'Comey will testify': a modal is no stance
    adjective = verb.group() in STANCE_ADJ
    if adjective and not skipped & BE or not adjective and verb.group().endswith(("ed", "en", "wn")) and skipped & BE:
        return None  # a passive, or an adjective without 'is'
    end = text.rfind(toks[-1], s0, verb.start()) + len(toks[-1])
    # Dashes and parentheses set off asides as commas do; the replacement keeps every offset.
    span = _DASHES.sub(lambda m: "," + " " * (len(m.group()) - 1), text[s0:end])
    chunks, pos = [], 0
    for part in span.split(","):
        if part.strip():
            chunks.append((part.strip(), s0 + pos + len(part) - len(part.lstrip())))
        pos += len(part) + 1
    if not 2 <= len(chunks) <= 6 or len(span.split()) > 45:
        return None
    head, head_pos = chunks[0]
    if len(head.split()) > 8 or not valid_np(head) or not holder_named(text, head):
        return None
    for chunk, _ in chunks[1:]:
        if not (appositive(chunk) or _ASIDE.match(chunk) or _LIST_START.match(chunk) or chunk.lower().startswith(
                ("who", "which", "whose"))):  # fmt: skip
            return None
    bare = [c for c in chunks[1:] if 1 < len(c[0].split()) <= 4 and all(w[:1].isupper() for w in c[0].split())]
    if bare and not any(w[:1].isupper() for w in head.split()[1:] or head.split()):
        return bare[0]
    return head, head_pos


class ChainHolders(SpeechNominals):
    """A second look for `attribution._Attributor`, after `sources.HolderFrames._holder` found no holder."""

    text: str
    mem: Any
    out: list[Any]
    last: Any
    emit: Callable[..., None]
    _subject_start: Callable[[int, int], int]
    _holder: Callable[[int, int, list[re.Match[str]]], None]
    _emit_holder: Callable[..., bool]
    _is_intro: Callable[[int, int], bool]

    def _any_holder(self, ss: int, se: int) -> None:
        n = len(self.out)
        # The plain and the chained holder read the same verbs: the first six of the sentence's first 240 characters.
        verbs = list(islice(HOLDER_VERB.finditer(self.text, ss, min(se, ss + 240)), 6))
        self._holder(ss, se, verbs)
        if len(self.out) == n:
            self._chain_holder(ss, se, verbs)
        if len(self.out) == n and ("," in self.text[ss:se] or "—" in self.text[ss:se]):
            self._appositive_holder(ss, se)
        if len(self.out) == n and ("’s " in self.text[ss:se] or "'s " in self.text[ss:se]):
            self._nominal_holder(ss, se)

    def _intro_end(self, ss: int, se: int) -> int:
        """Where the subject starts after a connective and intro phrases ('But', 'In fact,', 'On Monday,'), one
        comma at a time: unlike `_subject_start`, a subject set off by commas ('But Williams, who ...,') stays."""
        text = self.text
        intro = CONNECTIVE_INTRO.match(text, ss, se)
        pos = intro.end() if intro and text[intro.end() - 1] in " ,\n" else ss
        for _ in range(3):
            comma = text.find(",", pos, min(se, pos + 80))
            if comma < 0 or not self._is_intro(pos, comma + 1):
                break
            pos = comma + 1
        while pos < se and text[pos].isspace():
            pos += 1
        return pos

    def _appositive_holder(self, ss: int, se: int) -> None:
        """'Michael Mulgrew, president of the union, which represents ..., said', 'Some Republicans, including
        Senator Lamar Alexander, were willing': a subject set off by appositives, asides and adjuncts."""
        text = self.text
        s0 = self._intro_end(ss, se)
        for i, verb in enumerate(HOLDER_VERB.finditer(text, s0, min(se, s0 + 300))):
            if i == 4:
                return
            found = appositive_subject(text, s0, verb)
            if found is None or n_words(text, verb.end(), se) < 3:
                continue
            if self._emit_holder(ss, se, found, verb):
                return

    def _chain_holder(self, ss: int, se: int, verbs: list[re.Match[str]]) -> None:
        text, s0 = self.text, -1
        for verb in verbs:
            # The plain frame was tried already: only chains, degree words and long subjects are new here.
            head = chain_head(text, ss, verb)
            if head is None:
                continue
            s0 = self._subject_start(ss, se) if s0 < 0 else s0
            if verb.start() <= s0 or (not head[2] and n_words(text, s0, verb.start()) <= 4):
                continue
            found = chain_np(text, s0, verb, head)
            if found is None or n_words(text, verb.end(), se) < 3:
                continue
            if self._emit_holder(ss, se, found, verb):
                return
