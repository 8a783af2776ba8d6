"""Checking one seq range of the hash chain, here or in a worker process: `python -m annotate.audit.ranges`.

verify.py splits a large log by seq: this process checks the first range, workers check the others over
connections of their own, and verify.py compares the joins (the prev_hash of each range's first event
against the hash the range before ended with). A worker reads one JSON job from the environment
(JOB_VARIABLE) and writes one RangeResult as JSON on stdout.

A worker is a fresh interpreter started by subprocess, not a multiprocessing child, because it should
import nothing but this module: spawn and forkserver children re-import the parent's __main__ (the
Streamlit or pytest command line, slower to import than checking 100,000 events), and fork from a
threaded server (Streamlit sessions are threads) can copy a lock another thread holds.

Nothing here imports SQLAlchemy: it is the worker's start-up cost.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from urllib.parse import quote

from annotate.audit.chain import HASHED_FIELDS

# Columns in sorted-key order, so one dict per row encoded without sort_keys is the canonical JSON.
SORTED = sorted(HASHED_FIELDS)
SEQ = SORTED.index("seq")
COLUMNS = ", ".join(SORTED) + ", prev_hash, hash"
BATCH = 20_000
JOB_VARIABLE = "ANNOTATE_VERIFY_RANGE"

# The C encoder built once (JSONEncoder.encode builds one per call): the same bytes as
# chain.canonical_json for the str/int/None values an event holds.
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
if _c_make_encoder is not None:
    _make = _c_make_encoder(None, None, json.encoder.encode_basestring, None, ":", ",", False, False, True)

    def _encode(value: dict) -> str:
        return "".join(_make(value, 0))
else:  # pragma: no cover - CPython without the _json accelerator
    _encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


_quote = json.encoder.encode_basestring  # the C function on CPython; raises TypeError for a non-str


def _canonical_fast(row: tuple) -> str:
    """The canonical JSON of an event row whose values have the types the app writes (str, int, None),
    spelt out field by field: 1.7x the dict encoder. Any other type raises (TypeError from _quote,
    ValueError from the "d" format, also for a str in an int column), and the caller falls back to the
    dict encoder, so the text is always exactly what chain.canonical_json gives."""
    action, actor, after, at, batch_id, before, claim_id, entity_id, entity_type, reason, seq = row[:11]
    return (
        f'{{"action":{_quote(action)},"actor":{_quote(actor)},'
        f'"after":{"null" if after is None else _quote(after)},"at":{_quote(at)},'
        f'"batch_id":{"null" if batch_id is None else _quote(batch_id)},'
        f'"before":{"null" if before is None else _quote(before)},'
        f'"claim_id":{"null" if claim_id is None else format(claim_id, "d")},'
        f'"entity_id":{_quote(entity_id)},"entity_type":{_quote(entity_type)},'
        f'"reason":{"null" if reason is None else _quote(reason)},"seq":{format(seq, "d")}}}'
    )


def _canonical_slow(row: tuple) -> str:
    try:
        return _encode(dict(zip(SORTED, row, strict=False)))
    except (TypeError, ValueError):
        # A value no writer produces (a blob, say): the event was altered, and no text can match its hash.
        return "\x00unencodable"


# The fast path spells out today's fields; should they change, every row takes the exact dict encoder.
if tuple(SORTED) != (
    "action", "actor", "after", "at", "batch_id", "before", "claim_id", "entity_id", "entity_type", "reason", "seq",
):  # fmt: skip
    _canonical_fast = _canonical_slow  # noqa: F811


@dataclass
class RangeResult:
    low: int
    count: int = 0  # events from `low` on that hold
    first_prev: str | None = None  # prev_hash of event `low`, when the caller left its link unchecked
    last_hash: str | None = None  # hash of the last event that holds
    bad_seq: int | None = None
    problem: str | None = None


def check_rows(
    rows: Iterable[tuple],
    low: int,
    high: int | None,
    prev: str | None,
    next_seq: Callable[[int], int | None],
) -> RangeResult:
    """Walk rows low..high (high None: to the end). `prev` is the hash event low must link to, or None
    when that join is checked by the caller; `next_seq(s)` is the first seq stored after s."""
    result = RangeResult(low)
    expected, count = low, 0
    sha, fast, slow = hashlib.sha256, _canonical_fast, _canonical_slow

    def stop(seq: int, problem: str) -> RangeResult:
        result.count, result.bad_seq, result.problem = count, seq, problem
        result.last_hash = prev if count else None
        return result

    for row in rows:
        seq = row[SEQ]
        if seq != expected:
            return stop(expected, f"event {expected} is missing (next found is {seq})")
        if prev is None:
            prev = result.first_prev = row[-2]
        elif row[-2] != prev:
            return stop(seq, "its link to the previous event does not match (removed or reordered)")
        try:
            body = fast(row)
        except (TypeError, ValueError):
            body = slow(row)
        if sha((prev + body).encode()).hexdigest() != row[-1]:
            return stop(seq, "its content does not match its hash")
        prev, expected, count = row[-1], seq + 1, count + 1
    if high is not None and expected <= high:
        return stop(expected, f"event {expected} is missing (next found is {next_seq(expected)})")
    result.count, result.last_hash = count, prev if count else None
    return result


def check_range(raw, postgres: bool, low: int, high: int | None, prev: str | None) -> RangeResult:
    """check_rows over a DB-API connection (sqlite3 or psycopg); the caller rolls back and closes it."""
    # A server-side cursor on PostgreSQL streams the log instead of loading it whole.
    cursor = raw.cursor(name="audit_verify") if postgres else raw.cursor()
    if postgres:
        cursor.itersize = BATCH
    where = f" WHERE seq BETWEEN {int(low)} AND {int(high)}" if high is not None else ""
    cursor.execute(f"SELECT {COLUMNS} FROM audit_events{where} ORDER BY seq")

    def next_seq(after: int) -> int | None:
        lookup = raw.cursor()
        lookup.execute(f"SELECT min(seq) FROM audit_events WHERE seq > {int(after)}")
        return lookup.fetchone()[0]

    return check_rows(cursor, low, high, prev, next_seq)


def connect(dialect: str, target: str):
    """A DB-API connection of the worker's own: a file path for SQLite, a libpq URI for PostgreSQL."""
    if dialect == "sqlite":
        # mode=rw: a file that went away must fail here, not come back as an empty database.
        return sqlite3.connect(f"file:{quote(target)}?mode=rw", uri=True, isolation_level=None)
    try:
        import psycopg as driver
    except ImportError:  # pragma: no cover - a desk on psycopg2
        import psycopg2 as driver
    return driver.connect(target)


def main() -> int:
    job = json.loads(os.environ[JOB_VARIABLE])
    raw = connect(job["dialect"], job["target"])
    try:
        result = check_range(raw, job["dialect"] == "postgresql", job["low"], job["high"], None)
    finally:
        raw.rollback()
        raw.close()
    sys.stdout.write(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
