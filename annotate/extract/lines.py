"""Line features for the cleaner: what a scraped line looks like (prose, boilerplate, caption ...).

Kept apart from clean.py so the patterns can grow without burying the control flow. Patterns are
about page furniture in general (menus, prompts, credits, widgets), not about particular sites.
"""

from __future__ import annotations

import re

# Whole-line interface words: menus, prompts, section labels, widget captions.
_UI_WORDS = (
    r"share|share this( article| story)?|tweet|email|print|comments?|chats?|reply|like|follow( us)?|"
    r"subscribe|unsubscribe|sign up|sign in|log ?in|log out|register|log in or register|"
    r"read more|read also|see also|show more|load more|more news|more|loading|loader|"
    r"news ?feed|all news|sections|menu|home|search|go to search|use filter|topics|tags|"
    r"news search topics|photo|photos|video|videos|infographics?|gallery|podcasts?|live|"
    r"most read|most popular|most popular articles|most viewed|top stories|trending|related|"
    r"related (articles|stories|news)|recommended|in other media|editor'?s picks?|latest( news)?|"
    r"advertisement|advertising|ad|sponsored|promoted|back to main page|main page|back to top|"
    r"select the city|currency converter|weather|now|today|yesterday|this week|this month|"
    r"press review|opinion|analysis|world|business|sport|sports|politics|economy|society|culture|"
    r"ok|close|cancel|accept|next|previous|prev|skip|continue|back|up|"
    r"cookies?|privacy policy|terms of use|contact us|about us|\d+ pages? in this article|"
    r"to participate in the discussion|you can filter your feed,?|by choosing only interesting|"
    r"sections\.|join the discussion|leave a comment|add comment|view comments|"
    r"follow .{1,30} on (twitter|facebook|telegram|x)|download (our|the) app|"
    # Link-list labels and licensing widgets: 'Explainer', 'Keep reading', 'list 2 of 4', 'Related Topics'.
    r"explainers?|keep reading|list \d+ of \d+|end of list|related (topics|coverage|content)|more on this story|"
    r"explore more on these topics|reuse this content|opens new tab|acquire licensing rights|enditem|"
    r"follow [\w ]{2,30}:|"
    # A live page's section label: 'Business live – latest updates', 'Live updates'.
    r"(?:[\w&' ]{1,30}\s[-–—|:]\s)?(?:latest|live) updates"
)
UI_LINE = re.compile(rf"(?i)[\s•·|>»\-–—]*(?:{_UI_WORDS})[\s:.!…»>]*")

# Inline prompts that make a short line boilerplate even with other words around them.
PROMPT = re.compile(
    r"(?i)\b(?:subscribe to|sign up for|log in|sign in|newsletter|cookie|all rights reserved|"
    r"click here|read more|follow us|download our|share (?:this|on)|rights reserved|"
    r"participate in the discussion|terms of use|privacy policy|go to the mediabank|"
    r"(?:additional )?reporting by|editing by|writing by|compiled by|originally (?:appeared|published)|"
    r"views expressed|join our|get the latest|sign up|follow (?:us|\w+) on|share (?:this|it)|"
    r"more on this story|related topics|(?:most read|top stories)(?=\s*:)|"
    # 'Associated Press writers X and Y contributed to this report.'
    r"contributed (?:to this (?:report|story|article)|reporting))\b"
)
# The same without (?i), run on lowercased text: 3x faster. Exact only where lower() keeps every offset and no
# non-ASCII letter folds onto an ASCII one ('ſ', 'K', 'İ'): ASCII, Latin-1, Cyrillic, general punctuation.
_PROMPT_LOWER = re.compile(PROMPT.pattern.removeprefix("(?i)"))
CASE_UNSAFE = re.compile(r"[^\x00-\x7f\u00a0-\u00ff\u0400-\u04ff\u2000-\u206f]")


# A wire footer's rights notice: 'Copyright 2025 The Associated Press. All rights reserved. This material may
# not be published, broadcast, rewritten or redistributed without permission.'
RIGHTS = re.compile(
    r"(?i)\ball rights reserved\b|^\W*copyright\s*(?:©\s*|\(c\)\s*)?\d{4}\b"
    r"|\bmay not be (?:re)?published,? broadcast"
)


def has_prompt(line: str) -> bool:
    """PROMPT.search(line), faster."""
    if CASE_UNSAFE.search(line) is None:
        return _PROMPT_LOWER.search(line.lower()) is not None
    return PROMPT.search(line) is not None


# A headline that names its source after a dash: 'NATO broke promises in past – Lavrov'.
HEADLINE_SPEAKER = re.compile(r"\s[-–—―]\s*((?:[A-Z][\w'’.-]+\s?){1,3}?)\.?\s*$")

