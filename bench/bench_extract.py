"""Extraction throughput: articles/second through `extract` on one core, and the segmenter vs pysbd.

    .venv/bin/python bench/bench_extract.py [--n 600] [--rounds 5]

The articles (~3 KB each) are built from the gold corpus and the extra fixtures, varied so that no
two are the same text: paragraphs shuffled, names and figures swapped, page furniture added or
removed, some collapsed into one block. HTML is left out: trafilatura is allowed to be slower.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.extract import extract, pipeline  # noqa: E402
from annotate.extract.clean import clean  # noqa: E402
from annotate.extract.decode import decode  # noqa: E402
from annotate.extract.entities import find_entities  # noqa: E402
from annotate.extract.metadata import extract_metadata  # noqa: E402
from annotate.extract.segment import split_sentences  # noqa: E402

SOURCES = [
    *sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt")),
    ROOT / "tests" / "data" / "extra" / "wire_single_block.txt",
]
NAMES = ["Lavrov", "Blinken", "Wang Yi", "Baerbock", "Borrell", "Stoltenberg", "Guterres", "Cameron"]
PLACES = ["BERLIN", "MOSCOW", "GENEVA", "VIENNA", "BRUSSELS", "ANKARA", "WASHINGTON", "PARIS"]
FURNITURE = [
    "Share\nSubscribe\nMost read\n1\nOfficials meet in Vienna as talks stall\n2\nMarkets slip on rate fears",
    "34.1 C\nSunday, July 14, 2024\nMenu\nHome\nWorld",
    "© Sputnik / Photo Agency / Go to the mediabank\nTo participate in the discussion\nlog in or register",
    "{{item.group_date}}\nShow more\nIn other media\nРеклама",
]


def make_articles(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    out = []
    for i in range(n):
        base = texts[i % len(texts)]
        paras = base.split("\n\n")
        head, body = paras[:2], paras[2:]
        rng.shuffle(body)
        text = "\n\n".join(head + body)
        text = text.replace("Lavrov", rng.choice(NAMES)).replace("BERLIN", rng.choice(PLACES))
        text = text.replace("2009", str(rng.randint(1990, 2023))).replace("NATO", rng.choice(["NATO", "the EU"]))
        if rng.random() < 0.5:
            text = rng.choice(FURNITURE) + "\n\n" + text + "\n\n" + rng.choice(FURNITURE)
        if rng.random() < 0.15:  # one-paragraph article
            text = " ".join(line for line in text.splitlines() if line.strip().endswith((".", '"', "”")))
        while len(text) < 2800:
            text += "\n\n" + rng.choice(body or paras)
        out.append(text[:3600] if len(text) > 3600 else text)
    return out


def _timed(fn, items) -> float:
    # CPU time of this process: "one core", and steadier than wall time on a shared machine.
    t0 = time.process_time()
    for it in items:
        fn(it)
    return time.process_time() - t0


def stages(articles: list[str]) -> None:
    """Where the time goes, per article (CPU microseconds), to point at hot spots."""
    raw = [decode(a.encode())[0] for a in articles]
    cleaned = [clean(r) for r in raw]
    texts = [c.text for c in cleaned]
    sents = [split_sentences(t) for t in texts]
    attribute, score = pipeline._collaborators()
    parts = {
        "decode": lambda: [decode(a.encode()) for a in articles],
        "clean": lambda: [clean(r) for r in raw],
        "metadata": lambda: [extract_metadata(r, t) for r, t in zip(raw, texts, strict=True)],
        "segment": lambda: [split_sentences(t) for t in texts],
        "attribution": lambda: [attribute(t, s) for t, s in zip(texts, sents, strict=True)] if attribute else None,
        "entities": lambda: [find_entities(t) for t in texts],
        # Sentences stand in for the claims here: about the same number and length.
        "checkworthy": lambda: (
            [score([t[a:b] for a, b in s]) for t, s in zip(texts, sents, strict=True)] if score else None
        ),
    }
    row = []
    for name, fn in parts.items():
        t0 = time.process_time()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - a collaborator's module mid-change: report, go on
            row.append(f"{name} failed ({type(exc).__name__})")
            continue
        row.append(f"{name} {(time.process_time() - t0) / len(articles) * 1e6:.0f}")
    print("per article, CPU µs: " + ", ".join(row))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument(
        "--without-collaborators",
        action="store_true",
        help="measure with attribution and check-worthiness switched off (their fallbacks)",
    )
    args = ap.parse_args()
    if args.without_collaborators:
        pipeline._attribute = pipeline._score = pipeline._MISSING
    articles = make_articles(args.n)
    size = statistics.mean(len(a.encode()) for a in articles)
    print(f"{len(articles)} articles, mean {size / 1024:.1f} KB")

    for a in articles[:20]:  # warm up: imports, regex compilation, collaborator modules
        extract(a)
    ext = [len(articles) / _timed(extract, articles) for _ in range(args.rounds)]
    print(f"extract():        median {statistics.median(ext):8.0f} articles/s  (rounds: {[round(x) for x in ext]})")

    stages(articles)
    ours = [len(articles) / _timed(split_sentences, articles) for _ in range(args.rounds)]
    print(f"split_sentences:  median {statistics.median(ours):8.0f} articles/s")
    try:
        import pysbd
    except ImportError:
        print("pysbd not installed: no comparison")
        return
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    sample = articles[: min(len(articles), 200)]  # pysbd is slow; a sample gives a stable rate
    theirs = [len(sample) / _timed(seg.segment, sample) for _ in range(max(1, args.rounds // 2))]
    print(f"pysbd.segment:    median {statistics.median(theirs):8.0f} articles/s")
    print(f"segmenter speed-up vs pysbd: {statistics.median(ours) / statistics.median(theirs):.1f}x")
    print(f"whole extract() vs pysbd segmentation alone: {statistics.median(ext) / statistics.median(theirs):.1f}x")


if __name__ == "__main__":
    main()
