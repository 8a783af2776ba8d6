"""Sentences/second of annotate.extract.checkworthy on one core, beside a baseline in the same run.

    python bench/bench_checkworthy.py [--runs 7] [--n 5000] [--articles 300] [--data ../shared/benchmarks/ct24]
                                      [--minilm-n 500] [--minilm-batch 500]

Sentences come from the CT24 dev and dev-test files when present (else a built-in mix, repeated). Figures
are medians of CPU time (time.process_time) over --runs runs, steadier than wall time on a shared machine:

- score_claims in batches of 25 sentences, as extract() calls it (one article's claims per call), and the
  whole set in one call;
- the baseline, a scikit-learn TF-IDF (1-2-grams) + logistic regression pipeline's predict_proba on the same
  sentences, fitted on them first (fit time not counted), when scikit-learn is installed; and the ratio;
- extract() articles/s on bench/bench_extract.py's ~3 KB articles, with check-worthiness and without it;
- the optional MiniLM model (annotate.extract.checkworthy_minilm), score_claims in batches of 25 and in
  calls of --minilm-batch, on the first --minilm-n sentences, when its extra is installed (else skipped).

Each run of the shipped scorer starts from empty caches (reasons per hand pattern, char grams of unseen
words, tokens missing from the vocabulary lookup), so its figure is not flattered by earlier runs. Threads
are pinned to one so "one core" means one core for numpy's BLAS as well.
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


def median_rate(fn, texts: list[str], runs: int, before=None, batch: int = 0) -> float:
    """Median sentences per CPU second of fn over texts, in one call or in calls of `batch` texts."""
    chunks = [texts[i : i + batch] for i in range(0, len(texts), batch)] if batch else [texts]
    rates = []
    for _ in range(runs):
        if before:
            before()
        start = time.process_time()
        for chunk in chunks:
            fn(chunk)
        rates.append(len(texts) / (time.process_time() - start))
    return statistics.median(rates)


def extract_rates(n: int, runs: int) -> tuple[float, float]:
    """Median extract() articles per CPU second with check-worthiness, then with it switched off."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_extract import make_articles

    from annotate.extract import extract, pipeline

    articles = make_articles(n)
    pipeline._collaborators()
    out = []
    for off in (False, True):
        saved = pipeline._score
        if off:
            pipeline._score = pipeline._MISSING
        try:
            for a in articles[:20]:  # warm up
                extract(a)
            rates = []
            for _ in range(runs):
                start = time.process_time()
                for a in articles:
                    extract(a)
                rates.append(len(articles) / (time.process_time() - start))
            out.append(statistics.median(rates))
        finally:
            pipeline._score = saved
    return out[0], out[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--n", type=int, default=5000, help="sentences per run")
    ap.add_argument("--articles", type=int, default=300, help="articles per extract() run (0: skip)")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "ct24")
    ap.add_argument("--minilm-n", type=int, default=500, help="sentences per run for the MiniLM model (0: skip)")
    ap.add_argument("--minilm-batch", type=int, default=500, help="sentences per call, MiniLM's second figure")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target is stated
    texts = sentences(args.data, args.n)
    model = checkworthy.get_model()  # loading the file once per process is not part of scoring

    def cold() -> None:
        model._reasons.clear()
        model.oov_cache.clear()
        model.vocab.miss_cache.clear()

    per_article = median_rate(checkworthy.score_claims, texts, args.runs, before=cold, batch=25)
    ours = median_rate(checkworthy.score_claims, texts, args.runs, before=cold)
    print(f"checkworthy.score_claims, 25 per call: {per_article:,.0f} sentences/s (median of {args.runs} runs)")
    print(f"checkworthy.score_claims, one call:    {ours:,.0f} sentences/s ({len(texts):,} sentences)")
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
    except ImportError:
        print("baseline skipped: scikit-learn is not installed")
    else:
        labels = [i % 2 for i in range(len(texts))]  # the labels do not matter for speed
        baseline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression(max_iter=200))
        baseline.fit(texts, labels)
        theirs = median_rate(baseline.predict_proba, texts, args.runs)
        print(f"baseline TF-IDF(1-2)+LR predict_proba:  {theirs:,.0f} sentences/s (one call)")
        print(f"ratio checkworthy/baseline: {ours / theirs:.2f}x one call, {per_article / theirs:.2f}x 25 per call")
    if args.articles:
        with_cw, without = extract_rates(args.articles, args.runs)
        print(f"extract(): {with_cw:,.0f} articles/s with check-worthiness, {without:,.0f} without")
    if args.minilm_n:
        minilm_rates(texts[: args.minilm_n], args.runs, args.minilm_batch, per_article)
    return 0


def minilm_rates(texts: list[str], runs: int, batch: int, default_rate: float) -> None:
    """The optional MiniLM model's sentences/s, beside the default model's (25 per call for both)."""
    from annotate.extract import checkworthy_minilm

    if not checkworthy_minilm.available():
        print(f"minilm skipped: not installed ({checkworthy_minilm.INSTALL_HINT})")
        return
    checkworthy_minilm.score_claims(texts[:50])  # loading the encoder once per process is not scoring
    runs = max(1, min(runs, 3))  # a run takes seconds, not milliseconds
    per_article = median_rate(checkworthy_minilm.score_claims, texts, runs, batch=25)
    large = median_rate(checkworthy_minilm.score_claims, texts, runs, batch=batch)
    print(f"checkworthy_minilm.score_claims, 25 per call: {per_article:,.0f} sentences/s (median of {runs} runs)")
    print(f"checkworthy_minilm.score_claims, {batch} per call: {large:,.0f} sentences/s ({len(texts):,} sentences)")
    print(f"ratio default/minilm, 25 per call: {default_rate / per_article:,.0f}x")


if __name__ == "__main__":
    raise SystemExit(main())