# Photo credits and captions. Each pattern runs only when a substring test says it might match:
# these checks run on every line, prose included.
_CREDIT = re.compile(
    r"\b[Pp]hoto(?:graph)?(?: by|:| credit)|\bPHOTO\b|\b[Cc]redit:|\b[Ii]mage:"
    # BBC-style labels: 'Image source, Getty Images', 'Image caption, Shoppers in Tokyo', 'Media caption, ...'
    r"|^(?:Image|Media|Video|Photo) (?:source|caption),"
)
_LABELS = frozenset(("Image ", "Media ", "Video "))
_AGENCY_SLASH = re.compile(r"\s/\s(?:AFP|AP|Reuters|Getty|EPA|Sputnik|TASS|RIA|Xinhua|ANP|Anadolu)\b")
_POSITION = re.compile(r"\((?:L|R|C|left|right|centre|center|file|archive|file photo|pictured)\)")
_COPY_C = re.compile(r"\([cC]\)\s*\d{4}")
# A caption's closing credit: '... in Odesa on March 2. (State Emergency Service / Telegram)'.
_CREDIT_TAIL = re.compile(r"\(\s*[A-Z][^()/\n]{0,40}?\s/\s[A-Z][^()/\n]{0,40}\)$")
# Wire photo credits: "REUTERS/Gleb Garanich", "AFP / John Doe", "EPA-EFE/Someone".
_WIRE_CREDIT = re.compile(
    r"\b(?:REUTERS|Reuters|AFP|AP|EPA(?:-EFE)?|Getty Images|TASS|Sputnik|RIA Novosti|Xinhua|ANADOLU|AA)\s?/\s?[A-Z]"
)
# "... in Minsk - Sputnik International": an agency's caption suffix.
CAPTION_SUFFIX = re.compile(
    r"\s[-–—|]\s[A-Z]\w*(?: [A-Z]\w*){0,2} (?:International|News|Images|Agency|TV|Photo|Pictures)$"
)


def is_caption(line: str) -> bool:
    if "©" in line:
        return True
    if "(" in line and (_POSITION.search(line) or ("(c)" in line.lower() and _COPY_C.search(line))):
        return True
    if "/" in line and (
        _AGENCY_SLASH.search(line) or _WIRE_CREDIT.search(line) or _CREDIT_TAIL.search(line, max(0, len(line) - 90))
    ):
        return True
    if ("hoto" in line or "HOTO" in line or "redit:" in line or line[:6] in _LABELS) and _CREDIT.search(line):
        return True
    return line[-1:].isalnum() and bool(CAPTION_SUFFIX.search(line, max(0, len(line) - 70)))


# Widgets and counters: "34.1 C", "7", "Sunday, July 14, 2024", "July 13, 22:58 UTC+3 BERLIN".
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
WIDGET = re.compile(
    rf"[-+]?\d+(?:[.,]\d+)?\s*°?\s*[CF]?|\d{{1,4}}[.)]?|[\W_]+|"
    rf"(?:\d{{1,2}}:\d{{2}}(?:\s*[AP]M)?,?\s*)?(?:{_WEEKDAY},?\s*)?(?:{_MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}),?(?:\s*\d{{4}})?"
    rf"(?:,?\s*\d{{1,2}}:\d{{2}}(?:\s*[AP]M)?)?(?:\s*(?:UTC|GMT|MSK)[+-]?\d*)?(?:\s+[A-Z][A-Z .-]+)?|"
    rf"{_WEEKDAY}|\d{{1,2}}:\d{{2}}(?:\s*[AP]M)?|\d{{4}}-\d{{2}}-\d{{2}}.*|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}(?:,?\s*\d{{1,2}}:\d{{2}})?",
    re.I,
)

URL_LINE = re.compile(r"\s*(?:https?://|www\.)\S+.*")
# Feed footers: "from RT – Daily news", "via Reuters".
FEED_FOOTER = re.compile(r"(?i)\s*(?:from|via|source:)\s+[\w.&' ]{2,40}\s*[-–—|:]\s*[\w ]{2,30}\s*")
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")

# A line that ends like a sentence: terminal punctuation, maybe inside closing quotes.
TERMINAL = re.compile(r"(?:[.!?…:][\"”’»)\]]*|[\"”»])\s*$")
WORD = re.compile(r"[^\W\d_][\w'’\-]*")
LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
QUOTE_TEASER = re.compile(r"^[\"“«].*[\"”»],?\s+(?:he|she|they|[A-Z]\w+)\s+(?:said|says|added|noted)\W*$")


