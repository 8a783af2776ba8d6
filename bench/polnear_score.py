"""Score the claim extractor on PolNeAR (attribution in US political news), as benchmarks/README.md defines it.

    python bench/polnear_score.py [SPLIT_DIR]      # default: ../shared/benchmarks/polnear/dev

Gold: for every article `text/NAME.txt`, the first `attributions/NAME_*.ann` in name order (brat standoff;
`E` lines tie Content, Source and Cue spans together; discontinuous spans are joined with ';').

Figures (words are `\\w+` runs; a word is inside a span when its characters are):
- recall: share of gold contents whose words are >= 60% inside the union of all extracted claims.
- speaker: among the found contents whose gold Source contains a name, the share whose claim (the claim
  holding most of the content's words; on a tie the shorter) has a `speaker` sharing a name word with that Source.
  PolNeAR has no coreference layer, so a Source "he"/"the campaign" is not scored (README: "whose gold
  source contains a name"). A *name word* is a capitalised token of the Source that is none of:
  a pronoun or function word ("He", "The", "Some"), a title or role word ("President", "Sen.", "Mr.",
  "Secretary", "Spokesman"), a party/nationality adjective ("Republican", "Democratic", "American",
  "GOP"), a month or weekday, or a single letter ("Q", "A" of a Q&A). Possessive 's is dropped and the
  comparison is case-insensitive. So "the Republican nominee" has no name (not scored) while
  "Trump campaign manager Kellyanne Conway" has three (Trump, Kellyanne, Conway) and "Democrats" has one.
  A Source that opens a sentence is capitalised whatever its first word is: that word is a name word only if
  the split's articles do not write it in lowercase more often than capitalised inside a sentence ("Polling
  averages", "Protesters", "Twelve percent" contain no name; "Trump", "Democrats", "Reuters" do).
- precision: of the claims labelled quote or reported, the share with >= 50% of their words inside a
  single gold Content.

Claims come from the real pipeline `annotate.extract.extract()`. It cleans the text (drops the headline,
normalises spaces), so claims are mapped back to the raw text through the result's `offset_map` (or, if
that is missing, by locating each claim's text in order; a claim that cannot be located counts as a
precision miss). The headline the pipeline moves into `document.title` is then not covered by any claim,
which costs recall (`mirrored_claims` below, which keeps it, reaches ~0.98). Without the pipeline the
scorer mirrors it: `attribute()` on the raw text plus statements for uncovered sentences.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_WORD = re.compile(r"\w+")
_CAP = re.compile(r"[A-Z][\w'’.-]*")
_NOT_NAME = frozenset(
    # pronouns and function words that open a sentence or a source span
    "i he she it we you they his her its our their my your this that these those the a an some many most all "
    "one two both each another other any several few who which what there here and or but if as in on at of "
    "for to by from with according also while when q a "
    # titles and roles
    "president vice minister secretary senator sen sen. sens rep rep. reps representative congressman "
    "congresswoman gov gov. governor mayor mr mr. mrs mrs. ms ms. dr dr. prof prof. gen gen. general "
    "spokesman spokeswoman spokesperson press chairman chairwoman chair director chief deputy ambassador "
    "speaker leader majority minority former first lady attorney justice judge candidate nominee presidential "
    "rev rev. lt col sgt capt adm adviser advisor aide campaign manager co-chair executive ceo founder "
    "state officials official sources source analysts experts critics supporters voters "
    # party / nationality adjectives
    "republican democratic democrat gop american u.s. us russian british french german chinese mexican "
    "independent conservative liberal progressive evangelical "
    # months, weekdays
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday".split()
)


def name_words(source: str) -> set[str]:
    """Name words of a gold Source span, as documented above."""
    out = set()
    for m in _CAP.finditer(source):
        w = re.sub(r"(?:'s|’s|'|’)$", "", m.group()).lower()
        if len(w) > 1 and w not in _NOT_NAME and w.rstrip(".") not in _NOT_NAME:
            out.add(w.rstrip("."))
    return out


_ANY_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_OPENER = re.compile(r"(?:^|[.!?:\n—–])[\s\"“‘'(]*$")


def common_words(texts: list[str]) -> set[str]:
    """Words the texts write in lowercase more often than capitalised inside a sentence: a capital on one
    of them at a sentence start is the sentence's, not a name's."""
    lower: dict[str, int] = {}
    upper: dict[str, int] = {}
    for text in texts:
        for m in _ANY_WORD.finditer(text):
            w = re.sub(r"(?:'s|’s)$", "", m.group())
            if w[0].islower():
                lower[w] = lower.get(w, 0) + 1
            elif not _OPENER.search(text, max(0, m.start() - 4), m.start()):
                upper[w.lower()] = upper.get(w.lower(), 0) + 1
    return {w for w, n in lower.items() if n > upper.get(w, 0)}


def source_names(g: Gold, text: str, common: set[str]) -> set[str]:
    """name_words of a gold Source, without a sentence opener's capital on a common word."""
    names = name_words(g.source or "")
    if g.source_start is None or not names or not _OPENER.search(text, max(0, g.source_start - 4), g.source_start):
        return names
    first = _CAP.match(g.source or "")
    if first:
        w = re.sub(r"(?:'s|’s|'|’)$", "", first.group()).lower().rstrip(".")
        if w in common:
            names.discard(w)
    return names


