"""Re-anchoring a quote in a document whose text changed (the approach of the Hypothesis client).

1. The stored position, if the text there is still the quote.
2. Otherwise every exact occurrence; if there is none, approximate matches with at most
   k = min(256, len(quote) // 2) edits.
3. Each candidate is scored (50*quote + 20*prefix + 20*suffix + 2*position) / 92 and the best one wins,
   but only above THRESHOLD: Hypothesis has no floor and can anchor on a lookalike passage; we orphan
   instead, and the reviewer sees the orphan in the import report.

Offsets are Python string indices: Unicode code points, as in TextPositionSelector.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

THRESHOLD = 0.7
MAX_EXACT_CANDIDATES = 1000


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    score: float


def _similarity(a: str, b: str) -> float:
    if not a:
        return 1.0  # nothing stored to compare with
    return 1.0 - Levenshtein.normalized_distance(a, b)


def score(text: str, start: int, end: int, exact: str, prefix: str, suffix: str, stored: int | None) -> float:
    errors = Levenshtein.distance(exact, text[start:end])
    quote = max(0.0, 1.0 - errors / max(1, len(exact)))
    before = _similarity(prefix, text[max(0, start - len(prefix)) : start])
    after = _similarity(suffix, text[end : end + len(suffix)])
    position = 1.0 if stored is None else 1.0 - min(1.0, abs(start - stored) / max(1, len(text)))
    return (50 * quote + 20 * before + 20 * after + 2 * position) / 92


def anchor(
    text: str,
    exact: str,
    *,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    threshold: float = THRESHOLD,
) -> Anchor | None:
    """Where `exact` is in `text` now, or None when it cannot be found with enough confidence."""
    if not exact:
        return None
    prefix, suffix = prefix or "", suffix or ""
    if start is not None and 0 <= start <= len(text) and text[start : start + len(exact)] == exact:
        found = Anchor(start, start + len(exact), score(text, start, start + len(exact), exact, prefix, suffix, start))
        # The stored place still holds the quote; trust it unless its context says it is a lookalike.
        if found.score >= threshold:
            return found
    candidates = _exact(text, exact) or _approximate(text, exact, start)
    best = None
    for s, e in candidates:
        value = score(text, s, e, exact, prefix, suffix, start)
        if best is None or value > best.score:
            best = Anchor(s, e, value)
    return best if best is not None and best.score >= threshold else None


def _exact(text: str, exact: str) -> list[tuple[int, int]]:
    out, at = [], text.find(exact)
    while at >= 0 and len(out) < MAX_EXACT_CANDIDATES:
        out.append((at, at + len(exact)))
        at = text.find(exact, at + 1)
    return out


def _approximate(text: str, exact: str, stored: int | None) -> list[tuple[int, int]]:
    """Best approximate windows: over the whole text and near the stored position, boundaries refined."""
    k = min(256, len(exact) // 2)
    regions = [(0, len(text))]
    if stored is not None:
        margin = len(exact) + k
        regions.append((max(0, stored - margin), min(len(text), stored + len(exact) + margin)))
    out = set()
    for lo, hi in regions:
        window = text[lo:hi]
        if not window:
            continue
        hit = fuzz.partial_ratio_alignment(exact, window)
        if hit is None or hit.score == 0:
            continue
        s, e = _refine(text, exact, lo + hit.dest_start, lo + hit.dest_end, k)
        if Levenshtein.distance(exact, text[s:e]) <= k:
            out.add((s, e))
    return sorted(out)


def _refine(text: str, exact: str, s: int, e: int, k: int) -> tuple[int, int]:
    # partial_ratio aligns a window of the quote's length; the real match may be shorter or longer
    # ("twelve" -> "12"), so move each boundary to where the edit distance is least.
    reach = min(k, 64)

    def cost(a: int, b: int) -> tuple[int, int]:
        return (Levenshtein.distance(exact, text[a:b]), abs((b - a) - len(exact)))

    s = min(range(max(0, s - reach), min(e, s + reach) + 1), key=lambda a: cost(a, e))
    e = min(range(max(s + 1, e - reach), min(len(text), e + reach) + 1), key=lambda b: cost(s, b))
    return s, e
