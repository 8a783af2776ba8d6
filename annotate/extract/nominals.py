"""Speech nominals: 'Trump's claim that ...', 'Rubio's response was that ...', 'The senator's argument is that ...'.

A possessor with a noun of saying or thinking, then the content clause: the possessor is the speaker, as with
'X claimed that ...'. Only where the phrase opens the clause: in 'Clinton rejected Trump's claim that ...' the
sentence is Clinton's act, and 'Pence's call for a prosecutor' (no content clause) is an act, not speech.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .sources import n_words, valid_np

# Nouns of saying or thinking that take a content clause ('his claim that', 'her view is that').
_NOUNS = (
    "claim|claims|argument|arguments|assertion|statement|view|response|answer|position|contention|insistence|"
    "promise|pledge|warning|suggestion|message|point|belief|explanation|case|complaint|charge|accusation|"
    "reply|retort|prediction|theory|concern|fear|hope|argument|reasoning|rationale|line|pitch|refrain"
)
# 'Rubio's response was that ...': the copula leaves the content clause to the end of the sentence. Without it
# ('Trump's claim that he opposed the war has been debunked') the clause ends somewhere inside: not read.
_NOMINAL = re.compile(
    rf"((?:[A-Z][\w.-]*\s+){{0,3}}[A-Z][\w.-]*|[Tt]he\s+(?:[\w-]+\s+){{0,3}}[\w-]+)(?:'s|’s|')\s+"
    rf"(?:(?:[a-z-]+\s+){{0,2}})({_NOUNS})\s+(?:is|was|has\s+been|remains|remained)\s+(?:that\s|:)"
)


class SpeechNominals:
    """A last look for `attribution._Attributor`, after no frame or holder owned the sentence."""

    text: str
    mem: Any
    out: list[Any]
    last: Any
    emit: Callable[..., None]
    _intro_end: Callable[[int, int], int]

    def _nominal_holder(self, ss: int, se: int) -> None:
        text = self.text
        s0 = self._intro_end(ss, se)
        m = _NOMINAL.match(text, s0, se)
        if m is None or n_words(text, m.end(), se) < 4 or not valid_np(m.group(1)):
            return
        ent, mention = self.mem.resolve(m.group(1), m.start(1))
        if ent is None:
            return
        self.emit(s0, se, "reported", None, m.start(1), m.group(2), ent=ent)
        self.out[-1].speaker_mention = mention
        self.last = (ent, mention, m.start(1))
