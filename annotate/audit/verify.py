"""Walk the chain and report the first event that does not hold; checkpoints kept outside the database.

An edited event breaks its own hash; a removed one leaves a gap in seq; reordered ones break the link to
their predecessor. A cut-off tail leaves a valid but shorter chain: only a checkpoint (seq, hash) written
elsewhere earlier reveals it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text

from annotate.audit.chain import GENESIS, HASHED_FIELDS, format_time

_COLUMNS = ", ".join(HASHED_FIELDS) + ", prev_hash, hash"
BATCH = 20_000


@dataclass
class VerifyResult:
    ok: bool
    count: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None

    def summary(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.count} events, head #{self.head_seq} {self.head_hash[:16]}"
        return f"audit chain broken at seq {self.first_bad_seq}: {self.problem}"


# The hot path of verify (hundreds of thousands of events a second): columns are read in sorted-key
# order straight from the DB-API cursor and encoded by the C JSON encoder made once, which gives the same
# bytes as chain.canonical_json for the str/int/None values an event holds.
_SORTED = sorted(HASHED_FIELDS)
_SEQ = _SORTED.index("seq")
_COLUMNS = ", ".join(_SORTED) + ", prev_hash, hash"
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
if _c_make_encoder is not None:
    _make = _c_make_encoder(None, None, json.encoder.encode_basestring, None, ":", ",", False, False, True)

    def _encode(value: dict) -> str:
        return "".join(_make(value, 0))
else:  # pragma: no cover - CPython without the _json accelerator
    _encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _row_hash(prev_hash: str, row) -> str:
    body = _encode(dict(zip(_SORTED, row, strict=False)))
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def verify(engine: Engine, checkpoint: dict | None = None) -> VerifyResult:
    expected_seq, prev_hash, count = 1, GENESIS, 0
    raw = engine.raw_connection()
    try:
        postgres = engine.dialect.name == "postgresql"
        # A server-side cursor on PostgreSQL streams the log instead of loading it whole.
        cursor = raw.cursor(name="audit_verify") if postgres else raw.cursor()
        if postgres:
            cursor.itersize = BATCH
        cursor.execute(f"SELECT {_COLUMNS} FROM audit_events ORDER BY seq")
        for row in cursor:
            seq = row[_SEQ]
            if seq != expected_seq:
                return VerifyResult(
                    False,
                    count,
                    expected_seq - 1,
                    prev_hash,
                    expected_seq,
                    f"event {expected_seq} is missing (next found is {seq})",
                )
            if row[-2] != prev_hash:
                return VerifyResult(
                    False,
                    count,
                    seq - 1,
                    prev_hash,
                    seq,
                    "its link to the previous event does not match (removed or reordered)",
                )
            if _row_hash(prev_hash, row) != row[-1]:
                return VerifyResult(False, count, seq - 1, prev_hash, seq, "its content does not match its hash")
            prev_hash, expected_seq, count = row[-1], seq + 1, count + 1
    finally:
        raw.rollback()
        raw.close()
    result = VerifyResult(True, count, expected_seq - 1, prev_hash)
    if checkpoint:
        return _against_checkpoint(engine, result, checkpoint)
    return result


def _against_checkpoint(engine: Engine, result: VerifyResult, checkpoint: dict) -> VerifyResult:
    seq, digest = int(checkpoint["seq"]), checkpoint["hash"]
    if seq > result.head_seq:
        return VerifyResult(
            False,
            result.count,
            result.head_seq,
            result.head_hash,
            result.head_seq + 1,
            f"the log ends at {result.head_seq} but the checkpoint saw {seq}: the tail was cut off",
        )
    if seq == 0:
        return result
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT hash FROM audit_events WHERE seq = :s"), {"s": seq}).scalar()
    if stored != digest:
        return VerifyResult(
            False,
            result.count,
            result.head_seq,
            result.head_hash,
            seq,
            "differs from the checkpoint: the history up to it was rewritten",
        )
    return result


def write_checkpoint(engine: Engine, path: str | Path) -> dict:
    with engine.connect() as conn:
        row = conn.execute(text("SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1")).first()
    point = {
        "seq": row.seq if row else 0,
        "hash": row.hash if row else GENESIS,
        "at": row.at if row else None,
        "written_at": format_time(datetime.now(UTC)),
    }
    Path(path).write_text(json.dumps(point, indent=2) + "\n", encoding="utf-8")
    return point


def read_checkpoint(path: str | Path) -> dict:
    point = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(point, dict) or "seq" not in point or "hash" not in point:
        raise ValueError(f"{path} is not an audit checkpoint (needs seq and hash)")
    return point
