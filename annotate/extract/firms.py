"""Companies whose names read like people's: 'Goldman Sachs', 'Wells Fargo', 'Johnson & Johnson', 'Lloyds'.

A capitalised run with no organisation word looks like a person's name. General cues say otherwise:
- a legal form or a business word at its end: 'Deutsche Bank AG', 'Charles Schwab Corp', 'Capital Economics';
- an ampersand inside: 'Ernst & Young', 'Procter & Gamble' (people are joined by 'and');
- its context: 'analysts at X', "X's chief executive", 'X shares', 'X, the bank,' (`firm_context`);
- and failing those, a short list of well-known firms.
'The bank' / 'the firm' / 'the lender' then find the latest such company (`COMPANY_NOUNS`, `is_business`).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Legal forms and words that end business names.
LEGAL = frozenset(
    "inc inc. corp corp. co co. ltd ltd. llc llp lp plc ag gmbh nv n.v. sa s.a. spa s.p.a. se ab asa oyj kgaa "
    "holdings holding group partners associates securities capital economics research advisors advisers "
    "investments management analytics consulting insights technologies brothers bros bros. airlines airways "
    "motors pharmaceuticals pharma financial".split()
)
# Well-known firms with person-like names (lowercase), for the mentions with no cue around them.
KNOWN = frozenset(
    "goldman sachs|morgan stanley|jpmorgan|jpmorgan chase|j.p. morgan|jp morgan|wells fargo|charles schwab|"
    "merrill lynch|lloyds|barclays|lehman brothers|berkshire hathaway|ernst & young|"
    "johnson & johnson|procter & gamble|deloitte|jefferies|nomura|macquarie|santander|raymond james|"
    "edward jones|morningstar|moody's|standard & poor's|citigroup|natwest|mckinsey|accenture|pfizer|"
    "moderna|boeing|airbus|siemens|bayer|unilever|glencore|chrysler|toyota|walmart".split("|")
)
# 'the bank said', 'the firm added': nouns that call back a company.
COMPANY_NOUNS = frozenset(
    "company firm bank lender group drugmaker automaker carmaker insurer retailer brokerage carrier airline miner "
    "manufacturer chipmaker conglomerate startup start-up consultancy".split()
)
# Organisations that are no company: 'the bank' is not the ministry, the country or the news agency.
_NOT_BUSINESS = frozenset(
    "ministry government department agency council commission parliament party court police army navy office "
    "committee senate congress house kremlin duma embassy administration union nations alliance campaign "
    "reuters bloomberg ap afp tass ria sputnik cnn bbc xinhua interfax nato osce un eu who imf times post news "
    "tv radio journal magazine network channel daily herald tribune".split()
)
_PARTY = frozenset("gop republican republicans democrat democrats democratic".split())
_BEFORE = re.compile(
    r"(?i)\b(?:analysts?|economists?|strategists?|executives?|traders?|bankers?|researchers?|"
    r"shareholders|investors\s+in|shares\s+(?:of|in)|stakes?\s+in|chief\s+executive\s+of|CEO\s+of)\s+(?:(?<=of\s)|(?<=in\s)|at\s+|with\s+|from\s+)(?:the\s+)?$"
)
_AFTER = re.compile(
    r"['’]s\s+(?:chief\s+(?:executive|economist|financial\s+officer)|CEO|CFO|shares|stock|share\s+price|"
    r"board\s+of\s+directors|quarterly|net\s+income|analysts|economists)\b"
    r"|,?\s+(?:Inc|Corp|Ltd|LLC|AG|plc|PLC|GmbH)\b"
    r"|,\s+(?:the|a|an|[A-Z][\w-]*['’]s)\s+(?:(?!(?:of|for|at|with|in|to|and)\s)[\w-]+\s+){0,3}?"
    r"(?:" + "|".join(sorted(COMPANY_NOUNS)) + r")\b(?!['’])"
)
# 'the company' / 'the firm' / 'the group' may call back any business; 'the bank' / 'the airline' one so named or
# known as a company.
GENERIC = frozenset("company firm group".split())
_POSSESSIVE = re.compile(r"['’]s?$")


def firm_name(tokens: list[str]) -> bool:
    """A capitalised run's tokens (titles and openers gone) that name a company."""
    return _firm_name(tuple(tokens))


@lru_cache(maxsize=4096)  # asked for every name run of every article: names recur
def _firm_name(tokens: tuple[str, ...]) -> bool:
    low = [t.lower() for t in tokens]
    low[-1] = _POSSESSIVE.sub("", low[-1]) if len(low[-1]) > 2 else low[-1]
    last = low[-1]
    return (
        (len(tokens) == 3 and tokens[1] == "&")
        or (len(tokens) > 1 and last in LEGAL)
        or (last.endswith(("bank", "group")) and len(last) > 6)  # 'Commerzbank', 'Citigroup'
        or " ".join(low).replace("’", "'") in KNOWN
    )


def firm_context(text: str, start: int, end: int) -> bool:
    """Does the text around a name at [start, end) call it a company ('analysts at X', "X's chief executive")?"""
    return bool(_BEFORE.search(text, max(0, start - 40), start) or _AFTER.match(text, end, end + 80))


def is_business(name: str) -> bool:
    """May 'the company' / 'the bank' call back this organisation?"""
    low = name.lower().replace(".", "").split()
    words = name.split()
    # A name, not a description the article gave ('Cairo airport official', 'Wisconsin Republican').
    named = all(w[:1].isupper() or w in ("of", "and", "&", "the", "for") for w in words)
    return named and not any(w in _NOT_BUSINESS or w in _PARTY for w in low) and not low[-1].endswith("tv")
