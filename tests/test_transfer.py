"""migrate-db: a desk copied SQLite -> PostgreSQL -> SQLite keeps every row, its audit chain and its content."""

from __future__ import annotations

import argparse
import os
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from annotate.cli import COMMANDS, CLIError, migrate_db
from annotate.schemas import AnnotationForm
from annotate.services import SYSTEM, Desk, annotations, audit, claims
from annotate.services import transfer as transfer_service
from annotate.services.search import search
from annotate.services.transfer import TABLES, TransferError, copy_desk, counts, digest

PG_URL = os.environ.get("ANNOTATE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def sqlite_demo(templates, tmp_path) -> str:
    path = tmp_path / "source.db"
    shutil.copyfile(templates.sqlite("demo"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def pg_empty(pg_available):
    if not pg_available:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    name = f"annotate_xfer_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _digests(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        return {name: digest(engine, name) for name in TABLES}
    finally:
        engine.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        return counts(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_sqlite_to_postgres_and_back_keeps_everything(sqlite_demo, pg_empty, tmp_path):
    original_counts, original = _counts(sqlite_demo), _digests(sqlite_demo)
    assert original_counts["audit_events"] > 20 and original_counts["claims"] > 0

    there = copy_desk(sqlite_demo, pg_empty)
    assert there.ok, there.mismatches or there.verify.summary()
    assert there.counts == original_counts and there.verify.count == original_counts["audit_events"]

    back_url = f"sqlite:///{tmp_path / 'back.db'}"
    back = copy_desk(pg_empty, back_url)
    assert back.ok, back.mismatches or back.verify.summary()
    assert _counts(back_url) == original_counts
    assert _digests(back_url) == original  # every column of every row, hashes and seq included

    for url in (pg_empty, back_url):
        desk = Desk.open(url)
        try:
            assert audit.verify(desk).ok
            assert any(h.kind == "claim" for h in search(desk, '"draft treaty"'))  # the index filled itself
        finally:
            desk.dispose()


@pytest.mark.postgres
def test_the_copy_is_a_working_desk(sqlite_demo, pg_empty):
    copy_desk(sqlite_demo, pg_empty)
    desk = Desk.open(pg_empty)
    try:
        claim_id = claims.for_document(desk, 1)[0].id
        # Sequences were moved past the copied ids: a new row gets a fresh id, and the chain goes on.
        added = annotations.add(desk, SYSTEM, claim_id, AnnotationForm(type="comment", note="after the move"))
        assert added.id > _counts(sqlite_demo)["annotations"]
        result = audit.verify(desk)
        assert result.ok and result.count == _counts(sqlite_demo)["audit_events"] + 2  # note + status change
    finally:
        desk.dispose()


def test_target_must_be_empty_and_differ(sqlite_demo, templates, tmp_path):
    with pytest.raises(TransferError, match="is the source"):
        copy_desk(sqlite_demo, sqlite_demo)
    other = tmp_path / "other.db"
    shutil.copyfile(templates.sqlite("demo"), other)
    with pytest.raises(TransferError, match="not empty"):
        copy_desk(sqlite_demo, f"sqlite:///{other}")


def _cli(*argv: str) -> int:
    # Only this subcommand's parser: the test does not depend on every other CLI module being importable.
    parser = argparse.ArgumentParser(prog="annotate")
    parser.add_argument("--db")
    migrate_db.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def test_sqlite_to_sqlite_through_the_cli(sqlite_demo, tmp_path, capsys):
    assert "migrate_db" in COMMANDS
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    assert _cli("--db", sqlite_demo, "migrate-db", "--to", target) == 0
    out = capsys.readouterr().out
    assert "audit chain intact" in out and "copied and verified" in out
    assert _digests(target) == _digests(sqlite_demo)
    with pytest.raises(CLIError, match="not empty"):
        _cli("--db", sqlite_demo, "migrate-db", "--to", target)


def test_forward_self_references_are_restored(sqlite_demo, tmp_path):
    # A source merged into a later one points forward: it must be set once its target exists.
    engine = create_engine(sqlite_demo)
    with engine.begin() as conn:
        conn.execute(text("UPDATE sources SET merged_into_id = (SELECT max(id) FROM sources) WHERE id = 1"))
    engine.dispose()
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    report = transfer_service.copy_desk(sqlite_demo, target)
    assert report.ok, report.mismatches
    engine = create_engine(target)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT merged_into_id FROM sources WHERE id = 1")).scalar() > 1
    engine.dispose()
