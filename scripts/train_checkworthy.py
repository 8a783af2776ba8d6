"""Train the check-worthiness model shipped as annotate/extract/data/checkworthy.npz.

    python scripts/train_checkworthy.py [CT24_DIR] [--out PATH] [--C 2.0] [--min-bigram 2]

CT24_DIR defaults to ../shared/benchmarks/ct24 relative to the repository root (the CheckThat! 2024
Task 1 English files; they are never committed). scikit-learn is needed here only: the weights are
exported and annotate.extract.checkworthy scores with numpy alone.

The model is fitted on train only, so dev and dev-test stay honest held-out sets. The decision threshold is
tuned on out-of-fold predictions of a 5-fold cross-validation grouped by debate (runs of Sentence_id), not
on dev or dev-test. Everything is deterministic (lbfgs, fixed folds).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.extract import checkworthy as cw  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "ct24"
SPLITS = ("train", "dev", "dev-test")
# Sentence ids are numbered through the debates in order, so blocks of 1,000 ids keep a debate (mostly)
# in one fold: the cross-validated F1 then measures transfer to unseen debates.
GROUP_SIZE = 1000


def load_split(data_dir: Path, split: str) -> tuple[list[int], list[str], np.ndarray]:
    """(ids, texts, labels) of one CT24 file; tolerates the release's one line where two rows are fused."""
    path = data_dir / f"CT24_checkworthy_english_{split}.tsv"
    ids: list[int] = []
    texts: list[str] = []
    labels: list[bool] = []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) == 5:  # "id text No12345 text label": a missing newline in train
                first = "Yes" if row[2].startswith("Yes") else "No"
                row_pairs = [(row[0], row[1], first), (row[2][len(first) :], row[3], row[4])]
            elif len(row) == 3:
                row_pairs = [(row[0], row[1], row[2])]
            else:
                continue
            for sid, text, lab in row_pairs:
                ids.append(int(sid))
                texts.append(text)
                labels.append(lab.strip() == "Yes")
    return ids, texts, np.array(labels)


def matrix(texts: list[str], vocab: cw.Vocab):
    """The design matrix [word ids | known bigrams | char-gram buckets | hand block], built from exactly the
    `featurize` output that scoring uses; Model.margins_of computes this matrix's dot product directly."""
    import scipy.sparse as sp

    p = cw.featurize(texts, vocab)
    n, nw, nb = p.n, vocab.n_words, vocab.n_bigrams
    scale = 1.0 / np.sqrt(np.maximum(p.n_word, 1))
    known = p.ids < nw  # unseen words (dev, dev-test) carry no word weight, only their char grams
    rows = np.concatenate([p.sent[known], p.bi_sent])
    cols = np.concatenate([p.ids[known], nw + p.bi_idx])
    word = sp.csr_matrix((scale[rows], (rows, cols)), shape=(n, nw + nb))
    # Char block: each distinct word of a text adds its distinct char-gram buckets (a bucket shared by two
    # words counts twice); rows scaled by 1/sqrt(their total), as Model.margins_of computes it.
    all_words = vocab.words + p.oov_words
    ptr, bucket = cw.gram_table(all_words)
    grams = sp.csr_matrix((np.ones(len(bucket)), bucket, ptr), shape=(len(all_words), cw.N_CHAR))
    tokens = sp.csr_matrix((np.ones(len(p.ids)), (p.sent, p.ids)), shape=(n, len(all_words)))
    chars = (tokens @ grams).tocsr()
    chars = sp.diags(1.0 / np.sqrt(np.maximum(np.asarray(chars.sum(axis=1)).ravel(), 1))) @ chars
    return sp.hstack([word, chars, sp.csr_matrix(p.hand)]).tocsr()


def split_coef(coef: np.ndarray, vocab: cw.Vocab) -> tuple[np.ndarray, ...]:
    nw, nb = vocab.n_words, vocab.n_bigrams
    return coef[:nw], coef[nw : nw + nb], coef[nw + nb : nw + nb + cw.N_CHAR], coef[nw + nb + cw.N_CHAR :]


def f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(y & pred))
    return 0.0 if tp == 0 else 2 * tp / (float(np.sum(y)) + float(np.sum(pred)))


def fit(X, y, C: float):
    from sklearn.linear_model import LogisticRegression

    # Balanced weights: a quarter of the sentences are "Yes"; F1(Yes) rewards not drowning them.
    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(X, y)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="folder of the CT24 TSV files")
    ap.add_argument("--out", type=Path, default=cw.MODEL_PATH)
    ap.add_argument("--C", type=float, default=2.0, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--min-bigram", type=int, default=2, help="keep train bigrams seen at least this often")
    args = ap.parse_args(argv)
    from sklearn.model_selection import GroupKFold

    t0 = time.time()
    data = {s: load_split(args.data, s) for s in SPLITS}
    # The vocabulary comes from train alone; dev and dev-test words outside it are unseen, as in use.
    vocab = cw.Vocab.build(data["train"][1], min_bigram=args.min_bigram)
    X = {s: matrix(data[s][1], vocab) for s in SPLITS}
    y = {s: data[s][2] for s in SPLITS}
    print(f"loaded {', '.join(f'{s} {len(y[s])}' for s in SPLITS)} in {time.time() - t0:.1f}s")

    groups = np.array(data["train"][0]) // GROUP_SIZE
    oof = np.zeros(len(y["train"]))
    for a, b in GroupKFold(args.folds).split(X["train"], y["train"], groups):
        oof[b] = fit(X["train"][a], y["train"][a], args.C).predict_proba(X["train"][b])[:, 1]
    grid = np.round(np.arange(0.30, 0.701, 0.01), 2)
    cv_f1 = [f1(y["train"], oof >= t) for t in grid]
    threshold = float(grid[int(np.argmax(cv_f1))])
    print(f"grouped {args.folds}-fold CV F1(Yes): {max(cv_f1):.4f} at threshold {threshold:.2f}")

    model = fit(X["train"], y["train"], args.C)
    coef = model.coef_[0]
    w_word, w_bigram, w_char, w_hand = split_coef(coef, vocab)
    # Round-trip the weights through float16, i.e. score exactly as the package will.
    w_word, w_bigram, w_char = (w.astype(np.float16) for w in (w_word, w_bigram, w_char))
    shipped = cw.Model(vocab, w_word, w_bigram, w_char, w_hand, float(model.intercept_[0]), threshold)
    figures = {"cv_f1": max(cv_f1)}
    for s in ("dev", "dev-test"):
        logits, _ = shipped.margins(data[s][1])
        figures[f"{s}_f1"] = f1(y[s], logits >= np.log(threshold / (1 - threshold)))
        print(f"{s} F1(Yes): {figures[f'{s}_f1']:.4f}")
    shipped.save(args.out, C=args.C, min_bigram=args.min_bigram, **{k.replace("-", "_"): v for k, v in figures.items()})
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s")
    print(
        "hand-feature weights:",
        ", ".join(f"{n} {w:+.2f}" for n, w in zip(cw.HAND_NAMES, w_hand, strict=True)),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
