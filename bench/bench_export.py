"""Export speed: claims/s and peak memory of the json and jsonl exports beside a raw sqlite3 + json.dumps
baseline over the same rows, in the same run.

    python bench/bench_export.py                 # 100,000 claims
    python bench/bench_export.py --claims 1000000 --runs 1

The data is bulk-inserted with SQLAlchemy core into a temporary SQLite desk (benchmark data only: the desk
itself only ever writes through the services). Each measurement runs in its own process so its peak RSS
(resource.getrusage) is its own. Targets: >= 20,000 claims/s; < 300 MB at 1M claims.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLAIMS_PER_DOC = 20
CHUNK = 20_000
TARGET_RATE = 20_000
WORDS = ("minister said the treaty was signed in budget figures show unemployment fell percent last year "
         "officials denied report according to agency data election security council").split()  # fmt: skip


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24))).capitalize() + "."


def generate(url: str, claims: int, seed: int = 8) -> None:
    """Documents of 20 sentences, one claim per sentence, about one annotation per claim."""
    from sqlalchemy import insert

    from annotate.services import SYSTEM, Desk, scale
    from db.models import Annotation, Claim, Document, Reviewer, Source, new_uid

    rng = random.Random(seed)
    desk = Desk.open(url)
    scale.ensure_default(desk, SYSTEM)
    now = datetime.now(UTC)
    with desk.engine.begin() as conn:
        conn.execute(insert(Reviewer), [{"username": f"bench{i}", "display_name": f"Bench {i}"} for i in range(5)])
        conn.execute(insert(Source), [{"uid": new_uid(), "title": f"Source {i}", "url": f"https://example.org/s/{i}",
                                       "kind": "news_report", "created_at": now, "updated_at": now}
                                      for i in range(1, 201)])  # fmt: skip
    reviewer_ids = list(range(1, 6))
    doc_id, claim_id = 0, 0
    labels = ["True", "False", "Half true", "Misleading"]
    while claim_id < claims:
        docs, rows, notes = [], [], []
        while claim_id < claims and len(rows) < CHUNK:
            doc_id += 1
            sentences = [_sentence(rng) for _ in range(CLAIMS_PER_DOC)]
            text = f"Headline {doc_id}\n\n" + " ".join(sentences)
            docs.append({"id": doc_id, "uid": new_uid(), "content_hash": f"{doc_id:064x}", "raw": text, "text": text,
                         "offset_map": [], "title": f"Headline {doc_id}", "outlet": rng.choice(["TASS", "RT", "AP"]),
                         "published": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "cites": [],
                         "ingested_at": now, "source_format": "text"})  # fmt: skip
            at = len(f"Headline {doc_id}\n\n")
            for sentence in sentences:
                if claim_id >= claims:
                    break
                claim_id += 1
                verdict = rng.choice(labels) if claim_id % 3 == 0 else None
                rows.append({"id": claim_id, "uid": new_uid(), "document_id": doc_id, "start": at,
                             "end": at + len(sentence), "text": sentence, "kind": "statement",
                             "checkworthiness": rng.random(), "reasons": ["number"], "entities": [],
                             "status": "needs_second_review" if verdict else "new", "verdict": verdict,
                             "verdict_by_id": rng.choice(reviewer_ids) if verdict else None, "origin": "extracted",
                             "created_at": now, "updated_at": now})  # fmt: skip
                kind = "verdict" if verdict else rng.choice(["context", "counter_source", "tag"])
                notes.append({"uid": new_uid(), "claim_id": claim_id, "type": kind, "verdict": verdict,
                              "source_id": rng.randint(1, 200) if kind == "counter_source" else None,
                              "relation": "refutes" if kind == "counter_source" else None,
                              "note": _sentence(rng) if kind != "tag" else None,
                              "tag": "economy" if kind == "tag" else None, "author_id": rng.choice(reviewer_ids),
                              "created_at": now, "updated_at": now, "withdrawn": False})  # fmt: skip
                at += len(sentence) + 1
        with desk.engine.begin() as conn:
            conn.execute(insert(Document), docs)
            conn.execute(insert(Claim), rows)
            conn.execute(insert(Annotation), notes)
    desk.dispose()


def measure_export(url: str, fmt: str) -> dict:
    from annotate.services import Desk, exchange

    desk = Desk.open(url, migrate=False)
    with open(os.devnull, "w", encoding="utf-8") as sink:
        started = time.perf_counter()
        count = exchange.export(desk, fmt, None, sink)
        seconds = time.perf_counter() - started
    return {"claims": count, "seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure_baseline(path: str) -> dict:
    """The floor: stream claims and their annotations with sqlite3 and json.dumps each claim."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    started = time.perf_counter()
    count = 0
    with open(os.devnull, "w", encoding="utf-8") as sink:
        notes = conn.cursor().execute("SELECT * FROM annotations ORDER BY claim_id, id")
        pending = notes.fetchone()
        for row in conn.cursor().execute("SELECT * FROM claims ORDER BY id"):
            claim = dict(row)
            claim["annotations"] = []
            while pending is not None and pending["claim_id"] == claim["id"]:
                claim["annotations"].append(dict(pending))
                pending = notes.fetchone()
            sink.write(json.dumps(claim, ensure_ascii=False, default=str))
            sink.write("\n")
            count += 1
    seconds = time.perf_counter() - started
    return {"claims": count, "seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="json,jsonl")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:  # child process, so the parent's peak RSS (inherited by children) stays small
        generate(f"sqlite:///{args.db}", args.claims)
        print("{}")
        return
    if args.measure:  # child process: one measurement, printed as JSON
        result = (
            measure_baseline(args.db)
            if args.measure == "baseline"
            else measure_export(f"sqlite:///{args.db}", args.measure)
        )
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        path = Path(tmp) / "bench.db"
        started = time.perf_counter()
        _child(["--generate", "--db", str(path), "--claims", str(args.claims)])
        took, size = time.perf_counter() - started, path.stat().st_size / 1e6
        print(f"generated {args.claims:,} claims in {took:.1f}s ({size:.0f} MB)")
        results: dict[str, list[dict]] = {}
        for _ in range(args.runs):
            for name in ["baseline", *args.formats.split(",")]:
                results.setdefault(name, []).append(_child(["--measure", name, "--db", str(path)]))
        base = statistics.median(r["claims"] / r["seconds"] for r in results["baseline"])
        print(f"{'format':<10} {'claims/s (median)':>18} {'vs baseline':>12} {'peak RSS MB':>12}")
        ok = True
        for name, runs in results.items():
            rate = statistics.median(r["claims"] / r["seconds"] for r in runs)
            rss = max(r["rss_mb"] for r in runs)
            print(f"{name:<10} {rate:>18,.0f} {rate / base:>11.2f}x {rss:>12.0f}")
            if name != "baseline":
                ok &= rate >= TARGET_RATE and runs[0]["claims"] == args.claims
        print(f"target >= {TARGET_RATE:,} claims/s: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
