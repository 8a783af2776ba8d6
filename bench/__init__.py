"""Benchmarks and the synthetic-data generator they share. Run each as `python bench/<name>.py --help`."""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


CPU: dict[int, list[float]] = {}  # id(wall list) -> this process's CPU ms per call, for the same calls


def timings(fn: Callable[[], object], rounds: int, warmup: int = 2) -> list[float]:
    """Wall-clock milliseconds per call; the CPU time of this process per call is kept in CPU.

    On a shared, loaded machine wall time includes waiting for a core; for SQLite (in-process) the CPU
    time is the cost of the query itself, so both are reported."""
    for _ in range(warmup):
        fn()
    out, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    CPU[id(out)] = cpu
    return out


def combine(parts: list[list[float]]) -> list[float]:
    """Several timings() results as one, CPU figures included."""
    out = [v for part in parts for v in part]
    CPU[id(out)] = [v for part in parts for v in CPU.get(id(part), [])]
    return out


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):8.2f} ms   p95 {percentile(values, 95):8.2f} ms   n={len(values)}"


def report(name: str, values: list[float], baseline: list[float] | None = None, target_ms: float | None = None):
    line = f"{name:<44} {summary(values)}"
    if id(values) in CPU:
        line += f"\n{'  (cpu of this process)':<44} {summary(CPU[id(values)])}"
    if baseline:
        ratio = statistics.median(baseline) / max(statistics.median(values), 1e-9)
        verdict = f"{ratio:,.1f}x faster" if ratio >= 1 else f"{1 / ratio:,.1f}x the baseline's time"
        line += f"\n{'  baseline':<44} {summary(baseline)}   (measured: {verdict})"
    if target_ms is not None:
        p95 = percentile(values, 95)
        line += f"\n{'  target p95':<44} {target_ms:8.2f} ms   {'MET' if p95 <= target_ms else 'MISSED'}"
    print(line, flush=True)


def prepared_url(url: str | None, claims: int) -> str:
    """The --db URL, filled with `claims` synthetic claims when it holds none; default a temporary SQLite file."""
    from bench.generate import claim_count, generate

    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='annotate-bench-')}/bench.db"
    have = claim_count(url)
    if have == 0:
        generate(url, claims)
    elif have != claims:
        print(f"note: {url} already holds {have:,} claims; measuring those", file=sys.stderr)
    return url
