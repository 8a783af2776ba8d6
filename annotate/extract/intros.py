"""Intro phrases before a source: 'In May,', 'After the vote,', 'Asked about it,', 'Earlier this year,', 'Two days
later,'. Each opens with a preposition or subordinator, a participle, a time word, or an adverb that leads another of
these; a clause ('Prices rose this year,', 'This has been a concern,') is content, not an intro. Read by
`attribution._Attributor._is_intro` on each comma-set chunk before a source.
"""

from __future__ import annotations

TIME_WORDS = frozenset(
    "later earlier ago today yesterday tonight morning afternoon evening night week weekend month year monday "
    "tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december spring summer fall autumn winter hour minute day decade".split()
)
# A subordinate clause ('When he bought the mine,') tells another event: never part of what is said next.
SUBORDINATORS = frozenset("when while if although though because until unless once whereas".split())
_INTRO_OPENERS = SUBORDINATORS | frozenset(
    "in at on during after before since by for with from as inside outside across beyond behind near regardless "
    "amid despite following under upon within throughout along among alongside around against toward towards "
    "without about over into of".split()
)
_INTRO_ADVERBS = frozenset(
    "meanwhile however but and also earlier later separately still yet then moreover furthermore indeed instead "
    "nonetheless nevertheless similarly likewise finally additionally ultimately thus therefore so now again "
    "overall notably first late early just only even shortly soon not long right immediately almost nearly".split()
)
_IRREGULAR_PARTICIPLES = frozenset("held led made built set run given taken shown seen written known sent kept".split())
_TIME_DETERMINERS = frozenset("this last next that each every".split())
_COUNT_WORDS = frozenset("a an one two three four five six seven eight nine ten few several some many".split())


def _time_word(word: str) -> bool:
    w = word.lower().strip(",.")
    return w in TIME_WORDS or (w.endswith("s") and w[:-1] in TIME_WORDS)


def opens_intro(words: list[str], later_chunk: bool = False) -> bool:
    """Whether a comma-free run of words opens like an intro phrase (see the module docstring)."""
    if not words:
        return False
    first = words[0].lower()
    if first in _INTRO_OPENERS or _time_word(first):
        return True
    if first == "where" and later_chunk:
        return True  # 'In Miami, where two members of Congress have disavowed him,'
    participle = first.endswith("ed") or first in _IRREGULAR_PARTICIPLES
    if participle and later_chunk and len(words) > 1 and words[1] in _INTRO_OPENERS:
        return True  # 'At the Mass, held on the border,' (but 'undeclared voters' opens a clause)
    if first.endswith(("ing", "ed")) and words[0][:1].isupper() or first.endswith("ing") and later_chunk:
        # 'Asked about it,', 'On Monday, speaking in Ohio,' ('undeclared voters' is no intro); 'United States
        # Citizenship ...' is a name.
        return not "".join(words[1:2])[:1].isupper()
    if first in _TIME_DETERMINERS:
        return len(words) > 1 and _time_word(words[1])
    if first.isdigit() and len(words) == 1:
        return later_chunk  # 'On July 6, 2015,'
    if first in _COUNT_WORDS or first.isdigit():
        rest = [w for w in words[1:] if w.lower() not in _COUNT_WORDS]
        return bool(rest) and _time_word(rest[0])
    if first in _INTRO_ADVERBS:
        return len(words) == 1 or opens_intro(words[1:], later_chunk)
    return False
