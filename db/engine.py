"""URL -> engine, with the connection settings a multi-user desk needs, and unit-of-work sessions.

SQLite: WAL so readers never block the writer, a busy timeout, foreign keys on, and BEGIN IMMEDIATE for
every transaction so a read-then-write cannot fail half way with SQLITE_BUSY (the deferred-BEGIN trap).
WAL with synchronous=NORMAL: a commit appends to the WAL without an fsync, the WAL is synced at
checkpoints; a power cut can lose the last commits but never corrupts the database (SQLite's documented
setting for WAL mode).

Writers to a database file queue on a WriteGate before BEGIN IMMEDIATE, first come first served, instead
of polling in SQLite's busy handler, whose sleeps grow to 100 ms and keep no order: a writer there can lose
many rounds in a row (p95 of a save with 8 writers: docs/scaling.md).
"""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///data/annotate.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def resolve_url(url: str | None = None) -> str:
    return url or os.environ.get("ANNOTATE_DB_URL") or DEFAULT_URL


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str | None = None, *, write_gate: bool = True) -> Engine:
    """`write_gate=False` leaves SQLite writers to the busy handler alone (the benchmark's baseline)."""
    url = resolve_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, write_gate)
    return create_engine(url, pool_pre_ping=True, future=True)


def _sqlite_engine(url: str, database: str | None, write_gate: bool) -> Engine:
    on_disk = bool(database) and database != ":memory:" and not database.startswith("file:")
    if on_disk:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        future=True,
    )
    gate = WriteGate.for_database(database) if on_disk and write_gate else None
    checkpointer = Checkpointer.for_database(database) if gate is not None else None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Take transaction control from the driver so BEGIN IMMEDIATE below is what actually runs.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        if checkpointer is not None:
            cur.execute(f"PRAGMA wal_autocheckpoint={Checkpointer.FALLBACK_PAGES}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        dbapi_conn = conn.connection.dbapi_connection
        held = gate is not None and mode == "IMMEDIATE" and gate.acquire(dbapi_conn)
        try:
            conn.exec_driver_sql(f"BEGIN {mode}")
        except BaseException:
            if held:
                gate.release(dbapi_conn)
            raise

    if gate is not None:
        _release_after_transactions(engine, gate, checkpointer)
        event.listen(engine, "engine_disposed", lambda _engine: checkpointer.stop())
    return engine


def _release_after_transactions(engine: Engine, gate: WriteGate, checkpointer: Checkpointer) -> None:
    """The gate opens once COMMIT or ROLLBACK has run (SQLAlchemy's commit/rollback events fire before),
    or when the connection is closed or invalidated without either; a commit then asks for a checkpoint."""

    def _raw(connection):
        return getattr(connection, "dbapi_connection", connection)  # the pool's proxy or the driver's own

    dialect = engine.dialect  # this engine's own instance, shared by its execution_options() copies
    for name in ("do_commit", "do_rollback"):
        original = getattr(dialect, name)

        def finish(dbapi_conn, original=original, name=name):
            try:
                original(dbapi_conn)
            finally:
                released = gate.release(_raw(dbapi_conn))
            if released and name == "do_commit":
                checkpointer.committed()

        setattr(dialect, name, finish)

    @event.listens_for(engine, "close")
    def _on_close(dbapi_conn, _record):
        gate.release(dbapi_conn)

    @event.listens_for(engine, "invalidate")
    def _on_invalidate(dbapi_conn, _record, _exc):
        if dbapi_conn is not None:
            gate.release(dbapi_conn)


class WriteGate:
    """One writer at a time for a database file, across processes and threads, first come first served.

    Each writer draws a ticket (a counter in `<db>.writelock`, read and bumped under a lock on its byte 0),
    locks its own slot (byte 8 + ticket) and waits only for the slot of the ticket before it, so writers
    go in arrival order. With a plain flock every waiter wakes and one wins at random, so a writer can lose
    many rounds in a row, and that is the p95. The wait gives up after the busy timeout, like SQLite's.
    Record locks (lockf) belong to the process, so a thread lock is taken first; the kernel drops a crashed
    process's locks, which lets its successor through. A thread that already holds the gate (a second write connection
    inside its own transaction) does not wait for itself: it goes on to BEGIN IMMEDIATE and the busy
    timeout, as before."""

    SLOTS = 1 << 20  # tickets wrap at this many; slot bytes start after the 8-byte counter

    _by_path: dict[str, WriteGate] = {}
    _registry_lock = threading.Lock()

    def __init__(self, path: str):
        self.path = path
        self._pid = -1
        self._thread_lock = threading.Lock()
        self._fd = -1
        self._slot = 0
        self._owner: int | None = None
        self._holder: int | None = None  # id() of the DB-API connection whose transaction holds the gate

    @classmethod
    def for_database(cls, database: str) -> WriteGate:
        path = str(Path(database).resolve()) + ".writelock"
        with cls._registry_lock:
            return cls._by_path.setdefault(path, cls(path))

    def _check_process(self) -> None:
        if self._pid != os.getpid():  # new process (fork): a lock and an open file of its own
            self._thread_lock, self._owner, self._holder = threading.Lock(), None, None
            # Never closed: closing any descriptor of the file would drop all of this process's record locks.
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            self._pid = os.getpid()

    def _lock(self, offset: int, how: int) -> None:
        fcntl.lockf(self._fd, how, 1, offset, os.SEEK_SET)

    def acquire(self, dbapi_conn, timeout: float | None = None) -> bool:
        """Wait for this writer's turn; after `timeout` seconds behind a writer that does not finish (a hung
        process, a huge import), give up with SQLite's own 'database is locked', as the busy timeout did."""
        self._check_process()
        if self._owner == threading.get_ident():
            return False
        timeout = SQLITE_BUSY_TIMEOUT_MS / 1000 if timeout is None else timeout
        deadline = time.monotonic() + timeout
        if not self._thread_lock.acquire(timeout=timeout):
            raise sqlite3.OperationalError("database is locked")
        try:
            self._lock(0, fcntl.LOCK_EX)  # held for a read and a write of 8 bytes: never for long
            try:
                ticket = int.from_bytes(os.pread(self._fd, 8, 0) or b"\0", "little")
                os.pwrite(self._fd, ((ticket + 1) % self.SLOTS).to_bytes(8, "little"), 0)
                self._slot = 8 + ticket
                self._lock(self._slot, fcntl.LOCK_EX)
            finally:
                self._lock(0, fcntl.LOCK_UN)
            self._wait_for(8 + (ticket - 1) % self.SLOTS, deadline)
        except BaseException:
            self._release_slot()
            raise
        self._owner, self._holder = threading.get_ident(), id(dbapi_conn)
        return True

    def _wait_for(self, slot: int, deadline: float) -> None:
        """Until the writer before has finished (its slot is free). Most waits end at the first try; a
        longer one blocks in the kernel, which hands the lock over the moment it is freed (polling added a
        sleep's worth of idle lock to every hand-over: 1 ms on average, a third of a save). A blocking
        lockf cannot time out, so a helper thread blocks while this one waits for it with the deadline."""
        if self._try_lock(slot):
            self._lock(slot, fcntl.LOCK_UN)
            return
        freed, failure = threading.Event(), []

        def block() -> None:
            try:
                self._lock(slot, fcntl.LOCK_EX)
                self._lock(slot, fcntl.LOCK_UN)
            except OSError as exc:  # EDEADLK from the kernel's cycle check, say: poll instead
                failure.append(exc)
            freed.set()

        # After a timeout the thread stays blocked until the hung writer goes; it holds nothing meanwhile.
        threading.Thread(target=block, name="annotate-write-gate", daemon=True).start()
        if not freed.wait(max(0.0, deadline - time.monotonic())):
            raise sqlite3.OperationalError("database is locked")
        if failure:
            self._poll(slot, deadline)

    def _try_lock(self, slot: int) -> bool:
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, slot, os.SEEK_SET)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            return False
        return True

    def _poll(self, slot: int, deadline: float) -> None:
        pause = 0.0002
        while not self._try_lock(slot):
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError("database is locked")
            time.sleep(pause)
            pause = min(pause * 2, 0.002)
        self._lock(slot, fcntl.LOCK_UN)

    def release(self, dbapi_conn) -> bool:
        if self._holder != id(dbapi_conn) or self._pid != os.getpid():
            return False
        self._owner = self._holder = None
        self._release_slot()
        return True

    def _release_slot(self) -> None:
        try:
            if self._slot:
                self._lock(self._slot, fcntl.LOCK_UN)
                self._slot = 0
        finally:
            self._thread_lock.release()


