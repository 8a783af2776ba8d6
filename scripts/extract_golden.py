"""Golden snapshot of `extract()`: guard performance work against any change in output.

    .venv/bin/python scripts/extract_golden.py            # write /tmp/golden_before.json
    .venv/bin/python scripts/extract_golden.py --compare  # write /tmp/golden_after.json, diff against before

Inputs: tests/data/corpus/*.txt, tests/data/extra/*, the first 200 PolNeAR dev+train texts (read in
place, never copied) and the bench articles. Each result is the full `model_dump()` plus `offset_map`
(or the error, for inputs extract() refuses).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.extract import extract  # noqa: E402

POLNEAR = Path("/work/shared/benchmarks/polnear")
BEFORE = Path("/tmp/golden_before.json")
AFTER = Path("/tmp/golden_after.json")


def inputs(n_bench: int) -> list[tuple[str, bytes | str, str | None]]:
    out: list[tuple[str, bytes | str, str | None]] = []
    for p in sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt")):
        out.append((f"corpus/{p.name}", p.read_bytes(), p.name))
    for p in sorted((ROOT / "tests" / "data" / "extra").glob("*")):
        if p.is_file():
            out.append((f"extra/{p.name}", p.read_bytes(), p.name))
    pol = [*sorted((POLNEAR / "dev" / "text").glob("*.txt")), *sorted((POLNEAR / "train" / "text").glob("*.txt"))]
    for p in pol[:200]:
        out.append((f"polnear/{p.parent.parent.name}/{p.name}", p.read_bytes(), None))
    if n_bench:
        from bench.bench_extract import make_articles

        for i, a in enumerate(make_articles(n_bench)):
            out.append((f"bench/{i}", a, None))
    return out


def snapshot(n_bench: int) -> dict[str, object]:
    snap: dict[str, object] = {}
    for key, data, name in inputs(n_bench):
        try:
            r = extract(data, filename=name)
        except Exception as exc:  # noqa: BLE001 - a refusal is an output too
            snap[key] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        d = r.model_dump(mode="json")
        d["offset_map"] = [list(x) for x in r.offset_map]
        snap[key] = d
    return snap


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compare", action="store_true", help="compare against the saved snapshot")
    ap.add_argument("--bench", type=int, default=600, help="bench articles to include (0: none)")
    args = ap.parse_args()
    snap = snapshot(args.bench)
    blob = json.dumps(snap, ensure_ascii=False, indent=1, sort_keys=True)
    if not args.compare:
        BEFORE.write_text(blob, encoding="utf-8")
        print(f"{len(snap)} results written to {BEFORE}")
        return
    AFTER.write_text(blob, encoding="utf-8")
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    if BEFORE.read_text(encoding="utf-8") == blob:
        print(f"IDENTICAL: {len(snap)} results byte-identical to {BEFORE}")
        return
    diff = [k for k in sorted(set(before) | set(snap)) if before.get(k) != snap.get(k)]
    print(f"DIFFERENT: {len(diff)} of {len(snap)} results differ, e.g. {diff[:10]}")
    for k in diff[:3]:
        b, a = before.get(k) or {}, snap.get(k) or {}
        for part in sorted(set(b) | set(a)):
            if b.get(part) != a.get(part):
                print(f"  {k}: {part} differs")
    sys.exit(1)


if __name__ == "__main__":
    main()