# Lowercase words (group 1) and capitalised words (no group) in one pass: both start a whitespace token and
# never at the same one, so the counts are those of two separate scans.
_CASED_WORD = re.compile(r"(?<!\S)(?:([a-z][a-z'’-]{3,})|[\"“‘'«(]?[A-Z][\w'’-]{3,})")
# The same after a whitespace character it consumes (none is ever inside a match), for the words that do not open
# the line: a pattern that opens with a character class is scanned by the class test alone (1.5x faster).
_CASED_AFTER_SPACE = re.compile(r"\s" + _CASED_WORD.pattern.removeprefix(r"(?<!\S)"))


_SHORT_LOWER = re.compile(r"(?<![\w'’-])[a-z]{2,3}(?![\w'’-])")
# Words a Title Case headline leaves in lowercase.
_TITLE_SMALL = frozenset("a an the and but or nor for on at to by in of up as vs via per off out".split())
_TITLE_LONG_SMALL = frozenset("with from into onto upon over than that amid about after".split())


def is_title_case(line: str) -> bool:
    """Headline-style capitalisation ('Really Difficult Choice? As NATO Member ...')."""
    found = _CASED_AFTER_SPACE.findall(line)
    first = _CASED_WORD.match(line)
    if first:
        found.append(first.group(1) or "")  # as findall gives an unmatched group
    n_upper = found.count("")
    lower = len(found) - n_upper
    upper = n_upper - (1 if line[:1].isupper() else 0)  # first word is always up
    if lower + upper < 3 or upper < 3 * lower:
        return False
    if lower >= 2 and sum(1 for w in found if w and w not in _TITLE_LONG_SMALL) >= 2:
        # Two long lowercase words are a sentence among many names ('... Premier Li Wenhao held talks with
        # Karelian Prime Minister Olli Vaara in Astana'): a headline would say 'Held Talks'.
        return False
    # Names can outnumber the long lowercase words of a sentence ('Sergei Lavrov met his Turkish counterpart on
    # Monday.'); a headline capitalises short verbs and pronouns too ('Lavrov Met His ...'), a sentence does not.
    return not any(w not in _TITLE_SMALL for w in _SHORT_LOWER.findall(line))


# Page meta lines: 'Updated: 16 Dec 2022 09:41 | Reading time: 3 min', 'Published 3 hours ago', '4 min read'.
_META_START = re.compile(
    r"(?i)\W*(?:last )?(?:updated|published|posted|modified)\b"
    r"|\W*(?:stand|aktualisiert|veröffentlicht|mis à jour|publié)\s*:"  # 'Stand: 23.02.2024 14:12 Uhr'
    r"|.{0,60}\b(?:reading time|read time|\d+\s*min(?:ute)?s? read)\b"
)
_META_WORDS = frozenset(
    "last updated update published posted modified on at am pm ago hours hour minutes minute mins min days day "
    "read reading time gmt utc est edt cet cest bst msk by jan feb mar apr may jun jul aug sep sept oct nov dec "
    "january february march april june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday mon tue wed thu fri sat sun uhr".split()
)


# A byline: 'By Jane Doe and John Smith', 'By Tom Balmforth, Reuters', 'By JANE DOE | Staff writer'.
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|der|da|di|del|la|le|bin|al))*"
BYLINE = re.compile(rf"\s*[Bb]y\s+{_NAME}(?:\s*(?:,|&|\band\b|\|)\s*{_NAME}){{0,5}}\s*(?:[|,]\s*[\w ]{{2,30}})?\s*")


def is_meta(line: str) -> bool:
    """A publication-time or reading-time line, or a byline: about the page, never its headline or body. Only
    date, time and meta words (and an author's name) may follow: 'Published in 2019, the report found ...' is
    prose."""
    if len(line) <= 110 and BYLINE.fullmatch(line) and line.rstrip()[-1:] not in ".!?":
        return True
    if len(line) > 110 or line.rstrip()[-1:] in ".!?" or not _META_START.match(line):
        return False
    other = [w for w in re.findall(r"[A-Za-z]+", line) if w.lower() not in _META_WORDS]
    return all(w[0].isupper() for w in other) and len(other) <= 3


def stamp(line: str) -> bool:
    """A date-and-time stamp without a label: 'Wed 17 Apr 2024 07.00 BST', 'March 4, 2024 4:52 AM GMT Updated
    2 hours ago'. Nothing but date, time and meta words, with a year in it."""
    if len(line) > 70 or ("20" not in line and "19" not in line) or not _STAMP_YEAR.search(line):
        return False
    words = re.findall(r"[A-Za-z]+", line)
    return bool(words) and all(w.lower() in _META_WORDS for w in words)


_STAMP_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


