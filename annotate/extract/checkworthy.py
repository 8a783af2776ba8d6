"""Check-worthiness: how much a sentence is worth fact-checking, as a score in [0, 1] with reasons.

A linear model over three feature blocks, trained offline by scripts/train_checkworthy.py (scikit-learn
there only) and shipped as weights in data/checkworthy.npz; inference here is numpy + stdlib:

- hashed word 1-2-grams, numbers reduced to their shape (<year>, <num>) so the model learns "a figure"
  rather than memorising the figures of one debate;
- hashed character 3-5-grams inside words (they carry morphology: -ed past tense, -est superlatives,
  unseen names), computed once per distinct word and cached;
- hand features that generalise beyond debate style (years, quantities, comparisons, laws, factual verbs,
  named entities, opinion markers, questions, pleasantries), which also give the human-readable reasons.

Hashing uses zlib.crc32, which is stable across processes (Python's hash() is salted per process).
"""

from __future__ import annotations

import re
import zlib
from array import array
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).with_name("data") / "checkworthy.npz"

HASH_BITS = 19  # 524,288 buckets shared by word and char n-grams; collisions cost little at this size
N_HASH = 1 << HASH_BITS
_MASK = N_HASH - 1
_WORD_SEED = 0x5EED  # different crc32 start values keep word and char n-grams apart
_CHAR_SEED = 0xC4A2

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[$%?]")
_YEAR_TOKEN = re.compile(r"(?:1[89]|20)\d\d")


def _lex(words: str, phrases: str = "") -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(words.split()), frozenset(p.replace("_", " ") for p in phrases.split())


# (name, reason shown to a reviewer, (single words, two-word phrases)). Hand features are looked up in the
# token set rather than matched with regexes: 13 case-insensitive alternations per sentence were the
# slowest part of scoring. Order is the order of the dense block in the model file: changing it (or any
# word list) requires retraining.
_LEXICONS: list[tuple[str, str, tuple[frozenset[str], frozenset[str]]]] = [
    ("year", "mentions a year", _lex("<year> 1990s 1980s 2000s decade decades century")),
    (
        "quantity",
        "a quantity or percentage",
        _lex(
            "<num> <year> % percent hundred hundreds thousand thousands million millions billion billions "
            "trillion trillions dozen dozens half twice double doubled triple tripled quarter one-third two-thirds"
        ),
    ),
    ("money", "an amount of money", _lex("$ dollar dollars budget deficit deficits debt tax taxes")),
    (
        "comparison",
        "a comparison or superlative",
        _lex(
            "than more less fewer most least highest lowest largest biggest smallest fastest worst best "
            "record first last only every never ever"
        ),
    ),
    (
        "law",
        "names a treaty, law or institution",
        _lex(
            "act bill law laws treaty accord agreement amendment legislation resolution constitution regulation "
            "regulations sanctions congress senate parliament court nato un eu fbi cia epa irs nafta obamacare "
            "medicare medicaid",
            "social_security supreme_court",
        ),
    ),
    (
        "factual_verb",
        "a factual verb (increased, voted, signed...)",
        _lex(
            "increased decreased voted signed passed raised cut created lost doubled tripled spent killed died "
            "grew rose fell dropped declined built closed approved vetoed opposed supported proposed invested "
            "paid funded banned elected appointed sent invaded attacked imposed reduced added eliminated "
            "recalled offered reported announced agreed rejected launched"
        ),
    ),
    (
        "statistic_noun",
        "a measurable topic (jobs, rates, crime...)",
        _lex(
            "job jobs unemployment rate rates inflation wage wages income price prices crime murder murders "
            "death deaths population economy gdp growth emissions troops nuclear weapons immigrant immigrants "
            "insurance cost costs revenue spending taxpayer taxpayers percentage number average statistics"
        ),
    ),
    (
        "reported",
        "reported speech or a source",
        _lex("said says reported stated told claimed recalled announced study report data", "according_to"),
    ),
    (
        "opinion",
        "opinion/subjective language",
        _lex(
            "frankly honestly obviously clearly great terrible wonderful horrible disaster beautiful incredible "
            "amazing sad stupid ridiculous tremendous fantastic love hate",
            "i_think i_believe i_feel i_hope i'm_sure my_opinion my_view don't_think believe_me",
        ),
    ),
    (
        "promise",
        "a promise or plan, not yet checkable",
        _lex("i'll we'll should must", "i_will we_will going_to need_to have_to"),
    ),
    ("question", "a question", _lex("?")),
    (
        "pleasantry",
        "a greeting, thanks or procedural remark",
        _lex(
            "thanks hello welcome applause laughter crosstalk congratulations gentlemen",
            "thank_you good_evening good_morning let_me excuse_me",
        ),
    ),
    ("second_person", "addresses the listener", _lex("you your")),
]
# Computed features (not word lists).
_EXTRA = ["entities", "short", "long", "past_tense", "first_person"]
HAND_NAMES = [p[0] for p in _LEXICONS] + _EXTRA
_REASON = {p[0]: p[1] for p in _LEXICONS} | {
    "entities": "names people, places or organisations",
    "short": "too short to state a fact",
    "long": "a long, detailed statement",
    "past_tense": "describes past events",
    "first_person": "speaks about the speaker",
}
N_HAND = len(HAND_NAMES)

