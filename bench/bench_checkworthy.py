"""Sentences/second of annotate.extract.checkworthy.score on one core, beside a baseline in the same run.

    python bench/bench_checkworthy.py [--runs 7] [--n 5000] [--data ../shared/benchmarks/ct24]

Sentences come from the CT24 dev and dev-test files when present (else a built-in mix, repeated). The
baseline is a scikit-learn TF-IDF (1-2-grams) + logistic regression pipeline's predict_proba on the same
sentences, fitted on them first (fit time not counted), when scikit-learn is installed. Each run of the
shipped scorer starts from a cold per-word cache, so its figure is not flattered by earlier runs.
Threads are pinned to one so "one core" means one core for numpy's BLAS as well.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.extract import checkworthy  # noqa: E402

FALLBACK = [
    "Thank you very much.",
    "Unemployment rose to 10 percent in 2009, the highest level in 26 years.",
    "I think he is a wonderful man, and I'm proud to stand with him tonight.",
    "Lavrov also recalled Russia offered its partners in NATO as far back in 2009 to formalize the principle.",
    "We will bring back the jobs that were shipped overseas by bad trade deals like NAFTA.",
]


def sentences(data: Path, n: int) -> list[str]:
    texts: list[str] = []
    for split in ("dev", "dev-test"):
        path = data / f"CT24_checkworthy_english_{split}.tsv"
        if path.is_file():
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
            texts += [r[1] for r in rows if len(r) >= 2]
    texts = texts or FALLBACK
    return (texts * (n // len(texts) + 1))[:n]


def median_rate(fn, texts: list[str], runs: int, before=None) -> float:
    rates = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn(texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--n", type=int, default=5000, help="sentences per run")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "ct24")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target is stated
    texts = sentences(args.data, args.n)
    checkworthy.get_model()  # loading the file once per process is not part of scoring

    ours = median_rate(checkworthy.score, texts, args.runs, before=checkworthy._char_cache.clear)
    print(f"checkworthy.score: {ours:,.0f} sentences/s (median of {args.runs} runs of {len(texts):,})")
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
    except ImportError:
        print("baseline skipped: scikit-learn is not installed")
        return 0
    labels = [i % 2 for i in range(len(texts))]  # the labels do not matter for speed
    baseline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression(max_iter=200))
    baseline.fit(texts, labels)
    theirs = median_rate(baseline.predict_proba, texts, args.runs)
    print(f"baseline TF-IDF(1-2)+LR predict_proba: {theirs:,.0f} sentences/s (median of {args.runs} runs)")
    print(f"ratio checkworthy/baseline: {ours / theirs:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
