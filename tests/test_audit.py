"""The review history: every write leaves an event, the chain verifies, tampering is caught at its seq."""

from __future__ import annotations

import json
import multiprocessing as mp
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from annotate.audit import verify as chain
from annotate.audit.chain import HASHED_FIELDS, event_hash
from annotate.schemas import AnnotationForm
from annotate.services import Desk, annotations, audit, claims
from annotate.services.errors import ConflictError
from db import audit_guard


def _first_claim(desk: Desk) -> int:
    return claims.for_document(desk, 1)[0].id


def _add_notes(desk: Desk, actor, n: int) -> None:
    claim_id = _first_claim(desk)
    for i in range(n):
        annotations.add(desk, actor, claim_id, AnnotationForm(type="comment", note=f"note {i}"))


def test_every_write_is_recorded_and_the_chain_verifies(demo_desk, tmp_path):
    result = audit.verify(demo_desk)
    assert result.ok, result.summary()
    assert result.count > 20  # ingest, claims, sources, annotations, approval
    actions = {e.action for e in audit.feed(demo_desk, limit=10_000)}
    assert {"document.ingest", "claim.extract", "annotation.add", "claim.verdict", "claim.status.approved"} <= actions


def test_events_cannot_be_updated_or_deleted(demo_desk):
    for statement in ("UPDATE audit_events SET actor = 'mallory' WHERE seq = 1", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"):
            with demo_desk.engine.begin() as conn:
                conn.execute(text(statement))
    if demo_desk.dialect == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"):
            with demo_desk.engine.begin() as conn:
                conn.execute(text("TRUNCATE audit_events"))
    assert audit.verify(demo_desk).ok


def _tamper(desk: Desk, *statements: str) -> None:
    with desk.engine.begin() as conn:
        for s in audit_guard.drop_statements(desk.dialect):
            conn.execute(text(s))
        for s in statements:
            conn.execute(text(s))


def test_edited_payload_is_caught_at_its_seq(demo_desk):
    _tamper(demo_desk, """UPDATE audit_events SET after = '{"verdict":"False"}' WHERE seq = 40""")
    result = audit.verify(demo_desk)
    assert not result.ok and result.first_bad_seq == 40, result.summary()


def test_deleted_row_is_caught_at_its_seq(demo_desk):
    _tamper(demo_desk, "DELETE FROM audit_events WHERE seq = 17")
    result = audit.verify(demo_desk)
    assert not result.ok and result.first_bad_seq == 17
    assert "missing" in result.problem


def test_swapped_rows_are_caught_at_the_first(demo_desk):
    cols = "at, actor, action, entity_type, entity_id, claim_id, batch_id, reason, before, after, prev_hash, hash"
    with demo_desk.engine.connect() as conn:
        a, b = (conn.execute(text(f"SELECT {cols} FROM audit_events WHERE seq = :s"), {"s": s}).one() for s in (9, 10))
    sets = ", ".join(f"{c} = :{c}" for c in cols.split(", "))
    _tamper(demo_desk)
    with demo_desk.engine.begin() as conn:
        conn.execute(text(f"UPDATE audit_events SET {sets} WHERE seq = 9"), dict(b._mapping))
        conn.execute(text(f"UPDATE audit_events SET {sets} WHERE seq = 10"), dict(a._mapping))
    result = audit.verify(demo_desk)
    assert not result.ok and result.first_bad_seq == 9


def test_cut_off_tail_is_caught_against_a_checkpoint(demo_desk, tmp_path):
    point = tmp_path / "head.json"
    audit.checkpoint(demo_desk, point)
    head = json.loads(point.read_text())["seq"]
    _tamper(demo_desk, f"DELETE FROM audit_events WHERE seq > {head - 3}")
    assert audit.verify(demo_desk).ok  # the shorter chain is internally consistent...
    result = audit.verify(demo_desk, point)
    assert not result.ok and result.first_bad_seq == head - 2  # ...but not against the checkpoint
    assert "cut off" in result.problem


def test_stale_edit_raises_conflict_and_changes_nothing(demo_desk, people_demo):
    claim_id = _first_claim(demo_desk)
    note = annotations.add(demo_desk, people_demo["reviewer"], claim_id, AnnotationForm(type="context", note="v1"))
    form = AnnotationForm(type="context", note="mine")
    annotations.edit(
        demo_desk,
        people_demo["editor"],
        note.id,
        AnnotationForm(type="context", note="theirs"),
        expected_version=note.version,
    )
    seq_before = audit.verify(demo_desk).head_seq
    with pytest.raises(ConflictError) as caught:
        annotations.edit(demo_desk, people_demo["reviewer"], note.id, form, expected_version=note.version)
    assert caught.value.current.note == "theirs"
    assert [a.note for a in annotations.for_claim(demo_desk, claim_id) if a.id == note.id] == ["theirs"]
    assert audit.verify(demo_desk).head_seq == seq_before


def test_as_of_shows_the_claim_as_it_was(demo_desk, people_demo):
    claim_id = _first_claim(demo_desk)
    note = annotations.add(demo_desk, people_demo["reviewer"], claim_id, AnnotationForm(type="context", note="first"))
    moment = audit.feed(demo_desk, limit=1)[0].at
    annotations.edit(
        demo_desk,
        people_demo["reviewer"],
        note.id,
        AnnotationForm(type="context", note="second"),
        expected_version=note.version,
    )
    then = audit.claim_as_of(demo_desk, claim_id, moment)
    assert [a["note"] for a in then.annotations if a["id"] == note.id] == ["first"]
    now = audit.claim_as_of(demo_desk, claim_id, "9999")
    assert [a["note"] for a in now.annotations if a["id"] == note.id] == ["second"]


def test_revert_restores_an_earlier_version_as_a_new_event(demo_desk, people_demo):
    claim_id = _first_claim(demo_desk)
    actor = people_demo["reviewer"]
    note = annotations.add(demo_desk, actor, claim_id, AnnotationForm(type="context", note="original"))
    first_seq = next(
        e.seq
        for e in audit.claim_timeline(demo_desk, claim_id)
        if e.action == "annotation.add" and e.entity_id == str(note.id)
    )
    edited = annotations.edit(
        demo_desk, actor, note.id, AnnotationForm(type="context", note="vandalised"), expected_version=note.version
    )
    reverted = annotations.revert(demo_desk, actor, note.id, first_seq, expected_version=edited.version)
    assert reverted.note == "original" and reverted.version == edited.version + 1
    assert audit.claim_timeline(demo_desk, claim_id)[-1].action == "annotation.revert"


def _writer(url: str, username: str, n: int, queue) -> None:
    from annotate.services import reviewers

    desk = Desk.open(url)
    try:
        _add_notes(desk, reviewers.actor_for(reviewers.get(desk, username)), n)
        queue.put(None)
    except Exception as exc:  # reported to the parent: no error may reach a caller
        queue.put(repr(exc))
    finally:
        desk.dispose()


def test_concurrent_writers_make_one_contiguous_chain(demo_url, demo_desk, people_demo):
    processes = 8 if demo_desk.dialect == "sqlite" else 16
    per_process = 15
    before = audit.verify(demo_desk).head_seq
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    workers = [
        ctx.Process(target=_writer, args=(demo_url, "reviewer1", per_process, results)) for _ in range(processes)
    ]
    for w in workers:
        w.start()
    errors = [results.get(timeout=180) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    assert errors == [None] * processes
    result = audit.verify(demo_desk)
    assert result.ok, result.summary()
    # each note is one event, plus at most one status event for the claim's first annotation
    assert result.head_seq - before >= processes * per_process


# Split verification: the log cut into 3 seq ranges (this process + 2 workers) even though it is small.
SPLIT = {"processes": 3, "min_events": 0}


def _row(desk: Desk, seq: int) -> dict:
    with desk.engine.connect() as conn:
        return dict(conn.execute(text("SELECT * FROM audit_events WHERE seq = :s"), {"s": seq}).one()._mapping)


def _swap(desk: Desk, a: int, b: int) -> None:
    cols = [c for c in _row(desk, a) if c != "seq"]
    rows = {a: _row(desk, b), b: _row(desk, a)}
    sets = ", ".join(f"{c} = :{c}" for c in cols)
    _tamper(desk)
    with desk.engine.begin() as conn:
        for seq, row in rows.items():
            conn.execute(text(f"UPDATE audit_events SET {sets} WHERE seq = {seq}"), {c: row[c] for c in cols})


def _relink(desk: Desk, seq: int) -> None:
    """A consistent event whose prev_hash points elsewhere: only the join between ranges can catch it."""
    row = _row(desk, seq)
    forged = "f" * 64
    digest = event_hash(forged, {k: row[k] for k in HASHED_FIELDS})
    _tamper(desk, f"UPDATE audit_events SET prev_hash = '{forged}', hash = '{digest}' WHERE seq = {seq}")


def _delete(low: int, high: int | None = None) -> str:
    return f"DELETE FROM audit_events WHERE seq BETWEEN {low} AND {high or low}"


def _edit(seq: int) -> str:
    return f"""UPDATE audit_events SET after = '{{"note":"forged"}}' WHERE seq = {seq}"""


# case -> (tampering given the 2nd range (s2, e2) and the 3rd (s3, e3), the first bad seq expected)
SPLIT_CASES = {
    "intact": (lambda d, s2, e2, s3: None, None),
    "edit at a range's first event": (lambda d, s2, e2, s3: _tamper(d, _edit(s2)), "s2"),
    "edit at a range's last event": (lambda d, s2, e2, s3: _tamper(d, _edit(e2)), "e2"),
    "range's last event deleted": (lambda d, s2, e2, s3: _tamper(d, _delete(e2)), "e2"),
    "range's first event deleted": (lambda d, s2, e2, s3: _tamper(d, _delete(s3)), "s3"),
    "whole range deleted": (lambda d, s2, e2, s3: _tamper(d, _delete(s2, e2)), "s2"),
    "swapped across a boundary": (lambda d, s2, e2, s3: _swap(d, e2, s3), "e2"),
    "join relinked": (lambda d, s2, e2, s3: _relink(d, s3), "s3"),
}


@pytest.mark.parametrize("case", list(SPLIT_CASES))
def test_split_verify_reports_exactly_what_one_walk_does(demo_desk, monkeypatch, case):
    spans = chain.split_ranges(audit.verify(demo_desk).head_seq, 3)
    assert len(spans) == 3 and spans[1][0] > 2
    (s2, e2), (s3, _e3) = spans[1], spans[2]
    tamper, where = SPLIT_CASES[case]
    tamper(demo_desk, s2, e2, s3)
    single = chain.verify(demo_desk.engine, processes=1)

    def no_fallback(engine):
        raise AssertionError("the split path fell back to a single walk")

    monkeypatch.setattr(chain, "_verify_single", no_fallback)
    split = chain.verify(demo_desk.engine, **SPLIT)
    assert split == single, case
    assert single.first_bad_seq == {"s2": s2, "e2": e2, "s3": s3, None: None}[where], single.summary()
    assert single.ok is (where is None)


def test_split_verify_against_a_checkpoint(demo_desk, tmp_path):
    point = chain.write_checkpoint(demo_desk.engine, tmp_path / "head.json")
    _tamper(demo_desk, f"DELETE FROM audit_events WHERE seq > {point['seq'] - 3}")
    split = chain.verify(demo_desk.engine, point, **SPLIT)
    assert split == chain.verify(demo_desk.engine, point, processes=1)
    assert not split.ok and split.first_bad_seq == point["seq"] - 2 and "cut off" in split.problem


def test_split_verify_falls_back_when_a_worker_fails(demo_desk, monkeypatch, caplog):
    _tamper(demo_desk, _edit(30))
    monkeypatch.setattr(chain, "_worker_target", lambda engine: "/nonexistent/desk.db")
    if demo_desk.dialect == "postgresql":
        monkeypatch.setattr(chain, "_worker_target", lambda engine: "postgresql://nobody@127.0.0.1:1/none")
    result = chain.verify(demo_desk.engine, **SPLIT)
    assert not result.ok and result.first_bad_seq == 30
    assert "worker failed" in caplog.text


# The verifier spells the canonical JSON out field by field for speed; it must be the writer's text exactly.
AWKWARD = ["", 'quote " back \\ slash', "ctl \x00\x01\x1f\x7f tab\t nl\n", "é ж 中 😀 \u2028", '{"a":[1,2]}']


@pytest.mark.parametrize("value", AWKWARD)
def test_verifier_encodes_every_value_as_the_writer_does(value):
    from annotate.audit import ranges
    from annotate.audit.chain import canonical_json

    record = {f: value for f in HASHED_FIELDS} | {"seq": 7, "claim_id": None}
    row = tuple(record[f] for f in ranges.SORTED) + ("prev", "hash")
    assert ranges._canonical_fast(row) == canonical_json(record)


def test_a_batched_event_takes_the_verifiers_fast_path():
    """Bulk work (an import, a folder ingest) writes most of a real log: its events carry a batch id, a uuid
    string, which the field-by-field encoder must spell as the writer does rather than fall back on."""
    from annotate.audit import ranges
    from annotate.audit.chain import canonical_json

    record = {f: "x" for f in HASHED_FIELDS} | {"seq": 9, "claim_id": 4, "batch_id": str(uuid.uuid4())}
    row = tuple(record[f] for f in ranges.SORTED) + ("prev", "hash")
    assert ranges._canonical_fast(row) == canonical_json(record)


@pytest.mark.parametrize("column, value", [("claim_id", "'25b'"), ("batch_id", "2.5"), ("actor", "X'00'")])
def test_a_value_of_another_type_is_caught_as_an_edit(demo_desk, column, value):
    """SQLite stores a value its column's type cannot hold ('25b' in an integer column) as it is: the
    verifier falls back from its fast path to the exact encoder and reports the edit, it does not crash."""
    if demo_desk.dialect != "sqlite":
        pytest.skip("PostgreSQL's typed columns refuse such a value")
    seq = next(s for s in range(40, 0, -1) if _row(demo_desk, s)["claim_id"] is not None)
    _tamper(demo_desk, f"UPDATE audit_events SET {column} = {value} WHERE seq = {seq}")
    assert type(_row(demo_desk, seq)[column]) in {str, float, bytes}
    result = audit.verify(demo_desk)
    assert not result.ok and result.first_bad_seq == seq, result.summary()
