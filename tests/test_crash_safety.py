"""kill -9 in the middle of an ingest, an import and an export, several times at random points; afterwards
the database is intact (`PRAGMA integrity_check`), the audit chain verifies, and running the command again
finishes the job with nothing duplicated and nothing lost.

The kill lands mid-batch: the test waits until the subprocess has committed something (or, for an export,
has started writing), then kills it after a random extra delay.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from annotate.audit import verify as chain
from annotate.extract import extract
from annotate.services import SYSTEM, Desk, scale

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 200
KILLS = 5
SEED = int(os.environ.get("ANNOTATE_CRASH_SEED", "1109"))

TOPICS = ["exports", "inflation", "unemployment", "the deficit", "grain prices", "gas transit", "tourism"]
SPEAKERS = ["the trade minister", "Sergey Lavrov", "the central bank", "a spokesman for NATO", "the mayor"]


def article(i: int) -> str:
    topic, speaker = TOPICS[i % len(TOPICS)], SPEAKERS[i % len(SPEAKERS)]
    return (
        f"Report {i}: {topic} changed by {i % 37 + 2} percent this year\n\n"
        f"{speaker.capitalize()} said on Tuesday that {topic} rose by {i % 37 + 2} percent in the year to March. "
        f"Officials confirmed the figure of {i * 7 % 1000} million in a statement published on Wednesday.\n\n"
        f"“The numbers for {topic} are misleading,” said an opposition lawmaker, asking for audit number {i}. "
        f"The agency declined to comment on report {i} when asked by reporters on Thursday.\n"
    )


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "annotate", *args]


def env() -> dict[str, str]:
    out = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    out.pop("ANNOTATE_USER", None)
    return out


def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(cli(*args), capture_output=True, text=True, env=env(), cwd=ROOT, timeout=timeout)


def has_command(name: str) -> bool:
    from annotate import cli

    module = {"import": "import_"}.get(name, name)
    return module in cli.COMMANDS and importlib.util.find_spec(f"annotate.cli.{module}") is not None


def scalar(db: Path, sql: str):
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def count_rows(db: Path, table: str) -> int:
    try:
        return scalar(db, f"SELECT count(*) FROM {table}")
    except sqlite3.OperationalError:  # not created yet
        return 0


def assert_sound(db: Path, when: str, *, cli_verify: bool = False) -> None:
    conn = sqlite3.connect(db, timeout=30)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], when
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], when
    finally:
        conn.close()
    if cli_verify:  # the command a desk's operator runs (slower: a whole interpreter start)
        verify = run("--db", f"sqlite:///{db}", "audit", "verify")
        assert verify.returncode == 0 and "intact" in verify.stdout, f"{when}: {verify.stdout} {verify.stderr}"
        return
    engine = create_engine(f"sqlite:///{db}")
    try:
        result = chain.verify(engine)
    finally:
        engine.dispose()
    assert result.ok, f"{when}: {result.summary()}"


def kill_mid_way(args: list[str], started, rng: random.Random, *, patience: float = 60, delay: float = 0.6) -> bool:
    """Start the command, wait until `started()` says it has done some work, kill -9 after a random delay.
    Returns False when the command finished before it could be killed."""
    proc = subprocess.Popen(
        cli(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env(), cwd=ROOT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + patience
        while proc.poll() is None and not started():
            if time.monotonic() > deadline:
                pytest.fail(f"{' '.join(args)} made no progress in {patience} s")
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, delay))
        if proc.poll() is not None:
            return False
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        return True
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        if proc.stderr:
            err = proc.stderr.read().decode("utf-8", "replace")
            proc.stderr.close()
            assert "Traceback" not in err, err


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("articles")
    for i in range(ARTICLES):
        (out / f"article_{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def ingested(folder, tmp_path_factory) -> dict:
    """An ingest killed KILLS times at random points, checked after each kill, then run to completion."""
    db = tmp_path_factory.mktemp("crash") / "desk.db"
    desk = Desk.open(f"sqlite:///{db}")  # migrated before the first kill: the kills land in the ingest itself
    scale.ensure_default(desk, SYSTEM)
    desk.dispose()
    rng = random.Random(SEED)
    args = ["--db", f"sqlite:///{db}", "ingest", "--quiet", str(folder)]
    kills, counts = 0, []
    for round_ in range(KILLS):
        before = count_rows(db, "documents")
        if before >= ARTICLES:
            break
        if kill_mid_way(args, lambda b=before: count_rows(db, "documents") > b, rng):
            kills += 1
        counts.append(count_rows(db, "documents"))
        assert_sound(db, f"after kill {round_ + 1}")
    final = run(*args)
    assert final.returncode == 0, final.stderr[-2000:]
    return {"db": db, "kills": kills, "counts": counts, "final": final.stdout}


def test_killed_ingest_leaves_a_sound_database_and_resumes(ingested, folder):
    db = ingested["db"]
    assert ingested["kills"] >= 3, f"the ingest finished before most kills: {ingested}"
    assert ingested["counts"] == sorted(ingested["counts"]), "documents were lost between kills"
    assert_sound(db, "after the final run", cli_verify=True)
    conn = sqlite3.connect(db)
    try:
        names = [Path(r[0]).name for r in conn.execute("SELECT filename FROM documents")]
        assert sorted(names) == sorted(p.name for p in folder.iterdir()), "a file is missing or doubled"
        assert len(set(names)) == ARTICLES
        # One transaction per file: a document is stored with all its claims and its events, or not at all.
        per_doc = dict(conn.execute("SELECT d.filename, count(c.id) FROM documents d LEFT JOIN claims c ON "
                                    "c.document_id = d.id GROUP BY d.id").fetchall())  # fmt: skip
        events = dict(conn.execute("SELECT action, count(*) FROM audit_events GROUP BY action").fetchall())
        claims_total = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    finally:
        conn.close()
    for path in sorted(folder.iterdir())[:: max(1, ARTICLES // 40)]:
        expected = len(extract(path.read_bytes(), filename=str(path)).claims)
        assert per_doc[str(path)] == expected, f"{path.name}: {per_doc[str(path)]} claims stored, {expected} extracted"
    assert events["document.ingest"] == ARTICLES
    assert events["claim.extract"] == claims_total


def test_running_the_ingest_again_changes_nothing(ingested, folder):
    db = ingested["db"]
    before = scalar(db, "SELECT max(seq) FROM audit_events")
    again = run("--db", f"sqlite:///{db}", "ingest", "--quiet", str(folder))
    assert again.returncode == 0
    assert f"ingested 0 document(s) with 0 claim(s); {ARTICLES} already present; 0 failed" in again.stdout
    assert scalar(db, "SELECT max(seq) FROM audit_events") == before


# ---- export and import (when those commands exist) -------------------------------------------------------


@pytest.fixture(scope="module")
def exported(ingested, tmp_path_factory) -> Path:
    if not has_command("export"):
        pytest.skip("`annotate export` does not exist yet: export crash test skipped")
    db = ingested["db"]
    out = tmp_path_factory.mktemp("export") / "set.json"
    rng = random.Random(SEED + 1)
    args = ["--db", f"sqlite:///{db}", "export", "--format", "json", "--out", str(out)]

    def writing() -> bool:
        return out.exists() or any(p.name.startswith(f".{out.name}.") for p in out.parent.iterdir())

    for _ in range(2):
        kill_mid_way(args, writing, rng)
        # Killed or not, the target is absent or a complete export: never half a file.
        if out.exists():
            json.loads(out.read_text("utf-8"))
        assert_sound(db, "after a killed export")
    final = run(*args)
    assert final.returncode == 0, final.stderr
    json.loads(out.read_text("utf-8"))
    return out


def test_killed_export_never_leaves_half_a_file(exported):
    data = json.loads(exported.read_text("utf-8"))
    assert data


def test_killed_import_lands_whole_or_not_at_all(exported, ingested, tmp_path):
    if not has_command("import"):
        pytest.skip("`annotate import` does not exist yet: import crash test skipped")
    db = tmp_path / "imported.db"
    desk = Desk.open(f"sqlite:///{db}")
    scale.ensure_default(desk, SYSTEM)
    desk.dispose()
    empty_head = scalar(db, "SELECT max(seq) FROM audit_events")
    rng = random.Random(SEED + 2)
    args = ["--db", f"sqlite:///{db}", "import", "--quiet", str(exported)]

    # Each attempt starts from the same empty desk; an import that committed before the kill must be whole.
    template = db.with_name("empty-template.db")
    shutil.copyfile(db, template)
    interrupted = attempts = 0
    while attempts < 2 or (not interrupted and attempts < 6):
        attempts += 1
        for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(template, db)
        killed = kill_mid_way(args, lambda: write_locked(db), rng, delay=0.15)
        assert_sound(db, "after a killed import")
        if count_rows(db, "documents"):  # committed before the kill
            assert count_rows(db, "documents") == count_rows(ingested["db"], "documents"), "a partial import"
            continue
        assert scalar(db, "SELECT max(seq) FROM audit_events") == empty_head, "a killed import left events"
        interrupted += killed
    assert interrupted, f"no kill landed inside the import's transaction in {attempts} attempts"
    final = run(*args)
    assert final.returncode == 0, final.stderr[-2000:]
    assert_sound(db, "after the import completed", cli_verify=True)
    for table in ("documents", "claims"):
        assert count_rows(db, table) == count_rows(ingested["db"], table), table
    names = [r[0] for r in sqlite3.connect(db).execute("SELECT uid FROM documents")]
    assert len(names) == len(set(names))
    # Importing the same file again changes nothing.
    head = scalar(db, "SELECT max(seq) FROM audit_events")
    assert run(*args).returncode == 0
    assert scalar(db, "SELECT max(seq) FROM audit_events") == head


def write_locked(db: Path) -> bool:
    """True while another connection holds the desk's write lock (a migration or an import under way)."""
    if not db.exists():
        return False
    probe = sqlite3.connect(db, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    finally:
        probe.close()


def test_killed_first_start_migration_leaves_a_desk_that_opens(tmp_path):
    """The schema is created in one transaction: a kill while a new desk is being set up leaves either no
    schema or all of it, and the next start finishes the job."""
    rng = random.Random(SEED + 3)
    interrupted = 0
    for attempt in range(3):
        db = tmp_path / f"new-{attempt}.db"
        args = ["--db", f"sqlite:///{db}", "audit", "verify"]
        killed = kill_mid_way(args, lambda d=db: write_locked(d), rng, delay=0.05)
        interrupted += killed
        assert scalar(db, "PRAGMA integrity_check") == "ok"
        result = run(*args)
        assert result.returncode == 0 and "intact" in result.stdout, result.stderr
    assert interrupted, "no kill landed inside the migration"


def test_a_writer_stuck_behind_a_long_write_gets_a_clear_busy_error(tmp_path, monkeypatch):
    """Writers queue in arrival order; one that waits longer than the busy timeout is told why, and nothing of
    its unit of work is written."""
    import threading

    import db.engine
    from annotate.services import reviewers
    from annotate.services.errors import Busy

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    holder, waiter = Desk.open(url), Desk.open(url)
    monkeypatch.setattr(db.engine, "SQLITE_BUSY_TIMEOUT_MS", 300)
    inside, done = threading.Event(), threading.Event()

    def long_write():
        with holder.write(SYSTEM) as tx:
            tx.session.execute(text("SELECT 1"))  # the transaction (and its place at the gate) starts here
            inside.set()
            done.wait(10)

    thread = threading.Thread(target=long_write)
    thread.start()
    assert inside.wait(10)
    try:
        with pytest.raises(Busy, match="busy with another long write"):
            reviewers.create(waiter, SYSTEM, "late.reviewer", "a long enough password")
    finally:
        done.set()
        thread.join()
    assert reviewers.count(waiter) == 0
    reviewers.create(waiter, SYSTEM, "late.reviewer", "a long enough password")  # the queue moves on
    assert [r.username for r in reviewers.list_all(waiter)] == ["late.reviewer"]
    holder.dispose()
    waiter.dispose()
