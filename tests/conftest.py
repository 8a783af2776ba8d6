"""Fixtures: a fresh, migrated desk on SQLite and on PostgreSQL for every test that asks for one.

Migrating (and loading the demo) once per run and copying the result per test keeps the suite fast: a file
copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL. Without a reachable PostgreSQL the postgres
variants skip with a message, except under CI=true where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from annotate import demo
from annotate.services import SYSTEM, Desk, reviewers, scale

PG_URL = os.environ.get("ANNOTATE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_admin():
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


@pytest.fixture(scope="session")
def pg_available() -> bool:
    try:
        engine = _pg_admin()
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "not here"
        if IN_CI:
            pytest.fail(f"PostgreSQL at {PG_URL} is unreachable under CI: {exc}")
        return False


def _pg_url(database: str) -> str:
    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


class Templates:
    """Migrated (and demo-loaded) databases made once, copied for each test."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.made: dict[tuple[str, str], str] = {}
        self.pg_databases: list[str] = []

    def _prepare(self, url: str, kind: str) -> None:
        desk = Desk.open(url)
        if kind == "demo":
            demo.load(desk)
        else:
            scale.ensure_default(desk, SYSTEM)
        desk.dispose()

    def sqlite(self, kind: str) -> str:
        key = ("sqlite", kind)
        if key not in self.made:
            path = self.tmp / f"template-{kind}.db"
            self._prepare(f"sqlite:///{path}", kind)
            self.made[key] = str(path)
        return self.made[key]

    def postgres(self, kind: str) -> str:
        key = ("postgres", kind)
        if key not in self.made:
            name = f"annotate_tpl_{kind}_{uuid.uuid4().hex[:8]}"
            admin = _pg_admin()
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            self.pg_databases.append(name)
            self._prepare(_pg_url(name), kind)
            self.made[key] = name
        return self.made[key]

    def cleanup(self) -> None:
        if not self.pg_databases:
            return
        admin = _pg_admin()
        with admin.connect() as conn:
            for name in self.pg_databases:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> Iterator[Templates]:
    t = Templates(tmp_path_factory.mktemp("templates"))
    yield t
    t.cleanup()


def _fresh_url(request, templates: Templates, tmp_path: Path, kind: str) -> Iterator[str]:
    backend = request.param
    if backend == "sqlite":
        path = tmp_path / f"desk-{kind}.db"
        shutil.copyfile(templates.sqlite(kind), path)
        yield f"sqlite:///{path}"
        return
    if not request.getfixturevalue("pg_available"):
        pytest.skip(f"PostgreSQL not reachable at {PG_URL} (set ANNOTATE_TEST_PG_URL)")
    template = templates.postgres(kind)
    name = f"annotate_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield _pg_url(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, templates, tmp_path) -> Iterator[str]:
    """A migrated, empty desk (verdict scale present), on each backend."""
    yield from _fresh_url(request, templates, tmp_path, "empty")


@pytest.fixture(params=BACKENDS)
def demo_url(request, templates, tmp_path) -> Iterator[str]:
    """A desk with the demo loaded, on each backend."""
    yield from _fresh_url(request, templates, tmp_path, "demo")


@pytest.fixture
def desk(db_url) -> Iterator[Desk]:
    d = Desk.open(db_url)
    yield d
    d.dispose()


@pytest.fixture
def demo_desk(demo_url) -> Iterator[Desk]:
    d = Desk.open(demo_url)
    yield d
    d.dispose()


@pytest.fixture
def people(desk):
    """Four reviewers, one per role, as Actors."""
    return make_people(desk)


def make_people(desk: Desk) -> dict:
    out = {}
    for role in ("viewer", "reviewer", "editor", "admin"):
        view = reviewers.create(desk, SYSTEM, f"{role}1", "correct horse battery", role=role)
        out[role] = reviewers.actor_for(view)
    view = reviewers.create(desk, SYSTEM, "reviewer2", "correct horse battery", role="reviewer")
    out["reviewer2"] = reviewers.actor_for(view)
    return out


@pytest.fixture
def people_demo(demo_desk):
    return make_people(demo_desk)


# Quality and benchmark figures that tests measure are printed together at the end of the run, so a
# plain `make test` shows them (pytest would otherwise swallow a passing test's output).
FIGURES: list[str] = []


@pytest.fixture
def figures():
    """figures("PolNeAR dev: recall 0.94 ...") records a line for the end-of-run summary."""
    return FIGURES.append


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("measured figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def ui_desk(templates, tmp_path, monkeypatch):
    """A demo desk for the AppTest suites, one reviewer per role, named by ANNOTATE_DB_URL."""
    path = tmp_path / "ui.db"
    shutil.copyfile(templates.sqlite("demo"), path)
    url = f"sqlite:///{path}"
    desk = Desk.open(url)
    for name, role in (("alice", "reviewer"), ("bob", "editor"), ("vera", "viewer"), ("root", "admin")):
        reviewers.create(desk, SYSTEM, name, f"{name} password", role=role)
    monkeypatch.setenv("ANNOTATE_DB_URL", url)
    monkeypatch.delenv("ANNOTATE_DEMO_PASSWORD", raising=False)
    yield desk
    desk.dispose()