# Capitalised words not at the start of a sentence: a cheap stand-in for named entities.
_CAPWORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")
_NOT_ENTITY = {"I", "I'm", "I've", "I'd", "I'll"}
_PAST_WORDS = frozenset("was were had did".split())
_FIRST_PERSON = frozenset("i me my we our us i'm i've i'd i'll we're we've we'll we'd".split())


def _word_tokens(text: str) -> list[str]:
    toks = _TOKEN.findall(text.lower())
    # Figures themselves are debate-specific; their shape is what makes a claim checkable.
    return [("<year>" if _YEAR_TOKEN.fullmatch(t) else "<num>") if t[0].isdigit() else t for t in toks]


def _hand(text: str, toks: list[str], bigrams: list[str]) -> list[float]:
    """The dense block: 0/1 lexicon hits, then a few counts squashed into [0, 1]."""
    words, pairs = set(toks), set(bigrams)
    feats = [1.0 if (w & words or p & pairs) else 0.0 for _, _, (w, p) in _LEXICONS]
    ents = [w for w in _CAPWORD.findall(text) if w not in _NOT_ENTITY]
    feats.append(min(len(ents), 3) / 3.0)
    feats.append(1.0 if len(toks) <= 5 else 0.0)
    feats.append(1.0 if len(toks) >= 25 else 0.0)
    past = sum(1 for t in toks if (len(t) > 4 and t.endswith("ed")) or t in _PAST_WORDS)
    feats.append(min(past, 3) / 3.0)
    feats.append(min(sum(1 for t in toks if t in _FIRST_PERSON), 3) / 3.0)
    return feats


def hand_features(text: str) -> list[float]:
    toks = _word_tokens(text)
    return _hand(text, toks, [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)])


_char_cache: dict[str, list[int]] = {}


def _char_hashes(word: str) -> list[int]:
    hit = _char_cache.get(word)
    if hit is None:
        padded = f" {word} "
        n = len(padded)
        hit = [
            zlib.crc32(padded[i : i + k].encode(), _CHAR_SEED) & _MASK
            for k in (3, 4, 5)
            for i in range(max(n - k + 1, 0))
        ]
        if len(_char_cache) > 200_000:  # bounded: long-running processes see unbounded vocabularies
            _char_cache.clear()
        _char_cache[word] = hit
    return hit


