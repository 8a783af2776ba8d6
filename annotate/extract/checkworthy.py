"""Check-worthiness: how much a sentence is worth fact-checking, as a score in [0, 1] with reasons.

A linear model over three feature blocks, trained offline by scripts/train_checkworthy.py (scikit-learn
there only) and shipped as weights in data/checkworthy.npz; inference here is numpy + stdlib:

- word 1-2-grams over a vocabulary shipped in the model (the training words and their bigrams), numbers
  reduced to their shape (<year>, <num>) so the model learns "a figure" rather than memorising the figures
  of one debate; binary (distinct per text), divided by the square root of the text's distinct 1-2-grams;
- hashed character 3-5-grams inside words (they carry morphology: -ed past tense, -est superlatives,
  unseen names): each distinct word of a text adds its distinct grams, divided by the square root of their
  total. The weight sum and gram count of every vocabulary word are precomputed when the model is loaded,
  so only out-of-vocabulary words are hashed at scoring time (and cached per process);
- hand features that generalise beyond debate style (years, quantities, comparisons, laws, factual verbs,
  named entities, opinion markers, questions, pleasantries), which also give the human-readable reasons.

Scoring is batched: one regex pass tokenises all texts joined by NUL, one dict lookup per token maps it to a
code (vocabulary id and capitalisation), and everything after that is numpy over the whole batch, with no
per-text Python but the reasons (cached per hand-feature pattern). Training builds its sparse matrix from
the same `featurize` output, so train and inference cannot drift apart.

Char n-grams are hashed with a polynomial over code points in uint64 arithmetic, stable across processes
and platforms (Python's hash() is salted per process).
"""

from __future__ import annotations

import re
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

import numpy as np

MODEL_PATH = Path(__file__).with_name("data") / "checkworthy.npz"

CHAR_BITS = 18  # 262,144 buckets for char n-grams; only out-of-vocabulary words are hashed at scoring time
N_CHAR = 1 << CHAR_BITS
_POLY = np.uint64(0x100000001B3)  # FNV-64 prime: the polynomial base of the char n-gram hash
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of h * _MIX are the bucket
_SHIFT = np.uint64(64 - CHAR_BITS)

# Tokens are matched on the original text (case tells capitalised words apart); NUL separates the texts of
# a batch. Curly apostrophes are straightened first, so "don’t" is "don't".
# The leading lookahead lets the regex engine skip non-token characters by a charset test (10-20% faster).
_TOKEN = re.compile(r"(?=[A-Za-z\d$%?\x00])(?:[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[.,]\d+)*|[$%?\x00])")
_YEAR_TOKEN = re.compile(r"(?:1[89]|20)\d\d")
_SEP = "\x00"
_SEP_CODE = -2
_ID_BITS = 21  # (text, word id) pairs are packed into one int64 to find the distinct ones by sorting
_ID_LIMIT = 1 << _ID_BITS
_ID_MASK = _ID_LIMIT - 1
_MISS = -1
SPECIAL = ["<num>", "<year>"]


def _lex(words: str, phrases: str = "") -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(words.split()), frozenset(p.replace("_", " ") for p in phrases.split())


# (name, reason shown to a reviewer, (single words, two-word phrases)). Every vocabulary word and bigram
# carries a bit per lexicon it belongs to, so a batch's lexicon hits are one gather and one OR per text.
# Order is the order of the dense block in the model file: changing it (or any word list) requires
# retraining; there are 13 lexicons, the width of the lexicon bits in the packed hand pattern.
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

_PAST_WORDS = frozenset("was were had did".split())
_FIRST_PERSON = frozenset("i me my we our us i'm i've i'd i'll we're we've we'll we'd".split())
_LEX_BITS = len(_LEXICONS)
assert _LEX_BITS == 13, "the packed hand pattern (featurize, hand_block) assumes 13 lexicons"
_PAST_BIT = 1 << _LEX_BITS
_FP_BIT = 1 << (_LEX_BITS + 1)
_LEX_MASK = (1 << _LEX_BITS) - 1
# The lexicon words and phrases are always in the vocabulary (the phrase lexicons need both words' ids).
LEXICON_WORDS = sorted(set().union(*(w | {x for p in ps for x in p.split()} for _, _, (w, ps) in _LEXICONS)))
LEXICON_PHRASES = sorted({p for _, _, (_, ps) in _LEXICONS for p in ps})


