"""Exact and near-duplicate claims: a rare-word candidate filter, then rapidfuzz on the few that pass.

Scoring every stored claim with rapidfuzz costs ~20 µs a pair, 2 s per claim at 100,000 claims. Two renderings
of one claim share their rarest content words, so an inverted index over those words finds the handful worth
scoring. The same two steps run against the database (services.matching keeps the index in `claim_terms`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from annotate.matching.normalize import content_terms, negation_count, normalize

NEAR_THRESHOLD = 75.0  # at or above: the same claim (tuned on tests/data/matching_pairs.jsonl)
EXACT_THRESHOLD = 97.0
QUERY_TERMS = 8  # the rarest content words of a claim used to look up candidates
MIN_QUERY_TERMS = 3
MAX_CANDIDATES = 50  # scored with rapidfuzz per claim, best-sharing first
COMMON_SHARE = 0.01  # a word in more than this share of claims finds nothing useful
MIN_TERMS_FOR_CONTAINMENT = 5  # a shorter claim inside a longer one counts only when it says enough


@dataclass(frozen=True)
class Prepared:
    """A claim's text in the forms the scorers need, computed once."""

    norm: str
    content: str  # content words in order, space-joined: what the fuzzy scorers compare
    terms: frozenset[str]
    negations: int


def prepare(text: str) -> Prepared:
    norm = normalize(text)
    terms = content_terms(norm)
    return Prepared(norm=norm, content=" ".join(terms), terms=frozenset(terms), negations=negation_count(norm))


def score(a: Prepared, b: Prepared) -> float:
    """0-100: how surely `a` and `b` assert the same thing in near-identical words."""
    if a.norm == b.norm:
        return 100.0
    if not a.terms or not b.terms:
        return 0.0
    whole = fuzz.token_sort_ratio(a.content, b.content)
    # token_set_ratio is 100 whenever one side's words are a subset of the other's: a quote cut short in one
    # outlet. Trust that only when the shorter side says enough on its own, and discount what is missing.
    short, long = sorted((len(a.terms), len(b.terms)))
    contained = fuzz.token_set_ratio(a.content, b.content)
    if short < MIN_TERMS_FOR_CONTAINMENT:
        contained = min(contained, whole)
    else:
        contained *= 0.8 + 0.2 * short / long
    result = max(whole, contained)
    # "will attack" / "will not attack": same words, opposite claims.
    if (a.negations > 0) != (b.negations > 0):
        result -= 30.0
    return max(result, 0.0)


def method_for(value: float) -> str:
    return "exact" if value >= EXACT_THRESHOLD else "near"


@dataclass(frozen=True)
class Match:
    key: Hashable
    score: float
    method: str


def common_limit(total: int) -> int:
    return max(50, int(total * COMMON_SHARE))


def query_terms(terms: Iterable[str], df: Mapping[str, int], total: int) -> list[str]:
    """The rarest words present in the collection; very common ones would only flood the candidate list.

    A claim made only of common words ("X said talks would resume in May") still gets MIN_QUERY_TERMS of its
    rarest ones: its postings are long, but without them such a claim could never be found again.
    """
    limit = common_limit(total)
    present = sorted((t for t in terms if df.get(t, 0) > 0), key=lambda t: (df[t], t))
    rare = [t for t in present if df[t] <= limit]
    return rare[:QUERY_TERMS] if len(rare) >= MIN_QUERY_TERMS else present[:MIN_QUERY_TERMS]


def rank_candidates(hits: Mapping[Hashable, list[str]], df: Mapping[str, int], total: int, wanted: int) -> list:
    """Keys sharing at least `wanted` query words, best first by the rarity (idf) of what they share."""
    scored = []
    for key, shared in hits.items():
        if len(shared) >= wanted:
            scored.append((sum(math.log((total + 1) / df[t]) for t in shared), key))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return [key for _, key in scored[:MAX_CANDIDATES]]


def needed_overlap(n_query_terms: int) -> int:
    return 1 if n_query_terms <= 2 else 2


class LexicalIndex:
    """In-memory index for a batch of claims (and the benchmark); the service keeps the same one in SQL."""

    def __init__(self) -> None:
        self.prepared: dict[Hashable, Prepared] = {}
        self.groups: dict[Hashable, Hashable] = {}
        self.postings: dict[str, list[Hashable]] = defaultdict(list)
        self.by_norm: dict[str, list[Hashable]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.prepared)

    def add(self, key: Hashable, text: str, group: Hashable = None) -> Prepared:
        prepared = prepare(text)
        self.prepared[key] = prepared
        self.groups[key] = group
        self.by_norm[prepared.norm].append(key)
        for term in prepared.terms:
            self.postings[term].append(key)
        return prepared

    def candidates(self, prepared: Prepared) -> list[Hashable]:
        total = len(self.prepared)
        df = {t: len(self.postings[t]) for t in prepared.terms if t in self.postings}
        chosen = query_terms(prepared.terms, df, total)
        hits: dict[Hashable, list[str]] = defaultdict(list)
        for term in chosen:
            for key in self.postings[term]:
                hits[key].append(term)
        ranked = rank_candidates(hits, df, total, needed_overlap(len(chosen)))
        exact = self.by_norm.get(prepared.norm, [])
        return list(dict.fromkeys([*exact, *ranked]))

    def match(self, text: str, *, group: Hashable = None, threshold: float = NEAR_THRESHOLD) -> list[Match]:
        """Stored claims that say what `text` says, outside its own group (its document), best first."""
        prepared = prepare(text)
        out = []
        for key in self.candidates(prepared):
            if group is not None and self.groups.get(key) == group:
                continue
            value = score(prepared, self.prepared[key])
            if value >= threshold:
                out.append(Match(key, round(value, 1), method_for(value)))
        out.sort(key=lambda m: m.score, reverse=True)
        return out