# The outlet's notes about the article itself: corrections, updates, editor's notes, not claims to check.
EDITORIAL_NOTE = re.compile(
    r"(?i)[\s*_(\[]*(?:correction|clarification|editor['’]?s note|an earlier version of this (?:article|story)"
    r"|a version of this (?:article|story) appear(?:s|ed) in print"
    r"|this (?:article|story|report|piece|interview|transcript|conversation) (?:was|has been|is being) "
    r"(?:amended|updated|corrected|changed|edited|condensed))\b"
)


# Appeals to the reader, however long: 'Sign up for CNN's ... newsletter, a three-times-a-week look ...', 'Support
# independent journalism in Ukraine and help us keep going.', 'As a subscriber, you have 10 gift articles ...'.
# Only when addressed to the reader (an imperative opening, or 'you'/'us'): 'Donors support independent
# journalism in Belarus.' is news.
_APPEAL = re.compile(
    r"(?i)\b(?:support (?:independent|our|quality|local) (?:journalism|reporting|media|news)"
    r"|become an? (?:member|patron|subscriber|supporter)|(?:sign up|subscribe) (?:for|to)\b.{0,80}\bnewsletter"
    r"|gift articles?|as (?:a |your )?preferred source|make a (?:donation|contribution)|donate (?:now|today))\b"
)
_ADDRESSED = re.compile(r"(?i)^\W*(?:sign up|subscribe|support|become|donate|add|get|help)\b|\b(?:you|your|us|our)\b")


def is_appeal(line: str) -> bool:
    # Substring tests first (C-level, a few ns each): this runs on every line, prose included.
    hint = "upport" in line or "ewsletter" in line or "ecome a" in line or "ift article" in line
    if not (hint or "referred source" in line or "onat" in line):
        return False
    return bool(_APPEAL.search(line) and _ADDRESSED.search(line))


# An author's note closing the article: 'Karoun Demirjian is a Times reporter covering Congress.'
# Only the role and where it is held ('... reporter at the Kyiv Independent'): 'X is a former reporter who was
# jailed ...' and 'X is a reporter detained in Russia' are news.
AUTHOR_BIO = re.compile(
    r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3} is (?:a|an|the)(?: (?!former\b)[\w'’&.-]+){0,4} (?:reporter|"
    r"correspondent|editor|writer|journalist|columnist|contributor|producer|bureau chief)"
    r"(?: (?:at|for|with|on|covering|based in|in) (?![^.!?]*\b(?:who|which|that|since|when)\b)[^.!?]{1,100})?\."
)


# A testimonial's signature on the line under its quote: '- Carla Sanchez', '― Tom Reyes, 54, Tucson'. The quote
# names its speaker by it (quotes.py); it is neither furniture nor a claim of its own.
# A testimonial follows a line that closes a quote with one of these.
QUOTE_ENDS = ('"', "”", "»")
# A credit line ('— Getty Images', '― Sputnik International', '- AP Photo') is no one's signature.
TESTIMONIAL = re.compile(
    r"[-–—―]\s*(?!(?:[A-Z][\w'’.-]*\s+){0,3}(?:Images|Photos?|International|News|Agency|Press|Staff|Pool|File|Wire)\b)"
    r"(?!(?:AFP|AP|Reuters|REUTERS|Getty|EPA|TASS|Sputnik|RIA|Xinhua|Anadolu|Shutterstock)\b)"
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}(?:,[^,\n]{1,40}){0,3}\.?$"
)


def is_boilerplate(line: str, words: list[str]) -> bool:
    """Furniture no matter where it sits on the page."""
    if len(words) <= 60 and ("ights" in line or "opyright" in line or "ublished" in line) and RIGHTS.search(line):
        return True
    if len(words) <= 60 and EDITORIAL_NOTE.match(line):
        head = line.lstrip(" *_([").lower()
        # 'Correction:' as a label only; 'Correction officers said ...' is prose. ('Update:' often is news.)
        if not head.startswith(("correction", "clarification")) or re.match(r"\w+\s*[:—–-]", head):
            return True
    short = len(line) <= 80  # menus and widgets are short: skip the big alternations on prose
    if short and (UI_LINE.fullmatch(line) or WIDGET.fullmatch(line)) or URL_LINE.match(line):
        return True
    if len(words) <= 16 and (is_meta(line) or stamp(line)):
        return True
    if "{" in line and TEMPLATE.search(line) and not TEMPLATE.sub("", line).strip():
        return True
    if len(words) <= 8 and FEED_FOOTER.fullmatch(line):
        return True
    if len(words) < 16 and has_prompt(line) or len(words) <= 40 and is_appeal(line):
        return True
    return len(words) <= 80 and is_caption(line)  # a caption is short: a credit inside an article is not all of it
