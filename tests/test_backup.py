"""`annotate backup` / `annotate restore` for SQLite desks (online backup API, consistent while others write),
and the PostgreSQL procedure (pg_dump / pg_restore) checked end to end when the tools are on PATH."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from annotate.schemas import AnnotationForm
from annotate.services import SYSTEM, Desk, annotations, claims, documents
from annotate.services import backup as backups
from annotate.services.errors import InvalidInput

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    env.pop("ANNOTATE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "annotate", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout
    )


def sqlite_file(url: str) -> Path:
    return Path(make_url(url).database)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotate: error: "), result.stderr
    return lines[0]


def consistent(path: Path) -> dict[str, int]:
    """A backup is a state the desk was really in: every row has the event that made it, nothing more."""
    conn = sqlite3.connect(path)
    try:
        count = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("annotations", "documents")}
        adds = conn.execute("SELECT count(*) FROM audit_events WHERE action = 'annotation.add'").fetchone()[0]
        head = conn.execute("SELECT coalesce(max(seq), 0), count(*) FROM audit_events").fetchone()
    finally:
        conn.close()
    assert count["annotations"] == adds, (count, adds)
    assert head[0] == head[1]
    return count


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_backup_restore_verify_round_trip(demo_url, tmp_path):
    copy = tmp_path / "backups" / "desk-copy.db"
    result = cli("--db", demo_url, "backup", str(copy))
    assert result.returncode == 0, result.stderr
    assert "integrity ok" in result.stdout and "audit chain intact" in result.stdout
    assert copy.is_file()
    assert not Path(str(copy) + "-wal").exists(), "a backup is one self-contained file"
    assert [p.name for p in copy.parent.iterdir()] == ["desk-copy.db"], "no partial file left behind"
    restored = tmp_path / "restored" / "desk.db"
    result = cli("--db", f"sqlite:///{restored}", "restore", str(copy))
    assert result.returncode == 0, result.stderr
    verify = cli("--db", f"sqlite:///{restored}", "audit", "verify")
    assert verify.returncode == 0 and "intact" in verify.stdout
    original = backups.inspect_file(sqlite_file(demo_url))
    again = backups.inspect_file(restored)
    assert again.counts == original.counts
    assert again.chain.head_hash == original.chain.head_hash
    # The restored desk is a working desk.
    desk = Desk.open(f"sqlite:///{restored}")
    try:
        claim_id = claims.for_document(desk, documents.list_documents(desk)[-1].id)[0].id
        annotations.add(desk, SYSTEM, claim_id, AnnotationForm(type="comment", note="after restore"))
    finally:
        desk.dispose()


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_backup_is_consistent_while_others_write(demo_url, tmp_path):
    desk = Desk.open(demo_url)
    claim_ids = [c.id for c in claims.for_document(desk, documents.list_documents(desk)[-1].id)]
    stop = threading.Event()
    written: list[int] = []
    failures: list[str] = []

    def writer(n: int) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            try:
                annotations.add(
                    desk, SYSTEM, claim_ids[i % len(claim_ids)], AnnotationForm(type="comment", note=f"w{n} {i}")
                )
                written.append(1)
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(2)]
    for t in threads:
        t.start()
    try:
        counts = []
        deadline = time.monotonic() + 30
        while len(written) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        for k in range(3):
            check = backups.backup(demo_url, tmp_path / f"live-{k}.db")
            assert check.ok, check.summary()
            counts.append(consistent(check.path)["annotations"])
            time.sleep(0.2)
        # The command, too, from another process, while the writers go on.
        result = cli("--db", demo_url, "backup", str(tmp_path / "live-cli.db"))
        assert result.returncode == 0, result.stderr
        counts.append(consistent(tmp_path / "live-cli.db")["annotations"])
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert not failures, failures[:3]
    assert counts == sorted(counts) and counts[-1] > counts[0], f"backups did not see the writes go on: {counts}"
    final = backups.inspect_file(sqlite_file(demo_url))
    assert final.ok and counts[-1] <= final.counts["annotations"]
    desk.dispose()


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_restore_refuses_a_desk_with_data_unless_forced(demo_url, tmp_path):
    copy = tmp_path / "copy.db"
    backups.backup(demo_url, copy)
    target = tmp_path / "busy.db"
    desk = Desk.open(f"sqlite:///{target}")
    documents.ingest(
        desk,
        SYSTEM,
        "Another desk's article headline\n\nThe minister said on Tuesday that exports rose by 12 percent this year. "
        "Officials confirmed the figures in a statement published on Wednesday morning.\n",
    )
    desk.dispose()
    before = backups.inspect_file(target)
    line = one_line_error(cli("--db", f"sqlite:///{target}", "restore", str(copy)))
    assert "not empty" in line and "--force" in line
    assert backups.inspect_file(target).counts == before.counts, "a refused restore changed the desk"
    result = cli("--db", f"sqlite:///{target}", "restore", "--force", str(copy))
    assert result.returncode == 0, result.stderr
    assert backups.inspect_file(target).counts == backups.inspect_file(copy).counts
    verify = cli("--db", f"sqlite:///{target}", "audit", "verify")
    assert verify.returncode == 0 and "intact" in verify.stdout


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_restore_refuses_damaged_or_foreign_files(demo_url, tmp_path):
    target = tmp_path / "target.db"
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    copy = tmp_path / "copy.db"
    backups.backup(demo_url, copy)
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(copy.read_bytes()[: copy.stat().st_size // 3])
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for bad, expect in (
        (garbage, "not a SQLite database"),
        (truncated, "damaged|not a readable"),
        (foreign, "not an annotate desk"),
        (tmp_path / "missing.db", "no such file"),
    ):
        with pytest.raises(InvalidInput, match=expect) as exc:
            backups.restore(bad, f"sqlite:///{target}")
        assert "\n" not in str(exc.value)
        assert not target.exists() or target.stat().st_size == 0 or backups.inspect_file(target).empty
    # And through the command: one line, exit 1.
    line = one_line_error(cli("--db", f"sqlite:///{target}", "restore", str(garbage)))
    assert "not a SQLite database" in line


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_backup_refusals(demo_url, tmp_path):
    copy = tmp_path / "copy.db"
    assert cli("--db", demo_url, "backup", str(copy)).returncode == 0
    line = one_line_error(cli("--db", demo_url, "backup", str(copy)))
    assert "already exists" in line and "--force" in line
    assert backups.backup(demo_url, copy, force=True).ok
    with pytest.raises(InvalidInput, match="desk itself"):
        backups.backup(demo_url, sqlite_file(demo_url))
    with pytest.raises(InvalidInput, match="no desk"):
        backups.backup(f"sqlite:///{tmp_path / 'nothing.db'}", tmp_path / "x.db")
    with pytest.raises(InvalidInput, match="in-memory"):
        backups.backup("sqlite:///:memory:", tmp_path / "m.db")


def test_postgres_backup_points_to_pg_dump(tmp_path):
    line = one_line_error(
        cli("--db", "postgresql+psycopg://postgres@127.0.0.1:5432/nonexistent", "backup", str(tmp_path / "x.db"))
    )
    assert "pg_dump" in line
    with pytest.raises(InvalidInput, match="pg_restore"):
        backups.restore(tmp_path / "x.db", "postgresql+psycopg://postgres@127.0.0.1:5432/nonexistent")
    assert not (tmp_path / "x.db").exists()


# ---- PostgreSQL: the documented procedure, run for real ---------------------------------------------------


@pytest.mark.parametrize("demo_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_postgres_pg_dump_and_pg_restore_keep_the_chain(demo_url, tmp_path):
    tools = {t: shutil.which(t) for t in ("pg_dump", "pg_restore")}
    if not all(tools.values()):
        pytest.skip(f"pg_dump/pg_restore not on PATH ({tools}): PostgreSQL backup procedure not exercised")
    url = make_url(demo_url)
    conn_args = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432), "--username", url.username]
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    dump = tmp_path / "desk.dump"
    done = subprocess.run(
        [tools["pg_dump"], *conn_args, "--format=custom", "--file", str(dump), url.database],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if done.returncode != 0 and "server version" in done.stderr:
        pytest.skip(f"pg_dump cannot talk to this server: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    scratch = f"annotate_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    try:
        done = subprocess.run(
            [tools["pg_restore"], *conn_args, "--no-owner", "--exit-on-error", "--dbname", scratch, str(dump)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        restored_url = url.set(database=scratch).render_as_string(hide_password=False)
        verify = cli("--db", restored_url, "audit", "verify")
        assert verify.returncode == 0 and "intact" in verify.stdout, verify.stderr
        source, copy = Desk.open(demo_url), Desk.open(restored_url)
        try:
            assert documents.count(copy) == documents.count(source)
            heads = []
            for d in (source, copy):
                with d.engine.connect() as conn:
                    heads.append(conn.execute(text("SELECT max(seq) FROM audit_events")).scalar())
            assert heads[0] == heads[1]
            # The append-only triggers came back with the data.
            with pytest.raises(Exception, match="append-only"):
                with copy.engine.begin() as conn:
                    conn.execute(text("DELETE FROM audit_events"))
        finally:
            source.dispose()
            copy.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()