def normalize(token: str) -> str:
    """The vocabulary form of a token: lower case; figures reduced to their shape."""
    if token[0].isdigit():
        return "<year>" if _YEAR_TOKEN.fullmatch(token) else "<num>"
    return token.lower()


def tokenize(text: str) -> list[str]:
    """Normalised tokens of one text (used to build the vocabulary; scoring tokenises whole batches)."""
    return [normalize(t) for t in _TOKEN.findall(text.replace("’", "'")) if t != _SEP]


def _word_flags(word: str) -> int:
    """Lexicon bits, then past tense and first person, of one vocabulary (or unseen) word."""
    f = 0
    for j, (_, _, (words, _)) in enumerate(_LEXICONS):
        if word in words:
            f |= 1 << j
    if (len(word) > 4 and word.endswith("ed")) or word in _PAST_WORDS:
        f |= _PAST_BIT
    if word in _FIRST_PERSON:
        f |= _FP_BIT
    return f


def _phrase_flags(phrase: str) -> int:
    return sum(1 << j for j, (_, _, (_, ps)) in enumerate(_LEXICONS) if phrase in ps)


_NOT_ENTITY = frozenset("i i'm i've i'd i'll".split())


def _can_be_entity(word: str) -> bool:
    # Capitalised words not at the start of a text stand in for named entities; "I", "I'm"... do not.
    return len(word) >= 2 and word[0].isalpha() and word not in _NOT_ENTITY