def speaker_words(speaker: str | None) -> set[str]:
    if not speaker:
        return set()
    return {re.sub(r"(?:'s|’s)$", "", w).lower().rstrip(".") for w in re.findall(r"[\w'’.-]+", speaker)}


@dataclass
class Gold:
    content: list[tuple[int, int]]
    source: str | None
    source_start: int | None = None


@dataclass
class Claim:
    start: int
    end: int
    kind: str
    speaker: str | None


def load_gold(ann: Path) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            pieces = [tuple(int(x) for x in p.split()) for p in offsets.split(";")]
            spans[parts[0]] = (label, pieces, parts[2] if len(parts) > 2 else "")  # type: ignore[misc]
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    out = []
    for ev in events:
        c = spans.get(ev.get("Content", ""))
        if c is None:
            continue
        s = spans.get(ev.get("Source", ""))
        out.append(Gold(c[1], s[2] if s else None, s[1][0][0] if s else None))
    return out


def pipeline_claims(text: str) -> list[Claim]:
    """Claims of annotate.extract.extract(), located in the raw text."""
    from annotate.extract import extract

    result = extract(text.encode("utf-8"), "polnear.txt")
    if result.document.text == text:
        return [Claim(c.start, c.end, c.kind, c.speaker) for c in result.claims]
    runs = sorted(result.offset_map)
    if runs:
        # offset_map: runs of (clean_start, raw_start, length) tying cleaned offsets to the raw input.
        from bisect import bisect_right

        keys = [r[0] for r in runs]

        def to_raw(x: int) -> int:
            i = bisect_right(keys, x) - 1
            if i < 0:
                return -1
            cs, rs, n = runs[i]
            return rs + (x - cs) if x - cs < n else -1

        mapped = []
        for c in result.claims:
            s, e = to_raw(c.start), to_raw(c.end - 1)
            mapped.append(Claim(s, e + 1 if e >= 0 else -1, c.kind, c.speaker) if s >= 0 and e >= 0 else None)
        if all(mapped):
            return mapped  # type: ignore[return-value]
    out, pos = [], 0
    for c in result.claims:
        i = text.find(c.text, pos)
        if i < 0:
            i = text.find(c.text)
        if i < 0:
            out.append(Claim(-1, -1, c.kind, c.speaker))  # not locatable: a precision miss, covers nothing
            continue
        out.append(Claim(i, i + len(c.text), c.kind, c.speaker))
        pos = i
    return out


def mirrored_claims(text: str) -> list[Claim]:
    """Without the pipeline: attribute() + statements for uncovered sentences, as pipeline._claims does."""
    from annotate.extract.attribution import attribute
    from annotate.extract.segment import split_sentences

    sents = split_sentences(text)
    out = [Claim(a.start, a.end, a.kind, a.speaker) for a in attribute(text, sents)]
    spans = [(c.start, c.end) for c in out]
    for s, e in sents:
        if sum(max(0, min(e, b) - max(s, a)) for a, b in spans) < 0.4 * (e - s):
            out.append(Claim(s, e, "statement", None))
    return out


