"""SQLite settings of a desk several writers share: the WAL is copied back by a thread, not inside a commit."""

from __future__ import annotations

import multiprocessing as mp
import shutil
import sqlite3
import time
from pathlib import Path

from db.engine import Checkpointer, make_engine


def _notes_in_main_file(db: Path, scratch: Path) -> list[str]:
    """The notes the database file holds by itself, without its WAL: what a checkpoint has copied there."""
    shutil.copyfile(db, scratch)
    conn = sqlite3.connect(scratch)
    try:
        return [row[0] for row in conn.execute("SELECT body FROM notes ORDER BY id")]
    except sqlite3.OperationalError:  # the table itself is not there yet
        return []
    finally:
        conn.close()


def _desk_with_a_note(path: Path, *, write_gate: bool):
    engine = make_engine(f"sqlite:///{path}", write_gate=write_gate)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO notes (body) VALUES ('checked against the ministry release')")
    return engine


def _wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_commit_reaches_the_database_file_through_the_checkpoint_thread(tmp_path):
    engine = _desk_with_a_note(tmp_path / "desk.db", write_gate=True)
    try:
        with engine.connect() as conn:  # the committing connection's own checkpoint is only the fallback
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == Checkpointer.FALLBACK_PAGES
        copied = _wait_for(lambda: _notes_in_main_file(tmp_path / "desk.db", tmp_path / "main-only.db"))
        assert copied and _notes_in_main_file(tmp_path / "desk.db", tmp_path / "main-only.db") == [
            "checked against the ministry release"
        ]
    finally:
        engine.dispose()


def test_without_the_thread_a_small_commit_stays_in_the_wal(tmp_path):
    """The control for the test above: SQLite alone copies nothing before 1,000 pages."""
    engine = _desk_with_a_note(tmp_path / "desk.db", write_gate=False)
    try:
        time.sleep(0.5)
        assert _notes_in_main_file(tmp_path / "desk.db", tmp_path / "main-only.db") == []
    finally:
        engine.dispose()


def test_the_checkpoint_thread_ends_when_idle_and_comes_back_with_the_next_commit(tmp_path, monkeypatch):
    monkeypatch.setattr(Checkpointer, "IDLE", 0.2)
    monkeypatch.setattr(Checkpointer, "INTERVAL", 0.01)
    path = tmp_path / "desk.db"
    engine = _desk_with_a_note(path, write_gate=True)
    try:
        checkpointer = Checkpointer.for_database(str(path))
        assert _wait_for(lambda: not checkpointer.running), "an idle checkpoint thread stayed"
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO notes (body) VALUES ('second look: the figure is from 2019')")
        assert checkpointer.running
        assert _wait_for(lambda: len(_notes_in_main_file(path, tmp_path / "main-only.db")) == 2)
    finally:
        engine.dispose()


def test_a_disposed_engine_leaves_the_whole_desk_in_its_file(tmp_path):
    """As before the thread: the last connection to close checkpoints and removes the WAL, so the file
    alone can be copied (the thread holds no connection between checkpoints and is stopped on dispose)."""
    path = tmp_path / "desk.db"
    engine = _desk_with_a_note(path, write_gate=True)
    checkpointer = Checkpointer.for_database(str(path))
    assert checkpointer.running
    engine.dispose()
    assert not checkpointer.running
    assert not path.with_name("desk.db-wal").exists()
    assert _notes_in_main_file(path, tmp_path / "main-only.db") == ["checked against the ministry release"]


def test_a_forked_child_checkpoints_with_a_thread_of_its_own(tmp_path):
    path = tmp_path / "desk.db"
    engine = _desk_with_a_note(path, write_gate=True)
    engine.dispose()  # a child must not share the parent's pooled connections
    context = mp.get_context("fork")
    child = context.Process(target=_add_a_note_and_wait_for_the_checkpoint, args=(str(path),))
    child.start()
    child.join(30)
    assert child.exitcode == 0
    assert len(_notes_in_main_file(path, tmp_path / "main-only.db")) == 2


def _add_a_note_and_wait_for_the_checkpoint(path: str) -> None:
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO notes (body) VALUES ('from a forked worker')")
    checkpointer = Checkpointer.for_database(path)
    # The pool still holds its connection: only the child's own thread can copy the note into the file.
    copied = _wait_for(lambda: len(_notes_in_main_file(Path(path), Path(path + ".copy"))) == 2)
    if not (checkpointer.running and copied):
        raise SystemExit(1)
    engine.dispose()
