"""full-text search over claims, documents, annotation notes and sources

SQLite: FTS5 external-content tables (the text lives once, in the base table) kept in sync by triggers, the
sqlite-utils way. PostgreSQL: side tables `<table>_fts (id, tsv)` with a GIN index, filled by row triggers.
Side tables rather than generated columns or expression indexes: the base tables stay exactly as the models
declare them (autogenerate ignores tables ending in `_fts`), and ranking reads a stored tsvector instead of
re-parsing every matching row. Existing rows are backfilled. Also three covering indexes for the review
queue (see QUEUE_INDEXES).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> indexed columns. Triggers fire only when one of these changes, so a status or verdict update
# (the common write) does not touch the index.
INDEXED = {
    "claims": ("text",),
    "documents": ("title", "text"),
    "annotations": ("note",),
    "sources": ("title", "publisher", "excerpt"),
}
# Porter stemming so "treaties" finds "treaty", like PostgreSQL's english configuration.
SQLITE_TOKENIZE = "porter unicode61 remove_diacritics 2"

# PostgreSQL: weight A for titles, B for body text. Text is cut at 500k characters: a tsvector holds at most
# 1 MB and an oversized document must not make its ingest fail.
PG_VECTORS = {
    "claims": "to_tsvector('english', coalesce(NEW.text, ''))",
    "documents": "setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')"
    " || setweight(to_tsvector('english', left(coalesce(NEW.text, ''), 500000)), 'B')",
    "annotations": "to_tsvector('english', coalesce(NEW.note, ''))",
    "sources": "setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')"
    " || setweight(to_tsvector('english', coalesce(NEW.publisher, '')), 'B')"
    " || setweight(to_tsvector('english', coalesce(NEW.excerpt, '')), 'C')",
}


# Queue indexes the 1M-claim benchmark showed missing (bench/bench_queue.py, docs/scaling.md): a status filter
# combined with kind, and the verdict and assignee filters, each sorted by checkworthiness like the queue.
# Covering, so the count and the page are index range scans instead of a row lookup per candidate.
QUEUE_INDEXES = {
    "ix_claims_status_kind_cw": ("status", "kind", "checkworthiness", "id"),
    "ix_claims_verdict_cw": ("verdict", "checkworthiness", "id"),
    "ix_claims_assignee_cw": ("assignee_id", "checkworthiness", "id"),
}


def sqlite_statements(table: str, columns: tuple[str, ...]) -> list[str]:
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id',"
        f" tokenize='{SQLITE_TOKENIZE}')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def postgres_statements(table: str) -> list[str]:
    fts = f"{table}_fts"
    columns = ", ".join(INDEXED[table])
    backfill = PG_VECTORS[table].replace("NEW.", "t.")
    return [
        f"CREATE TABLE {fts} (id integer PRIMARY KEY REFERENCES {table}(id) ON DELETE CASCADE, tsv tsvector NOT NULL)",
        f"CREATE INDEX ix_{fts}_tsv ON {fts} USING gin (tsv)",
        f"""CREATE FUNCTION {fts}_sync() RETURNS trigger AS $$
            BEGIN
              INSERT INTO {fts} (id, tsv) VALUES (NEW.id, {PG_VECTORS[table]})
              ON CONFLICT (id) DO UPDATE SET tsv = EXCLUDED.tsv;
              RETURN NULL;
            END; $$ LANGUAGE plpgsql""",
        f"CREATE TRIGGER {fts}_sync AFTER INSERT OR UPDATE OF {columns} ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION {fts}_sync()",
        f"INSERT INTO {fts} (id, tsv) SELECT t.id, {backfill} FROM {table} t",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, columns in INDEXED.items():
        statements = postgres_statements(table) if dialect == "postgresql" else sqlite_statements(table, columns)
        for statement in statements:
            op.execute(statement)
    for name, columns in QUEUE_INDEXES.items():
        op.create_index(name, "claims", list(columns))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in QUEUE_INDEXES:
        op.drop_index(name, table_name="claims")
    for table in INDEXED:
        fts = f"{table}_fts"
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_sync ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {fts}_sync()")
        else:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