_SAID = re.compile(r"\b(?:said|says)\b")
_NAIVE_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’]?|$)")


def naive_claims(text: str) -> list[Claim]:
    """The README baseline: regex sentences; a sentence with 'said' is reported, its speaker the word before."""
    out = []
    for m in _NAIVE_SENT.finditer(text):
        sent = m.group()
        said = _SAID.search(sent)
        if said:
            before = sent[: said.start()].split()
            spk = before[-1] if before and before[-1][:1].isupper() else None
            out.append(Claim(m.start(), m.end(), "reported", spk))
        elif sent.strip():
            out.append(Claim(m.start(), m.end(), "statement", None))
    return out


def _default_claims() -> Callable[[str], list[Claim]]:
    try:
        from annotate.extract import extract  # noqa: F401

        return pipeline_claims
    except ImportError:
        return mirrored_claims


def articles(split_dir: Path):
    for txt in sorted((split_dir / "text").glob("*.txt")):
        anns = sorted((split_dir / "attributions").glob(txt.stem + "_*.ann"))
        if anns:
            yield txt.read_text(encoding="utf-8"), load_gold(anns[0])


def score(split_dir: str | Path, claims_fn: Callable[[str], list[Claim]] | None = None) -> dict:
    """recall / speaker / precision (and their counts) over one PolNeAR split."""
    claims_fn = claims_fn or _default_claims()
    n_gold = n_found = n_named = n_spk = n_attr = n_prec = 0
    common = common_words([text for text, _ in articles(Path(split_dir))])
    for text, gold in articles(Path(split_dir)):
        claims = claims_fn(text)
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        starts = [w[0] for w in words]

        def words_in(spans: list[tuple[int, int]], starts=starts, words=words) -> list[int]:
            from bisect import bisect_left

            out = []
            for s, e in spans:
                i = bisect_left(starts, s)
                while i < len(words) and words[i][1] <= e:
                    out.append(i)
                    i += 1
            return out

        claim_words = [set(words_in([(c.start, c.end)])) if c.start >= 0 else set() for c in claims]
        covered = set().union(*claim_words) if claim_words else set()
        gold_words = [set(words_in(g.content)) for g in gold]
        for g, gw in zip(gold, gold_words, strict=True):
            if not gw:
                continue
            n_gold += 1
            if len(gw & covered) < 0.6 * len(gw):
                continue
            n_found += 1
            names = source_names(g, text, common)
            if not names:
                continue
            n_named += 1
            # The claim holding most of the content; on a tie the tighter one (a quote inside its sentence).
            best = max(range(len(claims)), key=lambda i, gw=gw: (len(claim_words[i] & gw), -len(claim_words[i])))
            if speaker_words(claims[best].speaker) & names:
                n_spk += 1
        for c, cw in zip(claims, claim_words, strict=True):
            if c.kind not in ("quote", "reported"):
                continue
            n_attr += 1
            if cw and any(len(cw & gw) >= 0.5 * len(cw) for gw in gold_words):
                n_prec += 1
    return {
        "recall": n_found / n_gold if n_gold else 0.0,
        "speaker": n_spk / n_named if n_named else 0.0,
        "precision": n_prec / n_attr if n_attr else 0.0,
        "gold_contents": n_gold,
        "found": n_found,
        "named_sources": n_named,
        "attributed_claims": n_attr,
    }


def default_split(name: str = "dev") -> Path:
    return Path(__file__).resolve().parents[1].parent / "shared/benchmarks/polnear" / name


if __name__ == "__main__":
    split = Path(sys.argv[1]) if len(sys.argv) > 1 else default_split("dev")
    for label, fn in (("extractor", None), ("naive said-regex", naive_claims)):
        r = score(split, fn)
        print(
            f"{label:18} recall {r['recall']:.3f}  speaker {r['speaker']:.3f}  precision {r['precision']:.3f}"
            f"  (contents {r['gold_contents']}, named {r['named_sources']}, attributed {r['attributed_claims']})"
        )