class Checkpointer:
    """Copies the WAL back into the database file from a thread of its own, after the writer has gone.

    SQLite's automatic checkpoint runs inside the COMMIT of whichever writer crosses 1,000 WAL pages: with
    synchronous=NORMAL it syncs the WAL and the database, tens of milliseconds at a million claims, while
    that writer still holds the write gate and every other writer queues behind it (the p95 of a save).
    Here a commit only wakes this process's checkpoint thread, which runs a PASSIVE checkpoint (it never
    waits for readers or writers, and writers go on appending while it copies) at most every INTERVAL
    seconds, and ends after IDLE seconds without a commit or when the engine is disposed. The automatic
    checkpoint stays as a fallback at FALLBACK_PAGES, for a WAL that grows faster than the thread copies it
    (a bulk import). The thread opens a connection for each checkpoint and closes it after: it holds none
    in between, so the desk's last connection to close still checkpoints and removes the WAL."""

    INTERVAL = 1.0
    IDLE = 5.0
    FALLBACK_PAGES = 20_000  # ~80 MB of WAL

    _by_path: dict[str, Checkpointer] = {}
    _registry_lock = threading.Lock()

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._running_in: int | None = None  # the pid whose thread is running

    @classmethod
    def for_database(cls, database: str) -> Checkpointer:
        path = str(Path(database).resolve())
        with cls._registry_lock:
            return cls._by_path.setdefault(path, cls(path))

    @property
    def running(self) -> bool:
        return self._running_in == os.getpid()

    def committed(self) -> None:
        with self._lock:  # the thread decides to end under this lock too: no wake-up falls between
            if self._running_in != os.getpid():  # no thread yet, an idle one ended, or a forked child
                self._wake, self._stop = threading.Event(), threading.Event()
                self._thread = threading.Thread(
                    target=self._run, args=(self._wake, self._stop), name="annotate-checkpoint", daemon=True
                )
                self._thread.start()
                self._running_in = os.getpid()
            self._wake.set()

    def stop(self) -> None:
        """End the thread and wait for its checkpoint under way, if any (the engine is being disposed)."""
        with self._lock:
            if self._running_in != os.getpid():
                return
            self._running_in = None
            self._stop.set()
            self._wake.set()
            thread = self._thread
        thread.join(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)

    def _run(self, wake: threading.Event, stop: threading.Event) -> None:
        while self._next_commit(wake, stop):
            self._checkpoint()
            stop.wait(self.INTERVAL)

    def _next_commit(self, wake: threading.Event, stop: threading.Event) -> bool:
        """Wait for a commit; False, and this thread is done, after IDLE seconds without one or once stopped."""
        if not wake.wait(self.IDLE):
            with self._lock:
                if not wake.is_set():
                    self._running_in = None
                    return False
        wake.clear()
        return not stop.is_set()

    @classmethod
    def _after_fork(cls) -> None:
        # A forked child has none of the parent's threads; a lock one of them held at the fork stays held.
        cls._registry_lock = threading.Lock()
        for checkpointer in cls._by_path.values():
            checkpointer._lock, checkpointer._running_in = threading.Lock(), None

    def _checkpoint(self) -> None:
        try:  # mode=rw: a database removed meanwhile is not created again, empty
            conn = sqlite3.connect(f"file:{quote(self.path)}?mode=rw", uri=True, timeout=1.0, isolation_level=None)
        except sqlite3.Error:
            return
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:  # busy or gone: the next commit asks again, and SQLite's own checkpoint is there
            pass
        finally:
            conn.close()


os.register_at_fork(after_in_child=Checkpointer._after_fork)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)