def _features(text: str) -> tuple[list[int], list[int], list[float]]:
    """Distinct hashed word 1-2-gram buckets, char 3-5-gram buckets and the hand block of one text."""
    toks = _word_tokens(text)
    bigrams = [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
    words = {zlib.crc32(g.encode(), _WORD_SEED) & _MASK for g in toks + bigrams}
    chars: set[int] = set()
    for t in set(toks):
        chars.update(_char_hashes(t))
    return list(words), list(chars), _hand(text, toks, bigrams)


def featurize(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All texts at once as (rows, cols, values) of the sparse part plus the dense hand block.

    Each sparse block is binary and L2-normalised per text (so long sentences do not dominate);
    training builds a CSR matrix from exactly these arrays, so train and inference cannot drift apart.
    """
    cols = array("q")  # flat bucket ids; built in C via array.extend, far cheaper than lists of ints
    sizes: list[int] = []  # two blocks per text: words, chars
    hand = np.zeros((len(texts), N_HAND), dtype=np.float64)
    for r, text in enumerate(texts):
        words, chars, hand[r] = _features(text)
        cols.extend(words)
        cols.extend(chars)
        sizes += (len(words), len(chars))
    n = np.asarray(sizes, dtype=np.int64)
    rows = np.repeat(np.repeat(np.arange(len(texts), dtype=np.int64), 2), n)
    vals = np.repeat(1.0 / np.sqrt(np.maximum(n, 1)), n)
    return rows, np.frombuffer(cols, dtype=np.int64) if cols else np.zeros(0, np.int64), vals, hand


class Model:
    """Weights of the shipped model: hashed weights, hand weights, bias and the tuned threshold."""

    def __init__(self, w_hash: np.ndarray, w_hand: np.ndarray, bias: float, threshold: float):
        self.w_hash = np.asarray(w_hash, dtype=np.float32)
        self.w_hand = np.asarray(w_hand, dtype=np.float64)
        self.bias = float(bias)
        self.threshold = float(threshold)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        with np.load(path, allow_pickle=False) as z:
            names = [str(n) for n in z["hand_names"]]
            if names != HAND_NAMES:
                raise ValueError(f"{path}: hand features {names} differ from the code's; retrain the model")
            if int(z["hash_bits"]) != HASH_BITS:
                raise ValueError(f"{path}: hash size differs from the code's; retrain the model")
            return cls(z["w_hash"], z["w_hand"], float(z["bias"]), float(z["threshold"]))

    def save(self, path: Path, **meta: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            # float16 halves the file; the weights' precision past 3 digits changes no decision.
            w_hash=self.w_hash.astype(np.float16),
            w_hand=self.w_hand,
            bias=np.float64(self.bias),
            threshold=np.float64(self.threshold),
            hash_bits=np.int64(HASH_BITS),
            hand_names=np.array(HAND_NAMES),
            **{k: np.array(v) for k, v in meta.items()},
        )

    def margins(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Linear scores (logits) and the hand block, for scoring and for the reasons."""
        rows, cols, vals, hand = featurize(texts)
        logit = np.bincount(rows, weights=self.w_hash[cols] * vals, minlength=len(texts))
        return logit + hand @ self.w_hand + self.bias, hand


_model: Model | None = None


def get_model() -> Model:
    """The shipped model, loaded once per process (the file is read offline from the package)."""
    global _model
    if _model is None:
        _model = Model.load()
    return _model


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


def score(texts: list[str]) -> list[float]:
    """Probability-like check-worthiness in [0, 1] for each text."""
    if not texts:
        return []
    logit, _ = get_model().margins(list(texts))
    return _sigmoid(logit).tolist()


def score_claims(texts: list[str]) -> list[tuple[float, list[str]]]:
    """(score, reasons) per text; reasons are the hand features that fired, strongest first.

    A feature that pulls the score down is prefixed "against: " (e.g. "against: opinion/subjective language").
    """
    if not texts:
        return []
    model = get_model()
    logit, hand = model.margins(list(texts))
    probs = _sigmoid(logit)
    out: list[tuple[float, list[str]]] = []
    for p, h in zip(probs.tolist(), hand, strict=True):
        contrib = h * model.w_hand
        order = np.argsort(-np.abs(contrib))
        reasons = []
        for j in order:
            if h[j] == 0 or abs(contrib[j]) < 0.05:  # features that barely move the score explain nothing
                continue
            text = _REASON[HAND_NAMES[j]]
            reasons.append(text if contrib[j] > 0 else f"against: {text}")
        out.append((p, reasons))
    return out


def label(value: float) -> str:
    """ "Yes" when the score reaches the threshold tuned at training time (stored in the model file)."""
    return "Yes" if value >= get_model().threshold else "No"
