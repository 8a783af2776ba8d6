"""Schema upgrades: every released schema's database opens with nothing lost, on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from annotate.services import Desk, audit
from db.migrate import current_revision, head_revision, upgrade

RELEASED = sorted((Path(__file__).parent / "data" / "schemas").glob("*.db"))


def test_a_new_database_is_brought_to_head(db_url):
    desk = Desk.open(db_url)
    assert current_revision(desk.engine) == head_revision()
    assert {"documents", "claims", "annotations", "sources", "reviewers", "audit_events"} <= set(
        inspect(desk.engine).get_table_names()
    )
    upgrade(desk.engine)  # idempotent
    desk.dispose()


@pytest.mark.parametrize("fixture_db", RELEASED, ids=[p.stem for p in RELEASED])
def test_released_schema_opens_with_nothing_lost(fixture_db, tmp_path):
    copy = tmp_path / fixture_db.name
    shutil.copyfile(fixture_db, copy)
    url = f"sqlite:///{copy}"
    counts_before = _counts(url)
    desk = Desk.open(url)  # migrates
    assert current_revision(desk.engine) == head_revision()
    assert _counts(url) == counts_before
    assert audit.verify(desk).ok
    desk.dispose()


def _counts(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.connect() as conn:
        tables = ["documents", "claims", "annotations", "sources", "reviewers", "audit_events"]
        out = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}
    engine.dispose()
    return out


def test_there_is_a_fixture_for_the_current_schema():
    assert any(p.stem.startswith(head_revision()) for p in RELEASED), "add tests/data/schemas/<rev>.db (see README)"


def test_models_and_migrations_agree(db_url):
    """Autogenerate against a migrated database finds nothing to do: the models are the schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import db.matching_models  # noqa: F401  (registers the matching tables on the metadata)
    from db.migrate import include_object
    from db.models import Base

    desk = Desk.open(db_url)
    with desk.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": False})
        diffs = compare_metadata(context, Base.metadata)
    desk.dispose()
    assert diffs == []


def test_search_works_after_the_prefix_index_migration(tmp_path):
    """0004 drops and rebuilds the SQLite full-text tables with prefix indexes: what was found is still found."""
    from annotate.services.search import search

    copy = tmp_path / "0003.db"
    shutil.copyfile(Path(__file__).parent / "data" / "schemas" / "0003.db", copy)
    desk = Desk.open(f"sqlite:///{copy}")
    with desk.engine.connect() as conn:
        tables = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name GLOB '*_fts'")).all()
        claims = conn.execute(text("SELECT id, text FROM claims")).all()
    assert len(tables) == 4 and all("prefix='2 3'" in sql for (sql,) in tables)
    expected = {cid for cid, body in claims if "treaty" in body.lower()}
    assert expected and {h.id for h in search(desk, "treaty", kinds=("claim",), limit=200)} == expected
    assert {h.id for h in search(desk, "tr*", kinds=("claim",), limit=200)} >= expected
    desk.dispose()


PARTIAL = {"ix_annotations_source_id": "source_id", "ix_annotations_tag": "tag", "ix_audit_events_batch_id": "batch_id"}


def test_indexes_of_optional_columns_leave_out_the_rows_without_a_value(db_url):
    """0005: a comment's save skips the source and tag indexes, a reviewer's event the batch index; look-ups
    by value still go through them."""
    desk = Desk.open(db_url)
    with desk.read() as session:
        for name, column in PARTIAL.items():
            if desk.dialect == "sqlite":
                ddl = session.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}).scalar()
            else:
                ddl = session.execute(
                    text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": name}
                ).scalar()
            assert ddl and f"{column} IS NOT NULL" in ddl.replace("(", "").replace(")", ""), ddl
        if desk.dialect == "sqlite":
            plan = session.execute(text("EXPLAIN QUERY PLAN SELECT id FROM annotations WHERE tag = :t"), {"t": "x"})
            assert "ix_annotations_tag" in " ".join(str(row[-1]) for row in plan)