def char_grams(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(word index, bucket) of every char 3-, 4- and 5-gram of each word padded with spaces (" word ").

    Vectorised over all the words at once: they are joined by single spaces, so a window belongs to one
    padded word exactly when no space lies strictly inside it.
    """
    if not words:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    c = np.frombuffer((" " + " ".join(words) + " ").encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    spaces = (c == 32).cumsum()  # inclusive count of spaces up to each position
    h = c[:-1] * _POLY + c[1:]  # 2-grams, then extended one char at a time
    idx, buckets = [], []
    for k in (3, 4, 5):
        if len(c) < k:
            break
        h = h[:-1] * _POLY + c[k - 1 :]  # h[i] hashes c[i : i + k]
        start = (spaces[k - 2 : len(c) - 1] == spaces[: len(c) - k + 1]).nonzero()[0]  # no space in c[i+1 : i+k-1]
        idx.append(spaces[start] - 1)
        buckets.append((h[start] * _MIX) >> _SHIFT)
    return np.concatenate(idx).astype(np.int64), np.concatenate(buckets).astype(np.int64)


def gram_table(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each word's distinct char-gram buckets as CSR: buckets of word i are bucket[ptr[i] : ptr[i + 1]]."""
    idx, buckets = char_grams(words)
    keys = _distinct((idx << CHAR_BITS) | buckets)
    ptr = np.zeros(len(words) + 1, dtype=np.int64)
    np.bincount(keys >> CHAR_BITS, minlength=len(words)).cumsum(out=ptr[1:])
    return ptr, keys & (N_CHAR - 1)


class Vocab:
    """The text side of the model: words (ids), known bigrams, and the lookup tables derived from them."""

    def __init__(self, words: list[str], bigrams: np.ndarray):
        self.words = list(words)
        self.index = {w: i for i, w in enumerate(self.words)}
        n = len(self.words)
        if n >= _ID_LIMIT:
            raise ValueError(f"a vocabulary holds fewer than {_ID_LIMIT:,} words")
        # code = id * 2 + 1 when the form is capitalised (a named-entity candidate).
        lookup: dict[str, int] = {}
        for i, w in enumerate(self.words):
            cap = int(_can_be_entity(w))
            lookup.setdefault(w.capitalize(), 2 * i + cap)
            if len(w) <= 4:  # acronyms (NATO, FBI); longer words in capitals are rare: the slow path has them
                lookup.setdefault(w.upper(), 2 * i + cap)
        for i, w in enumerate(self.words):
            lookup[w] = 2 * i  # lower case wins over a word that happens to be another's capitalisation
        num, year = 2 * self.index["<num>"], 2 * self.index["<year>"]
        for v in [*range(1000), *range(1800, 2100)]:  # most figures skip the slow path
            lookup[str(v)] = year if v >= 1800 else num
        lookup[_SEP] = _SEP_CODE
        self.lookup = lookup
        # Tokens the lookup missed -> (normalised word, id or -1, capitalised), per process.
        self.miss_cache: dict[str, tuple[str, int, int]] = {}
        flags = np.array([_word_flags(w) for w in self.words], dtype=np.int64)
        # Lexicon bits and tallies of each word, and one extra 0 at index n_words: the entry of every unseen word.
        self.lex = np.append(flags & _LEX_MASK, 0)
        self.tally = np.append(((flags & _PAST_BIT) != 0) + (((flags & _FP_BIT) != 0).astype(np.int64) << 20), 0)
        a, b = np.asarray(bigrams, dtype=np.int64).reshape(-1, 2).T
        keys = (a << _ID_BITS) | b  # the low bits of featurize's packed (text, id, id) pairs
        order = np.argsort(keys, kind="stable")
        self.bigrams = np.stack([a[order], b[order]], axis=1)
        self.bikeys = keys[order]
        self.biflags = np.array(
            [_phrase_flags(f"{self.words[x]} {self.words[y]}") for x, y in self.bigrams.tolist()], dtype=np.int64
        )
        if len(self.bikeys) and np.any(self.bikeys[1:] == self.bikeys[:-1]):
            raise ValueError("duplicate bigrams in the vocabulary")
        self.n_words, self.n_bigrams = n, len(self.bikeys)

    @classmethod
    def build(cls, texts: list[str], min_bigram: int = 1) -> Vocab:
        """The vocabulary of a training set: all its words, its bigrams seen min_bigram times, the lexicons."""
        from collections import Counter

        toks = [tokenize(t) for t in texts]
        words = sorted(set().union(*map(set, toks)) | set(LEXICON_WORDS) | set(SPECIAL) | {"$", "%", "?"})
        index = {w: i for i, w in enumerate(words)}
        counts = Counter(p for ts in toks for p in zip(ts, ts[1:], strict=False))
        pairs = {p for p, c in counts.items() if c >= min_bigram} | {tuple(p.split()) for p in LEXICON_PHRASES}
        bigrams = np.array(sorted((index[a], index[b]) for a, b in pairs), dtype=np.int64).reshape(-1, 2)
        return cls(words, bigrams)


class Parts(NamedTuple):
    """What `featurize` extracts from a batch; the model (or the training script) turns it into scores."""

    n: int  # texts
    sent: np.ndarray  # text index of every distinct (text, word) pair
    ids: np.ndarray  # its word id; ids >= vocab.n_words index oov_words
    bi_sent: np.ndarray  # text index of every distinct known bigram of a text
    bi_idx: np.ndarray  # its bigram index
    n_word: np.ndarray  # distinct word 1- and 2-grams per text, known or not (the word block's norm)
    n_tokens: np.ndarray  # tokens per text
    oov_words: list[str]  # unseen words (normalised) of the batch
    pattern: np.ndarray  # int64 per text: the hand block packed (see hand_block), also the key of its reasons

    @property
    def hand(self) -> np.ndarray:
        return hand_block(self.pattern)


def _distinct(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique's hashing costs more than sorting at these sizes).

    The keys come grouped by text, so the stable sort (timsort) finds runs and beats quicksort 2-3x.
    """
    keys = np.sort(keys, kind="stable")
    if len(keys) > 1:
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return keys


# Array methods and np.concatenate below, not np.flatnonzero/np.cumsum/np.append/np.clip: those wrappers cost
# more than the operation itself on a batch of one article's claims.
_ZERO = np.zeros(1, np.int64)  # appended so that reduceat's last segment has an end
# The short (<= 5 tokens, bit 13) and long (>= 25 tokens, bit 14) bits of the packed pattern, by token count.
_LENGTH_BITS = ((np.arange(26) <= 5).astype(np.int64) << 13) | ((np.arange(26) >= 25).astype(np.int64) << 14)


def featurize(texts: list[str], vocab: Vocab) -> Parts:
    """All texts at once: tokens as vocabulary ids, known bigrams, and the dense hand block (packed)."""
    n = len(texts)
    if not n:
        empty = np.zeros(0, np.int64)
        return Parts(0, empty, empty, empty, empty, empty, empty, [], empty)
    joined = _SEP.join(texts)
    if joined.count(_SEP) != n - 1:  # a NUL inside a text would shift every later text
        joined = _SEP.join(t.replace(_SEP, " ") for t in texts)
    if "’" in joined:
        joined = joined.replace("’", "'")
    toks = _TOKEN.findall(joined)
    codes = np.fromiter(map(vocab.lookup.get, toks, repeat(_MISS)), dtype=np.int64, count=len(toks))
    oov: dict[str, int] = {}
    missed = (codes == _MISS).nonzero()[0]
    if len(missed):  # the slow path, once per distinct missed token: figures, odd casing, unseen words
        cache, base, code = vocab.miss_cache, vocab.n_words, {}
        missed_toks = [toks[i] for i in missed.tolist()]
        for t in dict.fromkeys(missed_toks):
            hit = cache.get(t)
            if hit is None:
                if len(cache) > 100_000:  # bounded: long-running processes see unbounded vocabularies
                    cache.clear()
                w = normalize(t)
                hit = cache[t] = (w, vocab.index.get(w, -1), int(t[0].isupper() and _can_be_entity(w)))
            w, j, cap = hit
            if j < 0:
                j = oov.setdefault(w, base + len(oov))
            code[t] = 2 * j + cap
        codes[missed] = list(map(code.__getitem__, missed_toks))
    sep = codes == _SEP_CODE
    sent = sep.cumsum()[~sep]
    codes = codes[~sep]
    ids, cap = codes >> 1, codes & 1
    n_tokens = np.bincount(sent, minlength=n)

    # Binary features: distinct words and distinct bigrams of each text, by sorting packed keys.
    if n >= _ID_LIMIT or vocab.n_words + len(oov) >= _ID_LIMIT:
        raise ValueError(f"featurize takes fewer than {_ID_LIMIT:,} texts and words at a time")
    uniq = _distinct((sent << _ID_BITS) | ids)
    u_sent, u_ids = uniq >> _ID_BITS, uniq & _ID_MASK
    same = (sent[1:] == sent[:-1]).nonzero()[0]
    pairs = _distinct((sent[same] << (2 * _ID_BITS)) | (ids[same] << _ID_BITS) | ids[same + 1])
    p_sent = pairs >> (2 * _ID_BITS)
    n_word = np.bincount(u_sent, minlength=n) + np.bincount(p_sent, minlength=n)
    # Known bigrams: id pairs found in the sorted key table.
    if len(pairs) and vocab.n_bigrams:
        keys = pairs & ((1 << (2 * _ID_BITS)) - 1)
        pos = np.minimum(vocab.bikeys.searchsorted(keys), vocab.n_bigrams - 1)
        hit = (vocab.bikeys[pos] == keys).nonzero()[0]
        bi_sent, bi_idx = p_sent[hit], pos[hit]
    else:
        bi_sent = bi_idx = np.zeros(0, np.int64)

    # The hand block, per text: OR of its tokens' lexicon bits; sums of their past-tense and first-person
    # tallies and capitalisations (the first token excepted), packed in one int64 as counts << 0, 20, 40.
    if oov:  # unseen words are in no lexicon (the lexicons are in the vocabulary): past tense only
        # Looked up in place rather than appended to copies of the vocabulary-sized arrays (2 x 90 KB a batch).
        nw = vocab.n_words
        seen = np.minimum(ids, nw)
        lex_t, tally_t = vocab.lex[seen], vocab.tally[seen]
        unseen = (ids >= nw).nonzero()[0]
        tally_t[unseen] = np.array([len(w) > 4 and w.endswith("ed") for w in oov], np.int64)[ids[unseen] - nw]
    else:
        lex_t, tally_t = vocab.lex[ids], vocab.tally[ids]
    starts = n_tokens.cumsum() - n_tokens
    some = n_tokens > 0  # reduceat gives an empty text the next text's first value: masked out
    lex = np.bitwise_or.reduceat(np.concatenate((lex_t, _ZERO)), starts) * some
    cap = np.concatenate((cap, _ZERO))
    tot = (np.add.reduceat(np.concatenate((tally_t, _ZERO)) + (cap << 40), starts) - (cap[starts] << 40)) * some
    if len(bi_idx):
        pf = vocab.biflags[bi_idx]
        phrases = pf.nonzero()[0]
        if len(phrases):
            np.bitwise_or.at(lex, bi_sent[phrases], pf[phrases])
    past = np.minimum(tot & 0xFFFFF, 3)
    fp = np.minimum((tot >> 20) & 0xFFFFF, 3)
    ents = np.minimum(tot >> 40, 3)
    pattern = lex | _LENGTH_BITS[np.minimum(n_tokens, 25)] | (ents << 15) | (past << 17) | (fp << 19)
    return Parts(n, u_sent, u_ids, bi_sent, bi_idx, n_word, n_tokens, list(oov), pattern)


def _unpack(pattern: np.ndarray) -> np.ndarray:
    hand = np.empty((len(pattern), N_HAND), dtype=np.float64)
    hand[:, :_LEX_BITS] = (pattern[:, None] >> np.arange(_LEX_BITS)) & 1
    hand[:, _LEX_BITS] = ((pattern >> 15) & 3) / 3.0  # entities
    hand[:, _LEX_BITS + 1] = (pattern >> 13) & 1  # short
    hand[:, _LEX_BITS + 2] = (pattern >> 14) & 1  # long
    hand[:, _LEX_BITS + 3] = ((pattern >> 17) & 3) / 3.0  # past_tense
    hand[:, _LEX_BITS + 4] = ((pattern >> 19) & 3) / 3.0  # first_person
    return hand


# The rows of every possible pattern, unpacked once: its 13 lexicon bits (0/1, exact in uint8) and its other 8
# bits index two tables, 3x faster per batch than unpacking a dozen bit fields with numpy calls.
_HAND_LEX = _unpack(np.arange(1 << _LEX_BITS))[:, :_LEX_BITS].astype(np.uint8)
_HAND_REST = _unpack(np.arange(1 << 8) << _LEX_BITS)[:, _LEX_BITS:].copy()


def hand_block(pattern: np.ndarray) -> np.ndarray:
    """The dense block (n, N_HAND) from packed patterns: 13 lexicon bits, short, long, then 2-bit counts
    (0-3) of entities, past-tense and first-person tokens, squashed into [0, 1]."""
    pattern = np.asarray(pattern, dtype=np.int64)
    lex, rest = _HAND_LEX.take(pattern & _LEX_MASK, axis=0), _HAND_REST.take(pattern >> _LEX_BITS, axis=0)
    return np.concatenate((lex, rest), axis=1, dtype=np.float64)


def hand_features(text: str) -> list[float]:
    """The dense block of one text (the reasons are read from it)."""
    return featurize([text], get_model().vocab).hand[0].tolist()


class Model:
    """Shipped weights: vocabulary and its word/bigram weights, char-gram weights, hand weights, bias,
    and the threshold tuned at training time."""

    def __init__(
        self,
        vocab: Vocab,
        w_word: np.ndarray,
        w_bigram: np.ndarray,
        w_char: np.ndarray,
        w_hand: np.ndarray,
        bias: float,
        threshold: float,
    ):
        self.vocab = vocab
        # Word arrays carry one extra 0 at index n_words: the entry of every unseen word.
        self.w_word = np.append(np.asarray(w_word, dtype=np.float32), np.float32(0))
        self.w_bigram = np.asarray(w_bigram, dtype=np.float32)
        self.w_char = np.asarray(w_char, dtype=np.float32)
        self.w_hand = np.asarray(w_hand, dtype=np.float64)
        # hand @ w_hand as two table look-ups on the packed pattern: its 13 lexicon bits, then the other 8.
        self._hand_lex = hand_block(np.arange(1 << _LEX_BITS)) @ self.w_hand
        self._hand_rest = hand_block(np.arange(1 << 8) << _LEX_BITS) @ self.w_hand
        self.bias = float(bias)
        self.threshold = float(threshold)
        # Each vocabulary word's char-gram weight sum and distinct gram count (one extra 0 for unseen words),
        # so scoring hashes unseen words only.
        self.char_sum, self.char_count = (np.append(a, 0.0) for a in self._char_block(vocab.words))
        self._reasons: dict[int, tuple[str, ...]] = {}
        self.oov_cache: dict[str, tuple[float, float]] = {}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        with np.load(path, allow_pickle=False) as z:
            names = [str(n) for n in z["hand_names"]]
            if names != HAND_NAMES:
                raise ValueError(f"{path}: hand features {names} differ from the code's; retrain the model")
            if "char_bits" not in z or int(z["char_bits"]) != CHAR_BITS:
                raise ValueError(f"{path}: char hash size differs from the code's; retrain the model")
            words = bytes(z["words"]).decode("utf-8").split("\n")
            vocab = Vocab(words, np.stack([z["bigram_a"], z["bigram_b"]], axis=1))
            return cls(
                vocab, z["w_word"], z["w_bigram"], z["w_char"], z["w_hand"], float(z["bias"]), float(z["threshold"])
            )

    def save(self, path: Path, **meta: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        small = np.uint16 if self.vocab.n_words < (1 << 16) else np.int32
        np.savez_compressed(
            path,
            words=np.frombuffer("\n".join(self.vocab.words).encode("utf-8"), dtype=np.uint8),
            bigram_a=self.vocab.bigrams[:, 0].astype(small),
            bigram_b=self.vocab.bigrams[:, 1].astype(small),
            # float16 halves the file; the weights' precision past 3 digits changes no decision.
            w_word=self.w_word[:-1].astype(np.float16),
            w_bigram=self.w_bigram.astype(np.float16),
            w_char=self.w_char.astype(np.float16),
            w_hand=self.w_hand,
            bias=np.float64(self.bias),
            threshold=np.float64(self.threshold),
            char_bits=np.int64(CHAR_BITS),
            hand_names=np.array(HAND_NAMES),
            **{k: np.array(v) for k, v in meta.items()},
        )

    def _char_block(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per word: the weight sum and the number of its distinct char-gram buckets."""
        ptr, bucket = gram_table(words)
        lens = np.diff(ptr)
        return np.add.reduceat(np.append(self.w_char[bucket], 0.0), ptr[:-1]) * (lens > 0), lens.astype(float)

    def _oov_char_block(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """_char_block of unseen words through a bounded per-process cache: names recur across articles."""
        cache = self.oov_cache
        new = [w for w in words if w not in cache]
        if new:
            if len(cache) > 200_000:  # bounded: long-running processes see unbounded vocabularies
                cache.clear()
            cache.update(zip(new, zip(*(a.tolist() for a in self._char_block(new)), strict=True), strict=True))
        s, c = zip(*map(cache.__getitem__, words), strict=True)
        return np.array(s), np.array(c)

    def margins_of(self, p: Parts) -> np.ndarray:
        """Linear scores (logits) of featurized texts."""
        ids, sent, n, nw = p.ids, p.sent, p.n, self.vocab.n_words
        seen = np.minimum(ids, nw)  # unseen words read index n_words, which holds 0 everywhere
        chars = np.bincount(sent, weights=self.char_sum[seen], minlength=n)
        n_char = np.bincount(sent, weights=self.char_count[seen], minlength=n)
        if p.oov_words:  # unseen words: no word weight, char grams hashed now (or cached)
            s, c = self._oov_char_block(p.oov_words)
            o = (ids >= nw).nonzero()[0]
            chars += np.bincount(sent[o], weights=s[ids[o] - nw], minlength=n)
            n_char += np.bincount(sent[o], weights=c[ids[o] - nw], minlength=n)
        words = np.bincount(sent, weights=self.w_word[seen], minlength=n)
        if len(p.bi_idx):
            words += np.bincount(p.bi_sent, weights=self.w_bigram[p.bi_idx], minlength=n)
        return (
            words / np.sqrt(np.maximum(p.n_word, 1))
            + chars / np.sqrt(np.maximum(n_char, 1))
            + p.hand @ self.w_hand
            + self.bias
        )

    def margins(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Linear scores (logits) and the hand block, for scoring and for the reasons."""
        p = featurize(texts, self.vocab)
        return self.margins_of(p), p.hand

    def reasons(self, p: Parts) -> list[list[str]]:
        """Reasons per text: the hand features that fired, strongest first, cached per hand pattern."""
        cache = self._reasons
        out = []
        for key in p.pattern.tolist():
            r = cache.get(key)
            if r is None:
                if len(cache) > 100_000:
                    cache.clear()
                r = cache[key] = self._explain(hand_block(np.array([key]))[0])
            out.append(list(r))
        return out

    def _explain(self, h: np.ndarray) -> tuple[str, ...]:
        contrib = h * self.w_hand
        reasons = []
        for j in np.argsort(-np.abs(contrib), kind="stable").tolist():
            if h[j] == 0 or abs(contrib[j]) < 0.05:  # features that barely move the score explain nothing
                continue
            text = _REASON[HAND_NAMES[j]]
            reasons.append(text if contrib[j] > 0 else f"against: {text}")
        return tuple(reasons)


_model: Model | None = None


def get_model() -> Model:
    """The shipped model, loaded once per process (the file is read offline from the package)."""
    global _model
    if _model is None:
        _model = Model.load()
    return _model


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x.clip(-30.0, 30.0)))


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
    p = featurize(list(texts), model.vocab)
    probs = _sigmoid(model.margins_of(p))
    return list(zip(probs.tolist(), model.reasons(p), strict=True))


def label(value: float) -> str:
    """ "Yes" when the score reaches the threshold tuned at training time (stored in the model file)."""
    return "Yes" if value >= get_model().threshold else "No"
