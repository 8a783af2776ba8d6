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


# Same bytes as chain.canonical_json over HASHED_FIELDS, built without a dict per row: this loop is the
# hot path of verify (hundreds of thousands of events a second).
_ORDER = sorted(range(len(HASHED_FIELDS)), key=lambda i: HASHED_FIELDS[i])
_KEYS = [json.dumps(HASHED_FIELDS[i]) + ":" for i in _ORDER]
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _row_hash(prev_hash: str, row) -> str:
    body = "{" + ",".join(k + _dumps(row[i]) for k, i in zip(_KEYS, _ORDER, strict=True)) + "}"
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def verify(engine: Engine, checkpoint: dict | None = None) -> VerifyResult:
    expected_seq, prev_hash, count = 1, GENESIS, 0
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
            text(f"SELECT {_COLUMNS} FROM audit_events ORDER BY seq")
        )
        for row in result:
            seq = row[0]
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
